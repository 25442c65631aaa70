import { NodeSDK } from '@opentelemetry/sdk-node';
import type { Logger } from '../logger.js';
import type { TracesConfig } from './traces-config.js';

/** The OpenTelemetry SDK while it exports the gateway's traces. */
export interface TraceExport {
  /**
   * Sends the spans not sent yet, then stops. An endpoint that does not take them (unreachable, refusing) is logged,
   * not thrown: traces never fail a shutdown. The exporter gives up after OTEL_EXPORTER_OTLP_TIMEOUT (10 s).
   */
  stop(log: Logger): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK for traces alone, as the standard variables configure it: OTLP to the endpoint
 * (http/protobuf unless OTEL_EXPORTER_OTLP_PROTOCOL says http/json or grpc), its headers, the sampler, the resource,
 * and spans sent in batches off the requests' path, so an endpoint that is down costs a request nothing. It sets the
 * global tracer provider the gateway's tracer comes from, and the context manager (AsyncLocalStorage) that carries
 * the active span through async calls. No instrumentation: nothing is patched, the gateway makes its own spans.
 */
export function startTraceExport(config: TracesConfig): TraceExport {
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    instrumentations: [],
    // The gateway reads W3C trace context itself (src/tracing/route-spans.ts) and sends none to the marketplaces.
    textMapPropagator: null,
    // Metrics are Prometheus's (`/metrics`) and logs pino's: the SDK's own would be sent to the endpoint unasked.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    async stop(log) {
      try {
        await sdk.shutdown();
      } catch (error) {
        log.warn(
          { err: error },
          'traces not yet exported were dropped at shutdown: the OTLP endpoint did not take them',
        );
      }
    },
  };
}
