import { createHash } from 'node:crypto';

/** JSON data: what may go into a canonical form (no undefined in arrays, no NaN, no Dates). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/** A value that has no canonical JSON form. */
export class CanonicalJsonError extends Error {}

/**
 * The canonical JSON text of a value: object keys sorted (by UTF-16 code unit), no whitespace,
 * object properties whose value is undefined left out, -0 written as 0. The same data always
 * gives the same text, whatever order its keys were built in, so it can be hashed into an ID.
 * Refuses what JSON cannot carry faithfully: NaN, Infinity, undefined in an array, functions,
 * bigints, symbols, and objects that are not plain (Date, Map, class instances).
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** SHA-256 (hex) of the canonical JSON of a value. */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function write(v: unknown, path: string): string {
  if (v === null) return 'null';
  const type = typeof v;
  switch (type) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new CanonicalJsonError(`${path} is ${String(v)}, which JSON cannot carry`);
      return JSON.stringify(v === 0 ? 0 : (v as number));
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x, i) => write(x, `${path}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(v as object);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError(`${path} is a ${proto?.constructor?.name ?? 'non-plain'} object, not plain data`);
      }
      const entries = Object.keys(v as object)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${write((v as Record<string, unknown>)[k], `${path}.${k}`)}`);
      return `{${entries.join(',')}}`;
    }
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new CanonicalJsonError(`${path} is ${type}, which has no canonical JSON form`);
    default: {
      const never: never = type;
      throw new CanonicalJsonError(`${path} has an unknown type ${String(never)}`);
    }
  }
}
