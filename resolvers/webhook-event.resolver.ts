import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrderError } from '../schema/order.js';
import { RequiresRole } from '../schema/requires-role.js';
import { WebhookEvent, WebhookEventConnection, WebhookEventStatus, WebhookSource } from '../schema/webhook-event.js';
import { parseOrderId } from '../datasources/orders/order-ids.js';
import { Forbidden, NotFound } from '../src/domain/errors.js';
import { checkId } from '../src/domain/ids.js';
import { WEBHOOK_EVENT_ID } from '../src/domain/stored-ids.js';
import { senderMarketplace } from '../src/domain/webhook-event.js';
import type { GatewayContext } from '../src/graphql/context.js';
import { Cost, upTo } from '../src/graphql/limits/field-cost.js';
import { readStoredPage } from '../src/graphql/stored-page.js';

/** The largest page of `webhookEvents`. */
const MAX_WEBHOOK_EVENTS_PAGE = 200;

/** For operators: what the marketplaces sent, what became of it, and a way to apply an event again. */
@Resolver(() => WebhookEvent)
export class WebhookEventResolver {
  @RequiresRole('admin')
  @Query(() => WebhookEventConnection, {
    // Nullable, as every field above the viewer's role: a dashboard asking it beside other fields keeps their data
    // when its caller may not read this one.
    nullable: true,
    description:
      'Received webhooks with their raw bodies, newest first. A caller limited to some marketplaces names a `source`.',
  })
  @Cost({ items: upTo(MAX_WEBHOOK_EVENTS_PAGE) })
  async webhookEvents(
    @Arg('source', () => WebhookSource, { nullable: true }) source: WebhookSource | null,
    @Arg('status', () => WebhookEventStatus, { nullable: true }) status: WebhookEventStatus | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `At most ${MAX_WEBHOOK_EVENTS_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
    after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<WebhookEventConnection> {
    // Omitted arguments arrive as undefined, explicit nulls as null.
    if (source == null) {
      if (!ctx.access.unlimited)
        throw new Forbidden(
          `${ctx.principal.subject} is limited to some marketplaces: name the webhook \`source\` to list`,
        );
    } else {
      ctx.access.require(senderMarketplace(source));
    }
    const filter = { source: source ?? undefined, status: status ?? undefined };
    return readStoredPage(
      { list: 'webhookEvents', first, max: MAX_WEBHOOK_EVENTS_PAGE, after, cursors: ctx.cursors },
      (lastId, limit) => ctx.store.listWebhookEvents(filter, lastId, limit) as Promise<WebhookEvent[]>,
    );
  }

  @FieldResolver(() => ID, { description: '`WebhookEvent:` and the UUID the gateway stored it under.' })
  id(@Root() event: WebhookEvent): string {
    return WEBHOOK_EVENT_ID.show(event.id);
  }

  @RequiresRole('viewer')
  @Query(() => [OrderError], { description: 'Problems the marketplace reported about an order, oldest first.' })
  async orderErrors(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: GatewayContext): Promise<OrderError[]> {
    ctx.access.require(parseOrderId(orderId, 'orderId').marketplace);
    return (await ctx.store.orderErrors([orderId])).get(orderId) ?? [];
  }

  @RequiresRole('admin')
  @Mutation(() => WebhookEvent, {
    description:
      'Applies a stored webhook event again, whatever its status (a DEAD one after fixing what made it fail, say), ' +
      'and answers it as it then stands. Its attempts start again from 0, so if it fails it backs off and gets ' +
      'every attempt anew. Order events it announced before are not announced again.',
  })
  // Applying the event may read the order from its marketplace.
  @Cost({ calls: () => 1 })
  async replayWebhookEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<WebhookEvent> {
    const storedId = WEBHOOK_EVENT_ID.stored(checkId('id', id, WEBHOOK_EVENT_ID.shape));
    const stored = await ctx.store.findWebhookEvent(storedId);
    if (stored !== undefined) ctx.access.require(senderMarketplace(stored.source));
    const replayed = stored && (await ctx.webhooks.replay(storedId));
    if (replayed === undefined) {
      throw new NotFound('WEBHOOK_EVENT_NOT_FOUND', `No webhook event has the id "${id}"`);
    }
    return replayed as WebhookEvent;
  }
}
