import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { TracerProvider } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildGatewaySchema } from '../schema/build.js';
import { createAuthenticator } from './auth/create-authenticator.js';
import { OriginPolicy } from './auth/origin-policy.js';
import { systemClock, type Clock } from './clock.js';
import { Cursors } from './cursors.js';
import type { Config } from './config.js';
import type { ContextFactory } from './graphql/context.js';
import { OperationGate } from './graphql/limits/operation-gate.js';
import { GRAPHQL_PATH, graphqlPlugin } from './plugins/graphql.js';
import { GRAPHIQL_PATH, graphiqlPlugin } from './plugins/graphiql.js';
import { createMarketplaces } from './marketplaces.js';
import { OperationContext, type ProcessParts } from './operation-context.js';
import { OneLinePerRequest } from './request-log.js';
import { healthPlugin } from './plugins/health.js';
import { closeIdleConnectionsWhileClosing } from './idle-connections.js';
import { trackInFlightRequests, type InFlightRequest } from './in-flight-requests.js';
import { createEventBus } from './events/bus.js';
import { GatewayEvents } from './events/gateway-events.js';
import { OutageCatchUp } from './events/outage-catch-up.js';
import { SharedEventWork } from './events/shared-event-work.js';
import type { CallbackStore } from './store/callback-store.js';
import { openStore } from './store/open-store.js';
import { traceIdsInLogs } from './tracing/log-trace-ids.js';
import { publicationSpans } from './tracing/publication-spans.js';
import { gatewayTracer } from './tracing/spans.js';
import { storeSpans } from './tracing/store-spans.js';
import { processRateCounters, redisRateCounters } from './rate-counters.js';
import { localWork, redisWork } from './leases/shared-work.js';
import { logsItsOwnRequests, webhookIntake, WEBHOOKS_PATH } from './webhooks/intake.js';
import { WebhookProcessor } from './webhooks/processor.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { MetricsServer } from './metrics/metrics-server.js';
import { observedStore } from './store/observed-store.js';

export interface Gateway {
  app: FastifyInstance;
  /** Callback state, for operators' tools and tests that check what was stored. */
  store: CallbackStore;
  /** Starts listening, the API then the metrics; resolves with the GraphQL URL (http://host:port/graphql). */
  listen(): Promise<string>;
  /** Prometheus's `/metrics` (http://host:port/metrics) once listening; undefined before, or with METRICS_PORT=off. */
  readonly metricsUrl: string | undefined;
  /**
   * Closes websockets (1001), waits for the requests in flight, then stops the jobs, the webhook processor, the event
   * bus and the store, in that order.
   */
  close(): Promise<void>;
  /** What a closing gateway is still waiting for: for the log when a shutdown runs out of time. */
  stillOpen(): Promise<StillOpen>;
}

/** What a closing gateway has not finished. */
export interface StillOpen {
  /** The step of the close under way. */
  step: string;
  /** Requests not answered yet. */
  requests: InFlightRequest[];
  /** Connections the server still holds: requests in flight, websockets not gone yet. */
  connections: number;
}

/**
 * Composes the gateway: one Fastify server with GraphQL (HTTP and websockets) on /graphql, GraphiQL on /graphiql
 * (GRAPHIQL), the marketplaces' webhooks under /webhooks, /healthz and /readyz.
 * Process-wide clients (sessions, rate limits, circuit breakers) are made here once; each GraphQL operation gets
 * its own datasources (and DataLoaders) from them.
 */
export interface GatewayOptions {
  /**
   * The time of the gateway's own timers and schedules (webhook retries, jobs, the JWKS refetch interval); the
   * system's unless a test moves its own.
   */
  clock?: Clock;
  /**
   * Whether the subscribers of one order event share its reads and results (src/events/shared-event-work.ts); true
   * unless the subscribers benchmark measures the gateway without it (bench/subscribers.ts).
   */
  shareEventWork?: boolean;
  /**
   * Where the gateway's spans go (README, "Traces"): the global OpenTelemetry API's provider unless a test gives its
   * own (an in-memory exporter); that one is a no-op until `npm start` starts the SDK (OTEL_EXPORTER_OTLP_ENDPOINT).
   */
  tracerProvider?: TracerProvider;
}

export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const clock = options.clock ?? systemClock;
  const tracer = gatewayTracer(options.tracerProvider);
  const { server } = config;
  const app = Fastify({
    logger: { level: config.logLevel, mixin: traceIdsInLogs },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    logController: new OneLinePerRequest(logsItsOwnRequests),
    // Fastify leaves a request's arrival unbounded and a silent connection open forever: a body trickled a byte at a
    // time would hold its connection, and its memory, for good (README, "Limits").
    requestTimeout: server.requestTimeoutMs,
    connectionTimeout: server.connectionTimeoutMs,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    http: {
      headersTimeout: server.headersTimeoutMs,
      requestTimeout: server.requestTimeoutMs,
      // Node looks for requests past these timeouts this often (30 s by default, which would let one run that much
      // longer); at least every second, and more often when a timeout is shorter.
      connectionsCheckingInterval: Math.min(1000, server.headersTimeoutMs),
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  const inFlight = trackInFlightRequests(app);
  let closingStep = 'not closing';

  const metricsLog = app.log.child({ component: 'metrics' });
  const metrics = new GatewayMetrics(metricsLog);
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : new MetricsServer(metrics.registry, metricsLog, { port: config.metricsPort, host: config.host });
  let metricsUrl: string | undefined;
  // Metrics and traces both watch every store call: its latency is measured inside its span.
  const store = observedStore(
    observedStore(await openStore(config.store), metrics.store.around),
    storeSpans(tracer, config.store.kind),
  );
  const eventBus = createEventBus(config.redisUrl, app.log, config.subscriptionBufferEvents, metrics.events);
  metrics.events.listen(eventBus);
  const events = new GatewayEvents(store, publicationSpans(eventBus.bus, tracer, eventBus.link !== undefined), app.log);
  // With Redis, order events of other instances come from the store while Redis is away.
  const catchUp =
    eventBus.link &&
    new OutageCatchUp({
      store,
      bus: eventBus,
      link: eventBus.link,
      clock,
      intervalMs: config.redisOutagePollMs,
      logger: app.log.child({ component: 'outage-catch-up' }),
    });
  const rateCounters = config.redisUrl
    ? await redisRateCounters(config.redisUrl, app.log.child({ component: 'rate-counters' }))
    : processRateCounters();
  const sharedWork = config.redisUrl
    ? await redisWork(config.redisUrl, {
        ttlMs: config.leaseTtlMs,
        store: config.store,
        logger: app.log.child({ component: 'leases' }),
      })
    : localWork();
  const cursors = Cursors.withKey(config.cursorSecret);
  if (config.cursorSecret === undefined && config.redisUrl !== undefined) {
    // Instances behind one address each sign with a random key: a page asked of another instance is refused.
    app.log.warn(
      'CURSOR_SECRET is not set: paging cursors are good on the instance that gave them out, until it stops; set the ' +
        'same CURSOR_SECRET on every instance',
    );
  }
  const marketplaces = createMarketplaces(
    { ...config, http: { ...config.http, observer: metrics.upstream, tracer } },
    { store, events, logger: app.log, clock, rateCounters, cursors },
  );
  metrics.webhooks.watchBacklog(
    store,
    marketplaces.webhookHandlers.map((handler) => handler.source),
  );
  const processor = new WebhookProcessor({
    store,
    handlers: marketplaces.webhookHandlers,
    logger: app.log,
    sweepIntervalMs: config.webhooks.sweepIntervalMs,
    sweepBatch: config.webhooks.sweepBatch,
    concurrency: config.webhooks.applyConcurrency,
    queueLimit: config.webhooks.applyQueueLimit,
    retry: config.webhooks.retry,
    clock,
    observer: metrics.webhooks,
    tracer,
  });
  // Only the sweep is shared: each fresh webhook is applied by the instance that received it.
  const jobs = [processor.sweeps, ...marketplaces.jobs].map((job) => sharedWork.share(job));
  const shared: ProcessParts = {
    marketplaces,
    store,
    events,
    webhooks: processor,
    cursors,
    eventWork: new SharedEventWork(config.requestDeadlineMs, options.shareEventWork),
    deliveries: metrics.events,
    requestDeadlineMs: config.requestDeadlineMs,
  };
  const context: ContextFactory = (origin) => new OperationContext(origin, shared);

  for (const handler of marketplaces.webhookHandlers) {
    await app.register(webhookIntake, {
      prefix: `${WEBHOOKS_PATH}${handler.source}`,
      handler,
      store,
      processor,
      bodyLimitBytes: Math.min(handler.bodyLimitBytes ?? Number.POSITIVE_INFINITY, config.webhooks.bodyLimitBytes),
      observer: metrics.webhooks,
      tracer,
    });
  }
  app.addHook('onReady', async () => {
    await catchUp?.start();
    for (const job of jobs) job.start();
  });
  // Fastify's close: preClose hooks (the GraphQL plugin closes websockets), then the server waits for the requests in
  // flight, then onClose hooks.
  app.addHook('preClose', async () => {
    closingStep = 'websockets, then requests in flight';
  });
  closeIdleConnectionsWhileClosing(app);
  const schema = await buildGatewaySchema({ listMaxItems: config.listArgumentMaxItems });
  const gate = new OperationGate({
    schema,
    limits: config.limits,
    calls: marketplaces.calls,
    counters: rateCounters,
    logger: app.log,
  });
  // In this order: nothing may be applied to a closed store.
  const closeSteps: Array<[step: string, close: () => void | Promise<void>]> = [
    [
      'jobs',
      async () => {
        for (const job of jobs) await job.stop();
      },
    ],
    ['the webhook processor (events being applied)', () => processor.stop()],
    ['the order events read while Redis is away', async () => catchUp?.stop()],
    ['the event bus', () => eventBus.close()],
    ['the rate counters', () => rateCounters.close()],
    ['the leases', () => sharedWork.close()],
    // Scraped until here, so the drain shows; a scrape under way is answered before the store it reads closes.
    ['the metrics server', async () => metricsServer?.close()],
    ['the store', () => store.close()],
  ];
  app.addHook('onClose', async () => {
    for (const [step, close] of closeSteps) {
      closingStep = step;
      await close();
    }
    closingStep = 'closed';
  });

  await app.register(healthPlugin, {
    checks: { store: { probe: () => store.ping(), fatal: true }, ...sharedWork.checks, ...marketplaces.checks },
  });
  await app.register(graphqlPlugin, {
    schema,
    gate,
    context,
    authenticator: createAuthenticator(config.auth, app.log, clock),
    origins: new OriginPolicy(config.corsOrigins),
    landingPage: !config.production,
    graphiqlPath: config.graphiql ? GRAPHIQL_PATH : undefined,
    introspection: config.introspection,
    errors: { maskUnexpected: config.production, hideSchemaDetails: !config.introspection },
    bodyLimitBytes: config.graphqlBodyLimitBytes,
    socketLimits: config.socketLimits,
    trustedDocuments: config.trustedDocuments,
    metrics,
    tracer,
  });
  if (config.graphiql) await app.register(graphiqlPlugin, { graphqlPath: GRAPHQL_PATH });

  return {
    app,
    store,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      metricsUrl = await metricsServer?.listen();
      return `http://${host}:${port}${GRAPHQL_PATH}`;
    },
    get metricsUrl() {
      return metricsUrl;
    },
    close: () => app.close(),
    stillOpen: async () => ({
      step: closingStep,
      requests: inFlight(),
      connections: await promisify(app.server.getConnections.bind(app.server))(),
    }),
  };
}
