import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import { PgMarketRecorder } from '../../adapters/postgres/pg-market-recorder';
import { readMarketRecording } from '../../adapters/postgres/pg-market-recording';
import { LeaderRecorder } from '../../app/trader/leader-recorder';
import type { RecordedUniverse } from '../../commands/ports/market-recorder';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import type { Bar } from '../../domain/market/bar';
import type { Tick } from '../../domain/market/tick';
import { createTestDb, type TestDb } from '../support/test-db';
import { order, paperHarness, paperMaster, sbin as sbinQuote } from '../unit/paper-broker-harness';

/**
 * The trader's market recording on PostgreSQL: only the leader writes the day's tape (a follower
 * fed the same ticks writes nothing), a starting leader's calls made before its lock was confirmed
 * go on the tape, a follower taking the lock over and a restarted process append a new stretch
 * (a `start` entry each), and every kind of entry reads back as written (exact paise), a
 * recovery's paper account included.
 */
describe("the trader's market recording (leader only, appended to by a restart)", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  const DAY = '2025-09-05';
  const T0 = Date.parse('2025-09-05T04:00:00Z');
  const master = builtinInstrumentMaster();
  const sbin = master.get('NSE:SBIN');
  const infy = master.get('NSE:INFY');
  const universe: RecordedUniverse = {
    label: 'trader test day',
    instruments: [sbin],
    chains: [],
    futures: [],
    modelPriced: [],
    quotesModelled: false,
    scansRecorded: true,
  };
  const tick = (ms: number, last: number): Tick => ({ key: 'NSE:SBIN', ts: ms, last, cumVolume: 10, bid: last - 5 });
  const bar = (ms: number): Bar => ({
    key: 'NSE:SBIN',
    start: new Date(ms).toISOString(),
    open: 80_000,
    high: 80_150,
    low: 79_900,
    close: 80_100,
    volume: 1234,
  });
  const recorderFor = (ns: string, isLeader: () => boolean) => {
    const pg = new PgMarketRecorder(db.pool, { namespace: ns, tradingDay: DAY, flushEveryMs: 60_000 });
    const r = new LeaderRecorder(pg, isLeader);
    r.begin({ configHash: 'hash-1', universe });
    return { pg, r };
  };
  const kinds = async (ns: string) => (await readMarketRecording(db.pool, ns, DAY))?.tape.map((e) => e.kind) ?? null;

  it('a follower writes nothing; a leader writes what it saw, its calls before the lock included', async () => {
    let leading = false;
    const leader = recorderFor('trader-a', () => leading);
    const follower = recorderFor('trader-a-follower', () => false);
    for (const { r } of [leader, follower]) {
      r.ticks(T0, [tick(T0, 80_000)], { unfilled: true }); // before the lock: the paper broker did not see it
    }
    leading = true;
    for (const { r } of [leader, follower]) {
      r.history(T0 + 10, 'NSE:SBIN', [bar(T0 - 120_000), bar(T0 - 60_000)]);
      r.ticks(T0 + 20, [tick(T0 + 20, 80_005)]);
      r.universe(T0 + 30, { instruments: [sbin], chains: [] });
      r.scan(T0 + 30);
      r.bar(T0 + 60_000, bar(T0));
      r.decision({ planId: 'plan-1', instrumentKey: 'NSE:SBIN', atMs: T0 + 30 });
    }
    await leader.r.close();
    await follower.r.close();
    expect(await kinds('trader-a-follower')).toBeNull(); // no session, no tape
    const rec = (await readMarketRecording(db.pool, 'trader-a', DAY))!;
    expect(rec.universe.scansRecorded).toBe(true);
    expect(rec.tape.map((e) => e.kind)).toEqual(['start', 'ticks', 'history', 'ticks', 'universe', 'scan', 'bars']);
    const [start, unfilled, history, filled] = rec.tape;
    expect(start).toEqual({ kind: 'start', atMs: T0, fresh: true }); // where its first call was: its whole life
    expect(unfilled).toEqual({ kind: 'ticks', atMs: T0, ticks: [tick(T0, 80_000)], unfilled: true });
    expect(history).toEqual({
      kind: 'history',
      atMs: T0 + 10,
      key: 'NSE:SBIN',
      bars: [bar(T0 - 120_000), bar(T0 - 60_000)],
    });
    expect(filled).toEqual({ kind: 'ticks', atMs: T0 + 20, ticks: [tick(T0 + 20, 80_005)] });
    expect(rec.tape[4]).toEqual({ kind: 'universe', atMs: T0 + 30, universe: { instruments: [sbin], chains: [] } });
    expect(rec.decisionQuotes.map((q) => q.planId)).toEqual(['plan-1']);
  });

  it('a restarted process and a follower taking the lock over each append a new stretch after what the tape holds', async () => {
    const first = recorderFor('trader-b', () => true);
    first.r.ticks(T0, [tick(T0, 80_000)]);
    first.r.scan(T0 + 5);
    await first.r.close(); // then killed
    const restarted = recorderFor('trader-b', () => true);
    restarted.r.ticks(T0 + 600_000, [tick(T0 + 600_000, 80_200)]);
    restarted.r.scan(T0 + 600_005);
    await restarted.r.close();
    // A follower running all along (the oldest of its waiting calls dropped as they age), taking
    // the lock over: only what it saw after the tape's last instant goes on, after a stretch mark.
    let leading = false;
    const other = recorderFor('trader-b', () => leading);
    for (let i = 0; i < 25_000; i++) {
      other.r.ticks(T0 + 590_000 + i, [tick(T0 + 590_000 + i, 80_300)]);
      // its own warm-up: aged out of its waiting calls, and before the tape's last instant
      if (i === 0 || i === 6_000) other.r.history(T0 + 590_000 + i, 'NSE:SBIN', [bar(T0 - 60_000 * (i + 1))]);
      // the strike window its scan read, re-centred while it followed (the last before the tape's end counts)
      if (i === 1) other.r.universe(T0 + 590_000 + i, { instruments: [sbin], chains: [] });
      if (i === 7_000) other.r.universe(T0 + 590_000 + i, { instruments: [sbin, infy], chains: [] });
    }
    leading = true; // the restarted leader died: the follower leads
    other.r.scan(T0 + 800_000);
    await other.r.close();
    const tape = (await readMarketRecording(db.pool, 'trader-b', DAY))!.tape;
    const starts = tape.filter((e) => e.kind === 'start');
    expect(starts).toEqual([
      { kind: 'start', atMs: T0, fresh: true },
      { kind: 'start', atMs: T0 + 600_000, fresh: true },
      { kind: 'start', atMs: T0 + 600_006, fresh: false }, // its state goes back further than its stretch
    ]);
    expect(tape.filter((e) => e.kind === 'ticks').length).toBe(2 + (25_000 - 10_006));
    // the survivor's history is in its market state, not on the dead leader's tape: it goes on at the stretch's start
    const at = tape.findIndex((e) => e.kind === 'start' && !e.fresh);
    expect(tape.slice(at + 1, at + 3)).toEqual([
      { kind: 'history', atMs: T0 + 600_006, key: 'NSE:SBIN', bars: [bar(T0 - 60_000)] },
      { kind: 'history', atMs: T0 + 600_006, key: 'NSE:SBIN', bars: [bar(T0 - 60_000 * 6_001)] },
    ]);
    // ...and so does the universe its scan reads (the later one, not the aged-out first)
    expect(tape.filter((e) => e.kind === 'universe')).toEqual([
      { kind: 'universe', atMs: T0 + 600_006, universe: { instruments: [sbin, infy], chains: [] } },
    ]);
    expect(tape[tape.length - 1]).toEqual({ kind: 'scan', atMs: T0 + 800_000 });
    for (let i = 1; i < tape.length; i++) expect(tape[i]!.atMs).toBeGreaterThanOrEqual(tape[i - 1]!.atMs);
  });

  it("a recovery's entry holds the paper account as it was loaded, read back exactly (none on a LIVE day)", async () => {
    // A paper book with a fill, a resting order and an odd-paise average price.
    const h = paperHarness({ slippage: { kind: 'TICKS', ticks: 1 } });
    await h.quote(sbinQuote(80_005, 5, 500));
    await h.broker.placeOrder(order({ orderType: 'MARKET', price: undefined, marketProtection: -1, quantity: 7 }));
    await h.broker.placeOrder(order({ orderType: 'LIMIT', price: 79_015, quantity: 3 }));
    await h.quote(sbinQuote(80_035, 5, 500));
    const book = { ...h.broker.snapshot() };
    expect(book.trades).toHaveLength(1);
    expect(book.orders).toHaveLength(2);
    const { r } = recorderFor('trader-c', () => true);
    r.ticks(T0, [tick(T0, 80_000)]);
    r.recovery(T0 + 5, book);
    r.scan(T0 + 5);
    r.recovery(T0 + 9); // a LIVE day's: Kite holds the book
    await r.close();
    const tape = (await readMarketRecording(db.pool, 'trader-c', DAY))!.tape;
    expect(tape.map((e) => e.kind)).toEqual(['start', 'ticks', 'recovery', 'scan', 'recovery']);
    expect(tape[2]).toEqual({ kind: 'recovery', atMs: T0 + 5, paperBook: book });
    expect(tape[4]).toEqual({ kind: 'recovery', atMs: T0 + 9 });
    // ...and a broker restored from it holds the same book
    const read = tape[2]!.kind === 'recovery' ? tape[2]!.paperBook : undefined;
    const again = PaperBroker.restore(read, { clock: h.clock, instruments: paperMaster() });
    expect(await again.orders()).toEqual(await h.broker.orders());
    expect(await again.positions()).toEqual(await h.broker.positions());
  });
});
