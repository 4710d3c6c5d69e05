import { randomUUID } from 'node:crypto';
import { catchUpBook } from '../../commands/pipeline/book-catch-up';
import { BookTracker } from '../../commands/pipeline/book-tracker';
import { usePgStore } from '../support/pg-store-fixture';
import { paperRig, sbinPlan } from '../support/trading-rig';

const DAY = '2025-09-04'; // the rig's clock: 09:30 IST that day

/**
 * What a process that gains the lock knows of the day's P&L: the day's orders and fills read back
 * from their streams, the same book as the instance that traded them saw live.
 */
describe('catchUpBook: the day P&L from the recorded orders', () => {
  const pg = usePgStore();

  it('gives a process that did not trade the day the P&L the trading one saw, and counts nothing twice', async () => {
    const ns = `cu${randomUUID().slice(0, 8)}`;
    const rig = paperRig(pg.store, ns);
    const live = new BookTracker();
    rig.engine.onOrderNews((n) => live.observe(n));
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('g1', 10)); // BUY 10 at up to Rs 800.05: fills
    await rig.watcher.idle();
    await rig.tick('SBIN', 79_400); // through the Rs 795.00 stop: out at a loss
    await rig.engine.openGroup(sbinPlan('g2', 5, 79_405, 79_000, 80_000)); // BUY 5 more, still open
    await rig.watcher.idle();
    await rig.tick('SBIN', 79_300);
    live.mark('NSE:SBIN', 79_300);
    const seen = live.dailyPnl();
    expect(seen?.realised).toBeLessThan(0);
    expect(live.openInstruments()).toEqual(['NSE:SBIN']);

    const taker = new BookTracker(); // the instance taking over: it saw none of it
    const fills = await catchUpBook(taker, pg.store, rig.engine.ctx.streams, DAY);
    expect(fills).toBeGreaterThanOrEqual(3);
    taker.mark('NSE:SBIN', 79_300);
    expect(taker.dailyPnl()).toEqual(seen);
    // Again, and into the book that saw it live: nothing is counted twice.
    await catchUpBook(taker, pg.store, rig.engine.ctx.streams, DAY);
    await catchUpBook(live, pg.store, rig.engine.ctx.streams, DAY);
    expect(taker.dailyPnl()).toEqual(seen);
    expect(live.dailyPnl()).toEqual(seen);
    // Another day's index holds none of it.
    const other = new BookTracker();
    expect(await catchUpBook(other, pg.store, rig.engine.ctx.streams, '2025-09-05')).toBe(0);
    expect(other.dailyPnl()).toEqual({ realised: 0, unrealised: 0 });
  });
});
