import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import { ControlService } from '../../commands/control/control-service';
import { BookTracker } from '../../commands/pipeline/book-tracker';
import { Heartbeats } from '../../commands/pipeline/heartbeats';
import { ScanCycle } from '../../commands/pipeline/scan-cycle';
import type { Broker, PlaceOrderRequest } from '../../commands/ports/broker';
import { createTradingEngine } from '../../commands/trading/create-engine';
import { OrderWatcher } from '../../commands/trading/order-watcher';
import { PlanAdmission } from '../../commands/trading/plan-admission';
import { parseHolidayData } from '../../domain/calendar/holiday-data';
import { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import type { InstrumentMarket, MarketState } from '../../domain/market/market-state';
import { defaultRiskConfig } from '../../domain/risk/risk-config';
import type { Signal } from '../../domain/signals/signal';
import { usePgStore } from '../support/pg-store-fixture';

const calendar = new TradingCalendar(
  parseHolidayData(JSON.parse(readFileSync(path.resolve(__dirname, '../../config/nse-holidays.json'), 'utf8'))),
);
const SYMBOLS = ['SBIN', 'INFY', 'ITC'];
const operator = { id: 'ravi', role: 'operator' as const };

function signal(symbol: string, at: string): Signal {
  return {
    signalId: `sig-${symbol}`,
    strategy: 'ORB',
    instrumentKey: `NSE:${symbol}`,
    side: 'BUY',
    entry: 50_005,
    stop: 49_505,
    targets: [51_005],
    features: {},
    scores: {},
    at,
    configHash: 'cfg',
  };
}

type Halt = 'kill switch' | 'flatten' | 'pause';

/** A scan of three approved plans; `halt` is recorded while the first entry is at the broker. */
async function scanWithHaltDuringFirstEntry(store: ReturnType<typeof usePgStore>['store'], halt: Halt) {
  const clock = new ManualClock('2025-09-04T04:00:00.000Z'); // 09:30 IST
  const instruments = builtinInstrumentMaster();
  const paper = new PaperBroker({ clock, instruments, options: { idPrefix: randomUUID().slice(0, 6) } });
  for (const s of SYMBOLS)
    paper.onTick({ key: `NSE:${s}`, ts: clock.nowMs(), last: 50_000, cumVolume: 0, bid: 49_995, ask: 50_005 });
  const sent: PlaceOrderRequest[] = [];
  let control: ControlService | undefined;
  let halted = false;
  let halting: Promise<unknown> = Promise.resolve();
  // The broker: the operator acts (from elsewhere: not awaited here) while the first entry is at the
  // broker, whose answer comes once the operator's command is recorded.
  const broker: Broker = {
    async placeOrder(r) {
      sent.push(r);
      const out = await paper.placeOrder(r);
      if (!halted && parseClientOrderId(r.clientOrderId)?.leg === 'ENTRY') {
        halted = true;
        halting =
          halt === 'kill switch'
            ? control!.engageKillSwitch(operator, 'mid-scan')
            : halt === 'flatten'
              ? control!.flattenAll(operator, 'mid-scan')
              : control!.pause(operator, 'mid-scan');
        const stream = engine.ctx.streams.control();
        while ((await store.streamVersion(stream)) < 0) await new Promise((r) => setTimeout(r, 2));
      }
      return out;
    },
    modifyOrder: (id, c) => paper.modifyOrder(id, c),
    cancelOrder: (id) => paper.cancelOrder(id),
    orders: () => paper.orders(),
    trades: () => paper.trades(),
    positions: () => paper.positions(),
    onOrderUpdate: (l) => paper.onOrderUpdate(l),
  };
  const engine = createTradingEngine({
    store,
    broker,
    clock,
    namespace: `ks${randomUUID().slice(0, 8)}`,
    retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
    entryHold: () => control!.entryHoldReason(),
  });
  const watcher = new OrderWatcher(engine);
  watcher.start();
  control = new ControlService(store, engine.ctx.streams, clock, (why) => engine.flattenAll(why));
  const config = { ...defaultRiskConfig(1_000_000_000), maxOpenPositions: 10, maxPositionsPerInstrument: 5 };
  const admission = new PlanAdmission(store, engine, clock, config);
  const market: MarketState = {
    asOfMs: clock.nowMs(),
    instruments: new Map(
      SYMBOLS.map((s): [string, InstrumentMarket] => [
        `NSE:${s}`,
        { key: `NSE:${s}`, lastTickMs: clock.nowMs(), last: 50_000, cumVolume: 0, bid: 49_995, ask: 50_005, bars: [] },
      ]),
    ),
  };
  const scan = new ScanCycle({
    store,
    clock,
    calendar,
    instruments,
    market: { snapshot: () => market },
    strategies: () => SYMBOLS.map((s) => signal(s, clock.nowIso())),
    rank: (signals) =>
      signals.map((s, i) => ({
        signalId: s.signalId,
        rank: i + 1,
        score: 1 - i / 10,
        attribution: { momentum: 0, trend: 0, liquidity: 0, regime: 0, rewardRisk: 0 },
      })),
    engine,
    admission,
    control,
    book: new BookTracker(),
    heartbeats: new Heartbeats(),
    configHash: 'cfg',
    orderFlowIdle: () => watcher.idle(),
  });
  const report = await scan.runOnce();
  await halting;
  await watcher.idle();
  watcher.stop();
  return { report, sent, paper };
}

describe('a kill switch, flatten or pause recorded in the middle of a scan', () => {
  const pg = usePgStore();

  it.each<Halt>(['kill switch', 'flatten', 'pause'])(
    'the %s between the first plan placement and the second: no entry after it',
    async (halt) => {
      const { report, sent, paper } = await scanWithHaltDuringFirstEntry(pg.store, halt);
      const entries = sent.filter((r) => parseClientOrderId(r.clientOrderId)?.leg === 'ENTRY');
      expect(report.decisions).toBe(3);
      expect(entries.map((e) => e.instrument)).toEqual(['NSE:SBIN']);
      if (halt !== 'pause') {
        // Flattened: the one entry that went out is undone, nothing is left working.
        expect((await paper.positions()).every((p) => p.quantity === 0)).toBe(true);
        expect((await paper.orders()).filter((o) => !['COMPLETE', 'CANCELLED', 'REJECTED'].includes(o.status))).toEqual(
          [],
        );
      }
    },
  );
});
