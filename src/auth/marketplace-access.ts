import { Forbidden } from '../domain/errors.js';
import { Marketplace } from '../domain/marketplace.js';
import type { Principal } from './principal.js';

/**
 * The marketplaces one caller may see and change. Every path that reaches a marketplace on a caller's behalf asks
 * here: lists leave out what is outside, and naming something outside is FORBIDDEN (not "not found", which would
 * tell whether it exists).
 */
export class MarketplaceAccess {
  constructor(private readonly principal: Pick<Principal, 'subject' | 'marketplaces'>) {}

  /** True when the caller is not limited to some marketplaces (a scope that names every one is no limit). */
  get unlimited(): boolean {
    return Object.values(Marketplace).every((marketplace) => this.allows(marketplace));
  }

  allows(marketplace: Marketplace): boolean {
    return this.principal.marketplaces === undefined || this.principal.marketplaces.includes(marketplace);
  }

  /** Throws FORBIDDEN unless the caller may use every one of `marketplaces`. */
  require(...marketplaces: Marketplace[]): void {
    const outside = marketplaces.filter((marketplace) => !this.allows(marketplace));
    if (outside.length > 0) throw new Forbidden(`${this.principal.subject} may not use ${outside.join(', ')}`);
  }

  /**
   * The marketplaces an operation covers: those `requested` (each must be allowed), or every one of `among` the
   * caller may use. A caller allowed no marketplace at all is refused, so that an empty list never reaches a filter
   * that reads empty as "all".
   */
  narrow(requested: readonly Marketplace[] | undefined, among: readonly Marketplace[]): Marketplace[] {
    if (this.principal.marketplaces?.length === 0)
      throw new Forbidden(`${this.principal.subject} may not use any marketplace`);
    if (requested?.length) {
      this.require(...requested);
      return [...requested];
    }
    return among.filter((marketplace) => this.allows(marketplace));
  }
}
