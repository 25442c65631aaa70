import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { notePublication, publicationOf } from '../../src/tracing/event-publications.js';
import { traceparentOf } from '../../src/tracing/w3c-trace-context.js';

test('an event heard with its publication’s traceparent names that span; one without, or with one that does not parse, none', () => {
  const span = new BasicTracerProvider().getTracer('test').startSpan('publish order-event');
  const traceparent = traceparentOf(span);
  const { traceId, spanId } = span.spanContext();
  assert.equal(traceparent, `00-${traceId}-${spanId}-01`);

  const heard = { cursor: '1' };
  notePublication(heard, traceparent);
  assert.deepEqual(
    {
      traceId: publicationOf(heard)?.traceId,
      spanId: publicationOf(heard)?.spanId,
      remote: publicationOf(heard)?.isRemote,
    },
    { traceId, spanId, remote: true },
  );

  const readBack = { cursor: '1' };
  notePublication(readBack, undefined);
  assert.equal(publicationOf(readBack), undefined);
  const forged = { cursor: '2' };
  notePublication(forged, '00-not-a-trace-01');
  assert.equal(publicationOf(forged), undefined);
  assert.equal(publicationOf('an event that is no object'), undefined);
  span.end();
});
