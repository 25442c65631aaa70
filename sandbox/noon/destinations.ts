import {
  FBPI_ORDER_CREATED,
  FBPI_ORDER_SYNC,
  MAX_DESTINATIONS_PER_PROJECT,
  REDACTED,
  type CreateHttpsDestinationRequest,
  type Destination,
  type UpdateHttpsDestinationRequest,
} from './wire.js';
import { NoonError } from './errors.js';
import type { Partner } from './partners.js';

/** The event types noon lists (reference 1.2); the sandbox fires the two FBPI order events. */
export const EVENT_TYPES = [FBPI_ORDER_CREATED, FBPI_ORDER_SYNC, 'FBPO::PO_SYNC'] as const;

/** One HTTPS destination of a project: where noon posts its events, with the headers the partner chose. */
export interface DestinationRecord {
  readonly code: string;
  readonly projectCode: string;
  name: string;
  url: string;
  isActive: boolean;
  /** Header name → value, sent on every delivery. */
  credentials: Record<string, string>;
  /** Every known event type and whether this destination receives it; all are received at creation. */
  eventTypes: Map<string, boolean>;
}

/** A destination as the API reads it back: credential values redacted. */
export function destinationView(record: DestinationRecord): Destination {
  return {
    destination_code: record.code,
    destination_name: record.name,
    url: record.url,
    is_active: record.isActive,
    credentials: { values: Object.fromEntries(Object.keys(record.credentials).map((name) => [name, REDACTED])) },
    event_types: [...record.eventTypes].map(([eventType, isActive]) => ({
      event_type: eventType,
      is_active: isActive,
    })),
  };
}

/**
 * The destinations of every project (docs/noon-fbpi.md, "Webhooks"): at most five per project, each acting only
 * for its own project (another project's code is 403, an unknown one 404).
 */
export class DestinationBook {
  private readonly byCode = new Map<string, DestinationRecord>();
  private readonly listeners: Array<() => void> = [];
  private count = 0;

  /** Calls `listener` after every update (a destination reactivated or moved may take deliveries it held). */
  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  create(partner: Partner, request: CreateHttpsDestinationRequest): DestinationRecord {
    if (this.list(partner).length >= MAX_DESTINATIONS_PER_PROJECT) {
      throw new NoonError(
        'DESTINATION_LIMIT_EXCEEDED',
        `project ${partner.projectCode} already has ${MAX_DESTINATIONS_PER_PROJECT} destinations; update one instead`,
      );
    }
    this.count += 1;
    const record: DestinationRecord = {
      code: `DST${100_000 + this.count}`,
      projectCode: partner.projectCode,
      name: request.destination_name,
      url: request.url,
      isActive: true,
      credentials: { ...request.credentials.values },
      eventTypes: new Map(EVENT_TYPES.map((eventType) => [eventType, true])),
    };
    this.byCode.set(record.code, record);
    return record;
  }

  /** Changes only what the request names; event types not listed keep their setting. */
  update(partner: Partner, code: string, request: UpdateHttpsDestinationRequest): DestinationRecord {
    const record = this.get(partner, code);
    if (request.destination_name !== undefined) record.name = request.destination_name;
    if (request.is_active !== undefined) record.isActive = request.is_active;
    if (request.url !== undefined) record.url = request.url;
    if (request.credentials !== undefined) record.credentials = { ...request.credentials.values };
    for (const { event_type, is_active } of request.event_types ?? []) record.eventTypes.set(event_type, is_active);
    for (const listener of this.listeners) listener();
    return record;
  }

  get(partner: Partner, code: string): DestinationRecord {
    const record = this.byCode.get(code);
    if (record === undefined) throw new NoonError('DESTINATION_NOT_FOUND', `destination ${code} does not exist`);
    if (record.projectCode !== partner.projectCode) {
      throw new NoonError('FORBIDDEN', `destination ${code} belongs to another project`);
    }
    return record;
  }

  /** The project's destinations, oldest first. */
  list(partner: Partner): DestinationRecord[] {
    return [...this.byCode.values()].filter((record) => record.projectCode === partner.projectCode);
  }

  /** The active destinations of the project that receive this event type. */
  receiving(projectCode: string, eventType: string): DestinationRecord[] {
    return [...this.byCode.values()].filter(
      (record) => record.projectCode === projectCode && record.isActive && record.eventTypes.get(eventType) === true,
    );
  }

  find(code: string): DestinationRecord | undefined {
    return this.byCode.get(code);
  }
}
