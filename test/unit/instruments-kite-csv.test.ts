import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InstrumentError } from '../../domain/instruments/instrument-errors';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { parseKiteInstrumentsCsv } from '../../domain/instruments/kite-instruments-csv';

const fixtures = path.resolve(__dirname, '../../../shared/fixtures/kite');
const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';

describe("Kite's instrument dump (fixtures)", () => {
  const all = parseKiteInstrumentsCsv(read('instruments_all.csv'));
  const master = InstrumentMaster.of(all.instruments);

  it('takes every row of the 99-row sample (CRLF line ends) and refuses none', () => {
    expect(all.rejected).toEqual([]);
    expect(all.skipped).toEqual([]);
    expect(all.instruments).toHaveLength(99);
    expect(parseKiteInstrumentsCsv(read('instruments_nse.csv')).instruments).toHaveLength(99);
  });

  it('reads a cash stock with its tick in exact paise', () => {
    expect(master.get('NSE:ADANIPORTS')).toEqual({
      token: 3861249,
      exchange: 'NSE',
      segment: 'NSE',
      symbol: 'ADANIPORTS',
      kind: 'EQ',
      lotSize: 1,
      tickSize: 5,
      freezeQty: 100_000,
      name: 'ADANI PORT & SEZ',
    });
    expect(master.get('NSE:BANKBEES').tickSize).toBe(1);
    expect(master.get('BSE:828GOI27-ML').tickSize).toBe(25);
  });

  it('reads an option: underlying from the symbol (no name in this dump), strike in paise, freeze from the table', () => {
    expect(master.byToken(12073986)).toEqual({
      token: 12073986,
      exchange: 'NFO',
      segment: 'NFO-OPT',
      symbol: 'BANKNIFTY18JAN23500CE',
      kind: 'CE',
      lotSize: 40,
      tickSize: 5,
      freezeQty: 600,
      underlying: 'BANKNIFTY',
      expiry: '2018-01-25',
      expiryKind: 'MONTHLY',
      strike: 2_350_000,
    });
  });

  it('gives a stock option without a freeze-table entry the default of 10 lots', () => {
    const i = master.get('NFO:INDIACEM17DEC220PE');
    expect(i).toMatchObject({ underlying: 'INDIACEM', kind: 'PE', strike: 22_000, lotSize: 3500 });
    expect(i.freezeQty).toBe(35_000);
  });
});

describe('bad rows are refused with their line number and reason; good rows still load', () => {
  const parse = (...rows: string[]) => parseKiteInstrumentsCsv([HEADER, ...rows].join('\n'));

  it.each([
    ['779521,3045,SBIN,SBI,0.0,,0.0,0.05,1,EQ,NSE', 'has 11 fields, the header has 12'],
    ['abc,3045,SBIN,SBI,0.0,,0.0,0.05,1,EQ,NSE,NSE', "instrument_token 'abc' is not a positive whole number"],
    [
      '779521,3045,SBIN,SBI,0.0,,0.0,0.055,1,EQ,NSE,NSE',
      "tick_size '0.055' is not a rupee amount with at most 2 decimals",
    ],
    ['779521,3045,SBIN,SBI,0.0,,0.0,0.0,1,EQ,NSE,NSE', "tick_size '0.0' must be above zero"],
    ['779521,3045,SBIN,SBI,0.0,,0.0,0.05,0,EQ,NSE,NSE', "lot_size '0' must be above zero"],
    ['779521,3045,SBIN,SBI,0.0,,0.0,0.05,1,XX,NSE,NSE', "instrument_type 'XX' is not one of EQ, FUT, CE, PE"],
    ['12073986,47164,BANKNIFTY18JAN23500CE,,2528.4,,23500.0,0.05,40,CE,NFO-OPT,NFO', 'a CE contract needs an expiry'],
    [
      '12073986,47164,BANKNIFTY18JAN23500CE,,2528.4,2018-01-25,0.0,0.05,40,CE,NFO-OPT,NFO',
      "strike '0.0' is not a positive",
    ],
    [
      '12073986,47164,BANKNIFTY18JAN23500CE,,2528.4,2018-02-22,23500.0,0.05,40,CE,NFO-OPT,NFO',
      'cannot tell the underlying',
    ],
    [
      '12073986,47164,BANKNIFTY18JAN23500CE,BANKNIFTY,2528.4,2018-01-25,23500.0,0.05,40,PE,NFO-OPT,NFO',
      "tradingsymbol 'BANKNIFTY18JAN23500CE' says CE but instrument_type is PE",
    ],
    ['779521,3045,"SBIN,SBI,0.0,,0.0,0.05,1,EQ,NSE,NSE', 'a quoted field is not closed'],
  ])('%s', (row, reason) => {
    const result = parse('408065,1594,INFY,INFOSYS,0.0,,0.0,0.05,1,EQ,NSE,NSE', row);
    expect(result.instruments.map((i) => i.symbol)).toEqual(['INFY']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.line).toBe(3);
    expect(result.rejected[0]!.reason).toContain(reason);
  });

  it('refuses a duplicate key or token, naming the first line', () => {
    const result = parse(
      '779521,3045,SBIN,SBI,0.0,,0.0,0.05,1,EQ,NSE,NSE',
      '779522,3046,SBIN,SBI,0.0,,0.0,0.05,1,EQ,NSE,NSE',
      '779521,3045,SBIN2,SBI,0.0,,0.0,0.05,1,EQ,NSE,NSE',
    );
    expect(result.rejected).toEqual([
      { line: 3, reason: 'duplicate instrument NSE:SBIN (first on line 2)' },
      { line: 4, reason: 'duplicate instrument_token 779521 (first on line 2)' },
    ]);
  });

  it('skips exchanges it does not trade, and says so', () => {
    const result = parse('53505799,209007,GOLDM25OCTFUT,GOLDM,0.0,2025-10-03,0.0,1.0,10,FUT,MCX-FUT,MCX');
    expect(result.skipped).toEqual([{ line: 2, reason: "exchange 'MCX' is not traded here" }]);
    expect(result.rejected).toEqual([]);
  });

  it('reads quoted names, indices (tick 0, lot 0 in the dump) and weekly options with a name column', () => {
    const result = parse(
      '2714625,10604,BHARTIARTL,"BHARTI AIRTEL, LTD",0.0,,0.0,0.05,1,EQ,NSE,NSE',
      '256265,1001,NIFTY 50,NIFTY 50,0.0,,0.0,0.0,0,EQ,INDICES,NSE',
      '10000001,39063,NIFTYNXT502590935000CE,NIFTYNXT50,12.5,2025-09-09,35000.0,0.05,25,CE,NFO-OPT,NFO',
    );
    expect(result.rejected).toEqual([]);
    const [airtel, nifty, nxt] = result.instruments;
    expect(airtel!.name).toBe('BHARTI AIRTEL, LTD');
    expect(nifty).toMatchObject({ kind: 'INDEX', tickSize: 1, lotSize: 1, freezeQty: 0 });
    expect(nxt).toMatchObject({ underlying: 'NIFTYNXT50', expiryKind: 'WEEKLY', strike: 3_500_000, freezeQty: 250 });
  });

  it('refuses a file whose header lacks a column', () => {
    expect(() => parseKiteInstrumentsCsv('instrument_token,tradingsymbol\n1,SBIN')).toThrow(InstrumentError);
    expect(() => parseKiteInstrumentsCsv('instrument_token,tradingsymbol\n1,SBIN')).toThrow(/line 1.*missing column/);
  });
});
