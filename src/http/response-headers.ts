/**
 * An upstream answer's headers, read the way `fetch`'s `Headers` reads them (by any case of the name), over the
 * object undici's `request` gives (lower-case names; repeated headers as arrays) without copying it.
 */
export class ResponseHeaders {
  constructor(private readonly raw: Record<string, string | string[] | undefined>) {}

  /** The header's value, repeated ones joined with `, ` as `Headers.get` does; null when absent. */
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** Each `Set-Cookie` header on its own (they cannot be joined: a cookie's date holds a comma). */
  getSetCookie(): string[] {
    const value = this.raw['set-cookie'];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  }
}
