import type { Actor } from './actor';
import type { BreakerReason, Mode } from './session-state';

/** The exact phrase an admin must type to switch to LIVE. */
export const LIVE_CONFIRMATION_PHRASE = 'CONFIRM LIVE TRADING';

/** Every command carries who issues it and when (`at`, ISO-8601 UTC): the domain reads no clock. */
interface Base {
  readonly actor: Actor;
  readonly at: string;
}

export type SessionCommand =
  | (Base & {
      readonly type: 'ChangeMode';
      readonly to: Mode;
      readonly reason: string;
      /** Required (exactly LIVE_CONFIRMATION_PHRASE) when `to` is LIVE. */
      readonly confirmation?: string;
    })
  | (Base & { readonly type: 'PauseTrading'; readonly reason: string })
  | (Base & { readonly type: 'ResumeTrading'; readonly reason: string })
  | (Base & { readonly type: 'EngageKillSwitch'; readonly reason: string })
  | (Base & { readonly type: 'ReleaseKillSwitch'; readonly notes: string })
  | (Base & { readonly type: 'TripCircuitBreaker'; readonly reason: BreakerReason; readonly detail: string })
  | (Base & { readonly type: 'ResetCircuitBreaker'; readonly notes: string })
  | (Base & { readonly type: 'RequestFlatten'; readonly reason: string });

export type SessionCommandType = SessionCommand['type'];
