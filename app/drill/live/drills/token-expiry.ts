import { entriesPlacedBetween, nothingTested } from '../book-invariants';
import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import type { LiveDrill } from '../live-drill';
import { sleep } from '../sim-handle';
import { spawnCli } from '../spawned';

/**
 * Every access token expired mid-session (`/sim/expire-tokens`: TokenException, the ticker cut):
 * no entry until a new login; readiness says why; `npm run kite:login` (a real process) logs in
 * again and the trader trades on with the new token (its ticker back, decisions again).
 */
export const tokenExpiryDrill: LiveDrill = {
  name: 'token_expiry',
  what: 'every access token expired mid-session, then a new login (PAPER)',
  day: { from: '09:10', speed: 120 },
  async run(rig: DrillRig, log: DrillLog) {
    const t = await rig.trader('a', 0);
    await rig.until('10:00');
    const expiredAt = await rig.sim.nowMs();
    await rig.sim.expireTokens();
    rig.progress('tokens expired');
    await sleep(4_000);
    const ready = await t.readiness();
    log.check(
      'notReadyWhileExpired',
      !ready.ready && /token/i.test(ready.text),
      `readiness does not name the expired token: ${ready.ready ? 'ready' : ready.text.slice(0, 200)}`,
    );
    const login = spawnCli('kite-login', ['--request-token', 'drill-live-login'], rig.traderEnv('login'), 'kite:login');
    const code = await new Promise<number | null>((r) => login.proc.once('exit', r));
    const loginAt = await rig.sim.nowMs();
    const ticksAtLogin = (await t.metric('trader_scan_ticks_total')) ?? 0;
    log.check('loggedIn', code === 0, `npm run kite:login exited ${code}: ${login.stderr().slice(-300)}`);
    rig.progress('logged in again');
    const accepted = (await rig.sim.stats()).ticker_connections_accepted;
    const end = Date.now() + 30_000;
    let reconnected = false;
    while (!reconnected && Date.now() < end) {
      const s = await rig.sim.stats();
      reconnected = s.ticker_connections_accepted > accepted || s.ticker_connections > 0;
      if (!reconnected) await sleep(250);
    }
    log.check('tickerBack', reconnected, 'the ticker did not connect again within 30 s of the new login');
    await rig.sim.until('10:35');
    const [orders, decisions] = await Promise.all([t.orders(), t.decisions()]);
    const held = entriesPlacedBetween(orders, expiredAt, loginAt);
    log.check(
      'noEntryWithoutToken',
      held.map((o) => `entry ${o.tag} placed while the token was expired`),
    );
    const after = decisions.filter((d) => Date.parse(d.at) > loginAt);
    const ticksEnd = (await t.metric('trader_scan_ticks_total')) ?? 0;
    log.check('tradingResumes', ticksEnd > ticksAtLogin, 'no tick reached the pipeline after the new login');
    log.count('ticksAfterLogin', ticksEnd - ticksAtLogin);
    log.check('tested', nothingTested(orders, 'all day'));
    log.count('marketSecondsExpired', Math.round((loginAt - expiredAt) / 1000));
    log.count('entriesWhileExpired', held.length);
    log.count('decisionsAfterLogin', after.length);
    log.count('entries', orders.filter((o) => o.leg === 'ENTRY').length);
  },
};
