import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChannelCredentials } from '../../datasources/increff/webhooks/channel-credentials.js';
import { labelPdf } from '../../datasources/increff/webhooks/label-pdf.js';

const TOKEN = 'a-token-of-sixteen-or-more';

describe('the credentials Get Credential hands out', () => {
  test('one is good until its lifetime ends, and not a second after', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const credentials = new ChannelCredentials(TOKEN, 3600, () => now);
    const { Authorization } = await credentials.issue();
    assert.match(Authorization!, /^Bearer /);
    now = new Date('2026-03-01T10:59:59Z');
    assert.equal(await credentials.verify(Authorization), true);
    now = new Date('2026-03-01T11:00:01Z');
    assert.equal(await credentials.verify(Authorization), false);
  });

  test('one signed under another token, the token itself, or a header of another scheme is refused', async () => {
    const other = await new ChannelCredentials(`${TOKEN}-rotated`, 3600).issue();
    const credentials = new ChannelCredentials(TOKEN, 3600);
    assert.equal(await credentials.verify(other.Authorization), false);
    assert.equal(await credentials.verify(`Bearer ${TOKEN}`), false);
    assert.equal(
      await credentials.verify((await credentials.issue()).Authorization!.replace('Bearer', 'Basic')),
      false,
    );
    assert.equal(await credentials.verify(undefined), false);
  });

  test('Get Credential’s static header must be the token exactly', () => {
    const credentials = new ChannelCredentials(TOKEN, 3600);
    assert.equal(credentials.tokenMatches(TOKEN), true);
    assert.equal(credentials.tokenMatches(`${TOKEN} `), false);
    assert.equal(credentials.tokenMatches(undefined), false);
  });
});

describe('the shipping label PDF', () => {
  test('is a well-formed PDF whose cross-reference points at each object, the same bytes every time', () => {
    const lines = [
      { text: 'SELF', size: 20 },
      { text: 'AWB (x) \\ y – z', size: 12 },
    ];
    const pdf = labelPdf(lines).toString('latin1');
    assert.equal(labelPdf(lines).toString('latin1'), pdf);
    assert.match(pdf, /^%PDF-1\.4\n[\s\S]*%%EOF\n$/);
    const startxref = Number(/startxref\n(\d+)\n/.exec(pdf)![1]);
    assert.equal(pdf.slice(startxref, startxref + 4), 'xref');
    const offsets = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    assert.equal(offsets.length, 5);
    offsets.forEach((offset, index) => assert.ok(pdf.startsWith(`${index + 1} 0 obj`, offset), `object ${index + 1}`));
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(pdf)![1]);
    const stream = pdf.slice(pdf.indexOf('stream\n') + 7, pdf.indexOf('\nendstream'));
    assert.equal(stream.length, length);
    assert.ok(
      stream.includes('(AWB \\(x\\) \\\\ y ? z) Tj'),
      'parentheses and backslashes escaped, the rest of Unicode as ?',
    );
  });
});
