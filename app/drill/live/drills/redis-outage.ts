import { entriesPlacedBetween, nothingTested } from '../book-invariants';
import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import type { LiveDrill } from '../live-drill';
import { sleep } from '../sim-handle';
import { type Spawned, spawnProcess } from '../spawned';

/** The private Redis of this drill (never the shared one): started, stopped and started again. */
export const DRILL_REDIS_PORT = 6393;

async function startRedis(rig: DrillRig): Promise<Spawned> {
  const p = spawnProcess(
    'redis-server',
    ['--port', String(DRILL_REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
    `redis-server:${DRILL_REDIS_PORT}`,
  );
  rig.own(p);
  await p.waitFor(/Ready to accept connections/, 15_000);
  return p;
}

/**
 * Redis (the leader lock's) stopped mid-session: the trader gives the lock up (it cannot confirm
 * it) and places no entry until Redis is back and the lock confirmed again; then it trades on.
 */
export const redisOutageDrill: LiveDrill = {
  name: 'redis_outage',
  what: "the leader lock's Redis stopped mid-session, then started again (PAPER)",
  day: { from: '09:10', speed: 120 },
  async run(rig: DrillRig, log: DrillLog) {
    let redis = await startRedis(rig);
    const t = await rig.trader('a', 0, { env: { REDIS_URL: `redis://127.0.0.1:${DRILL_REDIS_PORT}` } });
    await rig.until('10:00');
    const mark = t.process.stderr().length;
    const stoppedAt = await rig.sim.nowMs();
    await redis.kill('SIGTERM');
    rig.progress('redis stopped');
    let lostAt = Number.NaN;
    try {
      await t.process.waitFor(/leader lock lost/, 20_000, mark);
      lostAt = await rig.sim.nowMs();
    } catch {
      log.check('lockGivenUp', false, 'the trader still held the leader lock 20 s after Redis stopped');
    }
    await sleep(5_000);
    const mark2 = t.process.stderr().length;
    redis = await startRedis(rig);
    rig.progress('redis started again');
    let heldAt = Number.POSITIVE_INFINITY;
    try {
      await t.process.waitFor(/leader lock held/, 30_000, mark2);
      heldAt = await rig.sim.nowMs();
    } catch {
      log.check('lockConfirmedAgain', false, 'the leader lock was not confirmed within 30 s of Redis coming back');
    }
    await rig.sim.until('10:40');
    const [orders, decisions] = await Promise.all([t.orders(), t.decisions()]);
    const unlocked = entriesPlacedBetween(orders, Number.isNaN(lostAt) ? stoppedAt : lostAt, heldAt);
    log.check(
      'noEntryWithoutLock',
      unlocked.map((o) => `entry ${o.tag} placed at ${new Date(o.placedAtMs).toISOString()} without the lock`),
    );
    const after = decisions.filter((d) => Date.parse(d.at) > heldAt);
    const [leader, ready] = await Promise.all([t.metric('trader_is_leader'), t.readiness()]);
    log.check('leaderAtEnd', leader === 1, `the trader does not lead at the end (trader_is_leader ${leader})`);
    log.check(
      'tradingResumes',
      after.length > 0,
      'no decision after the lock was confirmed again (trading did not resume, or a market too quiet to tell)',
    );
    // Readiness at 120x allows 5 wall seconds per heartbeat: a count, not a check (a loaded machine misses it).
    log.count('readyAtEnd', ready.ready ? 1 : 0);
    log.check('tested', nothingTested(orders, '(the hold could not be told from a quiet market)'));
    log.count('marketSecondsToNotice', Number.isNaN(lostAt) ? -1 : Math.round((lostAt - stoppedAt) / 1000));
    log.count('marketSecondsWithoutLock', Number.isFinite(heldAt) ? Math.round((heldAt - lostAt) / 1000) : -1);
    log.count('entriesWithoutLock', unlocked.length);
    log.count('entriesBeforeOutageNoticed', entriesPlacedBetween(orders, stoppedAt, lostAt).length);
    log.count('decisionsAfterRegained', after.length);
    log.count('entriesAfterRegained', orders.filter((o) => o.leg === 'ENTRY' && o.placedAtMs > heldAt).length);
    log.count('entries', orders.filter((o) => o.leg === 'ENTRY').length);
  },
};
