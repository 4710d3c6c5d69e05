import { ManualClock } from '../../adapters/clock/manual-clock';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { toEnvelopes } from '../../commands/eventstore/envelope';
import type { EventStore } from '../../commands/ports/event-store';
import { createTradingEngine } from '../../commands/trading/create-engine';
import { isWorkingAtBroker } from '../../commands/trading/order-sync';
import { OrderWatcher } from '../../commands/trading/order-watcher';
import { tradingDayOf } from '../../domain/calendar/ist-time';
import { BUILTIN_INSTRUMENTS, builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import { type AdmissionBook, emptyBook, reserve } from '../../domain/risk/admission-book';
import { admit } from '../../domain/risk/admit';
import { defaultRiskConfig, heatCap } from '../../domain/risk/risk-config';
import { controlViewOf, type RiskContext } from '../../domain/risk/risk-context';
import type { TradePlan } from '../../domain/risk/trade-plan';
import { decide } from '../../domain/session/session-decider';
import { initialState } from '../../domain/session/session-state';
import { type BenchSuite, type Figure, percentile, round } from './figure';

const STOCKS: readonly Instrument[] = BUILTIN_INSTRUMENTS.filter((i) => i.kind === 'EQ');
/** 09:30 IST on a trading day. */
const START_MS = Date.parse('2025-09-04T04:00:00.000Z');
const POSITIONS = 50;
const FLATTEN_ROUNDS = 20;
const WARM_UP_ROUNDS = 3;
const RISK_ITERATIONS = 100_000;
const PRICE = 100_000; // Rs 1,000.00: every stock here trades on the Rs 0.05 tick at this price

/** A long of 10 filled at once (LIMIT at the ask), SL-M stop Rs 990, targets Rs 1,010 (half) and Rs 1,020. */
function plan(round: number, i: number, instrument: Instrument): OcoPlan {
  return {
    groupId: `r${round}g${i}`,
    planId: `bench-flatten-${round}-${i}`,
    legs: [
      {
        instrumentKey: instrumentKey(instrument),
        instrumentKind: 'EQ',
        lotSize: 1,
        tickSize: 5,
        side: 'BUY',
        qty: 10,
        entry: { orderType: 'LIMIT', limitPrice: PRICE + 5, triggerPrice: null, validity: 'DAY' },
        product: 'MIS',
      },
    ],
    protection: {
      kind: 'ORDERS',
      stop: { triggerPrice: 99_000, limitBuffer: null },
      targets: [101_000, 102_000],
      target1ShareBps: 5_000,
    },
    maxRetries: 2,
  };
}

/** The event store, counting appends: the flatten's cost is mostly its appends. */
class CountingStore implements EventStore {
  appends = 0;
  constructor(private readonly inner: EventStore) {}
  appendToStream(...a: Parameters<EventStore['appendToStream']>) {
    this.appends += 1;
    return this.inner.appendToStream(...a);
  }
  appendMulti(...a: Parameters<EventStore['appendMulti']>) {
    this.appends += 1;
    return this.inner.appendMulti(...a);
  }
  readStream(...a: Parameters<EventStore['readStream']>) {
    return this.inner.readStream(...a);
  }
  readAll(...a: Parameters<EventStore['readAll']>) {
    return this.inner.readAll(...a);
  }
  subscribeToAll(...a: Parameters<EventStore['subscribeToAll']>) {
    return this.inner.subscribeToAll(...a);
  }
  streamVersion(...a: Parameters<EventStore['streamVersion']>) {
    return this.inner.streamVersion(...a);
  }
  compareCheckpoints(...a: Parameters<EventStore['compareCheckpoints']>) {
    return this.inner.compareCheckpoints(...a);
  }
  countAfter(...a: Parameters<EventStore['countAfter']>) {
    return this.inner.countAfter(...a);
  }
  settle(...a: Parameters<EventStore['settle']>) {
    return this.inner.settle(...a);
  }
  close() {
    return this.inner.close();
  }
}

/**
 * One round: 50 groups over the built-in stocks (entries filled, stop and two targets working) on a
 * paper broker with zero latency, then timed: the kill switch recorded and every group flattened,
 * until the order watcher is idle. Checked after the clock stops: every group closed, nothing
 * working at the broker, every position flat.
 */
async function flattenRound(store: CountingStore, round: number): Promise<{ ms: number; appends: number }> {
  const clock = new ManualClock(START_MS + round * 60_000);
  const broker = new PaperBroker({ clock, instruments: builtinInstrumentMaster(), options: { idPrefix: `B${round}` } });
  const namespace = `bench-flatten-${Date.now().toString(36)}-${round}`;
  const engine = createTradingEngine({
    store,
    broker,
    clock,
    namespace,
    retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
  });
  const watcher = new OrderWatcher(engine);
  watcher.start();
  for (const s of STOCKS)
    broker.onTick({
      key: instrumentKey(s),
      ts: clock.nowMs(),
      last: PRICE,
      cumVolume: 0,
      bid: PRICE - 5,
      ask: PRICE + 5,
    });
  const plans = Array.from({ length: POSITIONS }, (_, i) => plan(round, i, STOCKS[i % STOCKS.length]!));
  await Promise.all(plans.map((p) => engine.openGroup(p)));
  await watcher.idle();
  const working = (await broker.orders()).filter(isWorkingAtBroker).length;
  if (working !== POSITIONS * 3)
    throw new Error(`round ${round}: ${working} orders working before the flatten, not ${POSITIONS * 3}`);

  const appendsBefore = store.appends;
  const t = process.hrtime.bigint();
  await engageKillSwitch(store, engine.ctx.streams.control(), clock.nowIso());
  await engine.flattenAll('FLATTENED');
  await watcher.idle();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const appends = store.appends - appendsBefore;

  watcher.stop();
  const open = engine.openGroupIds().length;
  const left = (await broker.orders()).filter(isWorkingAtBroker).length;
  const held = (await broker.positions()).filter((p) => p.quantity !== 0).length;
  if (open + left + held > 0)
    throw new Error(`round ${round}: after the flatten ${open} groups open, ${left} orders working, ${held} positions`);
  return { ms, appends };
}

async function engageKillSwitch(store: EventStore, stream: string, at: string): Promise<void> {
  const d = decide(
    { type: 'EngageKillSwitch', actor: { id: 'bench', role: 'operator' }, reason: 'flatten benchmark', at },
    initialState(),
  );
  if (!d.ok) throw new Error(d.refusal.message);
  const ctx = {
    commandId: `${stream}/engage@${at}`,
    correlationId: 'bench',
    causationId: null,
    configHash: null,
    occurredAt: at,
    tradingDay: tradingDayOf(at),
  };
  await store.appendToStream(stream, toEnvelopes(stream, d.events, ctx), { expectedVersion: 'no_stream' });
}

async function measureFlatten(
  store: EventStore,
  label: string,
  progress: (line: string) => void,
): Promise<{ times: number[]; appends: number }> {
  const counted = new CountingStore(store);
  // Warm-up: JIT, and each pooled connection's plan of es_append_batch (a live process has run a
  // whole session of appends before anyone reaches for the kill switch).
  for (let w = 0; w < WARM_UP_ROUNDS; w++) await flattenRound(counted, 100 + w);
  const times: number[] = [];
  let appends = 0;
  for (let r = 1; r <= FLATTEN_ROUNDS; r++) {
    const one = await flattenRound(counted, r);
    times.push(one.ms);
    appends = one.appends;
    progress(`flatten (${label}) round ${r}/${FLATTEN_ROUNDS}: ${one.ms.toFixed(1)} ms, ${one.appends} appends`);
  }
  return { times, appends };
}

/**
 * admit() (every gate of assessPlan, then the atomic reservation) on a realistic context: Rs 1 crore
 * capital, a fresh quote, four positions already reserved, plans rotating over the built-in stocks.
 */
function measureRiskCheck(): Figure {
  const config = { ...defaultRiskConfig(1_000_000_000), maxOpenPositions: 10 };
  let book: AdmissionBook = emptyBook({ heatCap: heatCap(config), maxOpenPositions: 10, maxPositionsPerInstrument: 1 });
  for (const s of STOCKS.slice(0, 4)) {
    const r = reserve(book, { planId: `open-${s.symbol}`, instrumentKey: instrumentKey(s), risk: 400_000 });
    if (r.ok) book = r.book;
  }
  const nowMs = START_MS;
  const ctx: RiskContext = {
    config,
    control: controlViewOf(initialState()),
    phase: 'OPEN',
    nowMs,
    market: { lastTickAtMs: nowMs - 800, bid: PRICE - 5, ask: PRICE + 5 },
    dailyPnl: { realised: -150_000, unrealised: 42_500 },
    book,
  };
  const plans: TradePlan[] = STOCKS.slice(4).map((instrument, i) => ({
    planId: `risk-${i}`,
    instrument,
    side: i % 2 === 0 ? 'BUY' : 'SELL',
    entry: PRICE,
    stop: i % 2 === 0 ? PRICE - 400 : PRICE + 400,
  }));
  const run = (n: number, out: number[] | null) => {
    let approved = 0;
    for (let k = 0; k < n; k++) {
      const p = plans[k % plans.length]!;
      const t = process.hrtime.bigint();
      const a = admit(p, ctx);
      const ns = process.hrtime.bigint() - t;
      if (a.decision.approved) approved++;
      out?.push(Number(ns) / 1000);
    }
    return approved;
  };
  run(10_000, null); // warm-up
  const us: number[] = [];
  const approved = run(RISK_ITERATIONS, us);
  if (approved !== RISK_ITERATIONS) throw new Error(`risk check: ${RISK_ITERATIONS - approved} plans blocked`);
  return {
    name: 'risk.check.p99_us',
    value: round(percentile(us, 99), 2),
    unit: 'us',
    note: `p50 ${round(percentile(us, 50), 2)} us; admit() = every gate + reservation, ${RISK_ITERATIONS} calls`,
  };
}

/** flatten.p99_ms, risk.check.p99_us */
export const tradingSuite: BenchSuite = {
  names: ['flatten.p99_ms', 'risk.check.p99_us'],
  async run(ctx, emit, only) {
    if (only('risk.check.p99_us')) emit(measureRiskCheck());
    if (!only('flatten.p99_ms')) return;
    // The reference: the same flatten on the in-memory store, i.e. the engine's and broker's own cost.
    const memory = await measureFlatten(new InMemoryEventStore(), 'in-memory store', ctx.progress);
    const store = new PgEventStore(ctx.pool);
    try {
      const { times, appends } = await measureFlatten(store, 'PostgreSQL', ctx.progress);
      emit({
        name: 'flatten.p99_ms',
        value: round(percentile(times, 99), 1),
        unit: 'ms',
        note:
          `p50 ${round(percentile(times, 50), 1)} ms; ${FLATTEN_ROUNDS} rounds of ${POSITIONS} positions ` +
          `(${POSITIONS * 3} cancels, ${POSITIONS} exits, ${appends} appends each) after ${WARM_UP_ROUNDS} warm-up rounds; reference, in-memory store: ` +
          `p50 ${round(percentile(memory.times, 50), 1)} ms, p99 ${round(percentile(memory.times, 99), 1)} ms; target < 100 ms`,
      });
    } finally {
      await store.close();
    }
  },
};
