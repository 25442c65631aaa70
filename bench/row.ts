/** One row of `npm run bench`'s table: a figure, the baseline it is measured against in the same run, and its goal. */
export interface RowResult {
  /** What is measured, in the words of issue 14's table. */
  what: string;
  /** The figure, with its unit (e.g. "8,412 req/s"). */
  figure: string;
  /** What the figure is compared with, measured in the same run (or the fixed point the goal names). */
  baseline: string;
  /** The figure over the baseline, where the goal is a ratio; null where it is not. */
  ratio: number | null;
  /** The goal, as the issue states it. */
  goal: string;
  met: boolean;
  /** The raw numbers behind the row, for bench/results.json. */
  values: Record<string, number>;
  /** What a reader needs to read the figure right (the load it ran under, a limit raised for it). */
  note?: string;
}

/** How a row is run: `quick` scales it down so the whole table takes under two minutes. */
export interface RowOptions {
  quick: boolean;
}

/** A row's measurement; it starts what it needs and stops it, and throws only when it could not measure. */
export type Row = (options: RowOptions) => Promise<RowResult | RowResult[]>;

/** `n` with thousands separators and `digits` decimals. */
export const figure = (n: number, digits = 0): string =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Node flags for a benchmark's gateway process: with BENCH_PROFILE_DIR set, a CPU profile of it is written there
 * when it stops (`--cpu-prof`), one file per gateway, to read before optimising anything.
 */
export function gatewayExecArgv(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir === undefined || dir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}
