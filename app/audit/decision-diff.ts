import { canonicalJson } from '../../domain/ids/canonical-json';
import type { PipelineEvent } from '../../domain/signals/pipeline-events';

export type Decision = Extract<PipelineEvent, { type: 'DecisionMade' }>['data'];

/** How one decision of the re-run differs from the recorded one. */
export type DecisionDifference =
  | { readonly kind: 'missing'; readonly planId: string; readonly recorded: Decision }
  | { readonly kind: 'extra'; readonly planId: string; readonly rerun: Decision }
  | {
      readonly kind: 'changed';
      readonly planId: string;
      readonly recorded: Decision;
      readonly rerun: Decision;
      /** The fields that differ, each as recorded and as re-run. */
      readonly fields: readonly {
        readonly field: keyof Decision;
        readonly recorded: unknown;
        readonly rerun: unknown;
      }[];
    };

/** Every field a decision is compared on: its outcome, size, reasons, risk and heat, time and instrument. */
const COMPARED: readonly (keyof Decision)[] = [
  'signalId',
  'instrumentKey',
  'approved',
  'quantity',
  'slices',
  'reasons',
  'risk',
  'heatBefore',
  'heatAfter',
  'heatCap',
  'boundBy',
  'at',
];

/**
 * The decisions of a re-run against the recorded ones, matched by plan ID (derived from the
 * signal's attributes, so the same signal names the same plan): missing (recorded, not re-made),
 * extra (re-made, never recorded) and changed (any compared field differs), in time order.
 */
export function diffDecisions(recorded: readonly Decision[], rerun: readonly Decision[]): DecisionDifference[] {
  const again = new Map(rerun.map((d) => [d.planId, d]));
  const before = new Map(recorded.map((d) => [d.planId, d]));
  const out: { at: string; diff: DecisionDifference }[] = [];
  for (const r of recorded) {
    const x = again.get(r.planId);
    if (!x) {
      out.push({ at: r.at, diff: { kind: 'missing', planId: r.planId, recorded: r } });
      continue;
    }
    const fields = COMPARED.filter((f) => canonicalJson(r[f]) !== canonicalJson(x[f])).map((f) => ({
      field: f,
      recorded: r[f],
      rerun: x[f],
    }));
    if (fields.length > 0)
      out.push({ at: r.at, diff: { kind: 'changed', planId: r.planId, recorded: r, rerun: x, fields } });
  }
  for (const x of rerun)
    if (!before.has(x.planId)) out.push({ at: x.at, diff: { kind: 'extra', planId: x.planId, rerun: x } });
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.diff.planId.localeCompare(b.diff.planId)).map((o) => o.diff);
}
