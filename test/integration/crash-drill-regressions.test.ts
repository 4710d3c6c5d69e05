import { condorFlatten } from '../../app/drill/condor-scenarios';
import { equityKillAtOpen, equityTargets } from '../../app/drill/equity-scenarios';
import type { OcoLeg } from '../../domain/oco/oco-state';
import { unobservedOrderEvents } from '../../domain/oco/unobserved-order-events';
import type { OrderEvent } from '../../domain/orders/order-events';
import { crashAtFirst } from '../support/drill-crash-at';
import { usePgStore } from '../support/pg-store-fixture';

/** Bugs the crash drill found, each pinned at the crash point that showed it. */
describe('crash drill regressions', () => {
  const pg = usePgStore();

  describe("a group that had not observed its orders' last events catches up on recovery", () => {
    const fill = (tradeId: string, qty: number, filledQty: number, complete = false): OrderEvent => ({
      type: complete ? 'OrderFilled' : 'OrderPartiallyFilled',
      data: { clientOrderId: 'c1', tradeId, qty, price: 80_005, filledQty, at: '2025-09-04T04:00:00.000Z' },
    });
    const leg = (over: Partial<OcoLeg>) => ({ status: 'WORKING', tradeIds: [], ...over }) as OcoLeg;
    const cancelled: OrderEvent = {
      type: 'OrderCancelled',
      data: { clientOrderId: 'c1', reason: 'x', at: '2025-09-04T04:00:00.000Z' },
    };

    it('the fills it has not counted and the ending of a leg it still has working, nothing else', () => {
      const events = [fill('t1', 40, 40), fill('t2', 40, 80), cancelled];
      expect(unobservedOrderEvents(leg({ tradeIds: ['t1'] }), events)).toEqual([events[1], cancelled]);
      expect(unobservedOrderEvents(leg({ tradeIds: ['t1', 't2'], status: 'CANCELLED' }), events)).toEqual([]);
    });

    it.each([
      ['an entry fill recorded, its group not told: the fill is protected', 'order ENTRY: OrderPartiallyFilled'],
      ['an exit fill recorded, its group not told: the group closes', 'order EXIT: OrderFilled'],
    ])('%s', async (_name, what) => {
      const scenario = what.includes('EXIT') ? condorFlatten('quick') : equityTargets('quick');
      const r = await crashAtFirst(pg.store, scenario, (b) => b.kind === 'append' && b.what === what);
      expect(r.violations).toEqual([]);
    });
  });

  it.each([
    ['a modification recorded, the broker never asked: the stop is resized after all', 'modifyOrder STOP'],
    ['a sibling cancel recorded, the broker never asked: the stop is cancelled after all', 'cancelOrder STOP'],
  ])('%s', async (_name, what) => {
    // The order waited for an answer to a request that never left: the executor sends nothing while
    // a cancel or a modification is pending, so the stop stayed at its old size, or stayed working.
    const r = await crashAtFirst(
      pg.store,
      equityTargets('quick'),
      (b) => b.kind === 'before-broker' && b.what === what,
    );
    expect(r.violations).toEqual([]);
  });

  it('the kill switch engaged as a group opened: the entry recorded and never sent is withdrawn, not sent', async () => {
    // Recovery sent every recorded, unsent order: after a restart with the kill switch engaged, a
    // new entry reached the broker (and could fill) before the flatten cancelled it.
    const r = await crashAtFirst(
      pg.store,
      equityKillAtOpen('quick'),
      (b) => b.kind === 'before-broker' && b.what === 'placeOrder ENTRY',
    );
    expect(r.violations).toEqual([]);
    expect(r.recovery?.inFlightResolved).toBe(1);
  });

  describe('recovery while another transaction holds the global read horizon back', () => {
    // readAll reads only below the oldest transaction running anywhere on the server: one open
    // elsewhere hid the group's events, recovery found no open group, cancelled its protection as
    // orphans (or never sent its recorded entry).
    const holdingTheHorizon = async <T>(work: () => Promise<T>): Promise<T> => {
      const other = await pg.db.pool.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_current_xact_id()');
        return await work();
      } finally {
        await other.query('ROLLBACK');
        other.release();
      }
    };

    it.each([
      [
        'its protection at the broker: found through its orders there, kept',
        'after-event-committed',
        'order STOP: OrderAccepted',
      ],
      [
        "nothing at the broker yet: found in the day's group index, its entry sent",
        'before-broker',
        'placeOrder ENTRY',
      ],
    ])('a group with %s', async (_name, kind, what) => {
      const r = await holdingTheHorizon(() =>
        crashAtFirst(
          pg.store,
          equityTargets('quick'),
          (b) => b.what === what && (kind !== 'before-broker' || b.kind === kind),
        ),
      );
      expect(r.violations).toEqual([]);
    });
  });
});
