import { z } from 'zod';
import { group } from '../../src/config-fields.js';

/** Marketplacer's environment variables (the README's configuration table lists them). */
export const marketplacerEnvironment = {
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
};

export interface MarketplacerConfig {
  /** The GraphQL endpoint of the instance. */
  endpoint: string;
  apiKey: string;
  auth: 'bearer' | 'api-key';
  basicAuth: { username: string; password: string } | undefined;
  /** The HMAC key Marketplacer signs webhooks with; undefined: webhooks are not taken. */
  webhookSecret: string | undefined;
}

export function readMarketplacerConfig(
  env: z.infer<z.ZodObject<typeof marketplacerEnvironment>>,
  problems: string[],
): MarketplacerConfig | undefined {
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
  return marketplacer;
}
