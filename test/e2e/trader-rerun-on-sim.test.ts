import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditRerunRun, runAuditRerun } from '../support/audit-process';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { createTestDb, type TestDb } from '../support/test-db';
import { startTraderProcess, type TraderProcess, traderEnv } from '../support/trader-process';

/**
 * Issue 11 for `npm start`: the trader records the market data of the day it trades (the leader's
 * tape: tick batches, bars, its scans, its universe as it changes, its warm-up history, the quote
 * of each decision), and `npm run audit -- rerun <day>` re-runs that day through the same
 * strategies and config and finds every decision made again, the same. Real processes: the Kite
 * simulator (a synthetic day from before the open, accelerated), the trader (PAPER), the audit CLI.
 */
const PORT = 4581;

describe('npm start records its day; npm run audit -- rerun of it finds no difference (real processes)', () => {
  jest.setTimeout(300_000);
  let sim: SimProcess | null = null;
  let db: TestDb | null = null;
  let trader: TraderProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'trader-rerun-e2e-'));

  afterEach(async () => {
    await trader?.kill('SIGKILL');
    trader = null;
    await sim?.stop();
    sim = null;
    await db?.drop();
    db = null;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /**
   * A synthetic day on the simulator from 09:12 IST at 180x (the session in about two minutes; 12
   * stocks and the indices) traded by `npm start` to the close, killed with SIGKILL at `killAt`
   * (IST) and started again when asked; then the audit re-run of the day.
   */
  async function tradeAndRerun(
    killAt: string | null,
  ): Promise<{ day: string; decisions: number; scans: number; starts: number; history: number; run: AuditRerunRun }> {
    const database = await createTestDb({ migrate: false });
    db = database;
    const s = await startSimProcess(['--speed', '180', '--from', '09:12', '--seed', '11', '--instruments', '12']);
    sim = s;
    const env = traderEnv({
      sim: s,
      dataDir: join(dataDir, killAt ?? 'whole-day'),
      databaseUrl: database.url,
      port: PORT,
      adminToken: 'trader-rerun-e2e-admin-token-0123456789',
      redisDb: 15,
    });
    trader = startTraderProcess(env);
    const started = await trader.waitFor(/starting trading day (\S+) in (\S+) \(PAPER\)/);
    const day = started[1]!;
    const namespace = started[2]!;
    if (killAt) {
      await s.untilAt(killAt, day);
      await trader.kill('SIGKILL');
      trader = startTraderProcess(env);
      await trader.waitFor(new RegExp(`resuming trading day ${day} in ${namespace} \\(PAPER\\)`));
    }
    await trader.waitFor(new RegExp(`trading day ${day} closed`), 200_000);
    expect(await trader.kill('SIGTERM')).toBe(0);
    trader = null;

    const count = async (sql: string) => (await database.pool.query<{ n: number }>(sql, [namespace])).rows[0]!.n;
    const tape = (kind: string) =>
      count(`SELECT count(*)::int AS n FROM market_tape WHERE namespace = $1 AND kind = '${kind}'`);
    const decisions = await count(`SELECT count(*)::int AS n FROM market_decision_quotes WHERE namespace = $1`);
    const run = await runAuditRerun(day, ['--namespace', namespace], {
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
    });
    process.stdout.write(`trader-rerun-on-sim${killAt ? ` (SIGKILL at ${killAt} IST)` : ''}: ${run.stdout}`);
    return {
      day,
      decisions,
      scans: await tape('scan'),
      starts: await tape('start'),
      history: await tape('history'),
      run,
    };
  }

  it('a PAPER day from the open to the close re-runs to the same decisions', async () => {
    const { decisions, scans, starts, run } = await tradeAndRerun(null);
    expect(decisions).toBeGreaterThan(0);
    expect(scans).toBeGreaterThan(100);
    expect(starts).toBe(1);
    expect(run.recorded).toBe(decisions);
    expect(run.rerun).toBe(run.recorded);
    expect(run.differences).toBe(0);
    expect(run.code).toBe(0);
  });

  it('killed with SIGKILL mid-session and started again: the tape has both runs, the re-run the same decisions', async () => {
    const { day, decisions, starts, history, run } = await tradeAndRerun('11:30');
    expect(starts).toBe(2);
    expect(history).toBeGreaterThan(0); // the restarted process warmed up from the day's candles
    expect(decisions).toBeGreaterThan(0);
    // A kill mid-scan leaves that scan's later plans undecided in the store: the re-run reports
    // what it made there apart (see unfinished-scans.ts), never as a difference.
    expect(run.rerun).toBe(run.recorded + run.unfinished);
    // Before the kill the re-run is exact. After it, what the kill cut off is on neither the tape nor
    // the paper account (a stop's fill in its last instants, seen by the dead process, never saved):
    // the re-run's process, which did not die, may hold a group open or closed that the restarted one
    // did not, and the heat (so a size or a cap) of later decisions may differ. Every decision is
    // still made again, at the same instant, on the same signal: only CHANGED, only after the kill.
    const killedAtMs = Date.parse(`${day}T11:30:00+05:30`);
    const differing = [...run.stdout.matchAll(/^\s+(CHANGED|EXTRA|MISSING)\s+(\S+)/gm)].map((m) => ({
      kind: m[1],
      at: Date.parse(m[2] as string),
    }));
    expect(differing).toHaveLength(run.differences);
    expect(differing.filter((d) => d.kind !== 'CHANGED' || d.at < killedAtMs)).toEqual([]);
    expect(run.code).toBe(run.differences === 0 ? 0 : 1);
  });
});
