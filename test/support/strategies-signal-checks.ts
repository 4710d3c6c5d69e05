import type { Instrument } from '../../domain/instruments/instrument';
import { factorOfScoreKey } from '../../domain/ranking/score-factors';
import type { Signal } from '../../domain/signals/signal';
import { signalIdOf } from '../../domain/strategies/signal-id';

/**
 * Every way a signal is malformed: prices not positive whole paise on the tick, stop and targets
 * on the wrong side of the entry or out of order, features not finite, scores outside [0, 1] or
 * not keyed `<factor>.<feature>`, legs naming unknown instruments, an ID that is not the setup's.
 */
export function signalProblems(s: Signal, instruments: ReadonlyMap<string, Instrument>): string[] {
  const out: string[] = [];
  const legInstruments = (s.legs ?? []).map((l) => instruments.get(l.instrumentKey));
  if (legInstruments.some((i) => i === undefined)) out.push('a leg names an unknown instrument');
  const traded = s.legs === undefined ? instruments.get(s.instrumentKey) : legInstruments[0];
  if (traded === undefined) return [...out, `unknown instrument ${s.instrumentKey}`];
  const tick = traded.tickSize;
  const prices: [string, number][] = [
    ['entry', s.entry],
    ['stop', s.stop],
    ...s.targets.map((t, i): [string, number] => [`target ${i + 1}`, t]),
    ...(s.legs ?? []).map((l, i): [string, number] => [`leg ${i + 1} entry`, l.entry]),
  ];
  for (const [what, p] of prices) {
    if (!Number.isSafeInteger(p) || p <= 0) out.push(`${what} ${p} is not a positive whole number of paise`);
    else if (p % tick !== 0) out.push(`${what} ${p} is off the tick ${tick}`);
  }
  const d = s.side === 'BUY' ? 1 : -1;
  if (!(d * (s.entry - s.stop) > 0)) out.push(`stop ${s.stop} is on the wrong side of entry ${s.entry} for ${s.side}`);
  let prev = s.entry;
  for (const t of s.targets) {
    if (!(d * (t - prev) > 0)) out.push(`target ${t} is not beyond ${prev} for ${s.side}`);
    prev = t;
  }
  if (s.targets.length < 1 || s.targets.length > 2) out.push(`${s.targets.length} targets`);
  for (const [k, v] of Object.entries(s.features)) if (!Number.isFinite(v)) out.push(`feature ${k} is ${v}`);
  if (Object.keys(s.features).length === 0) out.push('no features');
  if (Object.keys(s.scores).length === 0) out.push('no scores');
  for (const [k, v] of Object.entries(s.scores)) {
    if (!(v >= 0 && v <= 1)) out.push(`score ${k} is ${v}`);
    if (factorOfScoreKey(k) === undefined) out.push(`score key ${k} names no factor`);
  }
  const barStart = new Date(Date.parse(s.at) - 60_000).toISOString();
  if (s.signalId !== signalIdOf(s.strategy, s.instrumentKey, s.side, barStart))
    out.push('signalId is not the setup hash');
  return out;
}
