import { tradingDayOf } from '../../domain/calendar/ist-time';
import { uuidV5 } from '../../domain/ids/uuid';
import type { EventStore } from '../ports/event-store';
import type { ReconcileOptions, ReconcileReport } from './reconcile-report';
import type { TradingEngine } from './trading-engine';

/** One `ReconciliationCompleted` event on the day's reconciliation stream: what was done and what was found. */
export async function recordReconciliation(
  engine: TradingEngine,
  store: EventStore,
  report: ReconcileReport,
  actions: readonly string[],
  options: ReconcileOptions,
): Promise<void> {
  const { ctx } = engine;
  const at = ctx.clock.nowIso();
  const day = tradingDayOf(at as never);
  const stream = ctx.streams.reconciliation(day);
  const data = { at, startUp: options.startUp === true, actions, ...report };
  await store.appendToStream(stream, [
    {
      type: 'ReconciliationCompleted',
      version: 1,
      data,
      metadata: {
        eventId: uuidV5(`${stream}|${at}|${JSON.stringify(data)}`),
        correlationId: ctx.streams.namespace,
        causationId: null,
        configHash: ctx.configHash,
        occurredAt: at,
        tradingDay: day,
      },
    },
  ]);
}
