import type { RecordedEvent } from '../../../commands/ports/event-store';
import { divRound, type Paise } from '../../../domain/money/paise';
import type { CloseReason } from '../../../domain/oco/oco-events';
import type { Side } from '../../../domain/orders/order-terms';
import { legPositions } from '../../../domain/risk/group-open-risk';
import { defineTable } from '../shared/table-rows';
import type { GroupFill, GroupRow } from './group-row';

/** One plan leg of a trade. */
export interface TradeLeg {
  readonly instrumentKey: string;
  readonly side: Side;
  readonly qty: number;
  readonly entryAvgPrice: Paise | null;
  readonly exitAvgPrice: Paise | null;
  readonly exitQty: number;
  readonly realised: Paise;
}

/** A row of `rm_trades`: a closed group's round trip (trade ID = group ID). */
export interface TradeRow {
  readonly namespace: string;
  readonly trade_id: string;
  readonly group_id: string;
  readonly plan_id: string;
  readonly trading_day: string;
  readonly instrument_key: string;
  readonly side: Side;
  readonly qty: number;
  readonly entry_avg_price: Paise | null;
  readonly exit_avg_price: Paise | null;
  readonly realised: Paise;
  readonly mfe: Paise | null;
  readonly mae: Paise | null;
  readonly close_reason: CloseReason;
  readonly opened_at: string;
  readonly closed_at: string;
  readonly legs: readonly TradeLeg[];
  readonly config_hash: string | null;
}

export const tradesTable = defineTable<TradeRow>({
  name: 'rm_trades',
  key: ['namespace', 'trade_id'],
  columns: {
    namespace: 'text',
    trade_id: 'text',
    group_id: 'text',
    plan_id: 'text',
    trading_day: 'date',
    instrument_key: 'text',
    side: 'text',
    qty: 'integer',
    entry_avg_price: 'bigint',
    exit_avg_price: 'bigint',
    realised: 'bigint',
    mfe: 'bigint',
    mae: 'bigint',
    close_reason: 'text',
    opened_at: 'timestamptz',
    closed_at: 'timestamptz',
    legs: 'jsonb',
    config_hash: 'text',
  },
});

function average(fills: readonly GroupFill[]): { qty: number; avg: Paise | null } {
  const qty = fills.reduce((s, f) => s + f.qty, 0);
  const value = fills.reduce((s, f) => s + f.qty * f.price, 0);
  return { qty, avg: qty > 0 ? divRound(value, qty) : null };
}

/** The trade of a group that has just closed; null when its entry never filled (nothing was traded). */
export function tradeOf(group: GroupRow, closed: RecordedEvent): TradeRow | null {
  const entries = group.fills.filter((f) => f.legRole === 'ENTRY');
  if (entries.length === 0 || group.close_reason === null || group.closed_at === null) return null;
  const positions = legPositions(group.plan, group.fills);
  const legs: TradeLeg[] = group.plan.legs.map((leg, i) => {
    const entry = average(entries.filter((f) => f.legIndex === i));
    const exit = average(group.fills.filter((f) => f.legIndex === i && f.legRole !== 'ENTRY'));
    return {
      instrumentKey: leg.instrumentKey,
      side: leg.side,
      qty: entry.qty,
      entryAvgPrice: entry.avg,
      exitAvgPrice: exit.avg,
      exitQty: exit.qty,
      realised: positions[i]!.realised,
    };
  });
  const first = legs[0]!;
  return {
    namespace: group.namespace,
    trade_id: group.group_id,
    group_id: group.group_id,
    plan_id: group.plan_id,
    trading_day: group.trading_day,
    instrument_key: first.instrumentKey,
    side: first.side,
    qty: first.qty,
    entry_avg_price: first.entryAvgPrice,
    exit_avg_price: first.exitAvgPrice,
    realised: legs.reduce((s, l) => s + l.realised, 0),
    mfe: group.mfe,
    mae: group.mae,
    close_reason: group.close_reason,
    opened_at: entries[0]!.at, // fills are kept in the order they happened
    closed_at: group.closed_at,
    legs,
    config_hash: closed.metadata.configHash,
  };
}
