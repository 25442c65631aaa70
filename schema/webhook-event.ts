import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from './connection.js';
import { DateTime } from './scalars.js';

/** Who sent a webhook; the same words as the `/webhooks/<source>` route. */
export enum WebhookSource {
  noon = 'noon',
  fruugo = 'fruugo',
  increff = 'increff',
  marketplacer = 'marketplacer',
}

registerEnumType(WebhookSource, { name: 'WebhookSource', description: 'Who sent a webhook (its route is `/webhooks/<source>`).' });

export enum WebhookEventStatus {
  RECEIVED = 'RECEIVED',
  PROCESSED = 'PROCESSED',
  FAILED = 'FAILED',
}

registerEnumType(WebhookEventStatus, {
  name: 'WebhookEventStatus',
  description: 'Where a received webhook stands.',
  valuesConfig: {
    RECEIVED: { description: 'Stored and acknowledged; not applied yet.' },
    PROCESSED: { description: 'Applied.' },
    FAILED: { description: 'Stored, but applying it failed (`lastError`); it is tried again.' },
  },
});

@ObjectType({ description: 'A webhook as the gateway stored it before acknowledging it.' })
export class WebhookEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => WebhookSource)
  source!: WebhookSource;

  @Field({ description: 'The event’s kind in the sender’s words, e.g. `ConfirmResponseList`.' })
  type!: string;

  @Field({ description: 'What makes a redelivery recognisable (noon: message_id; Marketplacer: Idempotency-Key; ...).' })
  dedupeKey!: string;

  @Field(() => WebhookEventStatus)
  status!: WebhookEventStatus;

  @Field(() => Int, { description: 'Processing attempts so far.' })
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => DateTime)
  receivedAt!: Date;

  @Field(() => DateTime, { nullable: true })
  processedAt!: Date | null;

  @Field({ description: 'The raw body, exactly as received.' })
  body!: string;
}

@ObjectType()
export class WebhookEventConnection extends Connection(WebhookEvent) {}
