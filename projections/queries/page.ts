import { type Db, QueryInputError, selectRows, type Where } from './db';

/** A page request: at most `first` items after the cursor `after` (from the previous page's `nextCursor`). */
export interface PageRequest {
  readonly first?: number;
  readonly after?: string | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** One column of a keyset order: its SQL expression and type, and its value in a row. */
export interface SortKey<R> {
  readonly sql: string;
  readonly type: 'text' | 'timestamptz' | 'integer' | 'bigint';
  readonly of: (row: R) => string | number;
}

export interface KeysetQuery<R> {
  /** `FROM ...` of a read-model table aliased `t`. */
  readonly from: string;
  readonly where: Where;
  /** Unique together; all in `direction`. */
  readonly order: readonly SortKey<R>[];
  readonly direction: 'ASC' | 'DESC';
}

function pageSize(first: number | undefined): number {
  if (first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
    throw new QueryInputError(`first must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${first}`);
  return first;
}

function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, length: number): (string | number)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new QueryInputError('the cursor is not one this API gave out');
  }
  if (
    !Array.isArray(values) ||
    values.length !== length ||
    !values.every((v) => typeof v === 'string' || typeof v === 'number')
  )
    throw new QueryInputError('the cursor is not one this API gave out');
  return values as (string | number)[];
}

/** One page of rows in keyset order (no OFFSET: stable while rows are appended). */
export async function keysetPage<R, T>(
  db: Db,
  q: KeysetQuery<R>,
  page: PageRequest,
  view: (row: R) => T,
): Promise<Page<T>> {
  const size = pageSize(page.first);
  const where = q.where;
  const keys = q.order.map((k) => k.sql).join(', ');
  if (page.after) {
    const values = decodeCursor(page.after, q.order.length);
    const placeholders = q.order.map((k, i) => `${where.next(values[i])}::${k.type}`).join(', ');
    where.raw(`(${keys}) ${q.direction === 'DESC' ? '<' : '>'} (${placeholders})`);
  }
  const orderBy = q.order.map((k) => `${k.sql} ${q.direction}`).join(', ');
  const rows = await selectRows<R>(
    db,
    `SELECT to_jsonb(t) AS row ${q.from} WHERE ${where.sql} ORDER BY ${orderBy} LIMIT ${size + 1}`,
    where.params,
  );
  const more = rows.length > size;
  const items = more ? rows.slice(0, size) : rows;
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    nextCursor: more && last ? encodeCursor(q.order.map((k) => k.of(last))) : null,
  };
}
