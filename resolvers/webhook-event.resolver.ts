import { GraphQLError } from 'graphql';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { OrderError } from '../schema/order.js';
import { WebhookEvent, WebhookEventConnection, WebhookEventStatus, WebhookSource } from '../schema/webhook-event.js';
import { parseOrderId } from '../datasources/orders/orders.js';
import { badUserInput } from '../src/graphql/errors.js';
import type { GatewayContext } from '../src/graphql/context.js';

/** The largest page of `webhookEvents`. */
const MAX_WEBHOOK_EVENTS_PAGE = 200;

/** For operators: what the marketplaces sent, what became of it, and a way to apply an event again. */
@Resolver(() => WebhookEvent)
export class WebhookEventResolver {
  @Query(() => WebhookEventConnection, { description: 'Received webhooks, newest first.' })
  async webhookEvents(
    @Arg('source', () => WebhookSource, { nullable: true }) source: WebhookSource | null,
    @Arg('status', () => WebhookEventStatus, { nullable: true }) status: WebhookEventStatus | null,
    @Arg('first', () => Int, { defaultValue: 50, description: `At most ${MAX_WEBHOOK_EVENTS_PAGE}.` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<WebhookEventConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_WEBHOOK_EVENTS_PAGE) {
      throw badUserInput(`"first" must be 1 to ${MAX_WEBHOOK_EVENTS_PAGE}`);
    }
    // One more than asked tells whether another page follows.
    const events = await ctx.store.listWebhookEvents({ source: source ?? undefined, status: status ?? undefined }, after ?? undefined, first + 1);
    const nodes = events.slice(0, first) as WebhookEvent[];
    const hasNextPage = events.length > first;
    return { nodes, pageInfo: { hasNextPage, endCursor: hasNextPage ? nodes[nodes.length - 1]!.id : null }, totalCount: null };
  }

  @Query(() => [OrderError], { description: 'Problems the marketplace reported about an order, oldest first.' })
  async orderErrors(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: GatewayContext): Promise<OrderError[]> {
    parseOrderId(orderId);
    return (await ctx.store.orderErrors([orderId])).get(orderId) ?? [];
  }

  @Mutation(() => WebhookEvent, {
    description:
      'Applies a stored webhook event again (after fixing what made it fail, say) and answers it as it then stands. ' +
      'Order events it announced before are not announced again.',
  })
  async replayWebhookEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<WebhookEvent> {
    const replayed = await ctx.webhooks.replay(id);
    if (replayed === undefined) {
      throw new GraphQLError(`No webhook event has the id "${id}"`, { extensions: { code: 'WEBHOOK_EVENT_NOT_FOUND' } });
    }
    return replayed as WebhookEvent;
  }
}
