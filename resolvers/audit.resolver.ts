import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { AuditEntry, AuditEntryConnection } from '../schema/audit-entry.js';
import { RequiresRole } from '../schema/requires-role.js';
import { DateTime } from '../schema/scalars.js';
import { Forbidden } from '../src/domain/errors.js';
import { AUDIT_ENTRY_ID } from '../src/domain/stored-ids.js';
import type { GatewayContext } from '../src/graphql/context.js';
import { Cost, upTo } from '../src/graphql/limits/field-cost.js';
import { readStoredPage } from '../src/graphql/stored-page.js';

/** The largest page of `auditLog`. */
const MAX_AUDIT_PAGE = 200;

/** The audit log spans marketplaces: FORBIDDEN, naming `what`, for a caller limited to some. */
export function requireWholeAuditLog(ctx: GatewayContext, what: string): void {
  if (!ctx.access.unlimited) {
    throw new Forbidden(`${what} needs an admin of every marketplace; ${ctx.principal.subject} is limited to some`);
  }
}

/** For admins: what was done through the gateway, by whom. */
@Resolver(() => AuditEntry)
export class AuditResolver {
  @RequiresRole('admin')
  @Query(() => AuditEntryConnection, {
    nullable: true, // as webhookEvents: refused, it leaves the rest of the operation its data
    description:
      'Every mutation and replay, newest first: who, what, when, the request id and the outcome. Entries span ' +
      'marketplaces, so only an admin not limited to some marketplaces may read it.',
  })
  @Cost({ items: upTo(MAX_AUDIT_PAGE) })
  async auditLog(
    @Arg('first', () => Int, { defaultValue: 50, description: `At most ${MAX_AUDIT_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
    after: string | null,
    @Arg('principal', () => String, { nullable: true, description: 'Only this caller (its subject).' })
    principal: string | null,
    @Arg('since', () => DateTime, { nullable: true, description: 'Only entries at or after this moment.' })
    since: Date | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AuditEntryConnection> {
    requireWholeAuditLog(ctx, 'auditLog');
    // Omitted arguments arrive as undefined, explicit nulls as null.
    const filter = { ...(principal == null ? {} : { subject: principal }), ...(since == null ? {} : { since }) };
    return readStoredPage(
      { list: 'auditLog', first, max: MAX_AUDIT_PAGE, after, cursors: ctx.cursors },
      (lastId, limit) => ctx.store.listAuditEntries(filter, lastId, limit) as Promise<AuditEntry[]>,
    );
  }

  @FieldResolver(() => ID, { description: '`AuditEntry:` and the UUID the gateway stored it under.' })
  id(@Root() entry: AuditEntry): string {
    return AUDIT_ENTRY_ID.show(entry.id);
  }
}
