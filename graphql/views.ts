import type { ControlOutcome } from '../commands/control/control-service';
import { breakerReasons, isKillSwitchEngaged, type SessionState } from '../domain/session/session-state';
import { tradingStateOf } from '../domain/session/trading-state';
import type { OcoGroupView } from '../projections/queries';
import type { ControlState } from './types/control';
import type { ControlResult } from './types/mutation-results';
import type { Protection } from './types/oco-group';

/** The control state as the API shows it. */
export function controlStateOf(s: SessionState): ControlState {
  const by = (a: { id: string; role: string }) => `${a.role}:${a.id}`;
  return {
    mode: s.mode,
    tradingState: tradingStateOf(s),
    paused: s.paused ? { by: by(s.paused.by), reason: s.paused.reason, at: s.paused.at } : null,
    pauseCause: s.paused?.cause ?? null,
    killSwitchEngaged: isKillSwitchEngaged(s),
    breakerTripped: s.breaker.tripped,
    breakerReasons: [...breakerReasons(s)],
    lastFlatten: s.lastFlatten
      ? { by: by(s.lastFlatten.by), reason: s.lastFlatten.reason, at: s.lastFlatten.at }
      : null,
  };
}

export function controlResultOf(action: string, o: ControlOutcome, startedMs: number): ControlResult {
  return {
    action,
    events: o.events.map((e) => ({ type: e.type, data: e.data as unknown as Record<string, unknown> })),
    control: controlStateOf(o.state),
    elapsedMs: Math.round((performance.now() - startedMs) * 1000) / 1000,
  };
}

export function protectionOf(g: OcoGroupView): Protection {
  const p = g.protection;
  return p.kind === 'ORDERS'
    ? { kind: p.kind, stop: p.stop, targets: [...p.targets], stopNetPremium: null, targetNetPremium: null }
    : {
        kind: p.kind,
        stop: null,
        targets: [],
        stopNetPremium: p.stopNetPremium,
        targetNetPremium: p.targetNetPremium,
      };
}
