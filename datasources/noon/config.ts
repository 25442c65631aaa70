import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssues, integer } from '../../src/config-fields.js';
import { HEADER_NAME } from '../../src/http/header-name.js';
import type { GatewayEnvironment } from '../../src/marketplace-module.js';
import type { ServiceAccountKey } from './identity-wire.js';

/** noon's production gateway; used when a key is configured without a base URL. */
export const NOON_PRODUCTION_URL = 'https://noon-api-gateway.noon.partners';

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

/** noon's environment variables (the README's configuration table lists them). */
export const noonEnvironment = {
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
};

type NoonEnvironment = z.infer<z.ZodObject<typeof noonEnvironment>> & GatewayEnvironment;

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

const serviceAccountKey = z.object({
  key_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  channel_identifier: z.string().min(1),
  project_code: z.string().min(1),
  type: z.literal('apijwt'),
});

function readNoonKey(env: NoonEnvironment, problems: string[]): ServiceAccountKey | undefined {
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

/** noon is configured by its key; the other variables without one are a mistake. */
export function readNoonConfig(env: NoonEnvironment, problems: string[]): NoonConfig | undefined {
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
  return noon;
}
