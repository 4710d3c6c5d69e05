import { endOfDayViolations, nothingTested } from '../book-invariants';
import type { BookOrder, BookPosition } from '../book-order';
import { readBrokerBook } from '../broker-book';
import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import type { LiveDrill } from '../live-drill';
import { sleep } from '../sim-handle';
import { goLive } from './go-live';

/**
 * kill -9 of the trader mid-day, then a restart with the same data: it resumes the same day and
 * namespace in the mode recorded, and at the close the invariants hold at the broker: no two
 * orders with one tag, every filled entry has its stop, nothing working after 15:25, flat. PAPER
 * reads the trader's book (GraphQL); LIVE reads the simulator's with the official kiteconnect client.
 */
function killNineDrill(mode: 'PAPER' | 'LIVE'): LiveDrill {
  return {
    name: `kill9_${mode.toLowerCase()}`,
    what: `kill -9 of the trader between 13:50 and 14:10 (once an order is working), restarted, to the close (${mode})`,
    // An hour of market time (30 wall seconds) to start and trade before the kill, 85 market minutes
    // between the kill and the 15:25 flatten for the restart: room for a loaded machine.
    day: { from: '13:00', speed: 120 },
    async run(rig: DrillRig, log: DrillLog) {
      const first = await rig.trader('a', 0);
      if (mode === 'LIVE' && !(await goLive(first, log))) return;
      const book = async () => (mode === 'LIVE' ? (await readBrokerBook(rig.sim)).orders : await first.orders());
      // The kill comes while the trader holds something (an order working: a resting entry, or the
      // stop of a filled one) from 13:50, or at 14:10 whatever it holds.
      await rig.until('13:50');
      const latest = rig.sim.at('14:10');
      let before = await book();
      while (!before.some((o) => o.working) && (await rig.sim.nowMs()) < latest) {
        await sleep(250);
        before = await book();
      }
      const killedAt = await rig.sim.nowMs();
      await first.process.kill('SIGKILL');
      rig.traders.splice(rig.traders.indexOf(first), 1);
      rig.progress(
        `killed -9 at ${new Date(killedAt).toISOString()} holding ${before.filter((o) => o.working).length} working order(s), restarting`,
      );
      const again = await rig.trader('a', 0);
      const resumed = again.process.stderr().match(/resuming trading day (\S+) in (\S+) \((PAPER|LIVE)\)/);
      log.check(
        'sameDayAndNamespace',
        resumed?.[2] === first.namespace,
        `the restart did not resume ${first.namespace}: ${resumed?.[0] ?? 'no resuming line'}`,
      );
      log.check('sameMode', (await again.mode()) === mode, `the restarted trader is not in ${mode}`);
      await rig.sim.until('15:27');
      await again.process.waitFor(/trading day \S+ closed/, 60_000).catch(() => {
        log.check('closed', false, 'the trader did not close the day by 15:27 + 60 s');
      });
      let orders: BookOrder[];
      let positions: BookPosition[];
      if (mode === 'LIVE') ({ orders, positions } = await readBrokerBook(rig.sim));
      else [orders, positions] = await Promise.all([again.orders(), again.positions()]);
      log.check('invariantsAtTheBroker', endOfDayViolations(orders, positions));
      log.check('tested', nothingTested(orders, mode === 'LIVE' ? 'at the broker' : 'in the book'));
      log.count('entriesBeforeKill', before.filter((o) => o.leg === 'ENTRY' && o.placedAtMs <= killedAt).length);
      log.count('workingAtKill', before.filter((o) => o.working).length);
      log.count('entries', orders.filter((o) => o.leg === 'ENTRY').length);
      log.count('filledEntries', orders.filter((o) => o.leg === 'ENTRY' && o.filledQty > 0).length);
      log.count('stops', orders.filter((o) => o.leg === 'STOP').length);
      log.count('orders', orders.length);
    },
  };
}

export const killNinePaperDrill = killNineDrill('PAPER');
export const killNineLiveDrill = killNineDrill('LIVE');
