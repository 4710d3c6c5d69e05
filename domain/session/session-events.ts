import type { Actor } from './actor';
import type { BreakerReason, Mode } from './session-state';

/** Session (control-plane) domain events; another layer wraps them in envelopes. */
export type SessionEvent =
  | {
      readonly type: 'ModeChanged';
      readonly data: {
        readonly from: Mode;
        readonly to: Mode;
        readonly actor: Actor;
        readonly reason: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'TradingPaused';
      readonly data: { readonly actor: Actor; readonly reason: string; readonly at: string };
    }
  | {
      readonly type: 'TradingResumed';
      readonly data: { readonly actor: Actor; readonly reason: string; readonly at: string };
    }
  | {
      readonly type: 'KillSwitchEngaged';
      readonly data: { readonly actor: Actor; readonly reason: string; readonly at: string };
    }
  | {
      readonly type: 'KillSwitchReleased';
      readonly data: { readonly actor: Actor; readonly notes: string; readonly at: string };
    }
  | {
      readonly type: 'CircuitBreakerTripped';
      readonly data: {
        readonly actor: Actor;
        readonly reason: BreakerReason;
        readonly detail: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'CircuitBreakerReset';
      readonly data: { readonly actor: Actor; readonly notes: string; readonly at: string };
    }
  | {
      /** Cancel every working order and close every position; pauses new entries until an operator resumes. */
      readonly type: 'FlattenRequested';
      readonly data: { readonly actor: Actor; readonly reason: string; readonly at: string };
    };

export type SessionEventType = SessionEvent['type'];
