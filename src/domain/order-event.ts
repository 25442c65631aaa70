/** What happened to an order, in the same words for every marketplace. */
export enum OrderEventType {
  CREATED = 'CREATED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  UPDATED = 'UPDATED',
  OPERATION_REQUESTED = 'OPERATION_REQUESTED',
  ERROR_REPORTED = 'ERROR_REPORTED',
}

/** How the gateway learnt of an order change: a marketplace told it, or it made the change itself. */
export enum OrderEventOrigin {
  WEBHOOK = 'WEBHOOK',
  MUTATION = 'MUTATION',
}
