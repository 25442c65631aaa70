import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ServiceAccountKey } from '../datasources/noon/identity-wire.js';
import { authEnvironment, readAuthConfig, type AuthConfig } from './auth/auth-config.js';
import { HEADER_NAME } from './http/header-name.js';

/** noon's production gateway; used when a key is configured without a base URL. */
export const NOON_PRODUCTION_URL = 'https://noon-api-gateway.noon.partners';

/** Fruugo's Order API host (reference 3); the v3 paths start with /v3. */
export const FRUUGO_PRODUCTION_URL = 'https://order-api.fruugo.com';

/**
 * The largest webhook body MongoDB can always keep: a document holds at most 16 MiB, and the stored event carries
 * its own fields besides the body. The default limit, and the most allowed with MONGODB_URI.
 */
const MONGODB_SAFE_BODY_LIMIT_BYTES = 15 * 1024 * 1024;

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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

/**
 * NOON_WEBHOOK_HEADERS: a JSON object of header name → value, e.g. `{"x-api-key":"…"}`. Names are kept lower
 * case (HTTP header names are case-insensitive); every value must be at least 16 characters, since each one is a
 * credential (a header anyone can guess authenticates nothing).
 */
const credentialHeaders = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({
        code: 'custom',
        message: 'must be a JSON object of header name → value, e.g. {"x-api-key":"…"}',
      });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(
        z.string().regex(HEADER_NAME),
        z.string().min(16, { message: 'must be at least 16 characters (it is a credential)' }),
        {
          error: (issue) => {
            if (issue.code === 'invalid_key') return 'must be an HTTP header name';
            if (issue.code === 'invalid_type')
              return 'must be a JSON object of header name → value, e.g. {"x-api-key":"…"}';
            return undefined;
          },
        },
      )
      .refine((headers) => Object.keys(headers).length > 0, { message: 'must name at least one header' })
      .refine(
        (headers) =>
          new Set(Object.keys(headers).map((name) => name.toLowerCase())).size === Object.keys(headers).length,
        {
          message: 'must not name a header twice (header names are case-insensitive)',
        },
      )
      .transform((headers) =>
        Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
      ),
  );

/**
 * Every environment variable the gateway reads, with its default. The README's configuration table is written
 * from this list; keep them together.
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

  NOON_BASE_URL: z.url().optional(),
  /** Path of the service-account JSON key downloaded from Seller Lab. */
  NOON_KEY_FILE: z.string().min(1).optional(),
  /** The same key, inline (for secret stores that hand out values, not files). */
  NOON_KEY_JSON: z.string().min(1).optional(),
  /** noon asks every call to name the application; USER_AGENT when unset. */
  NOON_USER_AGENT: z.string().min(3).optional(),
  /** noon allows 1,500 requests a minute; the client stays under what is set here. */
  NOON_REQUESTS_PER_MINUTE: integer(1, 100_000).default(1500),
  /** The partner's FBPI warehouse: noon lists orders and keeps stock per warehouse. Unset: no noon orders or stock. */
  NOON_FBPI_WAREHOUSE_CODE: z.string().min(1).optional(),
  /**
   * The credential headers registered on noon's HTTPS destination (`credentials.values`), as JSON:
   * `{"x-api-key":"<secret>"}`. noon signs nothing, so every one must match for /webhooks/noon to take an event.
   * Unset: the route does not exist and noon's order events are not taken (docs/noon-fbpi.md, "Webhooks").
   */
  NOON_WEBHOOK_HEADERS: credentialHeaders.optional(),

  /** Fruugo's Order API v3 host. */
  FRUUGO_BASE_URL: z.url().optional(),
  /** Fruugo Retailer Portal credentials (HTTP Basic). */
  FRUUGO_USERNAME: z.string().min(1).optional(),
  FRUUGO_PASSWORD: z.string().min(1).optional(),
  /** The password Fruugo's callbacks must carry (Basic auth): register the webhook as https://fruugo:<secret>@host/webhooks/fruugo. */
  FRUUGO_WEBHOOK_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  /** How often the gateway asks Fruugo for the orders changed since its last ask (they arrive by callback). */
  FRUUGO_ORDER_DOWNLOAD_SECONDS: integer(10, 86_400).default(300),

  /** The Increff tenant's API host, issued at onboarding (there is no public default). */
  INCREFF_BASE_URL: z.url().optional(),
  /** The three credential headers Increff issues per client and channel. */
  INCREFF_USERNAME: z.string().min(1).optional(),
  INCREFF_PASSWORD: z.string().min(1).optional(),
  INCREFF_DOMAIN_NAME: z.string().min(1).optional(),
  /** Increff location (warehouse) new fulfilment orders go to; unset lets Increff route them. */
  INCREFF_LOCATION_CODE: z.string().min(1).optional(),
  /**
   * The secret of Increff's calls to the gateway (docs/increff.md, "Webhooks"): Increff sends it in the static
   * `authToken` header of Get Credential, configured in Increff's UI; the credentials Get Credential hands out are
   * signed with a key derived from it, so changing it revokes them all.
   */
  INCREFF_WEBHOOK_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  /** How long a credential from Get Credential is good for (default a day); Increff fetches a new one after the 401 that follows. */
  INCREFF_CREDENTIAL_TTL_SECONDS: integer(60, 30 * 86_400).optional(),
  /** The logistics named on the shipping labels the gateway answers, who collect at handover; default `SELF`. */
  INCREFF_TRANSPORTER: z.string().trim().min(1).optional(),

  /** The instance's Operator API endpoint, e.g. https://yourmarketplace.example/graphql. */
  MARKETPLACER_URL: z.url().optional(),
  /** An operator API key (Admin → Configuration → API keys). */
  MARKETPLACER_API_KEY: z.string().min(1).optional(),
  /** How the key is sent: `Authorization: Bearer` or the `MARKETPLACER-API-KEY` header (sites behind Basic auth). */
  MARKETPLACER_AUTH: z.enum(['bearer', 'api-key']).default('bearer'),
  /** `user:password` of a staging site's HTTP Basic auth; only with MARKETPLACER_AUTH=api-key. */
  MARKETPLACER_BASIC_AUTH: z.string().includes(':', { message: 'must be user:password' }).optional(),
  /**
   * The HMAC key of the webhooks registered in the Operator portal (Configuration → Webhooks) for
   * https://<gateway>/webhooks/marketplacer; it signs every delivery (`Marketplacer-HMAC-256`). Unset: no webhook
   * route, and the gateway reads Marketplacer only when asked.
   */
  MARKETPLACER_WEBHOOK_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),

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
  /** With several gateway instances: publish events through Redis so every instance's subscribers see them. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
    .optional(),
});

const serviceAccountKey = z.object({
  key_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  channel_identifier: z.string().min(1),
  project_code: z.string().min(1),
  type: z.literal('apijwt'),
});

export interface HttpConfig {
  /** Sent on every upstream call. */
  userAgent: string;
  timeoutMs: number;
  retry: { maxRetries: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number };
  breaker: { threshold: number; halfOpenAfterMs: number };
}

export interface NoonConfig {
  baseUrl: string;
  key: ServiceAccountKey;
  userAgent: string;
  requestsPerMinute: number;
  /** The FBPI warehouse whose orders and stock the gateway serves; undefined: inbound only. */
  fbpiWarehouseCode: string | undefined;
  /** Header (lower case) → value every noon event must carry; undefined: noon webhooks are not taken. */
  webhookHeaders: Record<string, string> | undefined;
}

export interface FruugoConfig {
  baseUrl: string;
  username: string;
  password: string;
  /** The Basic-auth password Fruugo's callbacks must carry. */
  webhookSecret: string;
  /** Interval of the order download, in milliseconds. */
  orderDownloadIntervalMs: number;
}

export interface WebhookConfig {
  bodyLimitBytes: number;
  retryIntervalMs: number;
}

export interface IncreffConfig {
  baseUrl: string;
  username: string;
  password: string;
  domainName: string;
  /** Where new fulfilment orders go; undefined lets Increff route (isSplitRequired). */
  locationCode: string | undefined;
  /** What Get Credential's `authToken` header must carry; the channel credentials are signed with a key derived from it. */
  webhookToken: string;
  /** Lifetime of a credential handed out by Get Credential. */
  credentialTtlSeconds: number;
  /** Named on the shipping labels the gateway answers. */
  transporter: string;
}

export interface MarketplacerConfig {
  /** The GraphQL endpoint of the instance. */
  endpoint: string;
  apiKey: string;
  auth: 'bearer' | 'api-key';
  basicAuth: { username: string; password: string } | undefined;
  /** The HMAC key Marketplacer signs webhooks with; undefined: webhooks are not taken. */
  webhookSecret: string | undefined;
}

export interface Config {
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
  /** Undefined when noon is not configured (a simulator takes its place when `sandbox`). */
  noon: NoonConfig | undefined;
  fruugo: FruugoConfig | undefined;
  increff: IncreffConfig | undefined;
  marketplacer: MarketplacerConfig | undefined;
  webhooks: WebhookConfig;
  dataDir: string;
  /** Undefined: the embedded store under `dataDir`. */
  mongodbUri: string | undefined;
  /** Undefined: events stay in this process. */
  redisUrl: string | undefined;
}

/** Start-up refused: the message names every bad or missing variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => `${prefix}${issue.path.join('.') || '(value)'}: ${issue.message}`);
}

function readNoonKey(env: z.infer<typeof environment>, problems: string[]): ServiceAccountKey | undefined {
  if (env.NOON_KEY_FILE && env.NOON_KEY_JSON) {
    problems.push('NOON_KEY_FILE and NOON_KEY_JSON: set one, not both');
    return undefined;
  }
  const source = env.NOON_KEY_FILE ? 'NOON_KEY_FILE' : 'NOON_KEY_JSON';
  let text: string;
  try {
    text = env.NOON_KEY_FILE ? readFileSync(env.NOON_KEY_FILE, 'utf8') : env.NOON_KEY_JSON!;
  } catch (error) {
    problems.push(`NOON_KEY_FILE: cannot read ${env.NOON_KEY_FILE} (${(error as Error).message})`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push(`${source}: not JSON; expected the service-account key file noon issues`);
    return undefined;
  }
  const parsed = serviceAccountKey.safeParse(json);
  if (!parsed.success) {
    problems.push(...describeIssues(parsed.error, `${source} `));
    return undefined;
  }
  return parsed.data;
}

/** Reads and checks the environment; throws ConfigError listing every problem at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(source);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  const env = parsed.data;
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const auth = readAuthConfig(env, production, problems);

  let noon: NoonConfig | undefined;
  if (env.NOON_KEY_FILE || env.NOON_KEY_JSON) {
    const key = readNoonKey(env, problems);
    if (key) {
      noon = {
        baseUrl: env.NOON_BASE_URL ?? NOON_PRODUCTION_URL,
        key,
        userAgent: env.NOON_USER_AGENT ?? env.USER_AGENT,
        requestsPerMinute: env.NOON_REQUESTS_PER_MINUTE,
        fbpiWarehouseCode: env.NOON_FBPI_WAREHOUSE_CODE,
        webhookHeaders: env.NOON_WEBHOOK_HEADERS,
      };
    }
    if (env.NOON_WEBHOOK_HEADERS && !env.NOON_FBPI_WAREHOUSE_CODE) {
      // The events announce FBPI orders, which the gateway serves only for a warehouse.
      problems.push(
        "NOON_WEBHOOK_HEADERS needs NOON_FBPI_WAREHOUSE_CODE: noon's order events are about the orders of that warehouse",
      );
    }
  } else if (env.NOON_BASE_URL || env.NOON_WEBHOOK_HEADERS) {
    const set = env.NOON_BASE_URL ? 'NOON_BASE_URL' : 'NOON_WEBHOOK_HEADERS';
    problems.push(`${set} is set but no key: set NOON_KEY_FILE or NOON_KEY_JSON`);
  }

  const fruugo = group(
    env,
    problems,
    'Fruugo',
    ['FRUUGO_USERNAME', 'FRUUGO_PASSWORD', 'FRUUGO_WEBHOOK_SECRET'],
    ['FRUUGO_BASE_URL'],
    (e) => ({
      baseUrl: e.FRUUGO_BASE_URL ?? FRUUGO_PRODUCTION_URL,
      username: e.FRUUGO_USERNAME!,
      password: e.FRUUGO_PASSWORD!,
      webhookSecret: e.FRUUGO_WEBHOOK_SECRET!,
      orderDownloadIntervalMs: e.FRUUGO_ORDER_DOWNLOAD_SECONDS * 1000,
    }),
  );
  const increff = group(
    env,
    problems,
    'Increff',
    ['INCREFF_BASE_URL', 'INCREFF_USERNAME', 'INCREFF_PASSWORD', 'INCREFF_DOMAIN_NAME', 'INCREFF_WEBHOOK_TOKEN'],
    ['INCREFF_LOCATION_CODE', 'INCREFF_CREDENTIAL_TTL_SECONDS', 'INCREFF_TRANSPORTER'],
    (e) => ({
      baseUrl: e.INCREFF_BASE_URL!,
      username: e.INCREFF_USERNAME!,
      password: e.INCREFF_PASSWORD!,
      domainName: e.INCREFF_DOMAIN_NAME!,
      locationCode: e.INCREFF_LOCATION_CODE,
      webhookToken: e.INCREFF_WEBHOOK_TOKEN!,
      credentialTtlSeconds: e.INCREFF_CREDENTIAL_TTL_SECONDS ?? 86_400,
      transporter: e.INCREFF_TRANSPORTER ?? 'SELF',
    }),
  );
  const marketplacer = group(
    env,
    problems,
    'Marketplacer',
    ['MARKETPLACER_URL', 'MARKETPLACER_API_KEY'],
    ['MARKETPLACER_BASIC_AUTH', 'MARKETPLACER_WEBHOOK_SECRET'],
    (e) => {
      const [username = '', ...password] = e.MARKETPLACER_BASIC_AUTH?.split(':') ?? [];
      return {
        endpoint: e.MARKETPLACER_URL!,
        apiKey: e.MARKETPLACER_API_KEY!,
        auth: e.MARKETPLACER_AUTH,
        basicAuth: e.MARKETPLACER_BASIC_AUTH ? { username, password: password.join(':') } : undefined,
        webhookSecret: e.MARKETPLACER_WEBHOOK_SECRET,
      };
    },
  );
  if (env.MARKETPLACER_BASIC_AUTH && env.MARKETPLACER_AUTH !== 'api-key') {
    // Marketplacer refuses Bearer together with Basic: the key then travels in MARKETPLACER-API-KEY.
    problems.push(
      'MARKETPLACER_BASIC_AUTH needs MARKETPLACER_AUTH=api-key (Marketplacer refuses Bearer with Basic auth)',
    );
  }
  if (env.MONGODB_URI && env.WEBHOOK_BODY_LIMIT_BYTES > MONGODB_SAFE_BODY_LIMIT_BYTES) {
    // A larger body would be acknowledged by nobody: MongoDB refuses the document, and the sender retries forever.
    problems.push(
      `WEBHOOK_BODY_LIMIT_BYTES may be at most ${MONGODB_SAFE_BODY_LIMIT_BYTES} with MONGODB_URI (MongoDB keeps documents of up to 16 MiB)`,
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
    noon,
    fruugo,
    increff,
    marketplacer,
    webhooks: { bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES, retryIntervalMs: env.WEBHOOK_RETRY_SECONDS * 1000 },
    dataDir: env.DATA_DIR,
    mongodbUri: env.MONGODB_URI,
    redisUrl: env.REDIS_URL,
  };
}

type Environment = z.infer<typeof environment>;

/**
 * A marketplace configured by several variables: all of `required` set configures it, none leaves it off (or to
 * its simulator), and a partial set is a mistake worth stopping for (naming what is missing). Variables in `optional`
 * alone also count as a partial set: they mean nothing without the rest.
 */
function group<T>(
  env: Environment,
  problems: string[],
  name: string,
  required: Array<keyof Environment>,
  optional: Array<keyof Environment>,
  build: (env: Environment) => T,
): T | undefined {
  const missing = required.filter((key) => env[key] === undefined);
  const anySet = [...required, ...optional].some((key) => env[key] !== undefined);
  if (!anySet) return undefined;
  if (missing.length > 0) {
    problems.push(
      `${name} is partly configured: set ${missing.join(', ')} as well (or none of its variables for the sandbox)`,
    );
    return undefined;
  }
  return build(env);
}
