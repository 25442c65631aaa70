import { OrderStatus } from '../../src/domain/order-status.js';

/** How far a line has come; a returned line has come furthest (it was delivered first). */
const PROGRESS: readonly OrderStatus[] = [
  OrderStatus.PENDING,
  OrderStatus.ACKNOWLEDGED,
  OrderStatus.PACKED,
  OrderStatus.SHIPPED,
  OrderStatus.HANDED_OVER,
  OrderStatus.DELIVERED,
  OrderStatus.RETURNED,
];

/**
 * The status of a whole order from its lines, for marketplaces that keep status per line (noon items, Fruugo item
 * statuses, Marketplacer line items): the least advanced of the lines still live, so an order reads SHIPPED only
 * when every live line has shipped; CANCELLED only when every line is; PENDING for an order without lines.
 */
export function wholeOrderStatus(lineStatuses: readonly OrderStatus[]): OrderStatus {
  if (lineStatuses.length === 0) return OrderStatus.PENDING;
  const live = lineStatuses.filter((status) => status !== OrderStatus.CANCELLED);
  if (live.length === 0) return OrderStatus.CANCELLED;
  return PROGRESS[Math.min(...live.map((status) => PROGRESS.indexOf(status)))]!;
}

/** Whether a filter's statuses let every order pass (none are given). */
export function passesEveryStatus(statuses: readonly OrderStatus[] | undefined): boolean {
  return statuses === undefined || statuses.length === 0;
}

/** Whether an order passes a filter's statuses (all pass when none are given). */
export function hasStatus(status: OrderStatus, statuses: readonly OrderStatus[] | undefined): boolean {
  return passesEveryStatus(statuses) || statuses!.includes(status);
}
