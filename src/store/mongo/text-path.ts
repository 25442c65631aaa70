import type { Document } from 'mongoose';

/**
 * A string path that must be present but may be empty: a raw webhook body, a marketplace's own words. Mongoose's
 * `required` refuses '' for strings, so the path is required only while it holds no string at all.
 */
export function textAllowingEmpty(path: string) {
  return {
    type: String,
    required: [
      function (this: Document) {
        return typeof this.get(path) !== 'string';
      },
      `Path \`${path}\` is required.`,
    ] as [() => boolean, string],
  };
}
