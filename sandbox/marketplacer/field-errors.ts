import type { MutationError } from './wire.js';

/** A mutation's refusals, per input field, in the payload's `errors: [{field, messages}]` shape. */
export class FieldErrors {
  private readonly byField = new Map<string, string[]>();

  add(field: string, message: string): void {
    this.byField.set(field, [...(this.byField.get(field) ?? []), message]);
  }

  get empty(): boolean {
    return this.byField.size === 0;
  }

  list(): MutationError[] {
    return [...this.byField].map(([field, messages]) => ({ field, messages }));
  }
}

/** What every mutation answers: its object, or null and the reasons. */
export type Payload<K extends string, T> = { clientMutationId: string | null; errors: MutationError[] } & {
  [key in K]: T | null;
};
