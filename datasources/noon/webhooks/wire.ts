/**
 * noon's Event Notifications (reference 1.2, "Webhook (Event Notifications)"): the envelope noon posts to a
 * partner's HTTPS destination, and the destination API a partner registers one with. The payloads exactly as they
 * travel; values the public material does not spell out are the choices written in docs/noon-fbpi.md ("Webhooks").
 */

/** What noon posts to a destination. Event types are `NAMESPACE::EVENT_TYPE`. */
export interface EventEnvelope<Payload = unknown> {
  /** 1 is the only version documented. */
  event_schema_version: 1;
  event_type: string;
  metadata: {
    /** ISO-8601 UTC. */
    published_at: string;
    project_code: string;
    /** The event's identity, the same on every delivery of it (documented as optional). */
    message_id?: string;
  };
  payload: Payload;
}

/** The payload of every `FBPI::ORDER_*` event: only the order number; the order itself is read with GetFbpiOrder. */
export interface FbpiOrderEventPayload {
  order_nr: string;
}

/** The FBPI order events: the guide's name for a new order, and the API reference's for any change. */
export const FBPI_ORDER_CREATED = 'FBPI::ORDER_CREATED';
export const FBPI_ORDER_SYNC = 'FBPI::ORDER_SYNC';
/** Every FBPI order event shares this prefix. */
export const FBPI_ORDER_EVENT_PREFIX = 'FBPI::ORDER_';

/** A destination's credentials: header name → value, sent on every delivery. Values read back as `******`. */
export interface DestinationCredentials {
  values: Record<string, string>;
}

/** Whether the destination receives one event type. */
export interface DestinationEventType {
  event_type: string;
  is_active: boolean;
}

/** POST /v1/destination/https-destination/create */
export interface CreateHttpsDestinationRequest {
  destination_name: string;
  url: string;
  credentials: DestinationCredentials;
}

export interface CreateHttpsDestinationResponse {
  destination_code: string;
}

/** POST /v1/destination/https-destination/{destination_code}/update — only the fields sent change. */
export interface UpdateHttpsDestinationRequest {
  destination_name?: string;
  is_active?: boolean;
  url?: string;
  credentials?: DestinationCredentials;
  event_types?: DestinationEventType[];
}

/** GET /v1/destination/{destination_code}/get, and each entry of the list. */
export interface Destination {
  destination_code: string;
  destination_name: string;
  url: string;
  is_active: boolean;
  /** Every value redacted as `******`. */
  credentials: DestinationCredentials;
  event_types: DestinationEventType[];
}

/** GET /v1/destination/list */
export interface ListDestinationsResponse {
  destinations: Destination[];
}

/** GET /v1/event-type/list */
export interface ListEventTypesResponse {
  event_types: string[];
}

/** How credential values read back. */
export const REDACTED = '******';

/** noon's limit of destinations per project. */
export const MAX_DESTINATIONS_PER_PROJECT = 5;

/** The refusals of the destination API (chosen; docs/noon-fbpi.md). */
export type DestinationErrorCode = 'DESTINATION_NOT_FOUND' | 'DESTINATION_LIMIT_EXCEEDED';
