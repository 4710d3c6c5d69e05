import pino from 'pino';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import { PgMarketRecorder } from '../../adapters/postgres/pg-market-recorder';
import { readMarketRecording } from '../../adapters/postgres/pg-market-recording';
import { tapeSource } from '../../app/audit/tape-source';
import { syntheticSource } from '../../app/paper/market-source';
import { runPaperDay } from '../../app/paper/paper-day';
import { instrumentKey } from '../../domain/instruments/instrument';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { calendar, tradingConfig } from '../support/paper-day-rig';
import { recordPaperDay } from '../support/recorded-day-rig';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * The audit re-run at a recorded recovery restarts its paper broker from the paper account that
 * recovery loaded (a takeover's survivor trades on the account as the dead leader saved it, which
 * may hold an order or a fill the tape never got), not from what the tape's ticks made it do.
 */
describe("the re-run's paper broker at a recovery: the account as the trader recovered it", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("a fill only the recovered account holds is in the re-run's book from the recovery on", async () => {
    const DAY = '2025-09-05';
    const source = syntheticSource({ seed: 11, instruments: 4, tradingDay: DAY, calendar });
    await recordPaperDay(db.pool, source, 'rec-acct');
    const before = (await readMarketRecording(db.pool, 'rec-acct', DAY))!;
    // The account a trader recovered with at 11:00 IST: a BUY filled before it was killed, never on the tape.
    const atMs = Date.parse('2025-09-05T05:30:00.000Z') + 7;
    expect(before.tape.some((e) => e.atMs === atMs)).toBe(false); // its own instant (no row conflicts)
    const key = instrumentKey(source.instruments.find((i) => i.kind === 'EQ')!);
    const last = [...before.tape]
      .reverse()
      .flatMap((e) => (e.kind === 'ticks' && e.atMs < atMs ? e.ticks.filter((t) => t.key === key) : []))[0]!;
    const clock = new ManualClock(atMs - 1_000);
    const account = new PaperBroker({
      clock,
      instruments: InstrumentMaster.of(source.masterInstruments ?? source.instruments),
      options: { idPrefix: 'TRADER' },
    });
    account.onTick({ ...last, ts: clock.nowMs() });
    await account.placeOrder({
      clientOrderId: 'KILLED1',
      instrument: key,
      side: 'BUY',
      quantity: 3,
      orderType: 'MARKET',
      product: 'MIS',
      validity: 'DAY',
      marketProtection: -1,
    });
    await clock.advanceTo(atMs - 500);
    account.onTick({ ...last, ts: atMs - 500 });
    const book = { ...account.snapshot() };
    const [fill] = await account.trades();
    expect(fill).toBeDefined();
    const recorder = new PgMarketRecorder(db.pool, { namespace: 'rec-acct', tradingDay: DAY });
    recorder.recovery(atMs, book);
    await recorder.close();

    const recording = (await readMarketRecording(db.pool, 'rec-acct', DAY))!;
    expect(recording.tape.find((e) => e.kind === 'recovery')).toEqual({ kind: 'recovery', atMs, paperBook: book });
    const r = await runPaperDay({
      store: new InMemoryEventStore(),
      projections: false,
      source: tapeSource(recording),
      config: tradingConfig,
      calendar,
      runId: 'audit-rec-acct',
      speed: 'max',
      log: pino({ level: 'silent' }),
    });
    const trades = await r.broker.trades();
    expect(trades).toContainEqual(fill); // the recovered account's fill, exact paise
    expect(trades.every((t) => t.tradeId.startsWith('TRADER'))).toBe(true); // its book, its sequences, from there on
  }, 300_000);
});
