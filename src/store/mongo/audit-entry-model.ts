import { newRecordId } from '../record-ids.js';
import { Schema } from 'mongoose';
import type { AuditEntry, NewAuditEntry, PrincipalKind } from '../callback-store.js';
import { textAllowingEmpty } from './text-path.js';

/**
 * A stored audit entry: the port's record, its id as `_id`, and its arguments as JSON text. A caller's arguments
 * may hold keys with `$` or `.` (a marketplace's field names, a filter), which as document keys MongoDB would refuse
 * or read as paths; as text they are kept whatever they hold.
 */
export type AuditEntryDocument = Omit<AuditEntry, 'id' | 'arguments'> & { _id: string; arguments: string };

/** Every value of a port union, for the schema's enum; `satisfies` fails the build when the port adds one. */
const PRINCIPAL_KINDS = Object.keys({ API_KEY: true, JWT: true, ANONYMOUS: true } satisfies Record<
  PrincipalKind,
  true
>);
const TRANSPORTS = Object.keys({ http: true, websocket: true } satisfies Record<AuditEntry['transport'], true>);

const principalSchema = new Schema<AuditEntry['principal']>(
  {
    kind: { type: String, enum: PRINCIPAL_KINDS, required: true },
    // Any string the port takes, '' included (an anonymous caller may have no subject): both stores keep the same.
    subject: textAllowingEmpty('subject'),
    name: { type: String, default: null },
  },
  { _id: false },
);

export const auditEntrySchema = new Schema<AuditEntryDocument>(
  {
    // A UUID string as in the embedded store, like the webhook events' ids.
    _id: { type: String, default: newRecordId },
    principal: { type: principalSchema, required: true },
    operationName: { type: String, default: null },
    field: { type: String, required: true },
    arguments: { type: String, required: true },
    requestId: { type: String, required: true },
    outcome: { type: String, required: true },
    transport: { type: String, enum: TRANSPORTS, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'auditEntries', versionKey: false },
);
/** The listing, newest first, the id breaking ties; `since` bounds it. */
auditEntrySchema.index({ at: -1, _id: -1 }, { name: 'newest' });
/** The same for one principal. */
auditEntrySchema.index({ 'principal.subject': 1, at: -1, _id: -1 }, { name: 'newestBySubject' });

export function toAuditEntryDocument(entry: NewAuditEntry): Omit<AuditEntryDocument, '_id'> {
  return { ...entry, arguments: JSON.stringify(entry.arguments) };
}

export function toAuditEntry(stored: AuditEntryDocument): AuditEntry {
  return {
    id: stored._id,
    principal: { kind: stored.principal.kind, subject: stored.principal.subject, name: stored.principal.name ?? null },
    operationName: stored.operationName ?? null,
    field: stored.field,
    arguments: JSON.parse(stored.arguments) as Record<string, unknown>,
    requestId: stored.requestId,
    outcome: stored.outcome,
    transport: stored.transport,
    at: stored.at,
  };
}
