import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BadInput } from './domain/errors.js';

/** The shortest CURSOR_SECRET taken: 32 characters, as many as an HMAC-SHA256 key has bytes. */
export const MIN_CURSOR_SECRET_LENGTH = 32;

/**
 * The paging cursors clients hold (`pageInfo.endCursor`, given back as `after`), opaque and tamper-evident. A cursor
 * carries the list it belongs to and the position in it (a noon `next_token`, a position per marketplace in the
 * merged `orders`, the id of a stored page's last item), signed with HMAC-SHA256 under the gateway's key: one the
 * gateway did not make, or one changed by a single byte, is BAD_USER_INPUT and nothing of it reaches a marketplace or
 * the store. The key is CURSOR_SECRET, so every instance and every restart accepts the others' cursors; without it,
 * a random key of this gateway's own, and cursors last until it stops (README, "Limits").
 *
 * The order-event cursors of `orderEvents(since:)` are not these: they are the store's dense numbers, which a client
 * may keep and compare.
 */
export class Cursors {
  private constructor(private readonly key: Buffer) {}

  /** Cursors signed with `secret` (CURSOR_SECRET), or with a random key of this process when there is none. */
  static withKey(secret: string | undefined): Cursors {
    return new Cursors(secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8'));
  }

  /** The cursor of `position` in `list`: `<payload>.<signature>`, both base64url. */
  encode(list: string, position: unknown): string {
    const payload = Buffer.from(JSON.stringify({ list, position }), 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /**
   * The position `cursor` holds in `list`; BAD_USER_INPUT naming `field` for a cursor this gateway did not sign, one
   * altered since, or one of another list.
   */
  decode<Position>(list: string, cursor: string, field = 'after'): Position {
    const refused = (why: string) =>
      BadInput.at(field, `"${field}" ${why}; pass the pageInfo.endCursor of the page before, with the same arguments`);
    const [payload, signature, ...rest] = cursor.split('.');
    if (payload === undefined || signature === undefined || rest.length > 0 || !this.signs(payload, signature)) {
      throw refused('is not a cursor this gateway gave out');
    }
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      list: string;
      position: Position;
    };
    if (parsed.list !== list) throw refused(`is a cursor of another list, not of ${list}`);
    return parsed.position;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload, 'utf8').digest('base64url');
  }

  /** Whether `signature` is this key's for `payload`, compared in constant time. */
  private signs(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(payload), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
