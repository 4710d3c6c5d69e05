import { openBenchDatabase } from './bench-database';
import { daySuite } from './day-suite';
import { eventStoreSuite } from './eventstore-suite';
import type { BenchSuite, Figure } from './figure';
import { graphqlSuite } from './graphql-suite';
import { projectionSuite } from './projection-suite';
import { tradingSuite } from './trading-suite';

/**
 * `npm run bench [-- --json] [-- --only <prefix>]`: prints one JSON object per line
 * ({"name","value","unit"}); without --json also a readable table and progress on stderr.
 * Every figure is measured in the same run as the PostgreSQL reference it is compared with.
 */
const SUITES: readonly BenchSuite[] = [eventStoreSuite, projectionSuite, tradingSuite, daySuite, graphqlSuite];

function parseArgs(argv: string[]): { json: boolean; only: string[] } {
  const out = { json: false, only: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') out.json = true;
    else if (a === '--only') {
      const v = argv[++i];
      if (!v) throw new Error('--only needs a figure name prefix');
      out.only.push(v);
    } else if (a.startsWith('--only=')) out.only.push(a.slice('--only='.length));
    else throw new Error(`unknown argument '${a}' (use --json, --only <prefix>)`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const only = (name: string) => args.only.length === 0 || args.only.some((p) => name.startsWith(p));
  const suites = SUITES.filter((s) => s.names.some(only));
  if (suites.length === 0) throw new Error(`no figure starts with ${args.only.join(' or ')}`);
  const figures: Figure[] = [];
  const progress = (line: string) => {
    if (!args.json && process.stderr.isTTY) process.stderr.write(`\r\x1b[K  … ${line}`);
    else if (!args.json) process.stderr.write(`  … ${line}\n`);
  };
  const emit = (f: Figure) => {
    figures.push(f);
    if (!args.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.stdout.write(`${JSON.stringify({ name: f.name, value: f.value, unit: f.unit })}\n`);
  };
  const db = await openBenchDatabase();
  const failures: string[] = [];
  try {
    for (const s of suites) {
      // One suite failing does not hide the others' figures; the run still fails at the end.
      try {
        await s.run({ pool: db.pool, url: db.url, progress }, emit, only);
      } catch (err) {
        const msg = `${s.names.join(', ')}: ${err instanceof Error ? err.message : String(err)}`;
        failures.push(msg);
        process.stderr.write(`\nbench suite failed: ${msg}\n`);
      }
    }
  } finally {
    await db.drop();
  }
  if (!args.json) {
    process.stdout.write('\nfigure                                   value        unit      note\n');
    for (const f of figures)
      process.stdout.write(
        `${f.name.padEnd(40)} ${String(f.value).padStart(12)} ${f.unit.padEnd(9)} ${f.note ?? ''}\n`,
      );
    const ref = figures.find((f) => f.name === 'reference.pg_insert.batch100');
    const app = figures.find((f) => f.name === 'eventstore.append.batch100');
    if (ref && app)
      process.stdout.write(`\nbatched append / reference insert = ${(app.value / ref.value).toFixed(2)}\n`);
  }
  if (failures.length > 0) throw new Error(`${failures.length} suite(s) failed:\n  ${failures.join('\n  ')}`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
