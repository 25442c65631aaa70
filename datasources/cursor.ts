import { BadInput } from '../src/domain/errors.js';

/**
 * Cursors are opaque to clients but carry the upstream's own position (a noon `next_token`, or one position per
 * marketplace in a merged list). Each names the list it belongs to, so a cursor from another list is refused
 * instead of silently paging through the wrong data.
 */
export function encodeCursor(list: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ list, position }), 'utf8').toString('base64url');
}

export function decodeCursor<Position>(list: string, cursor: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { list?: unknown }).list !== list) {
    throw new BadInput(`"after" is not a cursor of this list (${list}); pass a pageInfo.endCursor it returned`);
  }
  return (parsed as { position: Position }).position;
}
