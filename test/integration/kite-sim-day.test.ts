import { DayPlayer } from '../../adapters/kite-sim/day-player';
import { KiteSim } from '../../adapters/kite-sim/kite-sim';
import { SessionClock } from '../../adapters/kite-sim/session-clock';
import { loadCalendar } from '../../app/calendar';
import { tradingCliSetup } from '../../app/cli/cli-setup';
import { readBarFiles, recordedDay } from '../../app/paper/recorded-source';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { sessionBounds } from '../../domain/market/session-times';

/** The simulator plays a recorded day (real NSE bars) on its session clock, fast, and serves its clock. */
describe('the Kite simulator playing a recorded day', () => {
  it('turns each bar into four ticks with a modelled book and ends on the last close; the clock route follows', async () => {
    const calendar = loadCalendar();
    const master = builtinInstrumentMaster();
    const files = await readBarFiles(
      [`${__dirname}/../../../shared/fixtures/market/nse_1min_2017-09/SBIN_1min.csv`],
      calendar,
      master,
    );
    const { config } = tradingCliSetup('test', null);
    const source = recordedDay({ files, day: '2017-09-26', calendar, master, config });
    if (source.replay.kind !== 'bars') throw new Error('expected bars');
    const bars = source.replay.bars;
    const session = sessionBounds('2017-09-26');
    const clock = new SessionClock(session.openMs, 20_000);
    const sim = new KiteSim({
      instruments: builtinInstrumentMaster().all(),
      clock,
      tradingDay: '2017-09-26',
      session,
      speed: 20_000,
    });
    const address = await sim.listen(0);
    let batches = 0;
    const player = new DayPlayer({
      source: source.replay,
      clock,
      play: (ticks) => {
        batches += 1;
        sim.applyTicks(ticks);
      },
    });
    try {
      const mid = fetch(`${address.restRoot}/sim/clock`).then((r) => r.json() as Promise<Record<string, unknown>>);
      await player.run();
      const clockNow = await mid;
      expect(clockNow).toMatchObject({ trading_day: '2017-09-26', speed: 20_000, phase: 'open' });
      expect(batches).toBe(bars.length * 4);
      const last = bars.at(-1);
      const q = sim.market.get('NSE:SBIN');
      expect(q?.last).toBe(last?.close);
      expect(q?.volume).toBe(bars.reduce((s, b) => s + b.volume, 0));
      expect(q?.high).toBe(Math.max(...bars.map((b) => b.high)));
      expect(q?.low).toBe(Math.min(...bars.map((b) => b.low)));
      expect(q?.book?.modelled).toBe(true);
      expect((q?.book?.buy[0]?.price ?? 0) < (q?.last ?? 0) && (q?.last ?? 0) < (q?.book?.sell[0]?.price ?? 0)).toBe(
        true,
      );
      expect(player.lastPlayedMs).toBe(Date.parse(last?.start ?? '') + 59_000);
    } finally {
      player.stop();
      await sim.close();
    }
  });

  it('caught up at a mid-day start, stands where playing the morning tick by tick would have left it', async () => {
    const calendar = loadCalendar();
    const master = builtinInstrumentMaster();
    const { config } = tradingCliSetup('test', null);
    const session = sessionBounds('2017-09-26');
    const from = session.openMs + 225 * 60_000; // 13:00 IST
    const simAt = (clock: SessionClock) =>
      new KiteSim({ instruments: master.all(), clock, tradingDay: '2017-09-26', session, speed: 1 });
    const playerOf = async (clock: SessionClock, sim: KiteSim) => {
      const files = await readBarFiles(
        [`${__dirname}/../../../shared/fixtures/market/nse_1min_2017-09/SBIN_1min.csv`],
        calendar,
        master,
      );
      const source = recordedDay({ files, day: '2017-09-26', calendar, master, config });
      return new DayPlayer({ source: source.replay, clock, play: (t) => sim.applyTicks(t) });
    };
    {
      // one simulator plays the morning tick by tick (quotes modelled, orders matched, candles built)...
      const ticked = simAt(new SessionClock(from, 1));
      const player = await playerOf(new SessionClock(from, 1), ticked);
      let played = 0;
      player.fastForward(from, (batches) => {
        for (const b of batches) {
          ticked.applyTicks(b);
          played += b.length;
        }
      });
      // ...the other catches up at once, its clock held at 13:00 until it has
      const clock = new SessionClock(from, 1);
      const caught = simAt(clock);
      const fast = await playerOf(clock, caught);
      expect(fast.fastForward(from, (batches) => caught.catchUp(batches))).toBe(played);
      expect(played).toBe(225 * 4);
      clock.restart();
      expect(clock.nowMs() - from).toBeLessThan(50);
      const a = ticked.market.get('NSE:SBIN');
      const b = caught.market.get('NSE:SBIN');
      expect(b).toEqual(a);
      expect(b?.book?.modelled).toBe(true);
      expect(caught.candles.between('NSE:SBIN', session.openMs, from)).toEqual(
        ticked.candles.between('NSE:SBIN', session.openMs, from),
      );
      expect(caught.candles.between('NSE:SBIN', session.openMs, from)).toHaveLength(225);
      await Promise.all([ticked.close(), caught.close()]);
    }
  });
});
