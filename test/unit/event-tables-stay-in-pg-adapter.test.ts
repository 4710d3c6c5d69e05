import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
/** The shipped code; only the PostgreSQL adapter may name PostgreSQL's event tables and functions. */
const SCANNED = ['app', 'commands', 'projections', 'graphql', 'domain', 'adapters'];
const ALLOWED = 'adapters/postgres/';
const EVENT_TABLES = /\bes_(?:events|streams|append[a-z_]*)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|cjs|mjs|sql)$/.test(name) ? [path] : [];
  });
}

/** The code without its comments: a comment may name a table, a query may not. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every file (relative path) outside the allowed folder whose code names an event table. */
function offenders(files: readonly string[]): string[] {
  return files
    .map((f) => relative(ROOT, f).split('\\').join('/'))
    .filter((rel) => !rel.startsWith(ALLOWED))
    .filter((rel) => EVENT_TABLES.test(code(readFileSync(join(ROOT, rel), 'utf8'))));
}

/**
 * Issue 13: every job reaches the event store through its port, so that it runs on any store.
 * No file outside the PostgreSQL adapter queries `es_events`, `es_streams` or calls `es_append*`.
 */
describe('the event tables stay inside the PostgreSQL adapter', () => {
  const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d)));

  it('no shipped file outside adapters/postgres names them in code', () => {
    expect(offenders(files)).toEqual([]);
  });

  it('the check sees a query where there is one (the adapter itself), and not in a comment', () => {
    const adapter = files.filter((f) => relative(ROOT, f).startsWith(ALLOWED));
    expect(adapter.filter((f) => EVENT_TABLES.test(code(readFileSync(f, 'utf8')))).length).toBeGreaterThan(1);
    expect(EVENT_TABLES.test(code("await pool.query('SELECT count(*) FROM es_events');"))).toBe(true);
    expect(EVENT_TABLES.test(code('// the plan of es_append_batch is warm\nconst x = 1;'))).toBe(false);
    expect(EVENT_TABLES.test(code("const url = 'http://x'; db.query(`SELECT 1 FROM es_streams`)"))).toBe(true);
  });
});
