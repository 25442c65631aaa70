import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sendInBatches } from '../../datasources/noon/inbound/batches.js';
import type { ShipmentResponse } from '../../datasources/noon/inbound/wire.js';
import { Marketplace } from '../../schema/marketplace.js';
import { UpstreamError } from '../../src/http/upstream-error.js';

const skus = (n: number) => Array.from({ length: n }, (_, i) => `SKU-${i}`);
const answer = (count: number) => ({ shipment: { total_sku_count: count } }) as unknown as ShipmentResponse;

function noonError(code: string, httpStatus: number, details: Array<{ item: string; code: string }> = []) {
  return new UpstreamError({
    marketplace: Marketplace.NOON,
    kind: 'http',
    code,
    httpStatus,
    message: code,
    details: details.map((detail) => ({ ...detail, message: `${detail.item} refused` })),
  });
}

describe('sending items to noon in batches', () => {
  test('splits into batches of the given size, in order', async () => {
    const sent: string[][] = [];
    const outcome = await sendInBatches(
      skus(25),
      10,
      (sku) => sku,
      async (batch) => {
        sent.push(batch);
        return answer(batch.length);
      },
    );
    assert.deepEqual(
      sent.map((batch) => batch.length),
      [10, 10, 5],
    );
    assert.deepEqual(sent.flat(), skus(25));
    assert.equal(outcome.appliedCount, 25);
    assert.deepEqual(outcome.failures, []);
  });

  test('a batch noon refuses for some items is sent again without them', async () => {
    const sent: string[][] = [];
    const outcome = await sendInBatches(
      skus(4),
      10,
      (sku) => sku,
      async (batch) => {
        sent.push(batch);
        if (batch.includes('SKU-1'))
          throw noonError('ITEM_VALIDATION_FAILED', 400, [{ item: 'SKU-1', code: 'NO_MAPPED_PBARCODE' }]);
        return answer(batch.length);
      },
    );
    assert.deepEqual(sent, [skus(4), ['SKU-0', 'SKU-2', 'SKU-3']]);
    assert.equal(outcome.appliedCount, 3);
    assert.deepEqual(outcome.failures, [{ partnerSku: 'SKU-1', code: 'NO_MAPPED_PBARCODE', message: 'SKU-1 refused' }]);
  });

  test('a batch whose every item is refused applies nothing and sends nothing more', async () => {
    let calls = 0;
    const outcome = await sendInBatches(
      skus(2),
      10,
      (sku) => sku,
      async () => {
        calls++;
        throw noonError('ITEM_VALIDATION_FAILED', 400, [
          { item: 'SKU-0', code: 'PARTNER_SKU_NOT_FOUND' },
          { item: 'SKU-1', code: 'PARTNER_SKU_NOT_FOUND' },
        ]);
      },
    );
    assert.equal(calls, 1);
    assert.equal(outcome.last, undefined);
    assert.equal(outcome.appliedCount, 0);
    assert.equal(outcome.failures.length, 2);
  });

  test('a failure before anything was applied is thrown as it is', async () => {
    const conflict = noonError('INVALID_ASN_STATUS', 409);
    await assert.rejects(
      sendInBatches(
        skus(3),
        2,
        (sku) => sku,
        async () => {
          throw conflict;
        },
      ),
      (error) => error === conflict,
    );
  });

  test('a failure after a batch was applied reports that batch and every later one as not applied', async () => {
    let call = 0;
    const outcome = await sendInBatches(
      skus(5),
      2,
      (sku) => sku,
      async (batch) => {
        if (++call === 2) throw noonError('INTERNAL_ERROR', 500);
        return answer(batch.length);
      },
    );
    assert.equal(call, 2, 'nothing is sent after the failure');
    assert.equal(outcome.appliedCount, 2);
    assert.deepEqual(
      outcome.failures.map((failure) => [failure.partnerSku, failure.code]),
      [
        ['SKU-2', 'INTERNAL_ERROR'],
        ['SKU-3', 'INTERNAL_ERROR'],
        ['SKU-4', 'INTERNAL_ERROR'],
      ],
    );
    assert.match(outcome.failures[0]!.message, /^not applied: /);
  });
});
