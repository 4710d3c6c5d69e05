import { BUILTIN_INSTRUMENTS, builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { withEquityTickFor } from '../../domain/instruments/equity-tick';
import type { Instrument } from '../../domain/instruments/instrument';
import { InstrumentError, UnknownInstrumentError } from '../../domain/instruments/instrument-errors';
import { InstrumentMaster, parseInstrumentKey } from '../../domain/instruments/instrument-master';
import { floorToLots, maxOrderQty, quantityProblems } from '../../domain/instruments/lots';

const master = builtinInstrumentMaster();

describe('the built-in instrument master', () => {
  it('holds the two indices and about 30 liquid NSE stocks, with Kite-shaped tokens', () => {
    expect(master.get('NSE:NIFTY 50')).toMatchObject({ token: 256265, kind: 'INDEX', freezeQty: 0 });
    expect(master.get('NSE:NIFTY BANK').token).toBe(260105);
    const stocks = master.all().filter((i) => i.kind === 'EQ');
    expect(stocks.length).toBeGreaterThanOrEqual(30);
    for (const s of ['SBIN', 'RELIANCE', 'INFY', 'TCS', 'HDFCBANK', 'ICICIBANK'])
      expect(master.has(`NSE:${s}`)).toBe(true);
    // Kite's token = exchange_token * 256 + segment (1 = NSE cash, 9 = indices).
    for (const i of BUILTIN_INSTRUMENTS) expect(i.token % 256).toBe(i.kind === 'INDEX' ? 9 : 1);
  });

  it('gives every stock the Rs 0.05 tick, and the price rule lowers it under Rs 250', () => {
    const ongc = master.get('NSE:ONGC');
    expect(ongc.tickSize).toBe(5);
    expect(withEquityTickFor(ongc, 24_050).tickSize).toBe(1);
    expect(withEquityTickFor(ongc, 25_050)).toBe(ongc);
    expect(withEquityTickFor(master.get('NSE:NIFTY 50'), 100)).toMatchObject({ tickSize: 1, kind: 'INDEX' });
  });
});

describe('lookups', () => {
  it('finds by key (case-insensitive) and by token', () => {
    expect(master.get('nse:sbin').token).toBe(779521);
    expect(master.byToken(779521).symbol).toBe('SBIN');
    expect(master.find('NSE:NOPE')).toBeUndefined();
    expect(master.findByToken(1)).toBeUndefined();
  });

  it('refuses an unknown instrument with a clear error', () => {
    expect(() => master.get('NSE:SBNI')).toThrow(UnknownInstrumentError);
    expect(() => master.get('NSE:SBNI')).toThrow(/unknown instrument 'NSE:SBNI'/);
    expect(() => master.get('BSE:SBIN')).toThrow(/did you mean NSE:SBIN/);
    expect(() => master.byToken(42)).toThrow('unknown instrument token 42');
  });

  it('refuses a malformed key', () => {
    expect(() => master.get('SBIN')).toThrow(/expected EXCHANGE:SYMBOL/);
    expect(() => parseInstrumentKey('MCX:GOLD')).toThrow(/EXCHANGE one of NSE, NFO, BSE, BFO/);
    expect(parseInstrumentKey(' nse : nifty 50 ')).toEqual({ exchange: 'NSE', symbol: 'NIFTY 50' });
  });

  it('never lets a second instrument shadow one with the same key or token', () => {
    const sbin = master.get('NSE:SBIN');
    expect(() => master.with([{ ...sbin, token: 1 }])).toThrow(InstrumentError);
    expect(() => master.with([{ ...sbin, symbol: 'SBIN2' }])).toThrow(/token 779521 is both NSE:SBIN and NSE:SBIN2/);
    expect(master.with([sbin]).size).toBe(master.size); // the same instrument again is fine
  });

  it('is immutable: with() returns a new master', () => {
    const extra: Instrument = { ...master.get('NSE:SBIN'), token: 5, symbol: 'NEW' };
    const bigger = master.with([extra]);
    expect(bigger.has('NSE:NEW')).toBe(true);
    expect(master.has('NSE:NEW')).toBe(false);
    expect(InstrumentMaster.empty().size).toBe(0);
  });
});

describe('lots and freeze quantity', () => {
  const option: Instrument = {
    token: 1,
    exchange: 'NFO',
    segment: 'NFO-OPT',
    symbol: 'NIFTY25SEP24800CE',
    kind: 'CE',
    lotSize: 65,
    tickSize: 5,
    freezeQty: 1_800,
  };

  it('the largest order is the largest whole-lot quantity within the freeze quantity', () => {
    expect(maxOrderQty(option)).toBe(1_755); // 27 lots of 65
    expect(maxOrderQty({ lotSize: 30, freezeQty: 600 })).toBe(600);
    expect(maxOrderQty(master.get('NSE:NIFTY 50'))).toBe(0);
    expect(floorToLots(200, 65)).toBe(195);
    expect(floorToLots(-5, 65)).toBe(0);
  });

  it('explains a quantity that is not whole lots, not positive, or on an index', () => {
    expect(quantityProblems(option, 130)).toEqual([]);
    expect(quantityProblems(option, 100)).toEqual([
      'quantity 100 is not a whole number of lots of 65 for NFO:NIFTY25SEP24800CE (nearest: 65 or 130)',
    ]);
    expect(quantityProblems(option, 0)).toEqual(['quantity must be above zero, got 0']);
    expect(quantityProblems(option, 1.5)).toEqual(['quantity must be a whole number of units, got 1.5']);
    expect(quantityProblems(master.get('NSE:NIFTY 50'), 1)).toEqual(['NSE:NIFTY 50 is an index and cannot be traded']);
  });
});
