import { z } from 'zod';

/** Empty counts as unset, as the OpenTelemetry SDK reads its variables: an orchestrator often writes them empty. */
function unsetWhenEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

const otlpEndpoint = z.string().refine((text) => /^https?:\/\//.test(text) && URL.canParse(text), {
  message: 'must be an http:// or https:// URL, e.g. http://otel-collector:4318',
});

/**
 * The standard OpenTelemetry variables the gateway reads itself, to decide whether it exports traces and under which
 * name. The SDK reads the others itself (OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*, …: README, "Traces").
 */
export const tracesEnvironment = z.object({
  /**
   * The OTLP endpoint of a collector or tracing backend, e.g. http://otel-collector:4318 (the SDK adds /v1/traces
   * over HTTP). Set, the gateway exports its traces there; unset (and OTEL_EXPORTER_OTLP_TRACES_ENDPOINT unset), it
   * exports none and the OpenTelemetry SDK is not even loaded.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetWhenEmpty(otlpEndpoint),
  /** Where traces go, used as it is (no path added); wins over OTEL_EXPORTER_OTLP_ENDPOINT, and turns traces on too. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: unsetWhenEmpty(otlpEndpoint),
  /** The service the traces are filed under (`service.name`). */
  OTEL_SERVICE_NAME: unsetWhenEmpty(z.string()).transform((name) => name ?? 'marketplace-gateway'),
  /** `true` exports no traces, whatever the endpoints say (the SDK's own off switch). */
  OTEL_SDK_DISABLED: unsetWhenEmpty(z.enum(['true', 'false'])),
});

/** What the gateway needs to export traces (src/tracing/trace-export.ts). */
export interface TracesConfig {
  /** Where they go, as set: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT (for the banner). */
  endpoint: string;
  /** OTEL_SERVICE_NAME. */
  serviceName: string;
}

/** Traces are exported when an OTLP endpoint is set and the SDK is not disabled; undefined: none. */
export function readTracesConfig(env: z.infer<typeof tracesEnvironment>): TracesConfig | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined || env.OTEL_SDK_DISABLED === 'true') return undefined;
  return { endpoint, serviceName: env.OTEL_SERVICE_NAME };
}
