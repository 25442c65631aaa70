import { eventually } from '../../support/eventually.js';
import type { TestGateway } from '../../support/gateway.js';

/**
 * Resolves once the gateway has applied every webhook it stored: what a test awaits before asserting that applying
 * them announced something only once, instead of sleeping and hoping the processor was done.
 */
export async function webhooksApplied(gw: TestGateway): Promise<void> {
  await eventually('every stored webhook applied', async () =>
    (await gw.gateway.store.unprocessedWebhookEvents(1)).length === 0 ? true : undefined,
  );
}
