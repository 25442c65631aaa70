import { randomBytes } from 'node:crypto';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

// What carries the active span through async calls is the one process-wide piece of OpenTelemetry: `npm start` gets
// it from the SDK's start (src/tracing/trace-export.ts), a test file from here. Each gateway gets its own provider.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** The spans a test gateway ended, each as the SDK hands it to an exporter. */
export class RecordedSpans {
  private readonly exporter = new InMemorySpanExporter();
  /** For `startTestGateway({ tracerProvider })`. */
  readonly provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.exporter)] });

  /** Every span ended so far, of the trace `traceId` when given. */
  spans(traceId?: string): ReadableSpan[] {
    const all = this.exporter.getFinishedSpans();
    return traceId === undefined ? all : all.filter((span) => span.spanContext().traceId === traceId);
  }

  /** The one span matching `which`; fails naming `what` when there are none or several. */
  only(which: (span: ReadableSpan) => boolean, what: string): ReadableSpan {
    const found = this.spans().filter(which);
    if (found.length !== 1) {
      throw new Error(`${found.length} spans for ${what}; ended so far: ${this.spans().map((span) => span.name)}`);
    }
    return found[0]!;
  }

  /** The spans whose parent is `parent`, ordered by name then start. */
  childrenOf(parent: ReadableSpan): ReadableSpan[] {
    const id = parent.spanContext().spanId;
    return this.spans(parent.spanContext().traceId)
      .filter((span) => span.parentSpanContext?.spanId === id)
      .sort((one, other) => one.name.localeCompare(other.name) || compareTimes(one, other));
  }

  /** The span `span` is a child of, when it ended here (not a remote parent, not a root). */
  parentOf(span: ReadableSpan): ReadableSpan | undefined {
    const id = span.parentSpanContext?.spanId;
    return this.spans(span.spanContext().traceId).find((other) => other.spanContext().spanId === id);
  }

  /** `parent`'s children's names (as `childrenOf` orders them). */
  childNames(parent: ReadableSpan): string[] {
    return this.childrenOf(parent).map((span) => span.name);
  }

  async close(): Promise<void> {
    await this.provider.shutdown();
  }
}

function compareTimes(one: ReadableSpan, other: ReadableSpan): number {
  return one.startTime[0] - other.startTime[0] || one.startTime[1] - other.startTime[1];
}

/** A `traceparent` a frontend would send: a fresh trace id and the id of the frontend's span, sampled. */
export function frontendTraceparent(): { traceparent: string; traceId: string; parentSpanId: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  return { traceparent: `00-${traceId}-${parentSpanId}-01`, traceId, parentSpanId };
}
