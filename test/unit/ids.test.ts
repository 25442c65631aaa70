import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MARKETPLACE_MODULES } from '../../datasources/modules.js';
import {
  checkedOrderId,
  marketplaceLines,
  parseOrderId,
  parseOrderNodeId,
} from '../../datasources/orders/order-ids.js';
import { BadInput } from '../../src/domain/errors.js';
import { checkId, checkIds, idProblem, isWellFormed, opaqueId, SKU, type IdShape } from '../../src/domain/ids.js';
import { ASN_NUMBER } from '../../src/domain/inbound-shipment.js';
import { newRecordId } from '../../src/store/record-ids.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { AUDIT_ENTRY_ID, WEBHOOK_EVENT_ID } from '../../src/domain/stored-ids.js';
import { pathSegment } from '../../src/http/path-segment.js';

/** Every marketplace's shapes, as its module declares them. */
const IDS = Object.fromEntries(MARKETPLACE_MODULES.map((module) => [module.marketplace, module.ids])) as Record<
  Marketplace,
  (typeof MARKETPLACE_MODULES)[number]['ids']
>;

/**
 * What no id may be, whatever its shape: dot segments, URL characters, control characters, a lone surrogate. Fruugo's
 * and Increff's line ids are made of URI-encoded parts joined by `/`, so only they hold `/` and `%`.
 */
const NEVER = ['', '.', '..', 'a\\b', 'a?b', 'a#b', 'a\u0000b', 'a\nb', '\ud800', 'a\udc00'];
const NEVER_IN_ONE_PART = [...NEVER, 'a/b', 'a%2Fb'];

function assertShape(shape: IdShape, good: string[], bad: string[], never = NEVER_IN_ONE_PART): void {
  for (const value of good) assert.equal(idProblem(value, shape), undefined, `${shape.name}: ${value}`);
  for (const value of [...bad, ...never]) {
    assert.notEqual(idProblem(value, shape), undefined, `${shape.name} refuses ${JSON.stringify(value)}`);
  }
  assert.notEqual(idProblem('1'.repeat(shape.maxLength + 1), shape), undefined, `${shape.name}: past maxLength`);
}

describe('id shapes', () => {
  test('each marketplace’s order numbers and line ids: what it gives out, and nothing else', () => {
    assertShape(IDS.NOON.order, ['NFBO100000150', 'NFBO-NOPE'], ['NFBO', 'NI0000000001', 'nfbo1', 'NFBO1 2']);
    assertShape(IDS.NOON.line, ['NI0000000001'], ['NFBO1', 'NI', 'NI1/cancelled']);
    assertShape(IDS.FRUUGO.order, ['9164693001000444', '1001000001'], ['9164693', 'OUTAGE-1', '91646930010004440']);
    assertShape(
      IDS.FRUUGO.line,
      ['PROD-0044/PSKU-000130', `${encodeURIComponent('a/b')}/${encodeURIComponent('50% off')}`],
      ['PROD-0044', 'PROD/SKU/X', 'PROD/..', '../SKU', 'PROD/50%', 'PROD/a b', `PROD/${encodeURIComponent('\u0001')}`],
      NEVER,
    );
    assertShape(IDS.MARKETPLACER.order, ['10120', '1'], ['0', '010120', '1.5', '-1', '1'.repeat(17)]);
    assertShape(IDS.MARKETPLACER.line, ['20243'], ['a:b', 'LineItem-1']);
    assertShape(
      IDS.INCREFF.order,
      ['MARKETPLACER-10118', 'NOON-NFBO123', 'FRUUGO-9164260001000444'],
      ['MARKETPLACER', '-10118', 'noon-NFBO1', 'NOON-NFBO1/x'],
    );
    assertShape(
      IDS.INCREFF.line,
      ['NI0000000001', 'PROD-0044/PSKU-000130', '20243', 'PROD-0044/PSKU-000130/cancelled'],
      ['PROD/../x', 'a/b/c/d', 'a b'],
      NEVER,
    );
  });

  test('the kinds every marketplace shares hold at least what every id is held to', () => {
    assertShape(SKU, ['PSKU-000001', 'BULKY-0001', 'shirt blue XL'], []);
    assertShape(ASN_NUMBER, ['ASN0000000001', 'ASN-GARBLED'], []);
    assertShape(opaqueId('a test id', 8), ['x', '...', '.a', 'a..b'], []);
    assertShape(
      WEBHOOK_EVENT_ID.shape,
      ['WebhookEvent:00000000-0000-4000-8000-000000000000'],
      [
        'nope',
        '00000000-0000-4000-8000-000000000000',
        'AuditEntry:00000000-0000-4000-8000-000000000000',
        'WebhookEvent:00000000-0000-4000-8000-00000000000G',
        'WebhookEvent:00000000000040008000000000000000',
      ],
    );
    assertShape(AUDIT_ENTRY_ID.shape, ['AuditEntry:00000000-0000-4000-8000-000000000000'], ['AuditEntry:']);
    assert.equal(WEBHOOK_EVENT_ID.stored(WEBHOOK_EVENT_ID.show('a-uuid')), 'a-uuid');
  });

  test('the refusal says why, without repeating an over-long or broken value', () => {
    assert.match(idProblem('', SKU)!, /is empty/);
    assert.equal(idProblem('x'.repeat(5000), SKU), 'is 5000 characters long; a SKU has at most 128');
    assert.match(idProblem('a\ud800', SKU)!, /lone surrogate/);
    assert.match(idProblem('a/b', SKU)!, /"a\/b" is not a SKU/);
    assert.equal(isWellFormed('\ud83d\ude00'), true, 'a pair is a character');
    assert.equal(isWellFormed('\ude00\ud83d'), false, 'the same halves out of order are not');
  });

  test('checkId and checkIds refuse as BAD_USER_INPUT, naming every field at fault', () => {
    assert.equal(checkId('sku', 'PSKU-1', SKU), 'PSKU-1');
    assert.throws(
      () => checkId('sku', '..', SKU),
      (error: unknown) => error instanceof BadInput && error.details.length === 1 && error.details[0]!.field === 'sku',
    );
    assert.throws(
      () =>
        checkIds(
          [
            ['skus[0]', 'ok'],
            ['skus[1]', '..'],
            ['skus[2]', 'a/b'],
          ],
          SKU,
        ),
      (error: unknown) =>
        error instanceof BadInput &&
        error.details.map((detail) => detail.field).join() === 'skus[1],skus[2]' &&
        /skus\[1\]/.test(error.message),
    );
  });

  test('an order id is its marketplace’s, checked by that marketplace’s shape; lines likewise', () => {
    assert.deepEqual(parseOrderId('NOON:NFBO1', 'input.orderId'), { marketplace: 'NOON', externalId: 'NFBO1' });
    const refusedAt = (field: string) => (error: unknown) =>
      error instanceof BadInput && error.details[0]!.field === field;
    assert.throws(() => parseOrderId('NOON:..', 'input.orderId'), refusedAt('input.orderId'));
    assert.throws(() => parseOrderId(`AMAZON:${'1'.repeat(1000)}`), /an id of 1007 characters is not an order id/);
  });

  test('a mutation names lines by their global ids, each of the order it is about, in its marketplace’s shape', () => {
    const noon = checkedOrderId('NOON:NFBO1');
    assert.deepEqual(marketplaceLines(noon, [{ lineId: 'NOON:NFBO1/lines/NI1', quantity: 1 }], 'lines'), [
      { lineId: 'NI1', quantity: 1 },
    ]);
    assert.equal(marketplaceLines(noon, undefined, 'lines'), undefined);
    const fruugo = checkedOrderId('FRUUGO:9164693001000444');
    assert.deepEqual(
      marketplaceLines(fruugo, [{ lineId: 'FRUUGO:9164693001000444/lines/PROD-1/PSKU-1', quantity: 2 }], 'lines'),
      [{ lineId: 'PROD-1/PSKU-1', quantity: 2 }],
    );
    const refused = (lineId: string, message: RegExp) =>
      assert.throws(
        () => marketplaceLines(noon, [{ lineId, quantity: 1 }], 'input.lines'),
        (error: unknown) =>
          error instanceof BadInput &&
          error.details[0]!.field === 'input.lines[0].lineId' &&
          message.test(error.details[0]!.message),
      );
    refused('NI1', /"NI1" is a line's own NOON number; pass the line's id, NOON:NFBO1\/lines\/NI1/);
    refused('NOON:NFBO2/lines/NI1', /is not a line of NOON:NFBO1: expected its line's id, NOON:NFBO1\/lines\/<line/);
    refused('MARKETPLACER:10120/lines/20243', /is not a line of NOON:NFBO1/);
    refused('NOON:NFBO1/lines/20243', /the line number after NOON:NFBO1\/lines\/: "20243" is not a noon FBPI item/);
    refused('NOON:NFBO1/lines/', /is empty/);
  });

  test('node ids: an order, its lines and shipments, each checked as the order id and its marketplace say', () => {
    assert.deepEqual(parseOrderNodeId('NOON:NFBO1'), { type: 'Order', order: checkedOrderId('NOON:NFBO1') });
    assert.deepEqual(parseOrderNodeId('INCREFF:MARKETPLACER-10120/lines/20243/cancelled'), {
      type: 'OrderLine',
      order: checkedOrderId('INCREFF:MARKETPLACER-10120'),
      lineId: '20243/cancelled',
    });
    assert.deepEqual(parseOrderNodeId('MARKETPLACER:10120/shipments/501'), {
      type: 'OrderShipment',
      order: checkedOrderId('MARKETPLACER:10120'),
      shipmentId: '501',
    });
    for (const [id, message] of [
      ['NOON:NFBO1/items/NI1', /after NOON:NFBO1\/ comes lines\/ or shipments\//],
      ['NOON:NFBO1/lines', /after NOON:NFBO1\/ comes lines\/ or shipments\//],
      ['NOON:NFBO1/lines/x y', /the lines id after NOON:NFBO1\/lines\/: "x y" is not a noon FBPI item number/],
      ['NOON:NFBO1/shipments/..', /the shipments id after NOON:NFBO1\/shipments\/: "\.\." is not a shipment id/],
      ['FOO:1/lines/1', /is not an order id/],
    ] as const) {
      assert.throws(
        () => parseOrderNodeId(id, 'id'),
        (error: unknown) => error instanceof BadInput && message.test(error.message),
        id,
      );
    }
  });

  test('a value that would not stay one URL path segment is never sent', () => {
    assert.equal(pathSegment('NFBO 1'), 'NFBO%201');
    for (const value of ['', '.', '..', '\ud800']) assert.throws(() => pathSegment(value), /URL path segment/);
  });
});

test('stored records get UUIDs that sort in the order they were made (version 7), so their index grows at one end', async () => {
  const made: string[] = [];
  for (let n = 0; n < 200; n++) {
    made.push(newRecordId());
    if (n % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  for (const id of made) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual([...made].sort(), made);
  assert.equal(new Set(made).size, made.length);
});
