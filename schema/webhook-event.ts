import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  WebhookEventStatus,
  WebhookSource,
  type WebhookEvent as DomainWebhookEvent,
} from '../src/domain/webhook-event.js';
import { Connection } from './connection.js';
import { Node } from './node.js';
import { DateTime } from './scalars.js';

registerEnumType(WebhookSource, {
  name: 'WebhookSource',
  description: 'Who sent a webhook: a marketplace, its route `/webhooks/<source in lower case>` (`/webhooks/fruugo`).',
});

registerEnumType(WebhookEventStatus, {
  name: 'WebhookEventStatus',
  description: 'Where a received webhook stands.',
  valuesConfig: {
    RECEIVED: { description: 'Stored and acknowledged (or replayed); not attempted yet.' },
    PROCESSED: { description: 'Applied.' },
    FAILED: {
      description: 'Stored, but applying it failed (`lastError`); it is tried again at `nextAttemptAt`, backing off.',
    },
    DEAD: {
      description:
        'Applying it failed on every attempt allowed (`lastError`); it is tried no more until `replayWebhookEvent`.',
    },
  },
});

@ObjectType({ implements: Node, description: 'A webhook as the gateway stored it before acknowledging it.' })
export class WebhookEvent implements DomainWebhookEvent {
  /** The store's UUID; the schema's `id` (WebhookEventResolver) is `WebhookEvent:<uuid>`. */
  id!: string;

  @Field(() => WebhookSource)
  source!: WebhookSource;

  @Field({ description: 'The event’s kind in the sender’s words, e.g. `ConfirmResponseList`.' })
  type!: string;

  @Field({
    description: 'What makes a redelivery recognisable (noon: message_id; Marketplacer: Idempotency-Key; ...).',
  })
  dedupeKey!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'What recognises the same event by its content under another dedupe key (Marketplacer: a digest of the event ' +
      'its body names); null where the dedupe key suffices.',
  })
  contentKey!: string | null;

  @Field(() => WebhookEventStatus)
  status!: WebhookEventStatus;

  @Field(() => Int, { description: 'Processing attempts so far (since it arrived, or since its last replay).' })
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => DateTime)
  receivedAt!: Date;

  @Field(() => DateTime, { nullable: true })
  processedAt!: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description:
      'When it is due for its next attempt: on arrival or replay while RECEIVED, at the end of its backoff while ' +
      'FAILED; null when PROCESSED or DEAD.',
  })
  nextAttemptAt!: Date | null;

  @Field({ description: 'The raw body, exactly as received.' })
  body!: string;
}

@ObjectType()
export class WebhookEventConnection extends Connection(WebhookEvent) {}

/** The domain's enums, registered above: importing them from here is what puts them in the schema. */
export { WebhookEventStatus, WebhookSource };
