import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldConfig, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { BadInput, type FieldProblem } from '../domain/errors.js';
import { isWellFormed } from '../domain/ids.js';

/** LIST_ARGUMENT_MAX_ITEMS' default: the largest list a field takes (setInboundShipmentItems' 50,000 items). */
export const DEFAULT_LIST_ARGUMENT_MAX_ITEMS = 50_000;

/** What every argument of every field is held to. */
export interface ArgumentLimits {
  /** The most items one list argument may hold (LIST_ARGUMENT_MAX_ITEMS). */
  listMaxItems: number;
}

type Plain = Record<string, unknown>;

/** An input object as graphql-js coerces it (a scalar such as DateTime is a Date, and is left alone). */
function isInputObject(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isPlainValue(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * `value` (the argument or part of it at `path`) as the resolver gets it, its problems pushed to `problems`: a string
 * must be well-formed UTF-16, a list must hold at most `limits.listMaxItems` items, and a list of plain values
 * (statuses, SKUs, marketplaces, ids) is a set, so what it repeats is dropped. What needs no change is given back as
 * it is, so a list of 50,000 items costs a walk, not a copy.
 */
function checked(value: unknown, path: string, limits: ArgumentLimits, problems: FieldProblem[]): unknown {
  if (typeof value === 'string') {
    if (!isWellFormed(value)) {
      problems.push({ field: path, message: 'holds a lone surrogate (half of a UTF-16 pair), which is no character' });
    }
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length > limits.listMaxItems) {
      problems.push({
        field: path,
        message: `holds ${value.length} items; a list argument holds at most ${limits.listMaxItems}`,
      });
      return value;
    }
    const items = withChecked(value, (item, index) => checked(item, `${path}[${index}]`, limits, problems));
    if (!items.every(isPlainValue)) return items;
    const distinct = new Set(items);
    return distinct.size === items.length ? items : [...distinct];
  }
  if (isInputObject(value)) return checkedFields(value, `${path}.`, limits, problems);
  return value;
}

/** An input object (or the arguments, `prefix` empty) with each field checked: the same object when none changed. */
function checkedFields(value: Plain, prefix: string, limits: ArgumentLimits, problems: FieldProblem[]): Plain {
  const names = Object.keys(value);
  const fields = names.map((name) => value[name]);
  const after = withChecked(fields, (field, index) => checked(field, `${prefix}${names[index]}`, limits, problems));
  return after === fields ? value : Object.fromEntries(names.map((name, index) => [name, after[index]]));
}

/** `values` with `check` applied to each: the same array when nothing changed. */
function withChecked(values: readonly unknown[], check: (value: unknown, index: number) => unknown): unknown[] {
  let changed: unknown[] | undefined;
  values.forEach((value, index) => {
    const after = check(value, index);
    if (after !== value) (changed ??= [...values])[index] = after;
  });
  return changed ?? (values as unknown[]);
}

/** The arguments a field's resolver gets; BAD_USER_INPUT naming every part at fault. */
export function checkArguments(args: Plain, limits: ArgumentLimits): Plain {
  const problems: FieldProblem[] = [];
  const result = checkedFields(args, '', limits, problems);
  if (problems.length > 0) {
    throw new BadInput(
      `Invalid arguments: ${problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')}`,
      problems,
    );
  }
  return result;
}

/**
 * Holds every argument of every field to `limits` before its resolver (or a subscription's `subscribe`) sees it,
 * on HTTP and websockets alike: the one place where a lone surrogate in any string, an over-long list or a repeated
 * status is handled, so no path of the gateway meets one. It runs before the field's role check, as GraphQL's own
 * coercion of the arguments does.
 */
export function checkedArguments(schema: GraphQLSchema, limits: ArgumentLimits): GraphQLSchema {
  const guard = <Resolver extends GraphQLFieldResolver<unknown, unknown>>(resolver: Resolver): Resolver =>
    ((source, args, context, info) =>
      resolver(source, checkArguments(args as Plain, limits), context, info)) as Resolver;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field: GraphQLFieldConfig<unknown, unknown>) => {
      if (field.args === undefined || Object.keys(field.args).length === 0) return field;
      return {
        ...field,
        resolve: guard(field.resolve ?? defaultFieldResolver),
        ...(field.subscribe ? { subscribe: guard(field.subscribe) } : {}),
      };
    },
  });
}
