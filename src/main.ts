import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { checkCanListen } from './listen-check.js';
import { listenFailure } from './listen-failure.js';
import { loggable } from './marketplaces-log.js';
import { GRAPHIQL_PATH } from './plugins/graphiql.js';
import { shutDown, type ClosingPart } from './shutdown.js';
import { SimulatorsMissing, startSimulators } from './simulators.js';
import { DataDirInUse } from './store/data-dir-in-use.js';

/** `npm start`: the gateway, with simulators standing in for every marketplace not configured (when `config.sandbox`). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { host, port, metricsPort } = config;
  // Loaded only when traces are exported: otherwise the OpenTelemetry SDK is never read, and the gateway's spans are
  // the API's no-ops.
  const traces = config.traces && (await import('./tracing/trace-export.js')).startTraceExport(config.traces);
  // A listen error is the operator's to fix (PORT, METRICS_PORT, HOST): one line saying so, not a stack trace. Node's
  // error names the port it was about.
  const cannotListen = async (error: unknown, release: () => Promise<void>): Promise<never> => {
    const metrics = metricsPort !== undefined && (error as { port?: unknown }).port === metricsPort;
    const failure = metrics
      ? listenFailure(error, host, metricsPort, 'METRICS_PORT')
      : listenFailure(error, host, port, 'PORT');
    if (failure === undefined) throw error;
    console.error(failure);
    await release();
    process.exit(1);
  };
  for (const opened of metricsPort === undefined ? [port] : [port, metricsPort]) {
    await checkCanListen(host, opened).catch((error: unknown) => cannotListen(error, async () => {}));
  }
  const sandboxes = await startSimulators(config).catch((error: unknown) => {
    if (!(error instanceof SimulatorsMissing)) throw error;
    console.error(error.message);
    process.exit(1);
  });
  // Loaded once the configuration is known to be good: a bad variable is reported before the whole gateway (GraphQL,
  // every marketplace client) has been read from disk.
  const { createGateway } = await import('./gateway.js');
  const gateway = await createGateway(sandboxes.config).catch(async (error: unknown) => {
    // Another process on the same DATA_DIR is the operator's to resolve: one line naming it, not a stack trace.
    if (!(error instanceof DataDirInUse)) throw error;
    console.error(error.message);
    await sandboxes.close();
    process.exit(1);
  });
  // Still possible: something may take the port in the moment since it was checked.
  const url = await gateway.listen().catch((error: unknown) =>
    cannotListen(error, async () => {
      await gateway.close();
      await sandboxes.close();
    }),
  );
  // Simulators call back over IPv4 loopback: `localhost` may resolve to ::1, where a 0.0.0.0 listener is not.
  sandboxes.connect(new URL(url).origin.replace('//localhost', '//127.0.0.1'));

  const banner = [
    '',
    // Production serves no Sandbox page: the banner must not send anyone looking for it.
    config.production ? `  Gateway ready: ${url}` : `  Gateway ready: open ${url} in a browser for Apollo Sandbox`,
    `  Subscriptions: ${url.replace(/^http/, 'ws')} (graphql-ws)`,
    // Sandbox's own page can only name GraphiQL where Sandbox failed to load: the banner names it always.
    ...(config.graphiql ? [`  GraphiQL (works offline): ${new URL(GRAPHIQL_PATH, url).href}`] : []),
    ...(gateway.metricsUrl ? [`  Metrics (Prometheus): ${gateway.metricsUrl}`] : []),
    ...(config.traces ? [`  Traces: OTLP to ${loggable(config.traces.endpoint)} as ${config.traces.serviceName}`] : []),
    ...sandboxes.started.map((line) => `  Sandbox: ${line}`),
    ...(config.store.kind === 'embedded' && config.store.fresh
      ? [`  Sandbox store: ${config.store.file}, new at every start like the simulators' sample data`]
      : []),
    '',
  ];
  console.log(banner.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = config.shutdownGraceMs;
    gateway.app.log.info({ signal, graceMs }, 'shutting down');
    const parts: ClosingPart[] = [
      { name: 'gateway', close: () => gateway.close(), stillOpen: () => gateway.stillOpen() },
      { name: 'simulators', close: () => sandboxes.close() },
      // Last, so the spans of everything before are sent too.
      ...(traces ? [{ name: 'traces', close: () => traces.stop(gateway.app.log) }] : []),
    ];
    process.exit(await shutDown(parts, graceMs, gateway.app.log));
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
