import { type ClientBase, escapeIdentifier } from 'pg';
import type { Queryable } from './checkpoint-store';
import { ProjectionDefinitionError } from './errors';
import type { Projection } from './projection';
import { quoteIdent, shadowTableName } from './table-names';

/** Throws a clear error naming every table the projections own that does not exist. */
export async function checkTablesExist(q: Queryable, projections: readonly Projection[]): Promise<void> {
  const tables = projections.flatMap((p) => p.tables.map((t) => ({ projection: p.name, table: t })));
  const { rows } = await q.query<{ name: string }>(
    'SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(quote_ident(name)) IS NULL',
    [tables.map((t) => t.table)],
  );
  if (rows.length === 0) return;
  const missing = new Set(rows.map((r) => r.name));
  const list = tables.filter((t) => missing.has(t.table)).map((t) => `${t.table} (projection '${t.projection}')`);
  throw new ProjectionDefinitionError(`missing read-model tables: ${list.join(', ')}; have the migrations run?`);
}

/**
 * A shadow is created with `LIKE ... INCLUDING ALL`, which cannot give it a sequence of its own
 * for a `serial` column (the copy would share the live table's, and dropping the live table
 * would fail at the swap). Refuse such tables up front; use GENERATED ... AS IDENTITY instead.
 */
export async function checkNoSerialColumns(q: Queryable, tables: readonly string[]): Promise<void> {
  const { rows } = await q.query<{ tbl: string; col: string }>(
    `SELECT c.relname AS tbl, a.attname AS col
       FROM pg_attrdef d
       JOIN pg_class c ON c.oid = d.adrelid
       JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
      WHERE d.adrelid = ANY (SELECT to_regclass(quote_ident(t)) FROM unnest($1::text[]) AS t)
        AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'`,
    [tables],
  );
  if (rows.length > 0)
    throw new ProjectionDefinitionError(
      `cannot rebuild ${rows.map((r) => `${r.tbl}.${r.col}`).join(', ')}: a serial column's sequence belongs to the live table; use GENERATED ... AS IDENTITY`,
    );
}

/** Drops any leftover shadows and creates empty ones shaped like the live tables (indexes, defaults, checks). */
export async function createShadowTables(client: ClientBase, tables: readonly string[]): Promise<void> {
  for (const t of tables) {
    await client.query(`DROP TABLE IF EXISTS ${quoteIdent(shadowTableName(t))}`);
    await client.query(`CREATE TABLE ${quoteIdent(shadowTableName(t))} (LIKE ${quoteIdent(t)} INCLUDING ALL)`);
  }
}

export async function dropShadowTables(client: ClientBase, tables: readonly string[]): Promise<void> {
  for (const t of tables) await client.query(`DROP TABLE IF EXISTS ${quoteIdent(shadowTableName(t))}`);
}

/** True when every shadow table exists (a rebuild can resume). */
export async function shadowTablesExist(q: Queryable, tables: readonly string[]): Promise<boolean> {
  const { rows } = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM unnest($1::text[]) AS t WHERE to_regclass(quote_ident(t)) IS NOT NULL',
    [tables.map(shadowTableName)],
  );
  return rows[0]?.n === tables.length;
}

interface IndexRow {
  name: string;
  def: string;
}

/** An index definition without its own name and its table's name, to pair a shadow's index with the live one. */
function indexShape(def: string): string {
  return def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ /, 'CREATE $1INDEX ON ');
}

async function indexesOf(client: ClientBase, table: string): Promise<IndexRow[]> {
  const { rows } = await client.query<IndexRow>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = to_regclass(quote_ident($1)) ORDER BY c.relname`,
    [table],
  );
  return rows;
}

/**
 * Inside the caller's transaction: drops each live table and renames its shadow into its place,
 * then gives the shadow's indexes (and the constraints they back) the live indexes' names, so
 * names never drift from rebuild to rebuild. Readers block for the duration and then see the
 * new table; `lockTimeoutMs` bounds how long the swap waits behind a long reader.
 */
export async function swapInShadowTables(
  client: ClientBase,
  tables: readonly string[],
  lockTimeoutMs: number,
): Promise<void> {
  await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
  await client.query(`LOCK TABLE ${tables.map(quoteIdent).join(', ')} IN ACCESS EXCLUSIVE MODE`);
  for (const t of tables) {
    const liveIndexes = await indexesOf(client, t);
    const shadowIndexes = await indexesOf(client, shadowTableName(t));
    await client.query(`DROP TABLE ${quoteIdent(t)}`);
    await client.query(`ALTER TABLE ${quoteIdent(shadowTableName(t))} RENAME TO ${quoteIdent(t)}`);
    const unpaired = [...shadowIndexes];
    for (const live of liveIndexes) {
      const i = unpaired.findIndex((s) => indexShape(s.def) === indexShape(live.def));
      if (i < 0) continue;
      const [shadow] = unpaired.splice(i, 1);
      if (shadow && shadow.name !== live.name)
        await client.query(`ALTER INDEX ${escapeIdentifier(shadow.name)} RENAME TO ${escapeIdentifier(live.name)}`);
    }
  }
  await client.query('SET LOCAL lock_timeout = DEFAULT');
}
