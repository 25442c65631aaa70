import { z } from 'zod';
import { group, integer } from '../../src/config-fields.js';

/** Increff's environment variables (the README's configuration table lists them). */
export const increffEnvironment = {
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
};

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

export function readIncreffConfig(
  env: z.infer<z.ZodObject<typeof increffEnvironment>>,
  problems: string[],
): IncreffConfig | undefined {
  return group(
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
}
