import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { openBenchDatabase } from './bench-database';
import { burninSuite } from './burnin-suite';
import { daySuite } from './day-suite';
import { eventStoreSuite } from './eventstore-suite';
import type { BenchSuite, Figure } from './figure';
import { graphqlSuite } from './graphql-suite';
import { liveSuite } from './live-suite';
import { projectionSuite } from './projection-suite';
import { tradingSuite } from './trading-suite';

/**
 * `npm run bench [-- --json] [-- --only <prefix>]`: prints one JSON object per line
 * ({"name","value","unit"}); without --json also a readable table and progress on stderr.
 * Every figure is measured in the same run as the PostgreSQL reference it is compared with. Each
 * suite runs in a process of its own (on the run's one database), so that no suite's figures
 * depend on the heap, timers or connections another suite left behind.
 */
const SUITES: readonly BenchSuite[] = [
  eventStoreSuite,
  projectionSuite,
  tradingSuite,
  daySuite,
  burninSuite,
  graphqlSuite,
  liveSuite,
];

const CHILD_FIGURE = 'FIGURE ';

function parseArgs(argv: string[]): { json: boolean; only: string[]; child: number | null } {
  const out = { json: false, only: [] as string[], child: null as number | null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') out.json = true;
    else if (a === '--child') out.child = Number(argv[++i]);
    else if (a === '--only') {
      const v = argv[++i];
      if (!v) throw new Error('--only needs a figure name prefix');
      out.only.push(v);
    } else if (a.startsWith('--only=')) out.only.push(a.slice('--only='.length));
    else throw new Error(`unknown argument '${a}' (use --json, --only <prefix>)`);
  }
  return out;
}

/** A child process: one suite on the parent's database; figures go to the parent on stdout. */
async function runChild(index: number, only: (name: string) => boolean, json: boolean): Promise<void> {
  const suite = SUITES[index];
  const url = process.env.BENCH_DATABASE_URL;
  if (!suite || !url) throw new Error('--child needs a suite index and BENCH_DATABASE_URL');
  const pool = new Pool({ connectionString: url, max: 20 });
  const progress = (line: string) => {
    if (!json) process.stderr.write(`  … ${line}\n`);
  };
  try {
    await suite.run(
      { pool, url, progress },
      (f) => process.stdout.write(`${CHILD_FIGURE}${JSON.stringify(f)}\n`),
      only,
    );
  } finally {
    await pool.end();
  }
}

/** Runs suite `index` in a child process; resolves with its figures, rejects when it fails. */
function runInChild(index: number, argv: readonly string[], url: string, emit: (f: Figure) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // --expose-gc: a suite that runs several measured parts starts each on a collected heap.
    const child = spawn(process.execPath, ['--expose-gc', __filename, ...argv, '--child', String(index)], {
      env: { ...process.env, BENCH_DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(CHILD_FIGURE)) emit(JSON.parse(line.slice(CHILD_FIGURE.length)) as Figure);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exited with code ${code}`))));
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  const only = (name: string) => args.only.length === 0 || args.only.some((p) => name.startsWith(p));
  if (args.child !== null) return runChild(args.child, only, args.json);
  const suites = SUITES.filter((s) => s.names.some(only));
  if (suites.length === 0) throw new Error(`no figure starts with ${args.only.join(' or ')}`);
  const figures: Figure[] = [];
  const emit = (f: Figure) => {
    figures.push(f);
    process.stdout.write(`${JSON.stringify({ name: f.name, value: f.value, unit: f.unit })}\n`);
  };
  const db = await openBenchDatabase();
  const failures: string[] = [];
  try {
    for (const s of suites) {
      // One suite failing does not hide the others' figures; the run still fails at the end.
      try {
        await runInChild(SUITES.indexOf(s), argv, db.url, emit);
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
