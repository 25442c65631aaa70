/** Groups records by the order they belong to, keeping their order within each (both adapters' per-order reads). */
export function groupByOrder<Stored, T>(
  records: readonly Stored[],
  orderIdOf: (stored: Stored) => string,
  map: (stored: Stored) => T,
): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const stored of records) {
    const orderId = orderIdOf(stored);
    const list = grouped.get(orderId) ?? [];
    list.push(map(stored));
    grouped.set(orderId, list);
  }
  return grouped;
}
