import type { ClientBase, Pool } from 'pg';

/** What the queries run on: the pool, or a client (inside a transaction, a DataLoader batch...). */
export type Db = Pick<Pool, 'query'> | ClientBase;

/** A query's input is unusable (bad cursor, bad day, limit out of range): the API's BAD_USER_INPUT. */
export class QueryInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryInputError';
  }
}

/** A stored instant (any offset) as ISO-8601 UTC with milliseconds: `2025-09-04T04:00:00.000Z`. */
export function iso(value: string): string {
  return new Date(value).toISOString();
}

export function isoOrNull(value: string | null): string | null {
  return value === null ? null : iso(value);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function checkDay(day: string): string {
  if (typeof day !== 'string' || !DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
    throw new QueryInputError(`trading day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return day;
}

/** Rows of a read-model table (aliased `t`) as the projection wrote them (`to_jsonb`: exact numbers, ISO times). */
export async function selectRows<R>(db: Db, sql: string, params: readonly unknown[]): Promise<R[]> {
  const { rows } = await db.query<{ row: R }>(sql, [...params]);
  return rows.map((r) => r.row);
}

/** Builds a WHERE clause with numbered parameters. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `sql`, where `$` stands for the next parameter. */
  add(sql: string, value: unknown): this {
    this.params.push(value);
    this.parts.push(sql.replace('$', `$${this.params.length}`));
    return this;
  }

  /** Adds `sql` only when `value` is given. */
  maybe(sql: string, value: unknown): this {
    return value === undefined || value === null ? this : this.add(sql, value);
  }

  raw(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  /** The next parameter's placeholder. */
  next(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get sql(): string {
    return this.parts.length === 0 ? 'TRUE' : this.parts.join(' AND ');
  }
}

/** For a batch load: the rows of each key, in the rows' order (every key gets a list, maybe empty). */
export function listsByKey<R, T>(
  keys: readonly string[],
  rows: readonly R[],
  keyOf: (row: R) => string,
  view: (row: R) => T,
): T[][] {
  const lists = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) lists.get(keyOf(r))?.push(view(r));
  return keys.map((k) => lists.get(k) ?? []);
}
