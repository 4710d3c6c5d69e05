/** Which lifecycle a recorded event's stream is of, as the book replay sees it. */
export type BookStreamKind = 'order' | 'oco' | 'marks' | 'decision' | 'control' | 'other';

/**
 * One recorded event as the book replay folds it: the reader (outside the domain) names the
 * stream's kind and key from the stream ID; the event's type and data are the domain event.
 */
export interface BookEvent {
  readonly stream: BookStreamKind;
  /** The client order ID (`order`), group ID (`oco`), plan ID or day; '' where the stream has none. */
  readonly key: string;
  readonly type: string;
  readonly data: unknown;
  /** When it happened: ISO-8601 UTC (market time in a replayed day). */
  readonly occurredAt: string;
  /** The store's global position of the event: opaque, shown as is. */
  readonly position: string;
}
