import type { IncomingHttpHeaders } from 'node:http';

/** Whether a request carries a body: a Content-Length above 0, or one sent in chunks. */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** The media type a Content-Type names, without its parameters, in lower case (`application/json`); '' when none. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}
