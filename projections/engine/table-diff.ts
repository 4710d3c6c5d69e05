import type { ClientBase } from 'pg';
import { quoteIdent } from './table-names';

/** One row that differs between a live read-model table and its rebuilt twin. */
export interface RowDifference {
  readonly kind: 'MISSING' | 'EXTRA' | 'CHANGED';
  /** The row's primary key, column by column. */
  readonly key: Readonly<Record<string, unknown>>;
  /** CHANGED: the columns whose values differ, with the live and the rebuilt value. */
  readonly columns: readonly { readonly column: string; readonly live: unknown; readonly rebuilt: unknown }[];
}

export interface TableDiff {
  readonly table: string;
  readonly liveRows: number;
  readonly rebuiltRows: number;
  /** MISSING: in the rebuilt table only; EXTRA: in the live table only; CHANGED: both, different. */
  readonly counts: { readonly missing: number; readonly extra: number; readonly changed: number };
  /** The first `limit` differences, in key order. */
  readonly sample: readonly RowDifference[];
}

async function primaryKey(client: ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column: string }>(
    `SELECT a.attname AS column
       FROM pg_index i
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = $1::regclass AND i.indisprimary
      ORDER BY k.ord`,
    [table],
  );
  if (rows.length === 0) throw new Error(`table ${table} has no primary key: its rows cannot be matched`);
  return rows.map((r) => r.column);
}

/**
 * Compares a live table with its rebuilt twin row by row, matched on the primary key: rows only
 * in one of them, and rows whose columns differ (compared as jsonb, so NULLs compare equal).
 */
export async function diffTables(client: ClientBase, live: string, rebuilt: string, limit: number): Promise<TableDiff> {
  const key = await primaryKey(client, live);
  const L = quoteIdent(live);
  const R = quoteIdent(rebuilt);
  const on = key.map((c) => `l.${quoteIdent(c)} = r.${quoteIdent(c)}`).join(' AND ');
  const keyOf = (alias: string) =>
    `jsonb_build_object(${key.map((c) => `'${c.replaceAll("'", "''")}', ${alias}.${quoteIdent(c)}`).join(', ')})`;
  const differs = `FROM ${L} AS l FULL JOIN ${R} AS r ON ${on} WHERE l IS NULL OR r IS NULL OR to_jsonb(l) <> to_jsonb(r)`;
  const kind = `CASE WHEN l IS NULL THEN 'MISSING' WHEN r IS NULL THEN 'EXTRA' ELSE 'CHANGED' END`;
  const { rows } = await client.query<{
    kind: RowDifference['kind'];
    key: Record<string, unknown>;
    l: Record<string, unknown> | null;
    r: Record<string, unknown> | null;
  }>(
    `SELECT ${kind} AS kind, CASE WHEN l IS NULL THEN ${keyOf('r')} ELSE ${keyOf('l')} END AS key,
            to_jsonb(l) AS l, to_jsonb(r) AS r
       ${differs} ORDER BY 2 LIMIT $1`,
    [limit],
  );
  const counts = { missing: 0, extra: 0, changed: 0 };
  const { rows: byKind } = await client.query<{ kind: string; n: string }>(
    `SELECT ${kind} AS kind, count(*) AS n ${differs} GROUP BY 1`,
  );
  for (const k of byKind) counts[k.kind.toLowerCase() as keyof typeof counts] = Number(k.n);
  const sizes = await client.query<{ live: string; rebuilt: string }>(
    `SELECT (SELECT count(*) FROM ${L}) AS live, (SELECT count(*) FROM ${R}) AS rebuilt`,
  );
  return {
    table: live,
    liveRows: Number(sizes.rows[0]!.live),
    rebuiltRows: Number(sizes.rows[0]!.rebuilt),
    counts,
    sample: rows.map((r) => ({
      kind: r.kind,
      key: r.key,
      columns:
        r.kind === 'CHANGED' && r.l && r.r
          ? Object.keys(r.l)
              .filter((c) => JSON.stringify(r.l![c]) !== JSON.stringify(r.r![c]))
              .map((c) => ({ column: c, live: r.l![c], rebuilt: r.r![c] }))
          : [],
    })),
  };
}
