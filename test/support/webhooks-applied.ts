import { eventually } from '../../support/eventually.js';
import type { TestGateway } from '../../support/gateway.js';

/**
 * Resolves once the gateway has applied every webhook it stored (none RECEIVED or FAILED): what a test awaits before
 * asserting that applying them announced something only once, instead of sleeping and hoping the processor was done.
 */
export async function webhooksApplied(gw: TestGateway): Promise<void> {
  const { store } = gw.gateway;
  await eventually('every stored webhook applied', async () => {
    const owed = await Promise.all([
      store.listWebhookEvents({ status: 'RECEIVED' }, undefined, 1),
      store.listWebhookEvents({ status: 'FAILED' }, undefined, 1),
    ]);
    return owed.every((events) => events.length === 0) ? true : undefined;
  });
}
