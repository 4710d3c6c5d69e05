import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { SUPERVISOR_STATE_CODES } from '../../commands/pipeline/scan-supervisor';
import type { TradingCounters } from '../../commands/trading/trading-context';
import type { RuntimeStatus } from '../../graphql/api-deps';
import { type Db, killSwitchCounts, listPositions, riskSnapshot } from '../../projections/queries';
import { type LiveMetricsSource, registerLiveMetrics } from './live-metrics';

/** What the pipeline has counted so far (signals, decisions, scans, ticks). */
export interface PipelineCounts {
  readonly signals: number;
  readonly decisions: number;
  readonly approved: number;
  readonly scans: number;
  readonly ticks: number;
}

/** Where the metrics come from: the running process (counters, runtime, mode, Kite session) and the read models. */
export interface TraderMetricsSource extends LiveMetricsSource {
  readonly namespace: string;
  readonly counters: () => TradingCounters;
  readonly pipeline: () => PipelineCounts;
  readonly runtime: () => RuntimeStatus;
  /** The read-model database: positions, heat, P&L, kill-switch history. */
  readonly db: Db;
}

export interface TraderMetrics {
  readonly registry: Registry;
  /** Wall milliseconds from a tick batch to a decision it led to. */
  observeTickToDecision(ms: number): void;
  /** Wall milliseconds of a broker order call (place, modify, cancel). */
  observeOrderLatency(ms: number, operation: 'place' | 'modify' | 'cancel'): void;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

const MS_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/** A counter whose value is read from a running total when scraped (the total only grows). */
function mirroredCounter(registry: Registry, name: string, help: string, read: () => number): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const now = read();
      if (now > seen) this.inc(now - seen);
      seen = Math.max(seen, now);
    },
  });
}

/**
 * The `trader_` metrics of SPEC.md (Operations), on a registry of their own: counters mirrored from
 * the process's running totals, gauges read when scraped (heartbeats, leader, supervisor; heat,
 * P&L and open positions from the read models), histograms observed as things happen; plus the
 * process's own (CPU, memory, event-loop lag) under the same prefix.
 */
export function createTraderMetrics(src: TraderMetricsSource): TraderMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ namespace: src.namespace });
  collectDefaultMetrics({ register: registry, prefix: 'trader_' }); // trader_process_*, trader_nodejs_*

  mirroredCounter(registry, 'trader_signals_total', 'Signals generated.', () => src.pipeline().signals);
  mirroredCounter(registry, 'trader_decisions_total', 'Risk decisions recorded.', () => src.pipeline().decisions);
  mirroredCounter(registry, 'trader_risk_blocks_total', 'Plans the risk manager blocked.', () => {
    const p = src.pipeline();
    return p.decisions - p.approved;
  });
  mirroredCounter(registry, 'trader_scan_ticks_total', 'Ticks the scan loop received.', () => src.pipeline().ticks);
  mirroredCounter(registry, 'trader_scan_cycles_total', 'Scan cycles run.', () => src.pipeline().scans);
  mirroredCounter(
    registry,
    'trader_orders_placed_total',
    'Orders the broker accepted.',
    () => src.counters().ordersPlaced,
  );
  mirroredCounter(
    registry,
    'trader_orders_filled_total',
    'Orders filled completely.',
    () => src.counters().ordersFilled,
  );
  mirroredCounter(registry, 'trader_orders_rejected_total', 'Orders rejected.', () => src.counters().ordersRejected);
  mirroredCounter(
    registry,
    'trader_oco_children_created_total',
    'Protective orders (stops and targets) placed.',
    () => src.counters().protectiveOrdersCreated,
  );
  mirroredCounter(registry, 'trader_retries_total', 'Broker calls retried.', () => src.counters().retries);

  const gauge = (name: string, help: string, read: () => number | null) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const v = read();
        if (v === null) this.reset();
        else this.set(v);
      },
    });
  registerLiveMetrics(registry, src);
  gauge('trader_is_leader', '1 while this instance holds the leader lock (may place orders).', () =>
    src.runtime().leader ? 1 : 0,
  );
  for (const [source, name] of [
    ['marketData', 'trader_marketdata_heartbeat_seconds'],
    ['orderStream', 'trader_order_stream_heartbeat_seconds'],
    ['scanLoop', 'trader_scan_heartbeat_seconds'],
  ] as const)
    gauge(name, `Seconds since the ${source} heartbeat (trading clock); absent before the first beat.`, () => {
      const age = src.runtime().heartbeatAges[source];
      return age === undefined ? null : age;
    });
  gauge(
    'trader_scan_supervisor_state',
    `The scan supervisor's state: ${Object.entries(SUPERVISOR_STATE_CODES)
      .map(([s, c]) => `${c} ${s}`)
      .join(', ')}.`,
    () => {
      const scan = src.runtime().scan;
      return scan ? SUPERVISOR_STATE_CODES[scan.state] : null;
    },
  );

  // From the read models, one query set per scrape.
  const book = {
    open: new Gauge({ name: 'trader_positions_open', help: 'Open positions.', registers: [registry] }),
    heat: new Gauge({ name: 'trader_portfolio_heat_rupees', help: 'Sum of open risk, rupees.', registers: [registry] }),
    cap: new Gauge({
      name: 'trader_portfolio_heat_cap_rupees',
      help: 'Portfolio heat cap, rupees.',
      registers: [registry],
    }),
    pnl: new Gauge({
      name: 'trader_daily_pnl_rupees',
      help: "The day's P&L (realised + unrealised), rupees.",
      registers: [registry],
    }),
    kills: new Counter({
      name: 'trader_kill_switch_total',
      help: 'Kill-switch engagements, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
  const killsSeen = new Map<string, number>();
  const readBook = async () => {
    const tradingDay = src.runtime().tradingDay;
    const [risk, positions, kills] = await Promise.all([
      riskSnapshot(src.db, src.namespace, tradingDay),
      listPositions(src.db, { namespace: src.namespace, tradingDay, openOnly: true }),
      killSwitchCounts(src.db, src.namespace),
    ]);
    book.open.set(positions.length);
    book.heat.set((risk.heat?.heat ?? 0) / 100);
    if (risk.heat?.heatCap != null) book.cap.set(risk.heat.heatCap / 100);
    book.pnl.set(((risk.dailyPnl?.realised ?? 0) + (risk.dailyPnl?.unrealised ?? 0)) / 100);
    for (const { reason, count } of kills) {
      const seen = killsSeen.get(reason) ?? 0;
      if (count > seen) book.kills.inc({ reason }, count - seen);
      killsSeen.set(reason, count);
    }
  };

  const tickToDecision = new Histogram({
    name: 'trader_tick_to_decision_ms',
    help: 'Wall milliseconds from a tick batch to a decision it led to.',
    buckets: MS_BUCKETS,
    registers: [registry],
  });
  const orderLatency = new Histogram({
    name: 'trader_order_latency_ms',
    help: 'Wall milliseconds of a broker order call.',
    labelNames: ['operation'],
    buckets: MS_BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    contentType: registry.contentType,
    observeTickToDecision: (ms) => tickToDecision.observe(ms),
    observeOrderLatency: (ms, operation) => orderLatency.observe({ operation }, ms),
    async render() {
      await readBook();
      return registry.metrics();
    },
  };
}
