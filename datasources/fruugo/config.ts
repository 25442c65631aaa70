import { z } from 'zod';
import { group, integer } from '../../src/config-fields.js';
import { DEFAULT_MAX_NESTING } from './webhooks/loose-payload.js';

/** Fruugo's Order API host (reference 3); the v3 paths start with /v3. */
export const FRUUGO_PRODUCTION_URL = 'https://order-api.fruugo.com';

/** Fruugo's environment variables (the README's configuration table lists them). */
export const fruugoEnvironment = {
  /** Fruugo's Order API v3 host. */
  FRUUGO_BASE_URL: z.url().optional(),
  /** Fruugo Retailer Portal credentials (HTTP Basic). */
  FRUUGO_USERNAME: z.string().min(1).optional(),
  FRUUGO_PASSWORD: z.string().min(1).optional(),
  /** The password Fruugo's callbacks must carry (Basic auth): register the webhook as https://fruugo:<secret>@host/webhooks/fruugo. */
  FRUUGO_WEBHOOK_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  /** How often the gateway asks Fruugo for the orders changed since its last ask (they arrive by callback). */
  FRUUGO_ORDER_DOWNLOAD_SECONDS: integer(10, 86_400).default(300),
  /**
   * How deep objects and lists may nest in a callback's payload; a deeper one is refused with 400 and not stored
   * (Fruugo's own nest five deep).
   */
  FRUUGO_CALLBACK_MAX_NESTING: integer(5, 1000).default(DEFAULT_MAX_NESTING),
};

export interface FruugoConfig {
  baseUrl: string;
  username: string;
  password: string;
  /** The Basic-auth password Fruugo's callbacks must carry. */
  webhookSecret: string;
  /** Interval of the order download, in milliseconds. */
  orderDownloadIntervalMs: number;
  /** How deep a callback's payload may nest (FRUUGO_CALLBACK_MAX_NESTING). */
  callbackMaxNesting: number;
}

export function readFruugoConfig(
  env: z.infer<z.ZodObject<typeof fruugoEnvironment>>,
  problems: string[],
): FruugoConfig | undefined {
  return group(
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
      callbackMaxNesting: e.FRUUGO_CALLBACK_MAX_NESTING,
    }),
  );
}
