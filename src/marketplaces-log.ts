import { MARKETPLACE_MODULES } from '../datasources/modules.js';
import { Marketplace } from './domain/marketplace.js';
import { marketplaceConfig, type Config } from './config.js';
import type { Logger } from './logger.js';
import type { MarketplaceModule } from './marketplace-module.js';

/** Each marketplace's base URL as configured (a simulator's when one stands in), undefined when it is off. */
function baseUrls(config: Config): Partial<Record<Marketplace, string>> {
  const urls: Partial<Record<Marketplace, string>> = {};
  for (const module of MARKETPLACE_MODULES as readonly MarketplaceModule[]) {
    const section = marketplaceConfig(config, module);
    if (section !== undefined) urls[module.marketplace] = module.baseUrl(section);
  }
  return urls;
}

/** Scheme, host and path: a URL's user info and query are left out, since a credential may be written there. */
export function loggable(url: string): string {
  const { origin, pathname } = new URL(url);
  return pathname === '/' ? origin : `${origin}${pathname}`;
}

/**
 * One info line at start naming the marketplaces the gateway talks to, at which URL, and those that are off, so an
 * operator sees at a glance whether production points where it should (and at no simulator).
 */
export function logMarketplaces(config: Config, logger: Logger): void {
  const urls = baseUrls(config);
  const marketplaces: Partial<Record<Marketplace, string>> = {};
  const off: Marketplace[] = [];
  for (const marketplace of Object.values(Marketplace)) {
    const url = urls[marketplace];
    if (url === undefined) off.push(marketplace);
    else marketplaces[marketplace] = loggable(url);
  }
  const on = Object.entries(marketplaces).map(([marketplace, url]) => `${marketplace} at ${url}`);
  logger.info({ marketplaces, off }, `marketplaces on: ${on.join(', ') || 'none'}; off: ${off.join(', ') || 'none'}`);
}
