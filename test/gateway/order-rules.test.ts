import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type GraphqlResponse, type TestGateway } from '../../support/gateway.js';
import { eventually } from '../../support/eventually.js';
import { triggerFruugoDownload } from '../../support/fruugo-orders.js';
import { newInvoice } from '../support/marketplacer.js';

// Each marketplace's rules, checked from the order before anything is sent to change it: a mistake is
// BAD_USER_INPUT naming the caller's field, the marketplace is asked to change nothing (counted at the simulator),
// and the request that keeps the rule still goes through.

const LINES = 'id status lines { id quantity status }';
const CONFIRM = `mutation ($id: ID!) { confirmOrder(id: $id) { ${LINES} } }`;
const SHIP = `mutation ($id: ID!, $input: ShipOrderInput!) { shipOrder(id: $id, input: $input) { ${LINES} } }`;
const CANCEL = `mutation ($id: ID!, $reason: CancellationReason! = OUT_OF_STOCK, $lines: [OrderLineQuantityInput!], $message: String) {
  cancelOrder(id: $id, reason: $reason, lines: $lines, messageToCustomer: $message) { ${LINES} } }`;
const ORDER = `query ($id: ID!) { order(id: $id) { ${LINES} pendingOperations { type status } } }`;

/** The one error of a refused mutation: its code and the fields its details name. */
function refusal(response: GraphqlResponse): { code: string; fields: string[]; messages: string[] } {
  assert.equal(response.errors?.length, 1, JSON.stringify(response));
  const { extensions } = response.errors![0]!;
  const details = (extensions?.details ?? []) as Array<{ field: string; message: string }>;
  return {
    code: extensions?.code,
    fields: details.map((detail) => detail.field),
    messages: details.map((detail) => detail.message),
  };
}

/** The requests a simulator's log gained while `action` ran, of those `counts` picks. */
async function callsDuring<Entry>(
  log: () => readonly Entry[],
  counts: (entry: Entry) => boolean,
  action: () => Promise<unknown>,
): Promise<Entry[]> {
  const before = log().length;
  await action();
  return log().slice(before).filter(counts);
}

describe('marketplace rules, checked before the call', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ fruugoOptions: { orderCount: 3 }, marketplacerOptions: { invoices: 3 } });
  });
  after(() => gw.close());

  describe('Fruugo (the gateway keeps its orders: a refusal sends Fruugo nothing at all)', () => {
    const fruugoCalls = (action: () => Promise<unknown>) =>
      callsDuring(
        () => gw.fruugo.control.requests(),
        () => true,
        action,
      );

    /** A new Fruugo order of one line of `quantity` units, once downloaded; its id and its line's id. */
    async function fruugoOrder(quantity: number): Promise<{ id: string; line: string }> {
      const { orderId } = gw.fruugo.control.createOrder({ lines: [{ skuId: 'PSKU-000210', quantity }] });
      const id = `FRUUGO:${orderId}`;
      await triggerFruugoDownload(gw);
      const order: any = await eventually(
        `${id} downloaded`,
        async () => (await gw.graphql(ORDER, { id })).data?.order,
      );
      return { id, line: order.lines[0].id };
    }

    test('cancelling more units than a line has: lines[0].quantity, where Fruugo would fail later with "item status is PENDING"', async () => {
      const { id, line } = await fruugoOrder(2);
      let answer!: GraphqlResponse;
      const calls = await fruugoCalls(async () => {
        answer = await gw.graphql(CANCEL, { id, lines: [{ lineId: line, quantity: 3 }] });
      });
      const { code, fields, messages } = refusal(answer);
      assert.equal(code, 'BAD_USER_INPUT');
      assert.deepEqual(fields, ['lines[0].quantity']);
      assert.match(messages[0]!, /has 2 unit\(s\) to cancel, not 3 \(its units: 2 PENDING\)/);
      assert.deepEqual(calls, []);
      // Within the line's units, the cancel goes to Fruugo.
      const sent = await fruugoCalls(async () =>
        dataOf(await gw.graphql(CANCEL, { id, lines: [{ lineId: line, quantity: 2 }] })),
      );
      assert.deepEqual(
        sent.map((call) => call.path),
        ['/v3/orders/cancel'],
      );
    });

    test('shipping an order not confirmed, a line of it, a carrier, an unknown line: each named, nothing sent; confirmed, it ships', async () => {
      const { id, line } = await fruugoOrder(2);
      const cases: Array<[Record<string, unknown>, string[]]> = [
        [{}, ['id']],
        [{ lines: [{ lineId: line, quantity: 1 }] }, ['input.lines[0].quantity']],
        [{ carrier: 'Royal Mail', trackingNumber: 'RM1' }, ['input.carrier', 'id']],
        [{ lines: [{ lineId: `${id}/lines/PROD-9999/NOPE`, quantity: 1 }] }, ['input.lines[0].lineId']],
      ];
      const calls = await fruugoCalls(async () => {
        for (const [input, fields] of cases) {
          const refused = refusal(await gw.graphql(SHIP, { id, input }));
          assert.deepEqual([refused.code, refused.fields], ['BAD_USER_INPUT', fields], JSON.stringify(input));
        }
      });
      assert.deepEqual(calls, []);
      assert.match(
        refusal(await gw.graphql(SHIP, { id, input: {} })).messages[0]!,
        /is not confirmed yet: confirmOrder first/,
      );

      dataOf(await gw.graphql(CONFIRM, { id }));
      await eventually('the confirmation applied', async () => {
        const order: any = (await gw.graphql(ORDER, { id })).data?.order;
        return order?.status === 'ACKNOWLEDGED' ? true : undefined;
      });
      // Confirmed: confirming again is refused, shipping one unit goes.
      assert.deepEqual(refusal(await gw.graphql(CONFIRM, { id })).fields, ['id']);
      const sent = await fruugoCalls(async () =>
        dataOf(
          await gw.graphql(SHIP, { id, input: { lines: [{ lineId: line, quantity: 1 }], trackingNumber: 'RM1' } }),
        ),
      );
      assert.deepEqual(
        sent.map((call) => call.path),
        ['/v3/orders/ship'],
      );
    });
  });

  describe('noon (the order is read from noon; nothing is sent to change it, and no AWB is spent)', () => {
    /** Calls that change something at noon, or spend an AWB: all but reading the order (and logging in). */
    const changes = (action: () => Promise<unknown>) =>
      callsDuring(
        () => gw.noon.control.requests(),
        (call) => /\/fbpi-order\/update$|\/shipment\/|noon-logistics/.test(call.path),
        action,
      );
    const everything = (action: () => Promise<unknown>) =>
      callsDuring(
        () => gw.noon.control.requests(),
        () => true,
        action,
      );

    test('an order not acknowledged, a line twice, an unknown line, a tracking URL, a message: each named; then it goes', async () => {
      const id = `NOON:${gw.noon.control.placeFbpiOrder({ items: [{ partnerSku: 'PSKU-000040' }, { partnerSku: 'PSKU-000041' }] })}`;
      // noon's webhook about the new order is applied first: its application reads the order from noon, which would
      // count as a call of the refusals below when it came while they are made (seen once in CI).
      await eventually(`noon's webhook about ${id} applied`, async () =>
        (await gw.gateway.store.orderEventsAfter(0, { orderId: id }, 1)).length > 0 ? true : undefined,
      );
      const order: any = dataOf(await gw.graphql(ORDER, { id })).order;
      const [first, second] = order.lines.map((line: { id: string }) => line.id);

      // What the request says of itself is refused before noon is asked anything.
      const unasked = await everything(async () => {
        assert.deepEqual(
          refusal(await gw.graphql(SHIP, { id, input: { trackingUrl: 'https://t.example/1' } })).fields,
          ['input.trackingUrl'],
        );
        assert.deepEqual(refusal(await gw.graphql(CANCEL, { id, message: 'Sorry' })).fields, ['messageToCustomer']);
      });
      assert.deepEqual(unasked, []);

      const changed = await changes(async () => {
        assert.deepEqual(refusal(await gw.graphql(SHIP, { id, input: {} })).fields, ['id']);
        assert.deepEqual(
          refusal(await gw.graphql(SHIP, { id, input: { lines: [{ lineId: first, quantity: 1 }] } })).fields,
          ['input.lines[0].quantity'],
        );
        const twice = refusal(
          await gw.graphql(CANCEL, {
            id,
            lines: [
              { lineId: first, quantity: 1 },
              { lineId: first, quantity: 1 },
              { lineId: `${id}/lines/NI-NOPE`, quantity: 1 },
            ],
          }),
        );
        assert.deepEqual([twice.code, twice.fields], ['BAD_USER_INPUT', ['lines[1].quantity', 'lines[2].lineId']]);
      });
      assert.deepEqual(changed, []);

      dataOf(await gw.graphql(CONFIRM, { id }));
      const shipped: any = dataOf(
        await gw.graphql(SHIP, { id, input: { lines: [{ lineId: first, quantity: 1 }] } }),
      ).shipOrder;
      assert.equal(shipped.lines.find((line: { id: string }) => line.id === first).status, 'SHIPPED');
      // Shipped, the line can no longer be marked out of stock; the other one can.
      assert.deepEqual(refusal(await gw.graphql(CANCEL, { id, lines: [{ lineId: first, quantity: 1 }] })).fields, [
        'lines[0].quantity',
      ]);
      const cancelled: any = dataOf(
        await gw.graphql(CANCEL, { id, lines: [{ lineId: second, quantity: 1 }] }),
      ).cancelOrder;
      assert.equal(cancelled.lines.find((line: { id: string }) => line.id === second).status, 'CANCELLED');
    });
  });

  describe('Marketplacer (the invoice is read; no shipment or refund request is sent)', () => {
    const mutations = (action: () => Promise<unknown>) =>
      callsDuring(
        () => gw.marketplacer.control.operations(),
        (call) => call.operationName === 'ShipmentCreate' || call.operationName === 'RefundRequestCreate',
        action,
      );

    test('more units than a line has open, an unknown line, a tracking URL, a shipment number: each named; within them it goes', async () => {
      const invoice = await newInvoice(gw.marketplacer, 'PSKU-000112', 2);
      const id = `MARKETPLACER:${invoice.legacyId}`;
      const order: any = dataOf(await gw.graphql(ORDER, { id })).order;
      const line = order.lines[0].id;

      const sent = await mutations(async () => {
        const over = refusal(await gw.graphql(SHIP, { id, input: { lines: [{ lineId: line, quantity: 3 }] } }));
        assert.deepEqual([over.code, over.fields], ['BAD_USER_INPUT', ['input.lines[0].quantity']]);
        assert.match(over.messages[0]!, /has 2 unit\(s\) to ship, not 3 \(2 ordered, 0 dispatched, 0 refunded\)/);
        assert.deepEqual(
          refusal(
            await gw.graphql(SHIP, {
              id,
              input: {
                lines: [{ lineId: `${id}/lines/1`, quantity: 1 }],
                trackingUrl: 'https://t.example/2',
                shipmentNumber: 'S-1',
              },
            }),
          ).fields,
          ['input.trackingUrl', 'input.shipmentNumber', 'input.lines[0].lineId'],
        );
        assert.deepEqual(refusal(await gw.graphql(CANCEL, { id, lines: [{ lineId: line, quantity: 3 }] })).fields, [
          'lines[0].quantity',
        ]);
      });
      assert.deepEqual(sent, []);

      dataOf(await gw.graphql(SHIP, { id, input: { lines: [{ lineId: line, quantity: 2 }] } }));
      assert.deepEqual(refusal(await gw.graphql(SHIP, { id, input: {} })).fields, ['id'], 'nothing left to ship');
      // Dispatched units may still be refunded: both, but not a third.
      assert.deepEqual(refusal(await gw.graphql(CANCEL, { id, lines: [{ lineId: line, quantity: 3 }] })).fields, [
        'lines[0].quantity',
      ]);
      dataOf(await gw.graphql(CANCEL, { id, lines: [{ lineId: line, quantity: 2 }] }));
    });
  });

  describe('Increff (the gateway keeps its orders: a refusal sends Increff nothing)', () => {
    const increffCalls = (action: () => Promise<unknown>) =>
      callsDuring(
        () => gw.increff.control.requests(),
        () => true,
        action,
      );

    /** A noon order of one unit of `sku`, pushed to Increff: the warehouse's order. */
    async function pushed(sku: string): Promise<{ id: string; code: string; line: string }> {
      const nr = gw.noon.control.placeFbpiOrder({ items: [{ partnerSku: sku }] });
      const order: any = dataOf(
        await gw.graphql(
          `mutation ($id: ID!) { createFulfilmentOrder(input: { orderId: $id }) { externalId ${LINES} } }`,
          {
            id: `NOON:${nr}`,
          },
        ),
      ).createFulfilmentOrder;
      return { id: order.id, code: order.externalId, line: order.lines[0].id };
    }

    test('an order Increff has invoiced is past cancelling: id, nothing sent', async () => {
      const { id, code } = await pushed('PSKU-000043');
      gw.increff.control.advanceOrder(code, 'INVOICED');
      await eventually('the label applied', async () =>
        (dataOf(await gw.graphql(ORDER, { id })) as any).order.status === 'SHIPPED' ? true : undefined,
      );
      let answer!: GraphqlResponse;
      const calls = await increffCalls(async () => {
        answer = await gw.graphql(CANCEL, { id });
      });
      assert.deepEqual(refusal(answer).fields, ['id']);
      assert.match(
        refusal(answer).messages[0]!,
        /is INVOICED at Increff, which cancels an order only until it is invoiced/,
      );
      assert.deepEqual(calls, []);
    });

    test('more units than a line has live, an unknown line, a message to the customer: each named; within them it goes', async () => {
      const { id, line } = await pushed('PSKU-000042');
      const calls = await increffCalls(async () => {
        const over = refusal(
          await gw.graphql(CANCEL, {
            id,
            lines: [
              { lineId: line, quantity: 2 },
              { lineId: `${id}/lines/NOPE`, quantity: 1 },
            ],
          }),
        );
        assert.deepEqual([over.code, over.fields], ['BAD_USER_INPUT', ['lines[0].quantity', 'lines[1].lineId']]);
        assert.deepEqual(refusal(await gw.graphql(CANCEL, { id, message: 'Sorry' })).fields, ['messageToCustomer']);
      });
      assert.deepEqual(calls, []);
      const cancelled: any = dataOf(
        await gw.graphql(CANCEL, { id, lines: [{ lineId: line, quantity: 1 }] }),
      ).cancelOrder;
      assert.equal(cancelled.status, 'CANCELLED');
    });
  });
});
