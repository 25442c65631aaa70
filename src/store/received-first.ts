/**
 * The order in which stored webhook events are owed their next attempt (`CallbackStore.dueWebhookEvents`), in one
 * place for both adapters: every event not attempted yet (`received`) before any that failed and whose backoff is
 * over (`failedDue`), so events that keep failing never hold back a newer one. Each reader gets how many it may
 * still return; the second is asked only when the first left room.
 */
export async function receivedFirst<T>(
  limit: number,
  received: (limit: number) => Promise<T[]>,
  failedDue: (limit: number) => Promise<T[]>,
): Promise<T[]> {
  const fresh = await received(limit);
  return fresh.length < limit ? [...fresh, ...(await failedDue(limit - fresh.length))] : fresh;
}
