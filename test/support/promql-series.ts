import type { Registry } from 'prom-client';

// PromQL queries (alert rules, dashboard panels) against the metrics the gateway exports: a query of a series nobody
// exports shows nothing, and neither Prometheus nor Grafana says so.

/** Series of other exporters a query may read: Prometheus' own `up`. */
const NOT_THE_GATEWAYS = new Set(['up']);

/** The series a PromQL expression selects (`name{label="v", …}`), with the labels it matches on. */
export function selectors(expr: string): Array<{ name: string; labels: string[] }> {
  // What follows `by (`/`without (` is grouping, not a series; strings are quoted and never names.
  const unquoted = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\b(?:by|without)\s*\([^)]*\)/g, '');
  return [...unquoted.matchAll(/\b([a-z_][a-z0-9_]*)\s*(\{[^}]*\})?(?!\s*\()/g)]
    .filter(([, name]) => /^(gateway|nodejs|process)_/.test(name!) || NOT_THE_GATEWAYS.has(name!))
    .map(([, name, matchers]) => ({
      name: name!,
      labels: [...(matchers ?? '').matchAll(/([a-z_][a-z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map(([, label]) => label!),
    }));
}

/**
 * What is wrong with the series the queries read, as the gateway's `registry` exports them: one it does not export, a
 * label it does not have, a query that reads none, each named by its query's `name` (an alert's, a panel's).
 */
export function seriesProblems(queries: ReadonlyArray<{ name: string; expr: string }>, registry: Registry): string[] {
  const problems: string[] = [];
  for (const query of queries) {
    const read = selectors(query.expr);
    if (read.length === 0) problems.push(`${query.name} reads no series`);
    for (const { name: series, labels } of read) {
      if (NOT_THE_GATEWAYS.has(series)) continue;
      const family = series.replace(/_(bucket|count|sum)$/, '');
      const metric = registry.getSingleMetric(series) ?? registry.getSingleMetric(family);
      if (metric === undefined) {
        problems.push(`${query.name} reads ${series}, which the gateway does not export`);
        continue;
      }
      // prom-client keeps each metric's label names; a histogram's buckets add `le`.
      const known = new Set((metric as unknown as { labelNames: string[] }).labelNames);
      if (series.endsWith('_bucket')) known.add('le');
      for (const label of labels) {
        if (!known.has(label)) problems.push(`${query.name} matches ${series} on ${label}, a label it does not have`);
      }
    }
  }
  return problems;
}
