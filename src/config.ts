import { z } from 'zod';
import { MARKETPLACE_MODULES } from '../datasources/modules.js';
import { authEnvironment, readAuthConfig, type AuthConfig } from './auth/auth-config.js';
import { describeIssues, integer } from './config-fields.js';
import { DEFAULT_SUBSCRIPTION_BUFFER } from './events/local-topics.js';
import type { HttpConfig } from './http/http-config.js';
import type { MarketplaceModule } from './marketplace-module.js';

export type { HttpConfig } from './http/http-config.js';
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
  /** `production` turns off Apollo Sandbox and introspection. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted GraphQL request body. */
  GRAPHQL_BODY_LIMIT_BYTES: integer(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  /** Browser origins allowed to call /graphql (CORS and websockets); default: Apollo Sandbox's outside production, none in it. */
  CORS_ORIGINS: origins.optional(),
  /** `on` answers `__schema` queries and suggests field names in errors; default on outside production, off in it. */
  INTROSPECTION: z.enum(['on', 'off']).optional(),
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

  ...marketplaceEnvironment,

  /** Largest webhook body accepted (a Fruugo order download holds about 1 KB per order). */
  WEBHOOK_BODY_LIMIT_BYTES: integer(1024, 100 * 1024 * 1024).default(MONGODB_SAFE_BODY_LIMIT_BYTES),
  /** How often stored webhooks that could not be applied yet are tried again. */
  WEBHOOK_RETRY_SECONDS: integer(1, 3600).default(30),

  /** Where the embedded store keeps its file (callback state, orders known only from callbacks). */
  DATA_DIR: z.string().min(1).default('data'),
  /** Keep callback state in MongoDB (the production store) instead of the embedded file, e.g. mongodb://host/gateway. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, { message: 'must be a mongodb:// or mongodb+srv:// URI' })
    .optional(),
  /**
   * With several gateway instances: publish events through Redis so every instance's subscribers see them. Needs
   * MONGODB_URI, the store they share.
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
   * Live events one subscription holds for a client slower than they come; past that the oldest are dropped (order
   * events are then read back from the store, stock and ASN events are lost), so a slow client costs bounded memory.
   */
  SUBSCRIPTION_BUFFER_EVENTS: integer(10, 100_000).default(DEFAULT_SUBSCRIPTION_BUFFER),
});

export interface WebhookConfig {
  bodyLimitBytes: number;
  retryIntervalMs: number;
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
  production: boolean;
  /** Who may call, and how they prove it. */
  auth: AuthConfig;
  /** Browser origins allowed to call /graphql. */
  corsOrigins: string[];
  /** Introspection and field suggestions. */
  introspection: boolean;
  logLevel: string;
  graphqlBodyLimitBytes: number;
  /** Whether simulators stand in for the marketplaces not configured: SANDBOX resolved against NODE_ENV. */
  sandbox: boolean;
  http: HttpConfig;
  webhooks: WebhookConfig;
  dataDir: string;
  /** Undefined: the embedded store under `dataDir`. */
  mongodbUri: string | undefined;
  /** Undefined: events stay in this process. */
  redisUrl: string | undefined;
  /** REDIS_OUTAGE_POLL_MS. */
  redisOutagePollMs: number;
  /** SUBSCRIPTION_BUFFER_EVENTS. */
  subscriptionBufferEvents: number;
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

  const marketplaces: Record<string, unknown> = {};
  for (const module of MARKETPLACE_MODULES as readonly MarketplaceModule[]) {
    marketplaces[module.key] = module.readConfig(env, problems);
  }
  if (env.MONGODB_URI && env.WEBHOOK_BODY_LIMIT_BYTES > MONGODB_SAFE_BODY_LIMIT_BYTES) {
    // A larger body would be acknowledged by nobody: MongoDB refuses the document, and the sender retries forever.
    problems.push(
      `WEBHOOK_BODY_LIMIT_BYTES may be at most ${MONGODB_SAFE_BODY_LIMIT_BYTES} with MONGODB_URI (MongoDB keeps documents of up to 16 MiB)`,
    );
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
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: env.PORT,
    host: env.HOST,
    production,
    auth,
    corsOrigins: env.CORS_ORIGINS ?? (production ? [] : APOLLO_SANDBOX_ORIGINS),
    introspection: (env.INTROSPECTION ?? (production ? 'off' : 'on')) === 'on',
    logLevel: env.LOG_LEVEL,
    graphqlBodyLimitBytes: env.GRAPHQL_BODY_LIMIT_BYTES,
    sandbox: env.SANDBOX === 'on' || (env.SANDBOX === 'auto' && env.NODE_ENV !== 'production'),
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
    },
    // Each key was set above from its module, which is what MarketplaceConfigs is made of.
    ...(marketplaces as MarketplaceConfigs),
    webhooks: { bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES, retryIntervalMs: env.WEBHOOK_RETRY_SECONDS * 1000 },
    dataDir: env.DATA_DIR,
    mongodbUri: env.MONGODB_URI,
    redisUrl: env.REDIS_URL,
    redisOutagePollMs: env.REDIS_OUTAGE_POLL_MS,
    subscriptionBufferEvents: env.SUBSCRIPTION_BUFFER_EVENTS,
  };
}

/** A marketplace's section of `config`, as its module reads it: undefined when the marketplace is off. */
export function marketplaceConfig(config: Config, module: MarketplaceModule): unknown {
  return (config as unknown as Record<string, unknown>)[module.key];
}
