import { decodeKiteTickFrame } from '../../adapters/kite/tick-frame-decoder';
import { averageRupeesText } from '../../adapters/kite-sim/kite-numbers';
import { SimInstruments } from '../../adapters/kite-sim/sim-instruments';
import { SimMarket } from '../../adapters/kite-sim/sim-market';
import { DEFAULT_SPREAD_MODEL } from '../../adapters/kite-sim/spread-model';
import { encodeTickFrame, encodeTickPacket } from '../../adapters/kite-sim/tick-frame-encoder';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { NIFTY_CE_INSTRUMENT } from './paper-broker-harness';

const instruments = new SimInstruments([...builtinInstrumentMaster().all(), NIFTY_CE_INSTRUMENT]);
const TS = Date.parse('2026-03-02T04:00:00.000Z');

describe('the simulator on the wire', () => {
  it('averages fills exactly, finer than a paisa, rounding half-up only beyond six decimals', () => {
    expect(averageRupeesText(80_005 + 80_010, 2)).toBe('800.075');
    expect(averageRupeesText(10_000 * 2 + 10_005, 3)).toBe('100.016667');
    expect(averageRupeesText(4_852_00, 1)).toBe('4852');
    expect(averageRupeesText(0, 0)).toBe('0');
  });

  it('keeps Kite tokens and gives synthetic contracts 32-bit tokens with their segment in the low byte', () => {
    expect(instruments.byKey('NSE:SBIN')?.token).toBe(779521);
    expect(instruments.byKey('NSE:NIFTY 50')?.token).toBe(256265);
    const ce = instruments.byKey(`NFO:${NIFTY_CE_INSTRUMENT.symbol}`);
    expect(ce?.token).toBeLessThan(2 ** 32);
    expect((ce?.token ?? 0) & 0xff).toBe(2);
    expect(instruments.byToken(ce?.token ?? 0)?.key).toBe(ce?.key);
  });

  it('encodes ltp, quote and full packets (with depth) that the adapter decodes back exactly', () => {
    const market = new SimMarket(DEFAULT_SPREAD_MODEL);
    const s = instruments.byKey('NSE:SBIN');
    if (!s) throw new Error('no SBIN');
    market.apply(s, { key: s.key, ts: TS, last: 80_000, cumVolume: 1_000 });
    const q = market.apply(s, {
      key: s.key,
      ts: TS + 1_000,
      last: 80_010,
      cumVolume: 1_250,
      bid: 80_005,
      ask: 80_015,
      bidQty: 40,
      askQty: 70,
    });
    const frame = encodeTickFrame([
      encodeTickPacket(q, 'ltp'),
      encodeTickPacket(q, 'quote'),
      encodeTickPacket(q, 'full'),
    ]);
    const { ticks, skipped } = decodeKiteTickFrame(frame);
    expect(skipped).toEqual([]);
    expect(ticks.map((t) => [t.mode, t.token, t.lastPrice])).toEqual([
      ['ltp', 779521, 80_010],
      ['quote', 779521, 80_010],
      ['full', 779521, 80_010],
    ]);
    const full = ticks[2];
    expect(full?.trading).toMatchObject({ lastQuantity: 250, volume: 1_250 });
    expect(full?.ohlc).toEqual({ open: 80_000, high: 80_010, low: 80_000, close: 80_000 });
    expect(full?.exchangeAt).toBe(new Date(TS + 1_000).toISOString());
    expect(full?.depth?.buy[0]).toMatchObject({ price: 80_005, quantity: 40 });
    expect(full?.depth?.sell[0]).toMatchObject({ price: 80_015, quantity: 70 });
    expect(full?.depth?.buy.map((l) => l.price)).toEqual([80_005, 80_000, 79_995, 79_990, 79_985]);
  });

  it('models a touch around a last price with no book, and widens it on demand', () => {
    const market = new SimMarket(DEFAULT_SPREAD_MODEL);
    const s = instruments.byKey('NSE:SBIN');
    if (!s) throw new Error('no SBIN');
    const q = market.apply(s, { key: s.key, ts: TS, last: 80_000, cumVolume: 0 });
    expect([q.book?.buy[0]?.price, q.book?.sell[0]?.price, q.book?.modelled]).toEqual([79_995, 80_005, true]);
    market.setWiden(5);
    const w = market.apply(s, { key: s.key, ts: TS + 1, last: 80_000, cumVolume: 0 });
    expect((w.book?.sell[0]?.price ?? 0) - (w.book?.buy[0]?.price ?? 0)).toBe(50);
    const index = instruments.byKey('NSE:NIFTY 50');
    if (!index) throw new Error('no index');
    const iq = market.apply(index, { key: index.key, ts: TS, last: 2_450_000, cumVolume: 0 });
    expect(iq.book).toBeNull();
    const [decoded] = decodeKiteTickFrame(encodeTickFrame([encodeTickPacket(iq, 'full')])).ticks;
    expect(decoded).toMatchObject({ tradable: false, mode: 'full', lastPrice: 2_450_000 });
  });
});
