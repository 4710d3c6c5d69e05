import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTradingConfigText } from '../../domain/config/parse-trading-config';
import { openBenchDatabase } from '../bench/bench-database';
import { projectPath } from '../calendar';
import { liveDrillJson, liveDrillTable, totalViolations } from '../drill/live/live-drill-report';
import { LIVE_DRILLS } from '../drill/live/live-drills';
import { runLiveDrills } from '../drill/live/run-live-drills';

/**
 * `npm run drill:live [-- --json] [-- --only <name prefix>] [-- --concurrency <n>] [-- --config <file>]`
 *
 * The failure drills of the trader against the Kite simulator, real processes (`npm run kite:sim`,
 * `npm start`, `npm run kite:login`, a private redis-server), each on an accelerated day: see
 * app/drill/live/drills/. A fresh PostgreSQL database (DATABASE_URL's server, else an embedded
 * one) for the run; the traders' leader locks on REDIS_URL (default redis://127.0.0.1:6379/3).
 * Progress on stderr; a table for people (on stderr with --json, whose stdout is the final JSON
 * line alone: `{"drills": {...}, "violations": n}`); exit 1 on any violation, 2 when the run failed.
 */
interface Args {
  json: boolean;
  only: string[];
  concurrency: number;
  config: string;
}

const USAGE = 'use --json, --only <drill name prefix>, --concurrency <1-4>, --config <file>';

function parseArgs(argv: string[]): Args {
  const out: Args = { json: false, only: [], concurrency: 2, config: projectPath('config', 'trading.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new Error(`${a} needs a value (${USAGE})`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--only') out.only.push(value());
    else if (a === '--config') out.config = value();
    else if (a === '--concurrency') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 4) throw new Error(`--concurrency must be 1-4 (${USAGE})`);
      out.concurrency = n;
    } else throw new Error(`unknown argument '${a}' (${USAGE})`);
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const drills = LIVE_DRILLS.filter((d) => args.only.length === 0 || args.only.some((p) => d.name.startsWith(p)));
  if (drills.length === 0) throw new Error(`no drill starts with ${args.only.join(' or ')}`);
  const text = readFileSync(args.config, 'utf8');
  const config = parseTradingConfigText(text, args.config);
  const dir = mkdtempSync(join(tmpdir(), 'drill-live-'));
  // LIVE drills switch the trader to LIVE: the config must allow it (the simulator is the broker).
  const raw = JSON.parse(text) as { risk: Record<string, unknown> };
  raw.risk.liveEnabled = true;
  const configFile = join(dir, 'trading.json');
  writeFileSync(configFile, JSON.stringify(raw, null, 2));
  const db = await openBenchDatabase();
  const started = Date.now();
  try {
    const results = await runLiveDrills(
      {
        databaseUrl: db.url,
        redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/3',
        configFile,
        maxTickAgeMs: config.risk.maxTickAgeMs,
        maxSpreadBps: config.risk.maxSpreadBps,
        dir,
        progress: (line) => process.stderr.write(`  … ${line}\n`),
      },
      drills,
      args.concurrency,
    );
    const table = liveDrillTable(results);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (args.json) {
      process.stderr.write(`${table}(${seconds} s)\n`);
      process.stdout.write(`${liveDrillJson(results)}\n`);
    } else process.stdout.write(`${table}(${seconds} s)\n`);
    return totalViolations(results) === 0 ? 0 : 1;
  } finally {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`drill:live failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
