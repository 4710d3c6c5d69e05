import type { LiveDrillResult } from './drill-log';

/** The drills' outcome for people: per drill its checks and counts, then every violation. */
export function liveDrillTable(results: Record<string, LiveDrillResult>): string {
  const lines: string[] = [];
  for (const [name, r] of Object.entries(results)) {
    const checks = Object.entries(r.checks)
      .map(([c, ok]) => `${c} ${ok ? 'ok' : 'FAILED'}`)
      .join(', ');
    const counts = Object.entries(r.counts)
      .map(([c, n]) => `${c}=${n}`)
      .join(' ');
    lines.push(`${name.padEnd(16)} ${String(r.violations.length).padStart(3)} violation(s)  ${r.seconds} s`);
    lines.push(`  held: ${checks}`);
    if (counts) lines.push(`  counts: ${counts}`);
    for (const v of r.violations) lines.push(`  - ${v}`);
  }
  lines.push('', `${totalViolations(results)} violations`);
  return `${lines.join('\n')}\n`;
}

export function totalViolations(results: Record<string, LiveDrillResult>): number {
  return Object.values(results).reduce((n, r) => n + r.violations.length, 0);
}

/** The final JSON line: `{"drills": {<name>: {checks, counts, violations, seconds}}, "violations": n}`. */
export function liveDrillJson(results: Record<string, LiveDrillResult>): string {
  return JSON.stringify({ drills: results, violations: totalViolations(results) });
}
