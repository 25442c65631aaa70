import type { Logger } from './logger.js';

/** One part of the process that a shutdown closes. */
export interface ClosingPart {
  /** Its name in the log. */
  name: string;
  close(): Promise<void>;
  /** What it still has open, for the log when the grace runs out while it closes. */
  stillOpen?(): Promise<unknown>;
}

/**
 * Closes `parts` one after the other within `graceMs`, and answers the exit code: 0 when all of them closed in
 * time; 1 when one failed, or when the grace ran out first (after logging which part was closing and what it still
 * had open). The caller exits with it either way, so nothing left open can keep the process alive.
 */
export async function shutDown(parts: readonly ClosingPart[], graceMs: number, log: Logger): Promise<0 | 1> {
  let closing: ClosingPart | undefined;
  const closeAll = async (): Promise<'closed'> => {
    for (const part of parts) {
      closing = part;
      await part.close();
    }
    return 'closed';
  };
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'grace over'>((resolve) => {
    timer = setTimeout(() => resolve('grace over'), graceMs);
  });
  try {
    if ((await Promise.race([closeAll(), graceOver])) === 'closed') return 0;
    log.error(
      { graceMs, closing: closing?.name, stillOpen: await closing?.stillOpen?.() },
      `shutdown did not finish within SHUTDOWN_GRACE_MS (${graceMs} ms); exiting with this still open`,
    );
    return 1;
  } catch (error) {
    log.error({ err: error, closing: closing?.name }, 'shutdown failed');
    return 1;
  } finally {
    clearTimeout(timer);
  }
}
