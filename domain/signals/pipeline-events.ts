import type { Paise } from '../money/paise';
import type { RankedSignal, Signal } from './signal';

/** A risk reason as recorded: a stable code and a sentence. */
export interface RecordedReason {
  readonly code: string;
  readonly message: string;
}

/**
 * The pipeline's own events (orders, OCO groups and the session have theirs):
 * - `SignalGenerated` and `SignalsRanked` go to `<ns>:signals-<tradingDay>`;
 * - `DecisionMade` to `<ns>:decision-<planId>` (once per plan: approved or blocked, never silent);
 * - `MarksRecorded` to `<ns>:marks-<tradingDay>`: the prices the book is valued at, once per scan
 *   cycle (unrealised P&L, MFE/MAE, the heat and P&L timelines, and the book at any instant of a day).
 */
export type PipelineEvent =
  | { readonly type: 'SignalGenerated'; readonly data: { readonly signal: Signal } }
  | {
      readonly type: 'SignalsRanked';
      readonly data: { readonly at: string; readonly ranked: readonly RankedSignal[]; readonly considered: number };
    }
  | {
      readonly type: 'DecisionMade';
      readonly data: {
        readonly planId: string;
        readonly signalId: string;
        readonly instrumentKey: string;
        readonly approved: boolean;
        /** Units approved (0 when blocked). */
        readonly quantity: number;
        readonly slices: readonly number[];
        /** Every reason it was blocked, in the risk manager's order (empty when approved). */
        readonly reasons: readonly RecordedReason[];
        /** Open risk this plan adds (paise), and the portfolio heat before and after it. */
        readonly risk: Paise;
        readonly heatBefore: Paise;
        readonly heatAfter: Paise;
        readonly heatCap: Paise;
        /** What bound the size (PER_TRADE_RISK, HEAT, REQUESTED_QTY), when approved. */
        readonly boundBy: string | null;
        readonly at: string;
      };
    }
  | {
      readonly type: 'MarksRecorded';
      readonly data: { readonly at: string; readonly marks: Readonly<Record<string, Paise>> };
    };

export type PipelineEventType = PipelineEvent['type'];
export const PIPELINE_EVENT_TYPES: readonly PipelineEventType[] = [
  'SignalGenerated',
  'SignalsRanked',
  'DecisionMade',
  'MarksRecorded',
];
