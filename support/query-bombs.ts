/**
 * Issue 13's measured bombs, for the tests that refuse them and the benchmark that shows them before and after:
 * one request each that the gateway would have spent minutes and hundreds of megabytes on.
 */

/**
 * `aliases` aliases of `orders(first: first)` (1,000 of 100: 40 KB, 4,982 upstream calls, 110 s before the limits).
 * Another `variant` gives another document, which no server has parsed and validated before.
 */
export function ordersAliasBomb(aliases: number, first: number, variant = ''): string {
  const fields = Array.from(
    { length: aliases },
    (_, index) => `o${variant}${index}: orders(first: ${first}) { nodes { id } }`,
  );
  return `{ ${fields.join(' ')} }`;
}

/** The SKUs `PSKU-000001` … of the simulators' catalogs. */
export function skus(count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, index) => `PSKU-${String(from + index).padStart(6, '0')}`);
}

/**
 * `aliases` aliases of `inventoryLevels`, each with SKUs of its own in `$skusN` (100 of 1,000 SKUs: 2,244 upstream
 * calls before the limits), and their variables.
 */
export function inventoryAliasBomb(
  aliases: number,
  skuCount: number,
): { query: string; variables: Record<string, string[]> } {
  const names = Array.from({ length: aliases }, (_, index) => `skus${index}`);
  const query =
    `query (${names.map((name) => `$${name}: [String!]!`).join(', ')}) { ` +
    names.map((name, index) => `i${index}: inventoryLevels(skus: $${name}) { sku available }`).join(' ') +
    ' }';
  return {
    query,
    variables: Object.fromEntries(names.map((name, index) => [name, skus(skuCount, index * skuCount + 1)])),
  };
}

/**
 * A short document whose fragments each spread the next `spreads` times, `levels` deep: it selects `spreads` to the
 * power `levels` fields, which only walking it (or running it) finds out.
 */
export function fragmentBomb(spreads: number, levels: number): string {
  const fragments = Array.from(
    { length: levels },
    (_, level) => `fragment F${level} on Query { ${`...F${level + 1} `.repeat(spreads)}}`,
  );
  return `{ ...F0 }\n${fragments.join('\n')}\nfragment F${levels} on Query { __typename }`;
}
