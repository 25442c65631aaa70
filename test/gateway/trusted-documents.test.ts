import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { documentText, OrdersDocument, request, subscribe } from '../../clients/typescript/index.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { overSocket } from '../../support/subscriptions.js';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { problemsOf } from '../support/config.js';
import { CLIENT_MANIFEST } from '../support/trusted-documents.js';

const AD_HOC = '{ orders(first: 1) { nodes { id } } }';
const ordersText = documentText(OrdersDocument);
const ordersHash = createHash('sha256').update(ordersText).digest('hex');

/** POSTs a GraphQL request as `key`; answers the status and the body. */
async function post(gw: TestGateway, body: unknown, key: string) {
  const response = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(key) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

function assertNotTrusted(errors: Array<{ message: string; extensions?: Record<string, unknown> }> | undefined) {
  assert.equal(errors?.length, 1, JSON.stringify(errors));
  assert.equal(errors[0]!.extensions?.code, 'OPERATION_NOT_TRUSTED');
  assert.equal(errors[0]!.extensions?.httpStatus, 400);
  assert.match(errors[0]!.message, /TRUSTED_DOCUMENTS_FILE/);
}

describe('TRUSTED_DOCUMENTS_FILE: only the typed client’s documents run, except for admins', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { AUTH_API_KEYS, TRUSTED_DOCUMENTS_FILE: CLIENT_MANIFEST } });
  });
  after(() => gw.close());

  /** A graphql-ws client of the viewer's. */
  const viewerSocket = () =>
    createClient({
      url: gw.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: bearer(KEYS.viewer),
    });

  test('a trusted document runs, over HTTP (graphql-request) and over graphql-ws', async () => {
    const page = await request(gw.url, OrdersDocument, { first: 2 }, bearer(KEYS.viewer));
    assert.equal(page.orders.nodes.length, 2);

    const client = viewerSocket();
    try {
      for await (const result of subscribe(client, OrdersDocument, { first: 1 })) {
        assert.equal(result.errors, undefined, JSON.stringify(result.errors));
        assert.equal(result.data?.orders.nodes.length, 1);
      }
    } finally {
      await client.dispose();
    }
  });

  test('an ad-hoc operation is refused with OPERATION_NOT_TRUSTED on HTTP (400) and on graphql-ws', async () => {
    const overHttp = await post(gw, { query: AD_HOC }, KEYS.viewer);
    assert.equal(overHttp.status, 400);
    assertNotTrusted(overHttp.body.errors);
    // The same operation printed another way is another text: trusted means the manifest's text, as it is.
    const reprinted = await post(gw, { query: print(OrdersDocument), variables: { first: 1 } }, KEYS.operator);
    assert.equal(reprinted.status, 400);
    assertNotTrusted(reprinted.body.errors);
    const get = await fetch(`${gw.url}?query=${encodeURIComponent(AD_HOC)}`, {
      // Apollo Server's CSRF guard asks a GET for this header.
      headers: { ...bearer(KEYS.viewer), 'apollo-require-preflight': 'true' },
    });
    assert.equal(get.status, 400);
    assertNotTrusted(((await get.json()) as { errors: any[] }).errors);

    const overSocketResult = await overSocket(
      gw.url,
      'subscription { orderEvents { cursor } }',
      {},
      bearer(KEYS.viewer),
    );
    assertNotTrusted(overSocketResult.errors);
  });

  test('an admin’s key runs ad-hoc operations on both transports', async () => {
    const overHttp = await post(gw, { query: AD_HOC }, KEYS.admin);
    assert.equal(overHttp.status, 200, JSON.stringify(overHttp.body));
    assert.equal(overHttp.body.data.orders.nodes.length, 1);
    const overWs = await overSocket(gw.url, AD_HOC, {}, bearer(KEYS.admin));
    assert.equal(overWs.errors, undefined, JSON.stringify(overWs.errors));
    assert.equal((overWs.data as any).orders.nodes.length, 1);
  });

  test('a persisted query (its hash, no text) runs a trusted document; an unknown hash is refused', async () => {
    const persisted = (sha256Hash: string) => ({ version: 1, sha256Hash });
    const byHash = await post(
      gw,
      { extensions: { persistedQuery: persisted(ordersHash) }, variables: { first: 1 } },
      KEYS.viewer,
    );
    assert.equal(byHash.status, 200, JSON.stringify(byHash.body));
    assert.equal(byHash.body.data.orders.nodes.length, 1);

    const unknown = await post(gw, { extensions: { persistedQuery: persisted('c'.repeat(64)) } }, KEYS.viewer);
    assert.equal(unknown.status, 400);
    assertNotTrusted(unknown.body.errors);

    const client = viewerSocket();
    try {
      const results = client.iterate({
        query: '',
        variables: { first: 1 },
        extensions: { persistedQuery: persisted(ordersHash) },
      });
      for await (const result of results) {
        assert.equal(result.errors, undefined, JSON.stringify(result.errors));
        assert.equal((result.data as any).orders.nodes.length, 1);
      }
    } finally {
      await client.dispose();
    }
  });
});

describe('TRUSTED_DOCUMENTS_FILE that is no manifest stops the start, in one line naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const cases: Array<[string, string, RegExp]> = [
    ['missing', join(dir, 'nowhere.json'), /cannot be read \(ENOENT/],
    ['not JSON', file('broken.json', '{"sha256:'), /is not JSON/],
    ['not an object', file('list.json', '["query { __typename }"]'), /is not a persisted-documents manifest/],
    [
      'a hash of another text',
      file('wrong.json', JSON.stringify({ [`sha256:${ordersHash}`]: AD_HOC })),
      /entry "sha256:/,
    ],
    ['empty', file('empty.json', '{}'), /holds no document/],
  ];
  for (const [name, path, reason] of cases) {
    test(name, () => {
      const problems = problemsOf({ TRUSTED_DOCUMENTS_FILE: path });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(
        problems[0]!,
        new RegExp(`^TRUSTED_DOCUMENTS_FILE: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `),
      );
      assert.match(problems[0]!, reason);
    });
  }
});
