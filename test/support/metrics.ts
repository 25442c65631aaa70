import assert from 'node:assert/strict';

/** One sample of Prometheus's text format: `name{label="value",…} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** One scrape of a gateway's `/metrics`, read as Prometheus reads it. */
export class Scrape {
  private constructor(
    readonly text: string,
    private readonly samples: Sample[],
  ) {}

  /** GETs `url` (the gateway's metrics URL) and reads the answer, which must be Prometheus's text format. */
  static async of(url: string | undefined): Promise<Scrape> {
    assert.ok(url, 'the gateway serves metrics');
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return Scrape.parse(await response.text());
  }

  /** Reads Prometheus's text format, as a registry writes it. */
  static parse(text: string): Scrape {
    const samples = text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line): Sample => {
        const match = SAMPLE.exec(line);
        assert.ok(match, `a sample: ${line}`);
        const labels = Object.fromEntries(
          [...(match[2] ?? '').matchAll(LABEL)].map(([, key, value]) => [key!, value!]),
        );
        return { name: match[1]!, labels, value: Number(match[3]) };
      });
    return new Scrape(text, samples);
  }

  /** The sum of the samples named `name` whose labels include `labels`; 0 when there is none. */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.matching(name, labels).reduce((sum, sample) => sum + sample.value, 0);
  }

  /** Whether any sample is named `name` with `labels` among its labels. */
  has(name: string, labels: Record<string, string> = {}): boolean {
    return this.matching(name, labels).length > 0;
  }

  /** The values `label` takes among the samples named `name`. */
  labelValues(name: string, label: string): Set<string> {
    return new Set(this.matching(name, {}).flatMap((sample) => sample.labels[label] ?? []));
  }

  private matching(name: string, labels: Record<string, string>): Sample[] {
    return this.samples.filter(
      (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  }
}

/** How much a counter or a histogram's `_count` moved between two scrapes. */
export function moved(before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}): number {
  return after.value(name, labels) - before.value(name, labels);
}
