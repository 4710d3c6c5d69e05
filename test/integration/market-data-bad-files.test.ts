import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BarFileError, type BarFileProblem } from '../../adapters/market-data/bar-file-error';
import { type BarFileOptions, readBarFile } from '../../adapters/market-data/read-bar-file';

/** Bad bar files, written to a temp dir: each is refused whole, with the line and the reason. */

const dir = mkdtempSync(path.join(tmpdir(), 'market-data-bad-'));
const HOLIDAYS = new Set(['2025-10-02']);
const options: BarFileOptions = {
  instrumentKey: 'NSE:NIFTY 50',
  tickSizeOf: (key) => (key === 'NSE:NIFTY 50' || key === 'NSE:SBIN' || key === 'NSE:INFY' ? 5 : undefined),
  isTradingDay: (day) => !HOLIDAYS.has(day) && ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()),
};

let n = 0;
async function refusal(lines: string[], over: Partial<BarFileOptions> = {}): Promise<readonly BarFileProblem[]> {
  const file = path.join(dir, `bad-${++n}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const err = await readBarFile(file, { ...options, ...over }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BarFileError);
  const e = err as BarFileError;
  expect(e.message).toContain(`${file}:${e.first.line}: ${e.first.reason}`);
  return e.problems;
}

const HEADER = 'instrument,ts_utc,open,high,low,close,volume';
const row = (ts: string, o = '907.00', h = '909.70', l = '904.60', c = '908.65', v = '23023', key = 'NSE:SBIN') =>
  [key, ts, o, h, l, c, v].join(',');
const T1 = '2025-09-04T03:45:00Z';
const T2 = '2025-09-04T03:46:00Z';
const T3 = '2025-09-04T03:47:00Z';

describe('bad bar files are refused with the line and the reason', () => {
  it('accepts a good canonical file with several instruments (the baseline for the cases below)', async () => {
    const file = path.join(dir, 'good.csv');
    writeFileSync(
      file,
      [HEADER, row(T1), row(T1, '1500.00', '1501.00', '1499.00', '1500.50', '10', 'NSE:INFY'), row(T2)].join('\n'),
    );
    const f = await readBarFile(file, options);
    expect(f.bars.map((b) => [b.key, b.start, b.close])).toEqual([
      ['NSE:INFY', '2025-09-04T03:45:00.000Z', 150050],
      ['NSE:SBIN', '2025-09-04T03:45:00.000Z', 90865],
      ['NSE:SBIN', '2025-09-04T03:46:00.000Z', 90865],
    ]);
  });

  it('wrong columns: a reordered header', async () => {
    expect(await refusal(['datetime,open,high,low,close,volume', '2025-09-04 03:45:00+00:00,1,1,1,1,0'])).toEqual([
      {
        line: 1,
        reason:
          "expected the header 'datetime,close,high,low,open,volume', found 'datetime,open,high,low,close,volume'",
      },
    ]);
    expect(await refusal(['instrument,ts,open,high,low,close,volume', row(T1)])).toEqual([
      { line: 1, reason: `expected the header '${HEADER}', found 'instrument,ts,open,high,low,close,volume'` },
    ]);
  });

  it('wrong columns: a row with too few', async () => {
    expect(await refusal([HEADER, row(T1), 'NSE:SBIN,2025-09-04T03:46:00Z,907.00,909.70,904.60,908.65'])).toEqual([
      { line: 3, reason: `expected 7 columns (${HEADER}), found 6` },
    ]);
  });

  it('unsorted timestamps of one instrument (a file grouped by instrument is read, see market-data-multi-file)', async () => {
    expect(await refusal([HEADER, row(T1), row(T3), row(T2)])).toEqual([
      {
        line: 4,
        reason:
          "2025-09-04T03:46:00.000Z is earlier than 2025-09-04T03:47:00.000Z on line 3: each instrument's rows must be in time order",
      },
    ]);
  });

  it('duplicate timestamps of one instrument', async () => {
    expect(await refusal([HEADER, row(T1), row(T2), row(T2, '908.00')])).toEqual([
      { line: 4, reason: 'duplicate bar for NSE:SBIN at 2025-09-04T03:46:00.000Z (also on line 3)' },
    ]);
  });

  it('OHLC violations', async () => {
    expect(await refusal([HEADER, row(T1, '907.00', '909.70', '904.60', '910.00')])).toEqual([
      { line: 2, reason: 'OHLC inconsistent: close 91000 is outside low..high 90460..90970' },
    ]);
    expect(await refusal([HEADER, row(T1, '907.00', '903.00', '904.60', '904.60')])).toEqual([
      { line: 2, reason: 'OHLC inconsistent: high 90300 is below low 90460' },
    ]);
  });

  it('prices off the tick, or with more than 2 decimals in our exact format', async () => {
    expect(await refusal([HEADER, row(T1), row(T2, '907.03')])).toEqual([
      { line: 3, reason: 'open 907.03 is not on the 0.05 tick' },
    ]);
    expect(await refusal([HEADER, row(T1, '907.001')])).toEqual([
      { line: 2, reason: "open '907.001' is not a price in rupees with at most 2 decimals" },
    ]);
    // float formats: noise within half a paisa is a tick; 2 paise off is not
    expect(
      await refusal([
        'datetime,close,high,low,open,volume',
        '2025-09-04 03:45:00+00:00,24876.599609375,24970.30078125,24867.05078125,24970.30078125,0.0',
        '2025-09-04 03:46:00+00:00,24876.62,24892.69921875,24875.80078125,24876.94921875,0.0',
      ]),
    ).toEqual([{ line: 3, reason: 'close 24876.62 is not on the 0.05 tick (tolerance 0.5 paise)' }]);
  });

  it('a holiday or a weekend', async () => {
    expect(await refusal([HEADER, row('2025-10-02T03:45:00Z')])).toEqual([
      { line: 2, reason: '2025-10-02 is not a trading day (a weekend or an exchange holiday)' },
    ]);
    expect(await refusal([HEADER, row('2025-09-06T03:45:00Z'), row('2025-09-06T03:46:00Z')])).toEqual([
      { line: 2, reason: '2025-09-06 is not a trading day (a weekend or an exchange holiday)' },
    ]);
  });

  it('a bar outside the session', async () => {
    expect(await refusal([HEADER, row(T1), row('2025-09-04T10:00:00Z')])).toEqual([
      { line: 3, reason: 'a bar starting 15:30 IST is outside the session 09:15-15:30 IST' },
    ]);
  });

  it('an end-labelled 09:15 row that is not a flat opening print', async () => {
    expect(
      await refusal([
        'SBIN,2017-09-26,09:15:00,258.40,258.50,257.40,257.60,107820.0',
        'SBIN,2017-09-26,09:16:00,258.40,258.50,257.40,257.60,107820.0',
      ]),
    ).toEqual([
      { line: 1, reason: 'a bar ending at 09:15 IST would start before the session, and is not a flat opening print' },
    ]);
  });

  it('bad numbers, unknown instruments, files that name no instrument', async () => {
    expect(await refusal([HEADER, row(T1, undefined, undefined, undefined, undefined, '12.5')])).toEqual([
      { line: 2, reason: "volume '12.5' is not a whole number of units" },
    ]);
    expect(await refusal([HEADER, row(T1, undefined, undefined, undefined, undefined, undefined, 'NSE:TCS')])).toEqual([
      { line: 2, reason: 'no tick size is known for NSE:TCS' },
    ]);
    expect(
      await refusal(['datetime,close,high,low,open,volume', '2025-09-04 03:45:00+00:00,1.00,1.00,1.00,1.00,0'], {
        instrumentKey: undefined,
      }),
    ).toEqual([{ line: 2, reason: 'the file names no instrument: give its instrument key' }]);
    expect(await refusal([HEADER, row(T1, undefined, undefined, undefined, undefined, undefined, 'XYZ:SBIN')])).toEqual(
      [{ line: 2, reason: "'XYZ:SBIN' is not an instrument key like NSE:SBIN" }],
    );
    expect(await refusal([HEADER, row('2025-09-04T03:45:30Z')])).toEqual([
      { line: 2, reason: "ts_utc '2025-09-04T03:45:30Z' is not a UTC minute like 2025-09-04T03:45:00Z" },
    ]);
  });

  it('empty, unknown and empty-bodied files', async () => {
    expect(await refusal(['', ''])).toEqual([{ line: 1, reason: 'the file is empty' }]);
    expect(await refusal(['date,price', '2025-09-04,1'])).toEqual([
      { line: 1, reason: "not a bar file we read: first line 'date,price'" },
    ]);
    expect(await refusal([HEADER])).toEqual([{ line: 1, reason: 'the file holds no bars' }]);
    expect(await refusal([HEADER, row(T1), '', row(T2)])).toEqual([{ line: 3, reason: 'empty line' }]);
  });

  it('lists every problem of a file, in line order, and nothing of it is used', async () => {
    const problems = await refusal([HEADER, row(T1, '907.03'), row(T2), row(T2), row('2025-09-04T03:48:00Z', 'x')]);
    expect(problems.map((p) => p.line)).toEqual([2, 4, 5]);
    expect(readdirSync(dir).filter((f) => !f.startsWith('bad-') && f !== 'good.csv')).toEqual([]);
  });
});
