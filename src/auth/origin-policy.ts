/**
 * Which web pages may call the gateway from a browser (CORS_ORIGINS). A browser names the page's origin in `Origin`
 * on every cross-origin request and on every websocket upgrade; servers and curl send none and are not affected.
 * The same answer serves CORS on HTTP and the websocket upgrade, where the browser enforces nothing: without this
 * check any web page could open a socket with the user's network position and run mutations through it.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins);
  }

  /**
   * Whether a request with this `Origin` may proceed: none sent, one on the list, or the gateway's own (a page it
   * served itself, on the `Host` the browser asked for).
   */
  allows(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined) return true;
    if (this.allowed.has(origin)) return true;
    return host !== undefined && sameHost(origin, host);
  }

  /** Whether CORS answers may name this origin (the list only: same-origin requests need no CORS headers). */
  listed(origin: string): boolean {
    return this.allowed.has(origin);
  }
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // `null` (sandboxed frames, file: pages) and garbage are nobody's own origin
  }
}
