import { unfinishedScans } from '../../app/audit/unfinished-scans';
import type { TapeEntry } from '../../domain/market/market-tape';

const scan = (atMs: number): TapeEntry => ({ kind: 'scan', atMs });
const start = (atMs: number, fresh: boolean): TapeEntry => ({ kind: 'start', atMs, fresh });
const bars = (atMs: number): TapeEntry => ({ kind: 'bars', atMs, bars: [] });

describe('unfinishedScans: the last scan of each stretch a later one followed', () => {
  it('names the last scan before each later start (a kill and restart, a takeover), not the day’s last', () => {
    const tape = [
      start(0, true),
      scan(10),
      bars(15),
      scan(20),
      bars(25), // the process dies somewhere after its scan at 20
      start(40, true),
      scan(50),
      scan(60),
      start(70, false), // a takeover
      scan(80),
      scan(90), // the day closes: the last scan was finished
    ];
    expect([...unfinishedScans(tape)]).toEqual([20, 60]);
  });

  it('a stretch that never scanned leaves nothing unfinished; a tape of one stretch neither', () => {
    expect([...unfinishedScans([start(0, true), bars(5), start(10, true), scan(20)])]).toEqual([]);
    expect([...unfinishedScans([start(0, true), scan(10), scan(20)])]).toEqual([]);
  });
});
