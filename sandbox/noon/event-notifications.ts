import { randomUUID } from 'node:crypto';
import { FBPI_ORDER_CREATED, FBPI_ORDER_SYNC, type EventEnvelope, type FbpiOrderEventPayload } from './wire.js';
import type { SandboxClock } from '../shared/clock.js';
import {
  WebhookSender,
  type Delivery,
  type DeliveryTarget,
  type WebhookSenderOptions,
} from '../shared/webhook-sender.js';
import type { DestinationBook } from './destinations.js';
import type { FbpiOrderRecord, FbpiOrderWatcher } from './fbpi-orders.js';
import type { Partner } from './partners.js';

/** Sent with every delivery, as a sender names itself. */
const USER_AGENT = 'noon-event-notifications/1.0';

/** What the sandbox remembers of one event sent to one destination. */
interface NotificationIdentity {
  destinationCode: string;
  envelope: EventEnvelope;
}

/** One event's delivery to one destination, and what became of it. */
export type SentNotification = NotificationIdentity & Omit<Delivery<NotificationIdentity>, 'about'>;

function sent({ about, body, state, attempts }: Delivery<NotificationIdentity>): SentNotification {
  return { ...about, body, state, attempts };
}

/**
 * noon's Event Notifications: every order created or changed becomes an event (`FBPI::ORDER_CREATED`, then
 * `FBPI::ORDER_SYNC` for each change) posted to each active destination of the order's project that receives its
 * type, with the destination's credential headers, retried while it does not answer 2xx. One event keeps its
 * message_id and its bytes on every attempt and every destination. A destination inactive when an event is
 * published is sent nothing of it; one deactivated while a delivery is under way holds that delivery until it is
 * active again.
 */
export class EventNotifications implements FbpiOrderWatcher {
  private readonly sender: WebhookSender<NotificationIdentity>;

  constructor(
    private readonly clock: SandboxClock,
    private readonly destinations: DestinationBook,
    private readonly partners: ReadonlyMap<string, Partner>,
    options: WebhookSenderOptions,
  ) {
    this.sender = new WebhookSender(clock, options, (notification) => this.target(notification));
    destinations.onUpdate(() => this.sender.resume());
  }

  created(order: FbpiOrderRecord): void {
    this.publishOrderEvent(FBPI_ORDER_CREATED, order);
  }

  changed(order: FbpiOrderRecord): void {
    this.publishOrderEvent(FBPI_ORDER_SYNC, order);
  }

  /** Every delivery so far, oldest first. */
  list(): SentNotification[] {
    return this.sender.list().map(sent);
  }

  /** The latest delivery of the event with this message_id, once delivered or given up. */
  async settled(messageId: string): Promise<SentNotification> {
    const delivery = await this.sender.settled(
      (about) => about.envelope.metadata.message_id === messageId,
      `message_id ${messageId}`,
    );
    return sent(delivery);
  }

  /** Stops every pending attempt and abandons those under way. */
  close(): Promise<void> {
    return this.sender.close();
  }

  private publishOrderEvent(eventType: string, order: FbpiOrderRecord): void {
    const partner = this.partners.get(order.partnerKeyId);
    if (partner === undefined) throw new Error(`order ${order.fbpiOrderNr} has no partner ${order.partnerKeyId}`);
    const receivers = this.destinations.receiving(partner.projectCode, eventType);
    if (receivers.length === 0) return;
    const payload: FbpiOrderEventPayload = { order_nr: order.fbpiOrderNr };
    const envelope: EventEnvelope = {
      event_schema_version: 1,
      event_type: eventType,
      // Milliseconds, unlike noon's API timestamps: events of one order may follow each other within a second.
      metadata: {
        published_at: this.clock.now().toISOString(),
        project_code: partner.projectCode,
        message_id: randomUUID(),
      },
      payload,
    };
    const body = JSON.stringify(envelope);
    for (const destination of receivers) this.sender.send({ destinationCode: destination.code, envelope }, body);
  }

  private target(notification: NotificationIdentity): DeliveryTarget | undefined {
    const destination = this.destinations.find(notification.destinationCode);
    if (destination === undefined || !destination.isActive) return undefined;
    return { url: destination.url, headers: { 'user-agent': USER_AGENT, ...destination.credentials } };
  }
}
