import type { DecisionDifference } from './decision-diff';
import type { RerunReport } from './rerun-day';

function describe(d: DecisionDifference): string {
  switch (d.kind) {
    case 'missing':
      return `MISSING ${d.recorded.at} ${d.recorded.instrumentKey} plan ${d.planId}: recorded ${outcome(d.recorded)}, not made by the re-run`;
    case 'extra':
      return `EXTRA   ${d.rerun.at} ${d.rerun.instrumentKey} plan ${d.planId}: re-run ${outcome(d.rerun)}, never recorded`;
    case 'changed':
      return `CHANGED ${d.recorded.at} ${d.recorded.instrumentKey} plan ${d.planId}: ${d.fields
        .map((f) => `${f.field} recorded ${JSON.stringify(f.recorded)}, re-run ${JSON.stringify(f.rerun)}`)
        .join('; ')}`;
    default: {
      const never: never = d;
      throw new Error(`unknown difference ${JSON.stringify(never)}`);
    }
  }
}

function outcome(d: { approved: boolean; quantity: number; reasons: readonly { code: string }[] }): string {
  return d.approved ? `approved ${d.quantity}` : `blocked (${d.reasons.map((r) => r.code).join(', ')})`;
}

/**
 * The re-run's report as `npm run audit -- rerun` prints it: a head line with the counts, then each
 * difference, then the decisions made at a scan the recording did not finish (not differences).
 */
export function rerunReportText(r: RerunReport): string {
  const head =
    `re-run of ${r.tradingDay}, ${r.namespace}, config ${r.configHash.slice(0, 12)}: ` +
    `${r.deliveries} recorded deliveries (${r.bars} bars), ${r.recorded} decisions recorded, ${r.rerun} re-made, ` +
    `${r.differences.length} difference(s) in ${r.wallSeconds.toFixed(1)} s` +
    (r.unfinished.length > 0 ? `; ${r.unfinished.length} made at a scan the recording did not finish` : '') +
    '\n';
  const unfinished = r.unfinished.map(
    (d) => `  (unfinished scan: the recording process stopped during it) ${describe(d)}\n`,
  );
  return head + r.differences.map((d) => `  ${describe(d)}\n`).join('') + unfinished.join('');
}
