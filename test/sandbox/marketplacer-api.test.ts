import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { globalId } from '../../datasources/marketplacer/global-id.js';
import { startMarketplacerSandbox, type MarketplacerSandbox } from '../../sandbox/marketplacer/index.js';
import { dataOf, errorCodes, graphqlPost } from '../support/marketplacer.js';

const INVOICE_IDS =
  'query Ids($first: Int, $after: String) { invoices(first: $first, after: $after) { nodes { legacyId createdAt } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } }';
const CARRIERS = '{ shipmentCarriers { nodes { name } } }';

describe('Marketplacer sandbox: authentication', () => {
  let sandbox: MarketplacerSandbox;
  let behindBasic: MarketplacerSandbox;
  const basic = `Basic ${Buffer.from('staging:let-me-in').toString('base64')}`;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 5 });
    behindBasic = await startMarketplacerSandbox({
      invoices: 5,
      basicAuth: { username: 'staging', password: 'let-me-in' },
    });
  });

  after(async () => {
    await sandbox.close();
    await behindBasic.close();
  });

  test('the key as Bearer or in MARKETPLACER-API-KEY', async () => {
    dataOf(await graphqlPost(sandbox, CARRIERS, {}, { authorization: `Bearer ${sandbox.apiKeys.operator}` }));
    dataOf(await graphqlPost(sandbox, CARRIERS, {}, { 'marketplacer-api-key': sandbox.apiKeys.operator }));
  });

  test('no key, an unknown key, or both headers at once: 401 Unauthorized', async () => {
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer not-a-key' },
      { authorization: `Bearer ${sandbox.apiKeys.operator}`, 'marketplacer-api-key': sandbox.apiKeys.operator },
    ];
    for (const headers of cases) {
      const answer = await graphqlPost(sandbox, CARRIERS, {}, headers);
      assert.equal(answer.status, 401, JSON.stringify(headers));
      assert.equal(answer.errors?.[0]?.message, 'Unauthorized');
      assert.deepEqual(errorCodes(answer), ['UNAUTHORIZED']);
    }
  });

  test('an expired key: 401 API Token has expired', async () => {
    const answer = await graphqlPost(sandbox, CARRIERS, {}, { authorization: `Bearer ${sandbox.apiKeys.expired}` });
    assert.equal(answer.status, 401);
    assert.equal(answer.errors?.[0]?.message, 'API Token has expired');
  });

  test('behind Basic auth: Basic plus the api-key header; without Basic a challenge, and Bearer is no way in', async () => {
    const key = behindBasic.apiKeys.operator;
    dataOf(await graphqlPost(behindBasic, CARRIERS, {}, { authorization: basic, 'marketplacer-api-key': key }));

    const noBasic = await graphqlPost(behindBasic, CARRIERS, {}, { 'marketplacer-api-key': key });
    assert.equal(noBasic.status, 401);
    assert.equal(noBasic.headers.get('www-authenticate'), 'Basic realm="Marketplacer"');
    assert.equal((await graphqlPost(behindBasic, CARRIERS, {}, { authorization: `Bearer ${key}` })).status, 401);
    assert.equal(
      (await graphqlPost(behindBasic, CARRIERS, {}, { authorization: basic })).status,
      401,
      'Basic alone has no key',
    );
  });

  test('a key without the scope: MISSING_SCOPE on that field, the rest still answered', async () => {
    const limited = { authorization: `Bearer ${sandbox.apiKeys.limited}` };
    const answer = await graphqlPost(
      sandbox,
      '{ invoices(first: 1) { totalCount } variantsWhere(sku: ["PSKU-000060"]) { totalCount } }',
      {},
      limited,
    );
    assert.equal(answer.status, 200);
    assert.deepEqual(errorCodes(answer), ['MISSING_SCOPE']);
    assert.deepEqual(answer.errors?.[0]?.path, ['invoices']);
    assert.equal(answer.data, null, 'invoices is non-null, so the error nulls the whole answer');

    const catalog = dataOf(
      await graphqlPost(sandbox, '{ variantsWhere(sku: ["PSKU-000060"]) { totalCount } }', {}, limited),
    );
    assert.equal(catalog.variantsWhere.totalCount, 1);

    const invoiceId = globalId('Invoice', 10001);
    const node = await graphqlPost(sandbox, 'query N($id: ID!) { node(id: $id) { id } }', { id: invoiceId }, limited);
    assert.deepEqual(errorCodes(node), ['MISSING_SCOPE']);
    const mutation = await graphqlPost(
      sandbox,
      'mutation R($input: RefundRequestCreateMutationInput!) { refundRequestCreate(input: $input) { errors { field } } }',
      { input: { invoiceId, lineItems: [] } },
      limited,
    );
    assert.deepEqual(errorCodes(mutation), ['MISSING_SCOPE']);
  });
});

describe('Marketplacer sandbox: paging', () => {
  let sandbox: MarketplacerSandbox;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 30, maxPageSize: 12, defaultPageSize: 5 });
  });

  after(async () => {
    await sandbox.close();
  });

  test('forward only, newest first, each invoice once; `first` is cut to the maximum page', async () => {
    const seen: number[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    let more = true;
    while (more) {
      const { invoices } = dataOf(await graphqlPost(sandbox, INVOICE_IDS, { first: 100, after }));
      assert.equal(invoices.totalCount, 30);
      assert.equal(invoices.pageInfo.hasPreviousPage, false);
      sizes.push(invoices.nodes.length);
      seen.push(...invoices.nodes.map((node: { legacyId: number }) => node.legacyId));
      ({ hasNextPage: more, endCursor: after } = invoices.pageInfo);
    }
    assert.deepEqual(sizes, [12, 12, 6]);
    assert.equal(new Set(seen).size, 30);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
      'sample invoices were created in legacy id order',
    );
  });

  test('without `first`, the default page', async () => {
    const { invoices } = dataOf(await graphqlPost(sandbox, INVOICE_IDS));
    assert.equal(invoices.nodes.length, 5);
  });

  test('a new invoice does not move a page boundary: the cursor names an invoice, not an offset', async () => {
    const first = dataOf(await graphqlPost(sandbox, INVOICE_IDS, { first: 3 })).invoices;
    const variant = dataOf(await graphqlPost(sandbox, '{ variantsWhere(sku: ["PSKU-000010"]) { nodes { id } } }'))
      .variantsWhere.nodes[0];
    sandbox.control.setCountOnHand('PSKU-000010', 5);
    const created = await graphqlPost(
      sandbox,
      'mutation C($input: OrderCreateMutationInput!) { orderCreate(input: $input) { order { legacyId } errors { field messages } } }',
      {
        input: {
          order: {
            firstName: 'A',
            surname: 'B',
            emailAddress: 'a@b.example',
            address: { address: '1 St', city: 'X', postcode: '1', countryCode: 'AU' },
          },
          lineItems: [{ variantId: variant.id, quantity: 1, cost: { amount: 1000 } }],
        },
      },
    );
    assert.deepEqual(dataOf(created).orderCreate.errors, []);
    const next = dataOf(
      await graphqlPost(sandbox, INVOICE_IDS, { first: 3, after: first.pageInfo.endCursor }),
    ).invoices;
    assert.equal(next.nodes[0].legacyId, first.nodes[2].legacyId - 1);
  });

  test('a negative `first`, a foreign cursor, and backward arguments are refused', async () => {
    assert.deepEqual(errorCodes(await graphqlPost(sandbox, INVOICE_IDS, { first: -1 })), ['ARGUMENT_ERROR']);
    assert.deepEqual(errorCodes(await graphqlPost(sandbox, INVOICE_IDS, { first: 1, after: 'bm90LWEtY3Vyc29y' })), [
      'ARGUMENT_ERROR',
    ]);
    const backward = await graphqlPost(sandbox, '{ invoices(last: 2) { totalCount } }');
    assert.equal(backward.status, 200);
    assert.match(backward.errors?.[0]?.message ?? '', /Unknown argument "last"/);
  });

  test('node(id) by global id: base64 of Type-legacyId; unknown or foreign ids are null', async () => {
    const node = 'query N($id: ID!) { node(id: $id) { __typename id ... on Invoice { legacyId } } }';
    const invoice = dataOf(
      await graphqlPost(sandbox, node, { id: Buffer.from('Invoice-10001').toString('base64') }),
    ).node;
    assert.deepEqual(invoice, { __typename: 'Invoice', id: 'SW52b2ljZS0xMDAwMQ==', legacyId: 10001 });
    assert.equal(dataOf(await graphqlPost(sandbox, node, { id: globalId('Invoice', 99999) })).node, null);
    assert.equal(dataOf(await graphqlPost(sandbox, node, { id: 'not base64 at all' })).node, null);
  });
});

describe('Marketplacer sandbox: traffic', () => {
  let sandbox: MarketplacerSandbox;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 5, ratePerMinute: 3, retryAfterSeconds: 7 });
  });

  after(async () => {
    await sandbox.close();
  });

  test('past the budget: 429 with Retry-After and a GraphQL-shaped body, until the window closes', async () => {
    sandbox.control.advanceClock(60);
    for (let n = 0; n < 3; n += 1) dataOf(await graphqlPost(sandbox, CARRIERS));
    const refused = await graphqlPost(sandbox, CARRIERS);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '7');
    assert.deepEqual(errorCodes(refused), ['RATE_LIMIT_EXCEEDED']);
    sandbox.control.advanceClock(60);
    dataOf(await graphqlPost(sandbox, CARRIERS));
  });

  test('injected faults and the operation log', async () => {
    sandbox.control.advanceClock(60);
    sandbox.control.resetOperations();
    sandbox.control.injectFault({ status: 503, retryAfterSeconds: 2 });
    const refused = await graphqlPost(sandbox, 'query Carriers { shipmentCarriers { totalCount } }');
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '2');
    assert.deepEqual(errorCodes(refused), ['SERVICE_UNAVAILABLE']);
    dataOf(
      await graphqlPost(sandbox, 'query Carriers($first: Int) { shipmentCarriers(first: $first) { totalCount } }', {
        first: 5,
      }),
    );
    const operations = sandbox.control.operations();
    assert.deepEqual(
      operations.map(({ receivedAt: _received, answeredAt: _answered, ...entry }) => entry),
      [
        { operationName: 'Carriers', variables: {}, status: 503, errorCodes: ['SERVICE_UNAVAILABLE'] },
        { operationName: 'Carriers', variables: { first: 5 }, status: 200, errorCodes: [] },
      ],
    );
    const [refusedAt, answeredAt] = operations;
    assert.ok(refusedAt!.receivedAt <= refusedAt!.answeredAt!, 'answered after it was received');
    assert.ok(refusedAt!.answeredAt! <= answeredAt!.receivedAt, 'the second was sent after the first was answered');
  });

  test('a body that is no GraphQL request: 400, GraphQL-shaped', async () => {
    sandbox.control.advanceClock(60);
    const response = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sandbox.apiKeys.operator}` },
      body: '{"query":',
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    assert.equal(body.errors[0]?.extensions.code, 'BAD_REQUEST');
  });
});
