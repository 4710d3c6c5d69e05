import type { Pool } from 'pg';
import type { Logger } from '../../adapters/log/logger';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { readMarketRecording, recordedNamespaces } from '../../adapters/postgres/pg-market-recording';
import type { EventStore } from '../../commands/ports/event-store';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { configHash } from '../../domain/config/config-hash';
import type { TradingConfig } from '../../domain/config/trading-config';
import { type PaperDayOptions, runPaperDay } from '../paper/paper-day';
import { type Decision, type DecisionDifference, diffDecisions } from './decision-diff';
import { tapeSource } from './tape-source';
import { unfinishedScans } from './unfinished-scans';

/** The re-run cannot be made as asked (no recording, several namespaces, another config): exit 2. */
export class RerunRefused extends Error {}

export interface RerunReport {
  readonly namespace: string;
  readonly tradingDay: string;
  readonly configHash: string;
  readonly deliveries: number;
  readonly bars: number;
  readonly recorded: number;
  readonly rerun: number;
  readonly differences: readonly DecisionDifference[];
  /**
   * Decisions the re-run made at a scan the recording process did not finish (killed, or its lock
   * lost, mid-scan: see unfinished-scans.ts), never recorded: not counted as differences.
   */
  readonly unfinished: readonly DecisionDifference[];
  readonly wallSeconds: number;
}

/**
 * Re-runs a recorded day (audit): its market data as the pipeline received it, through the paper
 * day's composition (the same strategies, ranker, risk manager, engine and paper broker) on a
 * simulated clock, with the config whose hash the day recorded, into the day's own event store under
 * a scratch namespace (or a fresh in-memory store in the same namespace); then compares every
 * decision with the DecisionMade events recorded that day (read through the store's day index).
 */
export async function rerunDay(o: {
  /** The database holding the recorded market data (and the read models). */
  readonly pool: Pool;
  /** The event store the day was recorded in (EVENT_STORE). */
  readonly store: EventStore;
  readonly tradingDay: string;
  readonly namespace?: string | null;
  readonly config: TradingConfig;
  readonly calendar: TradingCalendar;
  readonly log: Logger;
  readonly onProgress?: PaperDayOptions['onProgress'];
  /** Where the re-run's events go: the day's store (default; namespace `audit-<ns>-<time>`) or a fresh in-memory one. */
  readonly rerunInto?: 'store' | 'memory';
}): Promise<RerunReport> {
  const started = performance.now();
  const namespace = o.namespace ?? (await onlyNamespace(o.pool, o.tradingDay));
  const recording = await readMarketRecording(o.pool, namespace, o.tradingDay);
  if (!recording) throw new RerunRefused(`${namespace} recorded no market data on ${o.tradingDay}`);
  const hash = configHash(o.config);
  if (hash !== recording.configHash)
    throw new RerunRefused(
      `the config given (hash ${hash}) is not the one ${namespace} traded ${o.tradingDay} with (hash ${recording.configHash}): give that config with --config`,
    );
  const recorded = await decisionsOf(o.store, namespace, o.tradingDay);
  const otherHash = recorded.find((d) => d.configHash !== recording.configHash);
  if (otherHash)
    throw new RerunRefused(
      `decision ${otherHash.decision.planId} was made with config ${otherHash.configHash}, not the day's ${recording.configHash}`,
    );
  const inMemory = o.rerunInto === 'memory';
  const runId = inMemory ? namespace : `audit-${namespace}-${Date.now().toString(36)}`;
  const store = inMemory ? new InMemoryEventStore() : o.store;
  try {
    await runPaperDay({
      store,
      projections: false,
      source: tapeSource(recording),
      config: o.config,
      calendar: o.calendar,
      runId,
      speed: 'max',
      log: o.log,
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    const rerun = await decisionsOf(store, runId, o.tradingDay);
    const all = diffDecisions(
      recorded.map((d) => d.decision),
      rerun.map((d) => d.decision),
    );
    const unfinished = unfinishedScans(recording.tape);
    const cutShort = (d: DecisionDifference) => d.kind === 'extra' && unfinished.has(Date.parse(d.rerun.at));
    return {
      namespace,
      tradingDay: o.tradingDay,
      configHash: hash,
      deliveries: recording.tape.length,
      bars: recording.bars,
      recorded: recorded.length,
      rerun: rerun.length,
      differences: all.filter((d) => !cutShort(d)),
      unfinished: all.filter(cutShort),
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (inMemory) await store.close();
  }
}

async function onlyNamespace(pool: Pool, day: string): Promise<string> {
  const all = await recordedNamespaces(pool, day);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new RerunRefused(`no market data was recorded on ${day}`);
  throw new RerunRefused(`${all.length} runs recorded ${day}: pick one with --namespace (${all.join(', ')})`);
}

async function decisionsOf(
  store: EventStore,
  namespace: string,
  day: string,
): Promise<{ decision: Decision; configHash: string | null }[]> {
  await store.settle();
  const out: { decision: Decision; configHash: string | null }[] = [];
  const filter = { streamPrefixes: [`${namespace}:`], eventTypes: ['DecisionMade'], tradingDay: day };
  for (let from: string | null = null; ; ) {
    const page = await store.readAll({ from, maxCount: 5000, filter });
    for (const e of page.events) out.push({ decision: e.data as Decision, configHash: e.metadata.configHash });
    from = page.checkpoint;
    if (page.isEnd) return out;
  }
}
