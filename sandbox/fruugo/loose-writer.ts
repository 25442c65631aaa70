/**
 * Writes a value in the loose notation of Fruugo's callback payloads (seed 004), the way Fruugo does:
 * `{ 'key': value 'key': value }`, lists `[a b]`, single-quoted strings with nothing escaped, no commas.
 * The gateway reads it with datasources/fruugo/webhooks/loose-payload.ts; this side is the simulator's.
 */
export function writeLoose(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} in Fruugo's notation`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(writeLoose).join(' ')}]`;
  if (typeof value === 'object') {
    // Absent optional fields are left out, as JSON.stringify would.
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    if (members.length === 0) return '{}';
    return `{ ${members.map(([key, member]) => `'${key}': ${writeLoose(member)}`).join(' ')} }`;
  }
  throw new TypeError(`cannot write a ${typeof value} in Fruugo's notation`);
}
