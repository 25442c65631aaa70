import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { problemsOf } from '../support/config.js';

// The OpenTelemetry variables the gateway reads itself (README, "Traces"); the SDK reads the others.

describe('traces configuration', () => {
  test('no endpoint, no traces; either endpoint turns them on, the traces’ own winning', () => {
    assert.equal(loadConfig({}).traces, undefined);
    assert.deepEqual(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).traces, {
      endpoint: 'http://collector:4318',
      serviceName: 'marketplace-gateway',
    });
    assert.deepEqual(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/v1/traces',
        OTEL_SERVICE_NAME: 'gateway-eu',
      }).traces,
      { endpoint: 'https://traces.example/v1/traces', serviceName: 'gateway-eu' },
    );
  });

  test('empty is unset, as the SDK reads it; OTEL_SDK_DISABLED=true turns traces off whatever the endpoints', () => {
    assert.equal(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' }).traces,
      undefined,
    );
    assert.equal(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: '' }).traces?.serviceName,
      'marketplace-gateway',
    );
    assert.equal(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).traces,
      undefined,
    );
    assert.ok(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'false' }).traces);
  });

  test('an endpoint that is not an http(s) URL, or an off switch that is neither true nor false, stops the start', () => {
    assert.deepEqual(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }), [
      'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:// or https:// URL, e.g. http://otel-collector:4318',
    ]);
    assert.match(
      problemsOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://collector:4317' })[0]!,
      /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: /,
    );
    assert.match(problemsOf({ OTEL_SDK_DISABLED: 'yes' })[0]!, /^OTEL_SDK_DISABLED: /);
  });
});
