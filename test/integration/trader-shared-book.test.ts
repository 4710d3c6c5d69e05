import { ManualClock } from '../../adapters/clock/manual-clock';
import { PgTraderDayBooks } from '../../adapters/postgres/pg-trader-day-books';
import { PgTraderPaperAccounts } from '../../adapters/postgres/pg-trader-paper-accounts';
import { PaperAccount } from '../../app/trader/paper-account';
import { dayBookFor, recordDayBookMode } from '../../app/trader/trader-day-book';
import { BrokerError, type BrokerOrder } from '../../commands/ports/broker';
import { StaleWriteError } from '../../commands/ports/stale-write-error';
import { createTestDb, type TestDb } from '../support/test-db';
import { order, paperMaster, SBIN, START_MS } from '../unit/paper-broker-harness';

const DAY = '2026-12-04';

/** The trader's book in PostgreSQL, as two instances on one Kite account share it. */
describe('the shared trader book (PostgreSQL)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  describe('day books', () => {
    it('the first start of a day makes its book; every later start, from any instance, finds the same one', async () => {
      const books = new PgTraderDayBooks(db.pool);
      const first = await dayBookFor(books, 'kite:a', DAY, new Date('2026-12-04T03:00:00Z'));
      expect(first.resumed).toBe(false);
      expect(first.book).toMatchObject({ tradingDay: DAY, mode: 'PAPER', version: 1 });
      expect(first.book.namespace).toMatch(/^trader-20261204-[0-9a-f]{6}$/);
      expect(first.book.createdAt).toBe('2026-12-04T03:00:00.000Z');
      // Another instance (its own pool: another process) later that day.
      const other = new PgTraderDayBooks(db.pool);
      const again = await dayBookFor(other, 'kite:a', DAY, new Date('2026-12-04T06:00:00Z'));
      expect(again).toEqual({ book: first.book, resumed: true });
      // Another day, another account: other books.
      expect((await dayBookFor(books, 'kite:a', '2026-12-07', new Date())).book.namespace).not.toBe(
        first.book.namespace,
      );
      expect((await dayBookFor(books, 'kite:b', DAY, new Date())).book.namespace).not.toBe(first.book.namespace);
    });

    it('two instances starting the day at once get one book: exactly one of them made it', async () => {
      const books = new PgTraderDayBooks(db.pool);
      const opened = await Promise.all(
        Array.from({ length: 8 }, () => dayBookFor(books, 'kite:race', DAY, new Date())),
      );
      expect(new Set(opened.map((o) => o.book.namespace)).size).toBe(1);
      expect(opened.filter((o) => !o.resumed)).toHaveLength(1);
    });

    it('a mode change names the version it read: a stale writer is refused and changes nothing', async () => {
      const books = new PgTraderDayBooks(db.pool);
      const { book } = await dayBookFor(books, 'kite:mode', DAY, new Date());
      const live = await books.setMode('kite:mode', book, 'LIVE');
      expect(live).toMatchObject({ mode: 'LIVE', version: 2, namespace: book.namespace });
      await expect(books.setMode('kite:mode', book, 'PAPER')).rejects.toThrow(StaleWriteError);
      expect(await books.find('kite:mode', DAY)).toEqual(live);
      await expect(dayBookFor(books, 'kite:mode', '2026-12-4', new Date())).rejects.toThrow(/not YYYY-MM-DD/);
      await expect(recordDayBookMode(books, 'kite:mode', { tradingDay: '2026-12-05' }, 'LIVE')).rejects.toThrow(
        /no day book of 2026-12-05/,
      );
    });
  });

  it("the day's mode mirrored from another instance's stale copy: read again, written once, never lost", async () => {
    const books = new PgTraderDayBooks(db.pool);
    const { book } = await dayBookFor(books, 'kite:mirror', DAY, new Date());
    expect(await recordDayBookMode(books, 'kite:mirror', book, 'PAPER')).toEqual(book); // unchanged: no write
    const live = await recordDayBookMode(books, 'kite:mirror', book, 'LIVE');
    expect(live).toMatchObject({ mode: 'LIVE', version: 2 });
    // Another instance still holding version 1 mirrors the same change: nothing to write.
    expect(await recordDayBookMode(books, 'kite:mirror', book, 'LIVE')).toEqual(live);
    // ... and a rollback from that stale copy is written over the current version.
    expect(await recordDayBookMode(books, 'kite:mirror', book, 'PAPER')).toMatchObject({ mode: 'PAPER', version: 3 });
  });

  describe('paper accounts', () => {
    const deps = () => ({ clock: new ManualClock(START_MS), instruments: paperMaster() });

    it('is made once and found by every later open, with its orders', async () => {
      const accounts = new PgTraderPaperAccounts(db.pool);
      const a = await PaperAccount.open(accounts, 'ns-open', deps());
      expect(a.restored).toBe(false);
      const { brokerOrderId } = await a.persisting().placeOrder(order());
      const b = await PaperAccount.open(accounts, 'ns-open', deps());
      expect(b.restored).toBe(true);
      expect((await b.broker.orders()).map((o) => o.brokerOrderId)).toEqual([brokerOrderId]);
    });

    it('hands an order update on only once the account holding it is saved', async () => {
      const accounts = new PgTraderPaperAccounts(db.pool);
      const clock = new ManualClock(START_MS);
      const a = await PaperAccount.open(accounts, 'ns-wal', { clock, instruments: paperMaster() });
      const broker = a.persisting();
      // What the store held when each update was handed on.
      const seen: { status: string; ordersInStore: string[]; tradesInStore: number }[] = [];
      const checks: Promise<void>[] = [];
      broker.onOrderUpdate((o: BrokerOrder) => {
        checks.push(
          accounts.load('ns-wal').then((s) => {
            const snap = s?.snapshot as { orders: { brokerOrderId: string }[]; trades: unknown[] };
            seen.push({
              status: o.status,
              ordersInStore: snap.orders.map((x) => x.brokerOrderId),
              tradesInStore: snap.trades.length,
            });
          }),
        );
      });
      const { brokerOrderId } = await broker.placeOrder(order()); // a BUY LIMIT at Rs 790.00
      expect(checks).toHaveLength(1);
      // A fill on a tick: its update is held back until the account is saved.
      await clock.advanceBy(1_000);
      a.broker.onTick({ key: SBIN, ts: clock.nowMs(), cumVolume: 0, last: 78_990, bid: 78_985, ask: 78_995 });
      expect(checks).toHaveLength(1);
      await a.saveIfChanged();
      await Promise.all(checks);
      expect(seen.map((s) => s.status)).toEqual(['OPEN', 'COMPLETE']);
      for (const s of seen) expect(s.ordersInStore).toEqual([brokerOrderId]);
      expect(seen[1]?.tradesInStore).toBe(1);
      expect(await a.broker.trades()).toHaveLength(1);
      const again = await PaperAccount.open(accounts, 'ns-wal', deps());
      expect(await again.broker.trades()).toEqual(await a.broker.trades());
    });

    it('a copy another instance wrote over is refused, fenced, and trades again only once reloaded', async () => {
      const accounts = new PgTraderPaperAccounts(db.pool);
      const leader = await PaperAccount.open(accounts, 'ns-fence', deps());
      const follower = await PaperAccount.open(accounts, 'ns-fence', deps());
      const first = await leader.persisting().placeOrder(order());
      const v = (await accounts.load('ns-fence'))?.version;
      // The follower's copy predates the leader's order: its write would erase it.
      await expect(follower.persisting().placeOrder(order())).rejects.toMatchObject({
        kind: 'UNKNOWN',
        code: 'STALE_PAPER_ACCOUNT',
      });
      expect(follower.fenced).toBeInstanceOf(StaleWriteError);
      expect((await accounts.load('ns-fence'))?.version).toBe(v); // nothing written
      const stored = await PaperAccount.open(accounts, 'ns-fence', deps());
      expect((await stored.broker.orders()).map((o) => o.brokerOrderId)).toEqual([first.brokerOrderId]);
      // Fenced: further calls are refused before they touch the copy.
      await expect(follower.persisting().cancelOrder(first.brokerOrderId)).rejects.toBeInstanceOf(BrokerError);
      // Taking the book over: reload, then trade on the stored book.
      await follower.reload();
      expect(follower.fenced).toBeNull();
      expect((await follower.broker.orders()).map((o) => o.brokerOrderId)).toEqual([first.brokerOrderId]);
      const second = await follower.persisting().placeOrder(order());
      expect(second.brokerOrderId).not.toBe(first.brokerOrderId); // the sequence continues, no ID reused
      // The old leader, still holding its copy, is now the stale one.
      await expect(leader.persisting().cancelOrder(first.brokerOrderId)).rejects.toMatchObject({
        code: 'STALE_PAPER_ACCOUNT',
      });
      const final = await PaperAccount.open(accounts, 'ns-fence', deps());
      expect((await final.broker.orders()).map((o) => [o.brokerOrderId, o.status])).toEqual([
        [first.brokerOrderId, 'OPEN'],
        [second.brokerOrderId, 'OPEN'],
      ]);
    });

    it("a follower's copy is read-only: its own fills reach no one and nothing is written", async () => {
      const accounts = new PgTraderPaperAccounts(db.pool);
      let leading = true;
      const clock = new ManualClock(START_MS);
      const leader = await PaperAccount.open(accounts, 'ns-ro', deps());
      await leader.persisting().placeOrder(order()); // a BUY LIMIT at Rs 790.00, working
      const follower = await PaperAccount.open(
        accounts,
        'ns-ro',
        { clock, instruments: paperMaster() },
        { writable: () => leading },
      );
      leading = false;
      const heard: BrokerOrder[] = [];
      follower.persisting().onOrderUpdate((o) => heard.push(o));
      const version = (await accounts.load('ns-ro'))!.version;
      await expect(follower.persisting().placeOrder(order())).rejects.toMatchObject({
        code: 'PAPER_ACCOUNT_READ_ONLY',
      });
      await clock.advanceBy(1_000);
      follower.broker.onTick({ key: SBIN, ts: clock.nowMs(), cumVolume: 0, last: 78_990, bid: 78_985, ask: 78_995 });
      await follower.saveIfChanged();
      expect(await follower.broker.trades()).toHaveLength(1); // its copy filled...
      expect(heard).toEqual([]); // ...but no one hears of it
      expect((await accounts.load('ns-ro'))!.version).toBe(version); // and nothing was written
      await follower.reload(); // the book as stored: the order still working
      expect(await follower.broker.trades()).toEqual([]);
    });

    it('an order call whose lock is lost before its save fails as UNKNOWN, and the stored book does not have it', async () => {
      const accounts = new PgTraderPaperAccounts(db.pool);
      let asked = 0;
      const a = await PaperAccount.open(accounts, 'ns-lost', deps(), { writable: () => ++asked === 1 });
      const version = (await accounts.load('ns-lost'))!.version;
      await expect(a.persisting().placeOrder(order())).rejects.toMatchObject({
        kind: 'UNKNOWN',
        code: 'PAPER_ACCOUNT_READ_ONLY',
      });
      expect((await accounts.load('ns-lost'))!.version).toBe(version);
      await a.reload();
      expect(await a.broker.orders()).toEqual([]);
    });

    it('a stored account that is not a paper book is a clear error on reload, and the copy stays as it was', async () => {
      const accounts = new PgTraderPaperAccounts(db.pool);
      const a = await PaperAccount.open(accounts, 'ns-bad', deps());
      await a.persisting().placeOrder(order());
      const version = (await accounts.load('ns-bad'))!.version;
      await accounts.save('ns-bad', { orders: 'nonsense' }, version);
      await expect(a.reload()).rejects.toThrow();
      expect(await a.broker.orders()).toHaveLength(1);
      await expect(PaperAccount.open(accounts, 'ns-bad', deps())).rejects.toThrow();
    });
  });
});
