import fc from 'fast-check';
import { createFutureContract, createOptionContract } from '../../domain/instruments/contract-factory';
import { formatOptionSymbol, parseDerivativeSymbol, strikeText } from '../../domain/instruments/derivative-symbol';
import { InstrumentError } from '../../domain/instruments/instrument-errors';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { isSyntheticToken } from '../../domain/instruments/synthetic-token';
import { BANKNIFTY, NIFTY } from '../../domain/instruments/underlyings';

describe('option contracts for a synthetic chain', () => {
  it('makes a monthly NIFTY call with the Kite symbol, lot 65 and freeze 1,800', () => {
    const c = createOptionContract(NIFTY, {
      expiry: '2025-09-30',
      expiryKind: 'MONTHLY',
      strike: 2_480_000,
      right: 'CE',
    });
    expect(c).toMatchObject({
      exchange: 'NFO',
      segment: 'NFO-OPT',
      symbol: 'NIFTY25SEP24800CE',
      kind: 'CE',
      lotSize: 65,
      freezeQty: 1_800,
      tickSize: 5,
      underlying: 'NIFTY',
      expiry: '2025-09-30',
      expiryKind: 'MONTHLY',
      strike: 2_480_000,
    });
    expect(isSyntheticToken(c.token)).toBe(true);
  });

  it('writes weekly symbols with the one-character month (1-9, O, N, D) and the day', () => {
    const weekly = (expiry: string) =>
      createOptionContract(NIFTY, { expiry, expiryKind: 'WEEKLY', strike: 2_480_000, right: 'PE' }).symbol;
    expect(weekly('2025-09-09')).toBe('NIFTY2590924800PE');
    expect(weekly('2025-10-07')).toBe('NIFTY25O0724800PE');
    expect(weekly('2025-11-04')).toBe('NIFTY25N0424800PE');
    expect(weekly('2025-12-02')).toBe('NIFTY25D0224800PE');
  });

  it('makes BANKNIFTY monthlies (lot 30, freeze 600) and refuses its weeklies', () => {
    const c = createOptionContract(BANKNIFTY, {
      expiry: '2025-09-30',
      expiryKind: 'MONTHLY',
      strike: 5_500_000,
      right: 'PE',
    });
    expect(c).toMatchObject({ symbol: 'BANKNIFTY25SEP55000PE', lotSize: 30, freezeQty: 600 });
    expect(() =>
      createOptionContract(BANKNIFTY, { expiry: '2025-09-09', expiryKind: 'WEEKLY', strike: 5_500_000, right: 'PE' }),
    ).toThrow('BANKNIFTY has no weekly options');
  });

  it('refuses a strike off the strike step and a bad expiry', () => {
    const terms = { expiry: '2025-09-30', expiryKind: 'MONTHLY', right: 'CE' } as const;
    expect(() => createOptionContract(NIFTY, { ...terms, strike: 2_482_500 })).toThrow(/strike step of Rs 50.00/);
    expect(() => createOptionContract(NIFTY, { ...terms, expiry: '2025-09-31', strike: 2_480_000 })).toThrow(
      InstrumentError,
    );
  });

  it('makes futures', () => {
    expect(createFutureContract(NIFTY, '2025-09-30')).toMatchObject({
      symbol: 'NIFTY25SEPFUT',
      segment: 'NFO-FUT',
      kind: 'FUT',
      expiryKind: 'MONTHLY',
    });
  });

  it('a whole chain has distinct, stable tokens and loads into a master', () => {
    const chain = [];
    for (let k = 2_300_000; k <= 2_700_000; k += 5_000) {
      for (const right of ['CE', 'PE'] as const) {
        chain.push(createOptionContract(NIFTY, { expiry: '2025-09-09', expiryKind: 'WEEKLY', strike: k, right }));
      }
    }
    const master = InstrumentMaster.of(chain);
    expect(master.size).toBe(chain.length);
    expect(master.get('NFO:NIFTY2590924800CE').token).toBe(chain.find((c) => c.symbol === 'NIFTY2590924800CE')!.token);
  });
});

describe('derivative symbols', () => {
  it('writes strikes without trailing zeros', () => {
    expect(strikeText(2_480_000)).toBe('24800');
    expect(strikeText(45_250)).toBe('452.5');
    expect(strikeText(45_205)).toBe('452.05');
  });

  it('parses symbols back, with or without the underlying known', () => {
    expect(parseDerivativeSymbol('BANKNIFTY18JAN23500CE')).toEqual({
      underlying: 'BANKNIFTY',
      kind: 'CE',
      expiryKind: 'MONTHLY',
      year: 2018,
      month: 1,
      strike: 2_350_000,
    });
    expect(parseDerivativeSymbol('NIFTY25SEPFUT')).toMatchObject({ underlying: 'NIFTY', kind: 'FUT' });
    expect(parseDerivativeSymbol('SBIN')).toBeNull();
    // An underlying ending in digits is split right when its name or the expiry is known.
    expect(parseDerivativeSymbol('NIFTYNXT502590935000CE', { expiry: '2025-09-09' })).toMatchObject({
      underlying: 'NIFTYNXT50',
      day: 9,
    });
  });

  it('law: a formatted option symbol parses back to its terms', () => {
    const terms = fc.record({
      underlying: fc.constantFrom('NIFTY', 'BANKNIFTY', 'M&M', 'BAJAJ-AUTO', 'NIFTYNXT50'),
      expiry: fc
        .integer({ min: 0, max: 3650 })
        .map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10)),
      expiryKind: fc.constantFrom('WEEKLY', 'MONTHLY') as fc.Arbitrary<'WEEKLY' | 'MONTHLY'>,
      strike: fc.integer({ min: 1, max: 10_000_000 }),
      right: fc.constantFrom('CE', 'PE') as fc.Arbitrary<'CE' | 'PE'>,
    });
    fc.assert(
      fc.property(terms, (t) => {
        const parts = parseDerivativeSymbol(formatOptionSymbol(t), { underlying: t.underlying, expiry: t.expiry });
        return (
          parts !== null &&
          parts.underlying === t.underlying &&
          parts.strike === t.strike &&
          parts.kind === t.right &&
          parts.expiryKind === t.expiryKind
        );
      }),
    );
  });
});
