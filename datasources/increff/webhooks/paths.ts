// The gateway's URLs for Increff, under /webhooks/increff: one per touchpoint, each entered in Increff as that
// touchpoint's "Client's URL" (docs/increff.md, "Webhooks").

/** Paths under `/webhooks/increff`. */
export const INCREFF_WEBHOOK_PATHS = {
  pack: '/pack',
  shippingLabel: '/shipping-label',
  handover: '/handover',
  sellerCancellation: '/seller-cancellation',
  inventory: '/inventory',
  credential: '/credential',
} as const;

export type IncreffTouchpoint = keyof typeof INCREFF_WEBHOOK_PATHS;

/**
 * The static header Increff sends on Get Credential (configured in Increff's UI with INCREFF_WEBHOOK_TOKEN as its
 * value). Named in Increff's own style (`authUsername`, ...), and unlike `Authorization`, which carries the
 * credential Get Credential hands out, so the two never collide.
 */
export const CREDENTIAL_TOKEN_HEADER = 'authToken';

/** Every touchpoint's full URL for a gateway at `gatewayUrl` (its origin, e.g. https://gateway.example.com). */
export function increffWebhookUrls(gatewayUrl: string): Record<IncreffTouchpoint, string> {
  const urls = {} as Record<IncreffTouchpoint, string>;
  for (const [touchpoint, path] of Object.entries(INCREFF_WEBHOOK_PATHS)) {
    urls[touchpoint as IncreffTouchpoint] = new URL(`/webhooks/increff${path}`, gatewayUrl).toString();
  }
  return urls;
}
