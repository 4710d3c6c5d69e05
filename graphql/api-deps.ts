import type { Pool } from 'pg';
import type { PubSub } from 'type-graphql';
import type { ControlService } from '../commands/control/control-service';
import type { SupervisorStatus } from '../commands/pipeline/scan-supervisor';
import type { EventStore } from '../commands/ports/event-store';
import type { BacklogCounter } from '../projections';
import type { ApiTokenStore } from './auth/api-token-store';

/** What the running system tells the `state` query (the composition root fills it in). */
export interface RuntimeStatus {
  readonly tradingDay: string;
  /** The trading clock (market time during a replay). */
  readonly nowMs: number;
  readonly leader: boolean;
  readonly marketOpen: boolean;
  /** Seconds since each heartbeat source last beat (null: never). */
  readonly heartbeatAges: Readonly<Record<string, number | null>>;
  readonly heartbeatLimitMs: number;
  readonly scan: SupervisorStatus | null;
  /** What is degraded now and why (an optional component's outage: e.g. Redis fan-out); readiness reports it. */
  readonly degraded?: readonly string[];
}

export type ControlPort = Pick<
  ControlService,
  'state' | 'setMode' | 'pause' | 'resume' | 'engageKillSwitch' | 'releaseKillSwitch' | 'flattenAll'
>;

export interface ApiLimits {
  /** Deepest selection allowed. */
  readonly maxDepth: number;
  /** Highest estimated cost (fields, lists counted by their `first` or a default). */
  readonly maxCost: number;
  /** Mutations per token: a bucket of `mutationBurst`, refilled at this rate. */
  readonly mutationsPerMinute: number;
  readonly mutationBurst: number;
  /** Largest request body. */
  readonly maxBodyBytes: number;
  /** Longest reason, note or name. */
  readonly maxTextLength: number;
  /** How often an open WebSocket's token is checked again (a revoked one is disconnected). */
  readonly wsTokenRecheckMs: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxDepth: 15,
  maxCost: 20_000,
  mutationsPerMinute: 60,
  mutationBurst: 20,
  maxBodyBytes: 64 * 1024,
  maxTextLength: 500,
  wsTokenRecheckMs: 15_000,
};

export interface ApiLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Everything the API needs from the running system; graphql/ never reaches for adapters itself. */
export interface ApiDeps {
  /** The read-model database (and the api_tokens table). */
  readonly pool: Pool;
  /** The book this API serves (a run's namespace, or the live account's). */
  readonly namespace: string;
  /** Null on an instance that only serves (no rebuilds, no replays there). */
  readonly store: Pick<EventStore, 'readAll' | 'readStream' | 'countAfter' | 'compareCheckpoints'> | null;
  readonly control: ControlPort;
  readonly runtime: () => RuntimeStatus;
  readonly tokens: ApiTokenStore;
  /** In-process, or Redis-backed so that several instances serve one book. */
  readonly pubSub: PubSub;
  readonly limits: ApiLimits;
  readonly log: ApiLog;
  /** Counts a projection's events behind (the health query's lag); none: lag unknown. */
  readonly backlog?: BacklogCounter;
}
