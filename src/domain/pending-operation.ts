/** The order calls a marketplace may accept now and answer later. */
export enum OrderOperationType {
  CONFIRM = 'CONFIRM',
  SHIP = 'SHIP',
  CANCEL = 'CANCEL',
}

/** PENDING until the marketplace's callback settles it. */
export enum OrderOperationStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

/**
 * A call a marketplace accepted (202) and answers later by webhook (Fruugo): the mutation returns before the
 * outcome is known, so the order shows what is still waiting.
 */
export interface PendingOperation {
  /** Sent with the call and echoed by the marketplace's callback. */
  correlationId: string;
  type: OrderOperationType;
  status: OrderOperationStatus;
  requestedAt: Date;
  completedAt: Date | null;
}
