import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import type { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { TradingAlert } from '../../commands/trading/trading-context';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import type { EventEnvelope } from '../../domain/events/envelope';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import type { PipelineEvent, RecordedReason } from '../../domain/signals/pipeline-events';
import type { RankedSignal, Signal } from '../../domain/signals/signal';
import type { Projection } from '../../projections/engine/projection';
import { ProjectionRunner } from '../../projections/engine/projection-runner';
import { allProjections } from '../../projections/read-models/all-projections';
import { allReadable } from './projection-fixtures';
import { makeRig } from './trading-rig';

export const CONFIG_HASH = 'cfg-read-models-1';
export const DAY = '2025-09-04';

/** A paper-trading namespace over a real store: engine (with a config hash), watcher, and the pipeline's events. */
export interface BookRig {
  readonly ns: string;
  readonly clock: ManualClock;
  readonly broker: PaperBroker;
  readonly engine: TradingEngine;
  readonly alerts: TradingAlert[];
  tick(symbol: string, last: number, spread?: number): Promise<void>;
  /** Moves the market clock on (every event after it carries the later time). */
  advance(ms: number): Promise<void>;
  openGroup(plan: OcoPlan): Promise<void>;
  /** Flattens every open group and waits until the broker's answers are in. */
  flatten(): Promise<void>;
  /** Waits until the broker's answers so far are in. */
  idle(): Promise<void>;
  signal(s: Partial<Signal> & Pick<Signal, 'signalId'>): Promise<Signal>;
  ranked(ranked: readonly RankedSignal[], considered?: number): Promise<void>;
  decision(d: DecisionInput): Promise<void>;
  marks(marks: Readonly<Record<string, number>>): Promise<void>;
}

export interface DecisionInput {
  readonly planId: string;
  readonly signalId: string;
  readonly approved: boolean;
  readonly quantity?: number;
  readonly reasons?: readonly RecordedReason[];
  readonly risk?: number;
  readonly heatCap?: number;
  readonly instrumentKey?: string;
}

export interface RigOptions {
  /** Units one tick fills per instrument and side (partial fills); unlimited by default. */
  readonly unitsPerTick?: number;
  /** The config hash stamped on the engine's events (null: none, an incomplete audit chain). */
  readonly configHash?: string | null;
}

export function makeBookRig(store: PgEventStore, options: RigOptions = {}): BookRig {
  const ns = `rm${randomUUID().slice(0, 8)}`;
  const configHash = options.configHash === undefined ? CONFIG_HASH : options.configHash;
  const clock = new ManualClock(`${DAY}T04:00:00.000Z`);
  const broker = new PaperBroker({
    clock,
    instruments: builtinInstrumentMaster(),
    options: {
      idPrefix: ns.slice(0, 10),
      ...(options.unitsPerTick ? { liquidity: { kind: 'UNITS_PER_TICK', units: options.unitsPerTick } } : {}),
    },
  });
  const { engine, watcher, alerts, tick } = makeRig(store, ns, broker, clock, { configHash });

  const append = async (stream: string, event: PipelineEvent) => {
    const envelope: EventEnvelope = {
      type: event.type,
      version: 1,
      data: event.data,
      metadata: {
        eventId: randomUUID(),
        correlationId: ns,
        causationId: null,
        configHash,
        occurredAt: clock.nowIso(),
        tradingDay: DAY,
      },
    };
    await store.appendToStream(`${ns}:${stream}`, [envelope]);
  };

  return {
    ns,
    clock,
    broker,
    engine,
    alerts,
    tick,
    advance: (ms) => clock.advanceBy(ms),
    async openGroup(plan) {
      await engine.openGroup(plan);
      await watcher.idle();
    },
    async flatten() {
      await engine.flattenAll('FLATTENED');
      await watcher.idle();
    },
    idle: () => watcher.idle(),
    async signal(s) {
      const signal: Signal = {
        strategy: 'ORB',
        instrumentKey: 'NSE:SBIN',
        side: 'BUY',
        entry: 80_005,
        stop: 79_500,
        targets: [81_000],
        features: { orHigh: 800, volumeRatio: 1.8 },
        scores: { momentum: 0.7, liquidity: 0.9 },
        at: clock.nowIso(),
        configHash: configHash ?? '',
        ...s,
      };
      await append(`signals-${DAY}`, { type: 'SignalGenerated', data: { signal } });
      return signal;
    },
    async ranked(ranked, considered = ranked.length) {
      await append(`signals-${DAY}`, { type: 'SignalsRanked', data: { at: clock.nowIso(), ranked, considered } });
    },
    async decision(d) {
      const quantity = d.approved ? (d.quantity ?? 10) : 0;
      await append(`decision-${d.planId}`, {
        type: 'DecisionMade',
        data: {
          planId: d.planId,
          signalId: d.signalId,
          instrumentKey: d.instrumentKey ?? 'NSE:SBIN',
          approved: d.approved,
          quantity,
          slices: d.approved ? [quantity] : [],
          reasons: d.reasons ?? [],
          risk: d.risk ?? 0,
          heatBefore: 0,
          heatAfter: d.risk ?? 0,
          heatCap: d.heatCap ?? 5_000_000,
          boundBy: d.approved ? 'PER_TRADE_RISK' : null,
          at: clock.nowIso(),
        },
      });
    },
    async marks(marks) {
      await append(`marks-${DAY}`, { type: 'MarksRecorded', data: { at: clock.nowIso(), marks } });
    },
  };
}

/** Runs the projections over everything stored until each has caught up, then stops them. */
export async function project(
  store: PgEventStore,
  pool: Pool,
  projections: readonly Projection[] = allProjections,
  batchSize = 500,
): Promise<void> {
  await allReadable(store);
  const errors: unknown[] = [];
  const runner = new ProjectionRunner({
    store,
    pool,
    projections,
    batchSize,
    retryInitialMs: 10,
    retryMaxMs: 50,
    onError: (name, e) => errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`),
  });
  await runner.start();
  try {
    await runner.waitUntilLive(30_000);
  } finally {
    await runner.stop();
  }
  if (errors.length > 0) throw new Error(`projections failed: ${errors.join('; ')}`);
}

/** Every row of a table, as JSON, in a stable order: for comparing tables. */
export async function tableRows(pool: Pool, table: string): Promise<unknown[]> {
  const { rows } = await pool.query<{ r: unknown }>(
    `SELECT to_jsonb(t) AS r FROM ${table} AS t ORDER BY to_jsonb(t)::text`,
  );
  return rows.map((x) => x.r);
}
