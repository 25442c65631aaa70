import type { MiddlewareFn } from 'type-graphql';
import type { Marketplace } from '../../schema/marketplace.js';
import type { GatewayContext } from './context.js';

/**
 * For resolvers that serve one marketplace only (noon's FBN inbound): every field of the class answers FORBIDDEN
 * to a caller who may not use it, before anything is asked of the marketplace.
 */
export function MarketplaceOnly(marketplace: Marketplace): MiddlewareFn<GatewayContext> {
  return ({ context }, next) => {
    context.access.require(marketplace);
    return next();
  };
}
