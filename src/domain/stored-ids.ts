import { patternId, type IdShape } from './ids.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The id of something the gateway stores itself: the store gives it a UUID, and the API shows it after its type's
 * name (`WebhookEvent:<uuid>`), so it cannot be taken for another object's id (an order's starts with its
 * marketplace, `NOON:`) and `node(id:)` knows where to look.
 */
export class StoredId {
  readonly prefix: string;
  readonly shape: IdShape;

  constructor(
    readonly typeName: string,
    name: string,
    listedBy: string,
  ) {
    this.prefix = `${typeName}:`;
    this.shape = patternId(
      name,
      new RegExp(`^${typeName}:${UUID}$`),
      this.prefix.length + 36,
      `${this.prefix} and a UUID, as ${listedBy} lists it`,
    );
  }

  /** The id the API shows for the stored `uuid`. */
  show(uuid: string): string {
    return this.prefix + uuid;
  }

  /** The store's UUID of an id already checked against `shape`. */
  stored(id: string): string {
    return id.slice(this.prefix.length);
  }
}

/** A stored webhook (`src/domain/webhook-event.ts`). */
export const WEBHOOK_EVENT_ID = new StoredId('WebhookEvent', 'a webhook event id', 'webhookEvents');

/** An entry of the audit log of mutations (`src/store/callback-store.ts`). */
export const AUDIT_ENTRY_ID = new StoredId('AuditEntry', 'an audit entry id', 'auditLog');
