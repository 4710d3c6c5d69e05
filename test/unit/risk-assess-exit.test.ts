import type { Instrument } from '../../domain/instruments/instrument';
import { assessExit, type ExitRequest } from '../../domain/risk/assess-exit';

const bankNiftyPe: Instrument = {
  token: 9,
  exchange: 'NFO',
  segment: 'NFO-OPT',
  symbol: 'BANKNIFTY26MAR52000PE',
  kind: 'PE',
  lotSize: 30,
  tickSize: 5,
  freezeQty: 600,
};
const exit = (over: Partial<ExitRequest>): ExitRequest => ({
  instrument: bankNiftyPe,
  side: 'SELL',
  quantity: 60,
  positionQty: 60,
  ...over,
});

describe('assessExit: exits are never blocked by risk gates', () => {
  it('approves a full exit of a long, and a partial exit of a short', () => {
    expect(assessExit(exit({}))).toEqual({ approved: true, quantity: 60, slices: [60] });
    expect(assessExit(exit({ side: 'BUY', quantity: 30, positionQty: -90 }))).toEqual({
      approved: true,
      quantity: 30,
      slices: [30],
    });
  });

  it('slices an exit above the freeze quantity however many slices it takes', () => {
    const d = assessExit(exit({ quantity: 30 * 81, positionQty: 30 * 81 })); // 81 lots, 20 a slice
    expect(d.approved && d.slices).toEqual([480, 480, 480, 480, 510]);
  });

  it.each<[string, Partial<ExitRequest>, RegExp]>([
    ['the wrong side (would add to a long)', { side: 'BUY' }, /BUY does not reduce a long/],
    ['more than the position (would flip it)', { quantity: 90 }, /larger than the open position of 60/],
    ['no position', { positionQty: 0 }, /no open position/],
    ['a part of a lot', { quantity: 45 }, /not a whole number of lots of 30/],
    ['a zero quantity', { quantity: 0 }, /positive whole number/],
  ])('refuses a malformed exit: %s', (_name, over, message) => {
    const d = assessExit(exit(over));
    expect(d.approved).toBe(false);
    expect(d.approved ? [] : d.reasons.map((r) => `${r.code} ${r.message}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^EXIT_INVALID /), expect.stringMatching(message)]),
    );
  });
});
