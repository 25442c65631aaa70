import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  currencyDigits,
  fromDecimal,
  fromMinorUnits,
  multiplyMoney,
  sumMoney,
  toMinorUnits,
} from '../../datasources/money.js';

test('minor units become an exact decimal with the currency’s own number of decimals', () => {
  assert.deepEqual(fromMinorUnits(10832, 'usd'), { amount: '108.32', currency: 'USD' });
  assert.deepEqual(fromMinorUnits(5, 'AED'), { amount: '0.05', currency: 'AED' });
  assert.deepEqual(fromMinorUnits(-1250, 'KWD'), { amount: '-1.250', currency: 'KWD' });
  assert.deepEqual(fromMinorUnits(1500, 'JPY'), { amount: '1500', currency: 'JPY' });
  assert.throws(() => fromMinorUnits(1.5, 'USD'), RangeError);
  assert.deepEqual([currencyDigits('AED'), currencyDigits('BHD'), currencyDigits('JPY')], [2, 3, 0]);
});

test('decimals round half away from zero without float drift', () => {
  assert.deepEqual(fromDecimal(120.5, 'AED'), { amount: '120.50', currency: 'AED' });
  assert.deepEqual(fromDecimal('1.005', 'GBP'), { amount: '1.01', currency: 'GBP' });
  assert.equal(toMinorUnits('27.08', 'AED'), 2708);
  assert.equal(toMinorUnits(0.1 + 0.2, 'USD'), 30);
  assert.throws(() => toMinorUnits('12,50', 'EUR'), RangeError);
});

test('sums and products stay exact, and currencies never mix', () => {
  assert.deepEqual(sumMoney([fromDecimal('0.10', 'AED'), fromDecimal('0.20', 'AED')]), {
    amount: '0.30',
    currency: 'AED',
  });
  assert.equal(sumMoney([]), undefined);
  assert.throws(() => sumMoney([fromDecimal(1, 'AED'), fromDecimal(1, 'SAR')]), /cannot add SAR to AED/);
  assert.deepEqual(multiplyMoney({ amount: '27.08', currency: 'USD' }, 4), { amount: '108.32', currency: 'USD' });
});
