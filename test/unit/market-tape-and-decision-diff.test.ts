import { diffDecisions } from '../../app/audit/decision-diff';
import { decodeTicks, encodeTicks } from '../../domain/market/market-tape';
import type { Tick } from '../../domain/market/tick';
import { decision } from '../support/decisions';

describe('the recorded tape keeps every tick field exactly', () => {
  it('round-trips quotes modelled or real, and leaves absent fields absent', () => {
    const ticks: Tick[] = [
      {
        key: 'NSE:SBIN',
        ts: 1_757_043_959_999,
        last: 80_005,
        cumVolume: 1200,
        bid: 80_000,
        ask: 80_010,
        quoteModelled: true,
      },
      { key: 'NSE:NIFTY 50', ts: 1_757_043_960_000, last: 2_497_030, cumVolume: 0 },
      {
        key: 'NFO:NIFTY25SEP24800CE',
        ts: 1,
        last: 12_345,
        cumVolume: 75,
        bid: 12_340,
        ask: 12_350,
        bidQty: 750,
        askQty: 1500,
        oi: 90_000,
      },
    ];
    const back = decodeTicks(encodeTicks(ticks));
    expect(back).toEqual(ticks);
    expect(Object.keys(back[1]!)).toEqual(['key', 'ts', 'last', 'cumVolume']);
    expect('quoteModelled' in back[2]!).toBe(false);
  });
});

describe('decisions of a re-run against the recorded ones', () => {
  const d = decision;

  it('reports none for the same decisions, in any order', () => {
    const a = [d({}), d({ planId: 'p2', at: '2025-09-05T04:05:00.000Z' })];
    expect(diffDecisions(a, [...a].reverse())).toEqual([]);
  });

  it('reports missing, extra and changed decisions with the fields that differ, in time order', () => {
    const recorded = [d({}), d({ planId: 'p2', at: '2025-09-05T04:05:00.000Z' })];
    const rerun = [
      d({ approved: false, quantity: 0, slices: [], reasons: [{ code: 'SPREAD_TOO_WIDE', message: 'x' }] }),
      d({ planId: 'p3', at: '2025-09-05T04:01:00.000Z' }),
    ];
    const diffs = diffDecisions(recorded, rerun);
    expect(diffs.map((x) => [x.kind, x.planId])).toEqual([
      ['changed', 'p1'],
      ['extra', 'p3'],
      ['missing', 'p2'],
    ]);
    const changed = diffs[0]!;
    expect(changed.kind === 'changed' && changed.fields.map((f) => f.field)).toEqual([
      'approved',
      'quantity',
      'slices',
      'reasons',
    ]);
  });
});
