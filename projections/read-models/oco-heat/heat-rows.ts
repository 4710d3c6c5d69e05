import type { Paise } from '../../../domain/money/paise';
import { defineTable } from '../shared/table-rows';

/** A row of `rm_heat`: a namespace's portfolio heat now. */
export interface HeatRow {
  readonly namespace: string;
  readonly heat: Paise;
  /** From the last DecisionMade; null before the first. */
  readonly heat_cap: Paise | null;
  readonly open_groups: number;
  readonly point_seq: number;
  readonly updated_at: string;
}

export const heatTable = defineTable<HeatRow>({
  name: 'rm_heat',
  key: ['namespace'],
  columns: {
    namespace: 'text',
    heat: 'bigint',
    heat_cap: 'bigint',
    open_groups: 'integer',
    point_seq: 'integer',
    updated_at: 'timestamptz',
  },
});

/** A row of `rm_heat_points`: the heat after an event that changed it, and at every marks and decision. */
export interface HeatPointRow {
  readonly namespace: string;
  readonly seq: number;
  readonly trading_day: string;
  readonly at: string;
  readonly heat: Paise;
  readonly heat_cap: Paise | null;
  readonly open_groups: number;
  /** The event type that caused the point. */
  readonly cause: string;
  readonly event_id: string;
}

export const heatPointsTable = defineTable<HeatPointRow>({
  name: 'rm_heat_points',
  key: ['namespace', 'seq'],
  columns: {
    namespace: 'text',
    seq: 'integer',
    trading_day: 'date',
    at: 'timestamptz',
    heat: 'bigint',
    heat_cap: 'bigint',
    open_groups: 'integer',
    cause: 'text',
    event_id: 'uuid',
  },
});

export function newHeatRow(namespace: string, at: string): HeatRow {
  return { namespace, heat: 0, heat_cap: null, open_groups: 0, point_seq: 0, updated_at: at };
}
