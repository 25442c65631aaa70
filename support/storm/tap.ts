import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookSource } from '../../src/store/callback-store.js';

/** One webhook as a marketplace made it: where it goes under `/webhooks/<source>`, its headers and its bytes. */
export interface MadeWebhook {
  source: WebhookSource;
  method: 'GET' | 'POST' | 'PUT';
  /** The path under `/webhooks/<source>` with the query string (`/pack`, `/shipping-label?orderCode=…`, or ``). */
  path: string;
  /** What the marketplace sent besides the transport's own headers: its credentials, signature, idempotency key. */
  headers: Record<string, string>;
  /** Exactly as sent; empty for a GET. */
  body: string;
}

/** The credential the tap hands the Increff simulator on Get Credential, and then expects (never the gateway's). */
const TAP_CREDENTIAL = 'Bearer storm-tap-credential';

/** Headers of the connection, not of the webhook: the sender's own HTTP client sets them again. */
const TRANSPORT_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

const SOURCES: readonly WebhookSource[] = ['noon', 'fruugo', 'increff', 'marketplacer'];

export interface WebhookTap {
  /** Where the simulators are told the gateway is (http://127.0.0.1:port). */
  origin: string;
  close(): Promise<void>;
}

/**
 * Stands where the gateway would for the simulators, so that each marketplace builds its webhooks itself (bodies,
 * signatures, idempotency keys, one Increff order's calls in turn) and the storm's senders carry them to the gateway.
 * It answers each webhook at once as the gateway would (Increff: a credential on Get Credential, 401 without it, a
 * label for Get Shipping Label), so no simulator ever retries: every webhook is made once and handed to `made`.
 */
export async function startWebhookTap(made: (webhook: MadeWebhook) => void): Promise<WebhookTap> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const answer = (status: number, json: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      const url = new URL(request.url ?? '/', 'http://tap');
      const [, webhooks, source, ...rest] = url.pathname.split('/');
      if (webhooks !== 'webhooks' || !SOURCES.includes(source as WebhookSource)) return answer(404, {});
      const path = rest.length === 0 ? '' : `/${rest.join('/')}`;
      if (source === 'increff' && path === '/credential') return answer(200, { Authorization: TAP_CREDENTIAL });
      // Increff calls with what Get Credential answered, and fetches it after a 401, as with the gateway.
      if (source === 'increff' && request.headers.authorization !== TAP_CREDENTIAL) return answer(401, {});
      made({
        source: source as WebhookSource,
        method: request.method as MadeWebhook['method'],
        path: `${path}${url.search}`,
        headers: webhookHeaders(request.headers),
        body,
      });
      if (source === 'increff' && path === '/shipping-label') {
        const shipmentId = url.searchParams.get('shipmentId');
        return answer(200, {
          awbNumber: `AWB-${shipmentId}`,
          transporter: 'STORM',
          shippingLabel: Buffer.from('%PDF-').toString('base64'),
        });
      }
      return answer(200, { received: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The webhook's own headers; the tap's Increff credential is left out, since the gateway's replaces it. */
function webhookHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (TRANSPORT_HEADERS.has(name) || typeof value !== 'string') continue;
    if (name === 'authorization' && value === TAP_CREDENTIAL) continue;
    kept[name] = value;
  }
  return kept;
}
