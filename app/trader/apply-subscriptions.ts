import type { SubscriptionChange, TickMode } from '../../domain/market/subscriptions/subscription-book';

/** What a ticker must offer to be told a subscription change (ShardedTickerSession has it). */
export interface SubscribingTicker {
  subscribe(tokens: readonly number[], mode: TickMode): void;
  unsubscribe(tokens: readonly number[]): void;
}

/** Tells the ticker a change of the subscription book: releases first (room on the connections), then each mode's additions. */
export function applySubscriptionChange(ticker: SubscribingTicker, change: SubscriptionChange): void {
  if (change.unsubscribe.length > 0) ticker.unsubscribe(change.unsubscribe);
  const byMode = new Map<TickMode, number[]>();
  for (const [token, mode] of change.subscribe) byMode.set(mode, [...(byMode.get(mode) ?? []), token]);
  for (const [mode, tokens] of byMode) ticker.subscribe(tokens, mode);
}
