import DataLoader from 'dataloader';
import type { Actor } from '../domain/session/actor';
import {
  type DecisionView,
  decisionsOfPlans,
  type FillView,
  fillsOfOrders,
  type OrderView,
  ordersOfGroups,
  type SignalView,
  signalsByIds,
} from '../projections/queries';
import type { ApiDeps } from './api-deps';
import type { RateLimiter } from './auth/rate-limiter';
import type { ApiRole } from './auth/roles';

export interface ApiActor extends Actor {
  readonly role: ApiRole;
  readonly tokenId: string;
}

/** Batch loads of one request: a nested query makes one query per level, not one per row. */
export interface Loaders {
  readonly ordersOfGroup: DataLoader<string, OrderView[]>;
  readonly fillsOfOrder: DataLoader<string, FillView[]>;
  readonly decisionOfPlan: DataLoader<string, DecisionView | null>;
  readonly signalById: DataLoader<string, SignalView | null>;
}

export interface ApiContext {
  /** Null when no token was given (only the public parts of the schema answer then). */
  readonly actor: ApiActor | null;
  readonly deps: ApiDeps;
  readonly mutationLimiter: RateLimiter;
  readonly loaders: Loaders;
}

export function createLoaders(deps: ApiDeps): Loaders {
  const { pool: db, namespace: ns } = deps;
  return {
    ordersOfGroup: new DataLoader((ids) => ordersOfGroups(db, ns, ids as string[])),
    fillsOfOrder: new DataLoader((ids) => fillsOfOrders(db, ns, ids as string[])),
    decisionOfPlan: new DataLoader((ids) => decisionsOfPlans(db, ns, ids as string[])),
    signalById: new DataLoader((ids) => signalsByIds(db, ns, ids as string[])),
  };
}
