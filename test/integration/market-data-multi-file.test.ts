import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BarFileError } from '../../adapters/market-data/bar-file-error';
import { CANONICAL_HEADER } from '../../adapters/market-data/bar-file-formats';
import { formatCanonicalBarCsv } from '../../adapters/market-data/canonical-bar-csv';
import { parsePaperArgs } from '../../app/paper/paper-args';
import { daysOf, mergeDay, readBarFiles, recordedDay } from '../../app/paper/recorded-source';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { groupedCsv, hostileBars } from '../support/hostile-day';
import { calendar, tradingConfig } from '../support/paper-day-rig';

const master = builtinInstrumentMaster();
const MARKET = resolve(__dirname, '../../../shared/fixtures/market');

describe('a day from several files, and files as people have them', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'multi-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file grouped by instrument as the same bars as one in time order', async () => {
    const bars = hostileBars();
    await writeFile(join(dir, 'grouped.csv'), groupedCsv(bars));
    await writeFile(join(dir, 'ordered.csv'), formatCanonicalBarCsv(bars));
    const [grouped, ordered] = await readBarFiles(
      [join(dir, 'grouped.csv'), join(dir, 'ordered.csv')],
      calendar,
      master,
    );
    expect(grouped!.bars).toEqual(ordered!.bars);
  });

  it('still refuses a file with every bad line: rows of one instrument out of order, a duplicate, a broken bar', async () => {
    const rows = [
      CANONICAL_HEADER,
      'NSE:SBIN,2025-09-04T03:46:00Z,800.00,801.00,799.00,800.50,10',
      'NSE:SBIN,2025-09-04T03:45:00Z,800.00,801.00,799.00,800.50,10',
      'NSE:INFY,2025-09-04T03:45:00Z,1500.00,1501.00,1499.00,1500.50,10',
      'NSE:INFY,2025-09-04T03:45:00Z,1500.00,1501.00,1499.00,1500.50,10',
      'NSE:INFY,2025-09-04T03:46:00Z,1500.00,1499.00,1498.00,1500.50,10',
    ];
    await writeFile(join(dir, 'bad.csv'), `${rows.join('\n')}\n`);
    const err = await readBarFiles([join(dir, 'bad.csv')], calendar, master).catch((e) => e);
    expect(err).toBeInstanceOf(BarFileError);
    expect((err as BarFileError).problems.map((p) => p.line)).toEqual([3, 5, 6]);
  });

  it('merges the files of a date into one day, keeps identical bars of two files once, refuses files that disagree', async () => {
    const bars = hostileBars();
    const sbin = bars.filter((b) => b.key === 'NSE:SBIN');
    const rest = bars.filter((b) => b.key !== 'NSE:SBIN');
    await writeFile(join(dir, 'a.csv'), formatCanonicalBarCsv(sbin));
    await writeFile(join(dir, 'b.csv'), formatCanonicalBarCsv(rest));
    await writeFile(join(dir, 'c.csv'), formatCanonicalBarCsv(sbin.slice(0, 10)));
    const files = await readBarFiles([join(dir, 'a.csv'), join(dir, 'b.csv'), join(dir, 'c.csv')], calendar, master);
    const merged = mergeDay(files, '2025-09-04');
    expect(merged.bars).toHaveLength(bars.length);
    expect(merged.duplicates).toBe(10);
    const changed = [{ ...sbin[0]!, close: sbin[0]!.close + 5, high: Math.max(sbin[0]!.high, sbin[0]!.close + 5) }];
    await writeFile(join(dir, 'd.csv'), formatCanonicalBarCsv(changed));
    const clash = await readBarFiles([join(dir, 'a.csv'), join(dir, 'd.csv')], calendar, master);
    expect(() => mergeDay(clash, '2025-09-04')).toThrow(/a\.csv and .*d\.csv disagree/);
  });

  it('takes --day several times', () => {
    expect(parsePaperArgs(['--day', 'x.csv', '--day', 'folder', '--date', '2017-09-29']).dayFiles).toEqual([
      'x.csv',
      'folder',
    ]);
  });

  (existsSync(MARKET) ? it : it.skip)('merges NIFTY and SBIN of 2017 (a folder) into one day per date', async () => {
    const files = await readBarFiles([join(MARKET, 'nse_1min_2017-09')], calendar, master);
    expect(files).toHaveLength(2);
    expect(daysOf(files)).toHaveLength(10);
    const day = recordedDay({ files, day: '2017-09-29', calendar, master, config: tradingConfig });
    const keys = new Set(day.replay.kind === 'bars' ? day.replay.bars.map((b) => b.key) : []);
    expect(keys.has('NSE:SBIN')).toBe(true);
    expect(keys.has('NSE:NIFTY 50')).toBe(true);
    expect(keys.has('NFO:NIFTY17OCTFUT')).toBe(true);
    expect(day.quotesModelled).toBe(true);
    expect(day.modelPriced).toContain('NFO:NIFTY17OCTFUT');
    expect(day.label).toMatch(/NIFTY_1min\.csv \+ .*SBIN_1min\.csv/);
  });
});
