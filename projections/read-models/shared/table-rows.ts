import { escapeIdentifier } from 'pg';
import type { ProjectionContext } from '../../engine/projection';

/**
 * A read-model table as its projection reads and writes it: every column's SQL type (the row type
 * and the column list cannot drift apart: a missing column does not compile) and its key. Rows
 * travel as JSON: `jsonb_to_recordset` on the way in, `to_jsonb` on the way out, so money and
 * quantities stay exact numbers, times ISO strings and days `YYYY-MM-DD`, one statement per table.
 */
export interface TableSpec<R> {
  readonly name: string;
  readonly columns: { readonly [K in keyof R & string]-?: string };
  readonly key: readonly (keyof R & string)[];
}

export function defineTable<R>(spec: TableSpec<R>): TableSpec<R> {
  return spec;
}

const ident = (c: string) => escapeIdentifier(c);

function recordType(columns: Readonly<Record<string, string>>, names: readonly string[]): string {
  return names.map((c) => `${ident(c)} ${columns[c]}`).join(', ');
}

/**
 * Writes `rows` in one statement. A row whose key exists replaces every other column ('replace'), or
 * is left as it is ('keep': for rows that never change once written). Keys must be distinct.
 */
export async function writeRows<R>(
  ctx: ProjectionContext,
  spec: TableSpec<R>,
  rows: readonly R[],
  onConflict: 'replace' | 'keep',
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(spec.columns);
  const list = names.map(ident).join(', ');
  const others = names.filter((c) => !(spec.key as readonly string[]).includes(c));
  const action =
    onConflict === 'keep' || others.length === 0
      ? 'NOTHING'
      : `UPDATE SET ${others.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}`;
  await ctx.client.query(
    `INSERT INTO ${ctx.table(spec.name)} (${list})
     SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType(spec.columns, names)})
     ON CONFLICT (${spec.key.map(ident).join(', ')}) DO ${action}`,
    [JSON.stringify(rows)],
  );
}

/** The rows of the given keys (absent keys give nothing), in one statement. */
export async function rowsByKey<R>(
  ctx: ProjectionContext,
  spec: TableSpec<R>,
  keys: readonly Partial<R>[],
): Promise<R[]> {
  if (keys.length === 0) return [];
  const key = spec.key.map(ident).join(', ');
  const { rows } = await ctx.client.query<{ row: R }>(
    `SELECT to_jsonb(t) AS row FROM ${ctx.table(spec.name)} AS t
       JOIN jsonb_to_recordset($1::jsonb) AS k(${recordType(spec.columns, spec.key)}) USING (${key})`,
    [JSON.stringify(keys)],
  );
  return rows.map((r) => r.row);
}

/** The rows matching a condition on the table (aliased `t`). */
export async function rowsWhere<R>(
  ctx: ProjectionContext,
  spec: TableSpec<R>,
  where: string,
  params: readonly unknown[],
): Promise<R[]> {
  const { rows } = await ctx.client.query<{ row: R }>(
    `SELECT to_jsonb(t) AS row FROM ${ctx.table(spec.name)} AS t WHERE ${where}`,
    [...params],
  );
  return rows.map((r) => r.row);
}

/** A map key from parts (none contains the separator: namespaces, IDs and days are plain tokens). */
export function keyOf(...parts: readonly (string | number)[]): string {
  return parts.join('\u0000');
}

/** The first row of each key, in order (one insert must not carry a key twice). */
export function firstOfEachKey<R>(spec: TableSpec<R>, rows: readonly R[]): R[] {
  const byKey = new Map<string, R>();
  for (const r of rows) {
    const k = keyOf(...spec.key.map((c) => String(r[c])));
    if (!byKey.has(k)) byKey.set(k, r);
  }
  return [...byKey.values()];
}
