import { Schema, type Model } from 'mongoose';

/** A named sequence (one so far: `orderEvents`, the order events' cursors). */
export interface CounterDocument {
  _id: string;
  /** The last value handed out. */
  seq: number;
}

export const counterSchema = new Schema<CounterDocument>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  { collection: 'counters', versionKey: false },
);

/**
 * The next value of a sequence, starting at 1. One atomic `$inc` on one document: every caller on every instance
 * gets a different, larger value. A value whose insert then fails is never reused; sequences have gaps.
 */
export async function nextValue(
  counters: Pick<Model<CounterDocument>, 'findOneAndUpdate'>,
  name: string,
): Promise<number> {
  const counter = await counters
    .findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
    .lean<CounterDocument>();
  return counter!.seq;
}
