import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Whether events published on other instances reach this one, and when that changes. */
export interface EventBusLink {
  /** True once Redis has confirmed this instance's subscription on its current connection; false while it is away. */
  readonly hearing: boolean;
  /** Calls `listener` on each change of `hearing`; answers the way to stop. */
  onHearingChange(listener: (hearing: boolean) => void): () => void;
}

/** What the relay tells whoever counts its failures (the gateway's metrics, src/metrics/). */
export interface EventBusObserver {
  /** An event of `topic` could not be sent to the other instances (Redis away). */
  publishFailed(topic: string): void;
}

/** What crosses Redis: the payload, and which instance sent it, so that the sender can skip its own. */
interface Envelope {
  instance: string;
  payload: unknown;
}

/**
 * Redis channels are named `marketplace-gateway:<topic>`. Not the bare topic names of earlier versions, whose
 * messages carried no envelope: during a rolling upgrade old and new instances do not read each other's messages
 * (a subscriber on a new one still gets the old ones' order events, from the store, when the next event shows the gap).
 */
const CHANNEL_PREFIX = 'marketplace-gateway:';

/**
 * Carries this instance's events to the other instances through Redis pub/sub, and theirs to `deliverHere` (this
 * instance's subscribers). This instance's own events never come back through it: its subscribers have them already,
 * from the publish itself, whatever Redis does.
 *
 * Redis being away never takes the gateway with it: a publish that fails is logged (once per outage) and dropped; the
 * connections reconnect by themselves; `hearing` tells the outage catch-up when to read order events from the store.
 */
export class RedisRelay<Topics extends Record<string, unknown>> implements EventBusLink {
  private readonly instance = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private hearingNow = false;
  private publishing = true;
  private closing = false;
  private readonly hearingListeners = new Set<(hearing: boolean) => void>();

  constructor(
    url: string,
    topics: ReadonlyArray<keyof Topics & string>,
    private readonly deliverHere: <Topic extends keyof Topics>(topic: Topic, payload: Topics[Topic]) => void,
    private readonly log: Logger,
    /** Told of every publish that failed, not only the first of an outage that the log names. */
    private readonly observer?: EventBusObserver,
  ) {
    this.publisher = new Redis(url, {
      // A publish while Redis is away fails at once rather than waiting to be sent on reconnection: a stock count
      // arriving minutes late would overwrite a newer one on the client's screen. Nothing is lost that matters: order
      // events are in the store, where the other instances read them while they cannot hear this one.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
    });
    // Subscribed anew on each connection (below), instead of ioredis's resubscription, which runs after its `ready`
    // event: `hearing` must turn true only once Redis has confirmed the subscription.
    this.subscriber = new Redis(url, { autoResubscribe: false, enableOfflineQueue: false });
    for (const [role, client] of [
      ['publish', this.publisher],
      ['subscribe', this.subscriber],
    ] as const) {
      // ioredis tries again every 2 s at most while Redis is away, each try an error: one warning per outage is enough.
      let failing = false;
      client.on('ready', () => (failing = false));
      client.on('error', (error: Error) => {
        this.log[failing ? 'debug' : 'warn']({ err: error, role }, 'Redis connection failed; reconnecting');
        failing = true;
      });
    }
    const channels = topics.map((topic) => CHANNEL_PREFIX + topic);
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(...channels).then(
        () => this.setHearing(true),
        // The connection went away again; the next `ready` subscribes again.
        (error: unknown) => this.log.warn({ err: error }, 'Redis subscription failed; retried on reconnection'),
      );
    });
    this.subscriber.on('close', () => this.setHearing(false));
    this.subscriber.on('message', (channel: string, message: string) => this.receive(channel, message));
  }

  get hearing(): boolean {
    return this.hearingNow;
  }

  onHearingChange(listener: (hearing: boolean) => void): () => void {
    this.hearingListeners.add(listener);
    return () => this.hearingListeners.delete(listener);
  }

  /** Sends the event to the other instances; never throws, never waits. */
  publish<Topic extends keyof Topics & string>(topic: Topic, payload: Topics[Topic]): void {
    const envelope: Envelope = { instance: this.instance, payload };
    this.publisher.publish(CHANNEL_PREFIX + topic, JSON.stringify(envelope)).then(
      () => {
        if (this.publishing) return;
        this.publishing = true;
        this.log.info('Redis takes publishes again: other instances hear this one live');
      },
      (error: unknown) => {
        this.observer?.publishFailed(topic);
        if (!this.publishing) return;
        this.publishing = false;
        this.log.error(
          { err: error, topic },
          'Redis publish failed: until it is back, other instances read this one’s order events from the store, and miss its stock and ASN events',
        );
      },
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    // QUIT waits for Redis to answer; a Redis that is gone cannot, so the connection is dropped instead.
    await Promise.all(
      [this.publisher, this.subscriber].map((client) => client.quit().catch(() => client.disconnect())),
    );
  }

  private receive(channel: string, message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch (error) {
      this.log.warn({ err: error, channel }, 'Redis message is not JSON; dropped');
      return;
    }
    if (envelope.instance === this.instance) return;
    // One of the channels subscribed above, written by another instance of this gateway: the payload is the topic's.
    const topic = channel.slice(CHANNEL_PREFIX.length) as keyof Topics & string;
    this.deliverHere(topic, envelope.payload as Topics[typeof topic]);
  }

  private setHearing(hearing: boolean): void {
    if (this.closing || hearing === this.hearingNow) return;
    this.hearingNow = hearing;
    if (hearing) this.log.info('Redis subscription confirmed: other instances’ events arrive live');
    else this.log.warn('Redis connection lost: other instances’ events do not arrive live until it is back');
    for (const listener of this.hearingListeners) listener(hearing);
  }
}
