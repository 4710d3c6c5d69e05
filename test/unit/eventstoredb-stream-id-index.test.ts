import { checkBatch, StreamIdIndex } from '../../adapters/eventstoredb/stream-id-index';

const ev = (id: string, version: number) => ({ id, version, position: `${100 + version}/${100 + version}` });

describe('the per-stream event ID index', () => {
  it('knows nothing of a stream at first (version -1)', () => {
    const idx = new StreamIdIndex();
    expect(idx.known('s').version).toBe(-1);
    expect(idx.known('s').ids.size).toBe(0);
  });

  it('adds what each read returned and ignores versions already known', () => {
    const idx = new StreamIdIndex();
    idx.record('s', [ev('a', 0), ev('b', 1)]);
    const k = idx.record('s', [ev('b', 1), ev('c', 2)]);
    expect(k.version).toBe(2);
    expect([...k.ids.keys()]).toEqual(['a', 'b', 'c']);
    expect(k.ids.get('c')).toEqual({ version: 2, position: '102/102' });
    expect(idx.size).toBe(3);
  });

  it('forgets the least recently used streams beyond its limit, never the one being recorded', () => {
    const idx = new StreamIdIndex(4);
    idx.record('old', [ev('o1', 0), ev('o2', 1)]);
    idx.record('mid', [ev('m1', 0)]);
    idx.record('old', []); // touched: now more recent than mid
    idx.record('big', [ev('b1', 0), ev('b2', 1)]);
    expect(idx.known('mid').version).toBe(-1);
    expect(idx.known('old').version).toBe(1);
    const huge = idx.record('huge', [ev('h1', 0), ev('h2', 1), ev('h3', 2), ev('h4', 3), ev('h5', 4)]);
    expect(huge.ids.size).toBe(5);
    expect(idx.known('old').version).toBe(-1);
    expect(idx.size).toBe(5);
  });
});

describe('checking a batch against the stored IDs', () => {
  const stored = new Map([
    ['a', { version: 0, position: '10/10' }],
    ['b', { version: 1, position: '20/20' }],
    ['c', { version: 2, position: '30/30' }],
  ]);

  it('is new when none of its IDs is stored', () => {
    expect(checkBatch(['x', 'y'], stored)).toEqual({ kind: 'new' });
  });

  it('is a retry when all are stored, at the position of the latest of them', () => {
    expect(checkBatch(['b', 'a'], stored)).toEqual({ kind: 'duplicate', position: '20/20' });
    expect(checkBatch(['c'], stored)).toEqual({ kind: 'duplicate', position: '30/30' });
  });

  it('is a conflict when only some are stored, naming those', () => {
    expect(checkBatch(['a', 'x', 'c'], stored)).toEqual({ kind: 'conflict', existingIds: ['a', 'c'] });
  });
});
