import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncreffChannel } from '../../sandbox/increff/index.js';
import { INCREFF_WEBHOOK_PATHS } from '../../datasources/increff/webhooks/paths.js';

// A stand-in for the channel (the gateway's side), for the Increff simulator's own tests: it records every call,
// hands out a credential on Get Credential, refuses calls without it (401), and answers what the test says.

/** The static Get Credential header the stand-in expects, and the credential it hands out. */
export const STAND_IN_TOKEN = 'stand-in-token';
export const STAND_IN_CREDENTIAL = 'Bearer stand-in-credential';

export interface ChannelRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
  /** The status answered, or `drop` for a reset connection. */
  status: number | 'drop';
}

/** What to answer one call: a status and JSON body, or `drop` to reset the connection. */
export type StandInAnswer = { status: number; body?: unknown } | 'drop';

export interface ChannelStandIn {
  /** Every touchpoint's URL on the stand-in, for `connectChannel`. */
  channel: IncreffChannel;
  requests: ChannelRequest[];
  /** Answers for the next authenticated calls to `path` (e.g. `/pack`), in order; the usual answer once they run out. */
  answerNext(path: string, ...answers: StandInAnswer[]): void;
  close(): Promise<void>;
}

/** The gateway's own paths: the stand-in answers where the gateway would. */
const PATHS = INCREFF_WEBHOOK_PATHS;

/** The usual answer: a label for Get Shipping Label, `{}` for the rest. */
function usual(path: string, query: Record<string, string>): StandInAnswer {
  if (path !== PATHS.shippingLabel) return { status: 200, body: {} };
  return {
    status: 200,
    body: {
      awbNumber: `AWB-${query.shipmentId}`,
      transporter: 'STAND-IN',
      shippingLabel: Buffer.from('%PDF-').toString('base64'),
      boxLabelDetails: [],
    },
  };
}

export async function startChannelStandIn(): Promise<ChannelStandIn> {
  const requests: ChannelRequest[] = [];
  const queues = new Map<string, StandInAnswer[]>();

  const server: Server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const query = Object.fromEntries(url.searchParams);
      let answer: StandInAnswer;
      if (url.pathname === PATHS.credential) {
        answer =
          request.headers.authtoken === STAND_IN_TOKEN
            ? { status: 200, body: { Authorization: STAND_IN_CREDENTIAL } }
            : { status: 401, body: {} };
      } else if (request.headers.authorization !== STAND_IN_CREDENTIAL) {
        answer = { status: 401, body: {} };
      } else {
        answer = queues.get(url.pathname)?.shift() ?? usual(url.pathname, query);
      }
      requests.push({
        method: request.method ?? '',
        path: url.pathname,
        query,
        headers: request.headers,
        body: text === '' ? undefined : JSON.parse(text),
        status: answer === 'drop' ? 'drop' : answer.status,
      });
      if (answer === 'drop') return request.socket.destroy();
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const urls = Object.fromEntries(
    Object.entries(PATHS).map(([touchpoint, path]) => [touchpoint, `${base}${path}`]),
  ) as IncreffChannel['urls'];

  return {
    channel: { urls, credentialHeaders: { authToken: STAND_IN_TOKEN } },
    requests,
    answerNext(path, ...answers) {
      queues.set(path, [...(queues.get(path) ?? []), ...answers]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
