import type { FaultBody } from './traffic.js';

/** A marketplace's error codes, each with the HTTP status it is answered with and its usual sentence. */
export type CodeTable<Code extends string> = Record<Code, { status: number; message: string }>;

/**
 * The error codes a simulator answers with. Injected faults and the rate limit may name only a status, so a code
 * is also found by its status: the first code of the table that carries it (the table's order decides), else the
 * code `otherwise` chooses for a status the table lacks.
 */
export class ErrorCodes<Code extends string> {
  constructor(
    private readonly table: CodeTable<Code>,
    private readonly otherwise: (status: number) => string,
  ) {}

  private has(code: string): code is Code {
    return Object.hasOwn(this.table, code);
  }

  status(code: Code): number {
    return this.table[code].status;
  }

  /** The code's usual sentence; a code the table lacks stands for itself. */
  describe(code: string): string {
    return this.has(code) ? this.table[code].message : code;
  }

  forStatus(status: number): string {
    return (
      (Object.keys(this.table) as Code[]).find((code) => this.table[code].status === status) ?? this.otherwise(status)
    );
  }

  /**
   * The body of injected faults and rate-limit refusals (TrafficControl's FaultBody): `shape` words the code the
   * fault names, or the one for its status, with that code's usual sentence.
   */
  faultBody(shape: (code: string, message: string) => unknown): FaultBody {
    return (status, code) => {
      const chosen = code ?? this.forStatus(status);
      return shape(chosen, this.describe(chosen));
    };
  }
}

/** How a marketplace shapes a refusal's body from its code, message and the entries at fault. */
export type RefusalBody<Entry, Body> = (code: string, message: string, entries?: Entry[]) => Body;

/**
 * A refusal with one of a simulator's codes, naming the entries at fault when there are some; its app answers it
 * with `status` and `body`.
 */
export abstract class CodedRefusal<Code extends string, Entry, Body> extends Error {
  readonly status: number;

  /** `message` defaults to the code's usual sentence. */
  constructor(
    codes: ErrorCodes<Code>,
    private readonly shape: RefusalBody<Entry, Body>,
    readonly code: Code,
    message: string | undefined,
    readonly entries: Entry[] | undefined,
  ) {
    super(message ?? codes.describe(code));
    this.name = new.target.name;
    this.status = codes.status(code);
  }

  get body(): Body {
    return this.shape(this.code, this.message, this.entries);
  }
}
