import { join } from 'node:path';
import { z } from 'zod';
import { MARKETPLACE_MODULES } from '../datasources/modules.js';
import { authEnvironment, readAuthConfig, type AuthConfig } from './auth/auth-config.js';
import { UNLIMITED, type CallerLimits } from './auth/caller-limits.js';
import { describeIssues, integer } from './config-fields.js';
import { MIN_CURSOR_SECRET_LENGTH } from './cursors.js';
import { DEFAULT_SUBSCRIPTION_BUFFER } from './events/local-topics.js';
import type { OperationLimitsConfig } from './graphql/limits/operation-gate.js';
import { DEFAULT_LIST_ARGUMENT_MAX_ITEMS } from './graphql/argument-checks.js';
import type { SocketLimitsConfig } from './graphql/socket-limits.js';
import { TrustedDocuments } from './graphql/trusted-documents.js';
import type { HttpConfig } from './http/http-config.js';
import type { MarketplaceModule } from './marketplace-module.js';
import type { StoreLocation } from './store/open-store.js';
import { readTracesConfig, tracesEnvironment, type TracesConfig } from './tracing/traces-config.js';
import type { WebhookRetrySchedule } from './webhooks/retry-schedule.js';

export type { HttpConfig } from './http/http-config.js';
export type { StoreLocation } from './store/open-store.js';
export { NOON_PRODUCTION_URL, type NoonConfig } from '../datasources/noon/config.js';
export { FRUUGO_PRODUCTION_URL, type FruugoConfig } from '../datasources/fruugo/config.js';
export type { IncreffConfig } from '../datasources/increff/config.js';
export type { MarketplacerConfig } from '../datasources/marketplacer/config.js';

/**
 * The largest webhook body MongoDB can always keep: a document holds at most 16 MiB, and the stored event carries
 * its own fields besides the body. The default limit, and the most allowed with MONGODB_URI.
 */
const MONGODB_SAFE_BODY_LIMIT_BYTES = 15 * 1024 * 1024;

/**
 * The pages Apollo Sandbox runs in: the landing page embeds it from the first, and the hosted Sandbox is the second.
 * Allowed by default outside production, so Sandbox works in one step.
 */
const APOLLO_SANDBOX_ORIGINS = ['https://sandbox.embed.apollographql.com', 'https://studio.apollographql.com'];

/** CORS_ORIGINS: comma-separated origins (`scheme://host[:port]`, no path), e.g. `https://ops.example.com`. */
const origins = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine((origin) => URL.canParse(origin) && new URL(origin).origin === origin, {
        error: (issue) =>
          `${String(issue.input)} is not an origin: write scheme://host[:port], without a path or a trailing slash`,
      }),
    ),
  );

/** Every marketplace's variables (`datasources/<marketplace>/config.ts`), in the order of the modules list. */
const marketplaceEnvironment: z.ZodRawShape = Object.assign(
  {},
  ...MARKETPLACE_MODULES.map((module): z.ZodRawShape => module.environment),
);

/**
 * Every environment variable the gateway reads, with its default: the gateway-wide ones here, each marketplace's in
 * its module. The README's configuration table is written from these lists; keep them together.
 */
const environment = z.object({
  /** Port of the one HTTP server (GraphQL, websockets, webhooks, health). */
  PORT: integer(0, 65535).default(4000),
  /** Interface to bind; 0.0.0.0 for containers, 127.0.0.1 to stay local. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * Port of Prometheus's `/metrics`, on HOST: a server of its own, apart from the API's, so the metrics need not be
   * public. 0 takes a free port; `off` opens none (the metrics are still counted, for nobody).
   */
  METRICS_PORT: z
    .union([z.literal('off'), integer(0, 65535)], { error: 'must be a port (0-65535) or off' })
    .default(9464),
  /** `production` turns off Apollo Sandbox and introspection. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted GraphQL request body. */
  GRAPHQL_BODY_LIMIT_BYTES: integer(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  /**
   * The most items any list argument may hold (statuses, SKUs, the items of an ASN), checked before anything runs.
   * The default is the largest list a field takes (setInboundShipmentItems' 50,000 items); fields take less of their
   * own (`inventoryLevels`' 1,000 SKUs).
   */
  LIST_ARGUMENT_MAX_ITEMS: integer(1, 1_000_000).default(DEFAULT_LIST_ARGUMENT_MAX_ITEMS),
  /**
   * The key paging cursors are signed with (HMAC-SHA256), so a forged or altered cursor is refused. Set the same one
   * on every instance behind one address, and cursors stay good across instances and restarts; unset, each process
   * signs with a random key of its own, and a cursor is good until that process stops.
   */
  CURSOR_SECRET: z
    .string()
    .min(MIN_CURSOR_SECRET_LENGTH, { message: `must be at least ${MIN_CURSOR_SECRET_LENGTH} characters` })
    .optional(),
  /**
   * How long one GraphQL operation waits for marketplaces: every upstream call it makes (each attempt, retries,
   * `Retry-After` and rate-limit waits) ends by then, so the answer, with what the healthy marketplaces gave and an
   * error for each other, is never later. The default equals HTTP_TIMEOUT_MS's: one operation waits no longer than
   * one attempt may.
   */
  REQUEST_DEADLINE_MS: integer(100, 120_000).default(10_000),
  /**
   * How long SIGTERM / SIGINT wait for the shutdown (websockets closed, requests in flight answered, jobs, webhook
   * processor, store) before the process exits anyway, with code 1 and a log of what was still open. The default
   * leaves a GraphQL request that began just before the signal its whole REQUEST_DEADLINE_MS, and 5 s for the rest.
   */
  SHUTDOWN_GRACE_MS: integer(100, 600_000).default(15_000),
  /**
   * How long a client may take to send a request's headers; past it the connection is closed (408). A client that
   * trickles its headers holds a connection and nothing more. At most SERVER_REQUEST_TIMEOUT_MS.
   */
  SERVER_HEADERS_TIMEOUT_MS: integer(100, 600_000).default(10_000),
  /**
   * How long a client may take to send a whole request, headers and body: a body trickled a byte at a time is cut
   * here (408), whatever its size. A webhook's 15 MiB needs 4 Mbit/s to arrive in time.
   */
  SERVER_REQUEST_TIMEOUT_MS: integer(100, 3_600_000).default(30_000),
  /**
   * How long a connection may stay silent, neither side sending, while a request is open; it is then closed (a
   * client that stops reading its answer, say). Above REQUEST_DEADLINE_MS (at most 2 minutes), the longest an
   * operation waits for marketplaces in silence. Websockets are not affected.
   */
  SERVER_CONNECTION_TIMEOUT_MS: integer(1000, 3_600_000).default(150_000),
  /**
   * How long an idle kept-alive connection waits for its next request. Keep it above the idle timeout of a load
   * balancer in front (60 s on AWS), so the gateway never closes a connection the balancer is about to reuse.
   */
  SERVER_KEEP_ALIVE_TIMEOUT_MS: integer(1000, 600_000).default(72_000),
  /**
   * The most an operation may cost before it runs (README, Limits): each object its answer can hold and each upstream
   * call it can cause count 1, a list sized by `first` or by SKUs pays for what it selects that many times. The
   * default is twice the largest single field (updateStock's 10,000 results); the bombs of issue 13 cost 100,000+.
   */
  OPERATION_MAX_COST: integer(1, UNLIMITED).default(20_000),
  /** The deepest selection an operation may make; the schema's deepest path is 5, fragment spreads count a level. */
  OPERATION_MAX_DEPTH: integer(1, UNLIMITED).default(10),
  /**
   * The most aliases an operation may use (`__typename` ones are free): each alias of a field that reaches a
   * marketplace is a call of its own, whatever it costs. 50: a batch of 50 orders read by id in one request.
   */
  OPERATION_MAX_ALIASES: integer(1, UNLIMITED).default(50),
  /**
   * The most tokens a GraphQL document may have, checked while it is parsed, for every caller: large lists belong in
   * variables, which are not tokens.
   */
  OPERATION_MAX_TOKENS: integer(100, UNLIMITED).default(20_000),
  /** Operations a caller (API key, token subject, or the address of an anonymous one) may send a minute. */
  RATE_LIMIT_REQUESTS_PER_MINUTE: integer(1, UNLIMITED).default(600),
  /** Cost a caller's operations may add up to a minute; at least OPERATION_MAX_COST. */
  RATE_LIMIT_COST_PER_MINUTE: integer(1, UNLIMITED).default(200_000),
  /** Browser origins allowed to call /graphql (CORS and websockets); default: Apollo Sandbox's outside production, none in it. */
  CORS_ORIGINS: origins.optional(),
  /** `on` answers `__schema` queries and suggests field names in errors; default on outside production, off in it. */
  INTROSPECTION: z.enum(['on', 'off']).optional(),
  /** `on` serves GraphiQL at /graphiql from the gateway's own files; default on outside production, off in it. */
  GRAPHIQL: z.enum(['on', 'off']).optional(),
  /**
   * A persisted-documents manifest (`clients/typescript/generated/persisted-documents.json`): the only operations
   * callers who are not admins may run, by text or by hash (README, "Trusted documents"). Unset: any operation.
   */
  TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
  ...authEnvironment.shape,
  /**
   * Simulators for the marketplaces that are not configured. `auto`: outside production only, so a production
   * gateway never answers with sample data; `on`: in production too, an explicit choice (a staging demo); `off`:
   * never. A marketplace that is neither configured nor simulated is off.
   */
  SANDBOX: z.enum(['auto', 'on', 'off']).default('auto'),

  /** How the gateway names itself on every upstream call. */
  USER_AGENT: z.string().min(3).default('marketplace-gateway/0.1.0'),
  /** Limit of one upstream attempt. */
  HTTP_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  /** Retries after the first attempt (see src/http/retry-policy.ts for which calls are retried). */
  HTTP_MAX_RETRIES: integer(0, 10).default(4),
  HTTP_RETRY_BASE_MS: integer(1, 60_000).default(250),
  HTTP_RETRY_MAX_MS: integer(1, 300_000).default(30_000),
  /** A longer `Retry-After` is passed to the client instead of waited for. */
  HTTP_MAX_RETRY_AFTER_MS: integer(0, 600_000).default(60_000),
  /** Consecutive failed calls that pause calls to a marketplace, and for how long. */
  HTTP_BREAKER_THRESHOLD: integer(1, 1000).default(10),
  HTTP_BREAKER_HALF_OPEN_MS: integer(100, 600_000).default(10_000),
  /**
   * The largest share of a marketplace's request budget (e.g. noon's NOON_REQUESTS_PER_MINUTE) that one caller's
   * operations may take in a minute, so that one key, token or address leaves the rest to the others. 100: no cap
   * (callers who wait still get turns in rotation). Webhooks and jobs are the gateway's own and take no share.
   */
  UPSTREAM_CALLER_SHARE_PERCENT: integer(1, 100).default(50),

  ...marketplaceEnvironment,

  /** Largest webhook body accepted (a Fruugo order download holds about 1 KB per order). */
  WEBHOOK_BODY_LIMIT_BYTES: integer(1024, 100 * 1024 * 1024).default(MONGODB_SAFE_BODY_LIMIT_BYTES),
  /** How often the gateway looks for stored webhooks that are due (a failed one whose backoff is over, one left by a restart). */
  WEBHOOK_RETRY_SECONDS: integer(1, 3600).default(5),
  /** The wait after a webhook's first failed attempt; it doubles after each later one, with jitter. */
  WEBHOOK_RETRY_BASE_MS: integer(1, 3_600_000).default(1000),
  /** The longest wait between two attempts at one webhook. */
  WEBHOOK_RETRY_MAX_MS: integer(1, 86_400_000).default(300_000),
  /** Attempts a webhook gets (the first included) before it is parked as DEAD, until an operator replays it. */
  WEBHOOK_MAX_ATTEMPTS: integer(1, 1000).default(20),
  /** Webhooks applied at once; the others wait for a slot, those never attempted first. */
  WEBHOOK_APPLY_CONCURRENCY: integer(1, 1000).default(8),
  /** Webhooks waiting for a slot; one more acknowledged then stays stored (RECEIVED) for the sweep. */
  WEBHOOK_APPLY_QUEUE_LIMIT: integer(1, 1_000_000).default(1000),
  /** The most stored webhooks one retry sweep takes. */
  WEBHOOK_SWEEP_BATCH: integer(1, 10_000).default(100),

  /**
   * Where the embedded store keeps its file (callback state, orders known only from callbacks): `gateway.sqlite`, or
   * `sandbox.sqlite`, made anew at every start, while simulators run.
   */
  DATA_DIR: z.string().min(1).default('data'),
  /**
   * Keep callback state in MongoDB (the production store) instead of the embedded file, e.g. mongodb://host/gateway.
   * Not with simulators: a database remembers, and they start from their sample data at every start.
   */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, { message: 'must be a mongodb:// or mongodb+srv:// URI' })
    .optional(),
  /**
   * With several gateway instances: publish events through Redis so every instance's subscribers see them, count
   * rate limits there, and run the scheduled work on one instance at a time. Needs MONGODB_URI, the store they share.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
    .optional(),
  /**
   * While this instance's Redis subscription is lost, how often it reads other instances' order events from the store
   * for its subscribers (src/events/outage-catch-up.ts): the most they are delayed during an outage.
   */
  REDIS_OUTAGE_POLL_MS: integer(50, 60_000).default(1000),
  /**
   * With REDIS_URL, the time to live of the leases through which one instance at a time runs the scheduled work
   * (Fruugo's order download, the webhook retry sweep): the holder renews its lease every third of it, and when the
   * holder dies another instance takes the work over within about this long and a third. While Redis does not answer
   * for this long, every instance runs the work itself (README, "Several instances").
   */
  REDIS_LEASE_TTL_MS: integer(1000, 600_000).default(15_000),
  /**
   * Live events one subscription holds for a client slower than they come; past that the oldest are dropped (order
   * events are then read back from the store, stock and ASN events are lost), so a slow client costs bounded memory.
   */
  SUBSCRIPTION_BUFFER_EVENTS: integer(10, 100_000).default(DEFAULT_SUBSCRIPTION_BUFFER),
  /**
   * Websockets one caller may hold open at once on this instance: an API key's name or a token's subject, or the
   * address of an unauthenticated caller. One more is closed with 4429 after its `connection_init`; the caller's
   * other sockets are untouched.
   */
  WEBSOCKETS_PER_CALLER: integer(1, 100_000).default(20),
  /** Websockets this instance holds open at once, every caller together; one more is closed with 1013 (try again later). */
  WEBSOCKETS_MAX: integer(1, 1_000_000).default(1000),
  /**
   * Operations open at once on one websocket (subscriptions, and queries or mutations while they run); one more is
   * answered an `error` for it alone, and the socket and its other subscriptions go on.
   */
  SUBSCRIPTIONS_PER_SOCKET: integer(1, 10_000).default(100),
  /** OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, …: src/tracing/traces-config.ts). */
  ...tracesEnvironment.shape,
});

/** The name of every variable the gateway reads: what a deployment may set (compose.yaml and the Dockerfile set no other). */
export const ENVIRONMENT_VARIABLES: ReadonlySet<string> = new Set(Object.keys(environment.shape));

/** What the gateway's HTTP server allows its clients (src/gateway.ts). */
export interface ServerTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export interface WebhookConfig {
  bodyLimitBytes: number;
  /** How often the sweep looks for webhooks that are due. */
  sweepIntervalMs: number;
  /** The most webhooks one sweep takes. */
  sweepBatch: number;
  /** Webhooks applied at once. */
  applyConcurrency: number;
  /** Webhooks waiting for a slot. */
  applyQueueLimit: number;
  /** Attempts and backoff of a webhook that fails to apply. */
  retry: WebhookRetrySchedule;
}

type Modules = (typeof MARKETPLACE_MODULES)[number];

/** Each marketplace's section of the configuration, by its module's key: undefined when it is not configured. */
export type MarketplaceConfigs = {
  [M in Modules as M['key']]: Parameters<M['create']>[0] | undefined;
};

/** Undefined sections (`noon`, `fruugo`, …) are marketplaces not configured (a simulator takes their place when `sandbox`). */
export interface Config extends MarketplaceConfigs {
  port: number;
  host: string;
  /** METRICS_PORT; undefined when `off`. */
  metricsPort: number | undefined;
  production: boolean;
  /** Who may call, and how they prove it. */
  auth: AuthConfig;
  /** Browser origins allowed to call /graphql. */
  corsOrigins: string[];
  /** Introspection and field suggestions. */
  introspection: boolean;
  /** GraphiQL at /graphiql (GRAPHIQL). */
  graphiql: boolean;
  /** TRUSTED_DOCUMENTS_FILE's documents; undefined: every operation may run. */
  trustedDocuments: TrustedDocuments | undefined;
  logLevel: string;
  graphqlBodyLimitBytes: number;
  /** LIST_ARGUMENT_MAX_ITEMS. */
  listArgumentMaxItems: number;
  /** CURSOR_SECRET; undefined: a random key per process. */
  cursorSecret: string | undefined;
  /** What one GraphQL operation's upstream calls have, all together (REQUEST_DEADLINE_MS). */
  requestDeadlineMs: number;
  /** How long a shutdown may take before the process exits anyway (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** What the HTTP server allows clients: SERVER_HEADERS_TIMEOUT_MS and the other SERVER_ variables. */
  server: ServerTimeouts;
  /** Whether simulators stand in for the marketplaces not configured: SANDBOX resolved against NODE_ENV. */
  sandbox: boolean;
  http: HttpConfig;
  webhooks: WebhookConfig;
  /** Where callback state lives: MongoDB with MONGODB_URI, else a file under DATA_DIR (a fresh one while simulators run). */
  store: StoreLocation;
  /** Undefined: events stay in this process. */
  redisUrl: string | undefined;
  /** REDIS_OUTAGE_POLL_MS. */
  redisOutagePollMs: number;
  /** REDIS_LEASE_TTL_MS. */
  leaseTtlMs: number;
  /** SUBSCRIPTION_BUFFER_EVENTS. */
  subscriptionBufferEvents: number;
  /** WEBSOCKETS_PER_CALLER, WEBSOCKETS_MAX, SUBSCRIPTIONS_PER_SOCKET. */
  socketLimits: SocketLimitsConfig;
  /** What each operation and each caller is held to (OPERATION_MAX_*, RATE_LIMIT_*, an API key's `limits`). */
  limits: OperationLimitsConfig;
  /** Where traces are exported (OTEL_*); undefined: none are. */
  traces: TracesConfig | undefined;
}

/** Start-up refused: the message names every bad or missing variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Reads and checks the environment; throws ConfigError listing every problem at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(source);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  const env = parsed.data;
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const auth = readAuthConfig(env, production, problems);
  const trustedDocuments =
    env.TRUSTED_DOCUMENTS_FILE === undefined ? undefined : TrustedDocuments.read(env.TRUSTED_DOCUMENTS_FILE, problems);

  const marketplaces: Record<string, unknown> = {};
  for (const module of MARKETPLACE_MODULES as readonly MarketplaceModule[]) {
    marketplaces[module.key] = module.readConfig(env, problems);
  }
  const sandbox = env.SANDBOX === 'on' || (env.SANDBOX === 'auto' && env.NODE_ENV !== 'production');
  // Every marketplace module has a simulator (sandbox/start.ts): with `sandbox`, each one not configured gets one.
  const simulated = sandbox
    ? (MARKETPLACE_MODULES as readonly MarketplaceModule[])
        .filter((module) => marketplaces[module.key] === undefined)
        .map((module) => module.marketplace)
    : [];
  if (env.MONGODB_URI && simulated.length > 0) {
    // Simulators start from their sample data at every start; a database would remember what they have forgotten.
    problems.push(
      `MONGODB_URI is not for a gateway with simulators (SANDBOX=${env.SANDBOX}, ${simulated.join(', ')} not ` +
        'configured): they start from their sample data at every start, so their store starts empty too (a file under ' +
        'DATA_DIR). Unset MONGODB_URI, or set SANDBOX=off, or configure every marketplace',
    );
  }
  if (env.MONGODB_URI && env.WEBHOOK_BODY_LIMIT_BYTES > MONGODB_SAFE_BODY_LIMIT_BYTES) {
    // A larger body would be acknowledged by nobody: MongoDB refuses the document, and the sender retries forever.
    problems.push(
      `WEBHOOK_BODY_LIMIT_BYTES may be at most ${MONGODB_SAFE_BODY_LIMIT_BYTES} with MONGODB_URI (MongoDB keeps documents of up to 16 MiB)`,
    );
  }
  if (env.SERVER_HEADERS_TIMEOUT_MS > env.SERVER_REQUEST_TIMEOUT_MS) {
    // Node refuses it: the headers are part of the request.
    problems.push(
      'SERVER_HEADERS_TIMEOUT_MS may be at most SERVER_REQUEST_TIMEOUT_MS (the headers are part of the request)',
    );
  }
  if (env.SERVER_CONNECTION_TIMEOUT_MS <= env.REQUEST_DEADLINE_MS) {
    // An operation waiting for marketplaces sends nothing until it answers: it would be cut before its deadline.
    problems.push(
      'SERVER_CONNECTION_TIMEOUT_MS must be above REQUEST_DEADLINE_MS: an operation waiting for marketplaces leaves its connection silent that long',
    );
  }
  if (env.METRICS_PORT === env.PORT && env.PORT !== 0) {
    // The metrics server would find the port taken by the API's.
    problems.push(`METRICS_PORT must differ from PORT (both ${env.PORT}): /metrics has a server of its own`);
  }
  if (env.WEBHOOK_RETRY_BASE_MS > env.WEBHOOK_RETRY_MAX_MS) {
    problems.push('WEBHOOK_RETRY_BASE_MS may be at most WEBHOOK_RETRY_MAX_MS (the longest wait between two attempts)');
  }
  if (env.REDIS_URL && !env.MONGODB_URI) {
    // Each instance would keep its own SQLite file, whose cursors are numbered 1, 2, … like every other instance's:
    // a subscriber that resumed with one instance's cursor would drop another's live events with the same numbers.
    problems.push(
      'REDIS_URL needs MONGODB_URI: instances that share events must share one store (without MONGODB_URI each ' +
        "keeps its own file under DATA_DIR, whose cursors repeat every other instance's). Set MONGODB_URI to the " +
        'database every instance uses, or unset REDIS_URL to run one instance',
    );
  }
  const limits: CallerLimits = {
    maxCost: env.OPERATION_MAX_COST,
    maxDepth: env.OPERATION_MAX_DEPTH,
    maxAliases: env.OPERATION_MAX_ALIASES,
    requestsPerMinute: env.RATE_LIMIT_REQUESTS_PER_MINUTE,
    costPerMinute: env.RATE_LIMIT_COST_PER_MINUTE,
  };
  // A budget below the cost limit would refuse, every minute, operations the cost limit lets through.
  if (limits.costPerMinute < limits.maxCost) {
    problems.push(
      `RATE_LIMIT_COST_PER_MINUTE (${limits.costPerMinute}) must be at least OPERATION_MAX_COST (${limits.maxCost})`,
    );
  }
  for (const { name, limits: own } of auth.apiKeys) {
    const { maxCost, costPerMinute } = { ...limits, ...own };
    if (own && costPerMinute < maxCost) {
      problems.push(
        `AUTH_API_KEYS, key "${name}": limits.costPerMinute (${costPerMinute}) must be at least maxCost (${maxCost})`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: env.PORT,
    host: env.HOST,
    metricsPort: env.METRICS_PORT === 'off' ? undefined : env.METRICS_PORT,
    production,
    auth,
    corsOrigins: env.CORS_ORIGINS ?? (production ? [] : APOLLO_SANDBOX_ORIGINS),
    introspection: (env.INTROSPECTION ?? (production ? 'off' : 'on')) === 'on',
    graphiql: (env.GRAPHIQL ?? (production ? 'off' : 'on')) === 'on',
    trustedDocuments,
    logLevel: env.LOG_LEVEL,
    graphqlBodyLimitBytes: env.GRAPHQL_BODY_LIMIT_BYTES,
    listArgumentMaxItems: env.LIST_ARGUMENT_MAX_ITEMS,
    cursorSecret: env.CURSOR_SECRET,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    server: {
      headersTimeoutMs: env.SERVER_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.SERVER_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: env.SERVER_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: env.SERVER_KEEP_ALIVE_TIMEOUT_MS,
    },
    sandbox,
    http: {
      userAgent: env.USER_AGENT,
      timeoutMs: env.HTTP_TIMEOUT_MS,
      retry: {
        maxRetries: env.HTTP_MAX_RETRIES,
        baseDelayMs: env.HTTP_RETRY_BASE_MS,
        maxDelayMs: env.HTTP_RETRY_MAX_MS,
        maxRetryAfterMs: env.HTTP_MAX_RETRY_AFTER_MS,
      },
      breaker: { threshold: env.HTTP_BREAKER_THRESHOLD, halfOpenAfterMs: env.HTTP_BREAKER_HALF_OPEN_MS },
      callerSharePercent: env.UPSTREAM_CALLER_SHARE_PERCENT,
    },
    // Each key was set above from its module, which is what MarketplaceConfigs is made of.
    ...(marketplaces as MarketplaceConfigs),
    webhooks: {
      bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES,
      sweepIntervalMs: env.WEBHOOK_RETRY_SECONDS * 1000,
      sweepBatch: env.WEBHOOK_SWEEP_BATCH,
      applyConcurrency: env.WEBHOOK_APPLY_CONCURRENCY,
      applyQueueLimit: env.WEBHOOK_APPLY_QUEUE_LIMIT,
      retry: {
        maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
        baseDelayMs: env.WEBHOOK_RETRY_BASE_MS,
        maxDelayMs: env.WEBHOOK_RETRY_MAX_MS,
      },
    },
    store: storeLocation(env.MONGODB_URI, env.DATA_DIR, simulated.length > 0),
    redisUrl: env.REDIS_URL,
    redisOutagePollMs: env.REDIS_OUTAGE_POLL_MS,
    leaseTtlMs: env.REDIS_LEASE_TTL_MS,
    subscriptionBufferEvents: env.SUBSCRIPTION_BUFFER_EVENTS,
    socketLimits: {
      socketsPerCaller: env.WEBSOCKETS_PER_CALLER,
      sockets: env.WEBSOCKETS_MAX,
      operationsPerSocket: env.SUBSCRIPTIONS_PER_SOCKET,
    },
    limits: { defaults: limits, maxTokens: env.OPERATION_MAX_TOKENS },
    traces: readTracesConfig(env),
  };
}

/** MongoDB when a URI is given; else the embedded file, a fresh one of its own while simulators run. */
function storeLocation(mongodbUri: string | undefined, dataDir: string, simulators: boolean): StoreLocation {
  if (mongodbUri !== undefined) return { kind: 'mongodb', uri: mongodbUri };
  return { kind: 'embedded', file: join(dataDir, simulators ? 'sandbox.sqlite' : 'gateway.sqlite'), fresh: simulators };
}

/** A marketplace's section of `config`, as its module reads it: undefined when the marketplace is off. */
export function marketplaceConfig(config: Config, module: MarketplaceModule): unknown {
  return (config as unknown as Record<string, unknown>)[module.key];
}
