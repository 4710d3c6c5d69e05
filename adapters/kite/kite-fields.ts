import { KiteParseError } from './kite-parse-error';

/** A JSON object from Kite, read field by field with checks (never trusted as a typed value). */
export type KiteRecord = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown, path: string): KiteRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KiteParseError(path, `expected an object, got ${describe(value)}`);
  }
  return value as KiteRecord;
}

export function asArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new KiteParseError(path, `expected an array, got ${describe(value)}`);
  return value;
}

/** A non-empty string. */
export function readString(r: KiteRecord, key: string, path: string): string {
  const v = r[key];
  if (typeof v !== 'string' || v === '')
    throw new KiteParseError(`${path}.${key}`, `expected text, got ${describe(v)}`);
  return v;
}

/** A string, or null when the field is null, absent or empty. */
export function readOptionalString(r: KiteRecord, key: string, path: string): string | null {
  const v = r[key];
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'string') throw new KiteParseError(`${path}.${key}`, `expected text or null, got ${describe(v)}`);
  return v;
}

/** An identifier Kite sends as a string (order and trade IDs exceed 2^53, so a number is refused). */
export function readId(r: KiteRecord, key: string, path: string): string {
  const v = readString(r, key, path);
  if (!/^[0-9A-Za-z_-]+$/.test(v)) throw new KiteParseError(`${path}.${key}`, `'${v}' is not an identifier`);
  return v;
}

/** A whole, non-negative number of units. */
export function readCount(r: KiteRecord, key: string, path: string): number {
  const v = r[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new KiteParseError(`${path}.${key}`, `expected a whole number >= 0, got ${describe(v)}`);
  }
  return v;
}

/** A whole number of units that may be negative (a net short position). */
export function readSignedCount(r: KiteRecord, key: string, path: string): number {
  const v = r[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new KiteParseError(`${path}.${key}`, `expected a whole number, got ${describe(v)}`);
  }
  return v;
}

/** A finite number (Kite's prices are JSON numbers of rupees). */
export function readNumber(r: KiteRecord, key: string, path: string): number {
  const v = r[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new KiteParseError(`${path}.${key}`, `expected a number, got ${describe(v)}`);
  }
  return v;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (v instanceof Date) return `Date ${Number.isNaN(v.getTime()) ? 'Invalid' : v.toISOString()}`;
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  return `${typeof v} ${String(v)}`;
}
