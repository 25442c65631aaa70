import { BadInput, type FieldProblem } from '../../src/domain/errors.js';
import type { LineQuantity } from '../../src/domain/ports/order-source.js';

/**
 * Where each order mutation takes the fields of its request, as a caller names them: `shipOrder`'s sit in its
 * `input`, `cancelOrder`'s are arguments of their own, `confirmOrder` has none. The order itself is the `id`.
 */
const REQUEST_FIELDS = { confirm: '', ship: 'input.', cancel: '' } as const;

export type OrderMutation = keyof typeof REQUEST_FIELDS;

/** What one line of an order has open to a mutation, as the marketplace counts it. */
export interface OpenLine {
  /** Units the mutation may take. */
  units: number;
  /** Why the line has no more (`2 units not confirmed yet: confirmOrder first`), said when a request asks for more. */
  why?: string;
}

/**
 * A marketplace's rules a request breaks, found from the order before any call that would change it, so a mistake
 * the gateway can see is never sent to fail later. Each problem names the field as the mutation takes it
 * (`input.carrier`, `lines[0].quantity`, `id` for the order as a whole); `verdict()` throws them all as one
 * BadInput, so the caller fixes everything at once.
 */
export class RequestCheck {
  private readonly problems: FieldProblem[] = [];

  constructor(
    private readonly mutation: OrderMutation,
    /** The order's id, as the caller named it (`FRUUGO:9164693001000444`). */
    private readonly orderId: string,
  ) {}

  /** A field of the request (`carrier`, `lines[0].lineId`) that breaks a rule, and the rule. */
  field(path: string, message: string): this {
    this.problems.push({ field: `${REQUEST_FIELDS[this.mutation]}${path}`, message });
    return this;
  }

  /** The order as a whole cannot take the mutation (nothing confirmed yet, nothing left). */
  order(message: string): this {
    this.problems.push({ field: 'id', message: `${this.orderId} ${message}` });
    return this;
  }

  /**
   * Fields the marketplace has no place for, refused when given rather than dropped without a word: each field's
   * name and why the marketplace does not take it.
   */
  notTaken(request: object, fields: Readonly<Record<string, string>>): this {
    for (const [name, why] of Object.entries(fields)) {
      if ((request as Record<string, unknown>)[name] !== undefined) this.field(name, why);
    }
    return this;
  }

  /**
   * The lines a request names, against what each line of the order has open: a line the order does not have, and
   * more units than a line has open (a line named twice counts its units together).
   */
  lines(lines: readonly LineQuantity[] | undefined, open: ReadonlyMap<string, OpenLine>): this {
    const asked = new Map<string, number>();
    lines?.forEach((line, index) => {
      const available = open.get(line.lineId);
      if (available === undefined) {
        this.field(
          `lines[${index}].lineId`,
          `${this.orderId} has no line ${line.lineId}; its lines: ${[...open.keys()].join(', ')}`,
        );
        return;
      }
      const total = (asked.get(line.lineId) ?? 0) + line.quantity;
      asked.set(line.lineId, total);
      if (total > available.units) {
        const why = available.why === undefined ? '' : ` (${available.why})`;
        this.field(
          `lines[${index}].quantity`,
          `line ${line.lineId} has ${available.units} unit(s) to ${this.mutation}, not ${total}${why}`,
        );
      }
    });
    return this;
  }

  /** Throws what was found as one BadInput (BAD_USER_INPUT, one `details` entry per problem); nothing if all is well. */
  verdict(): void {
    if (this.problems.length === 0) return;
    const said = this.problems.map((problem) => problem.message).join('; ');
    throw new BadInput(`Cannot ${this.mutation} ${this.orderId} as asked: ${said}`, [...this.problems]);
  }
}
