import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventMetadata } from '../../domain/events/envelope';

/** A valid event for store tests; override any part. */
export function makeEvent(type = 'TestHappened', data: unknown = {}, meta: Partial<EventMetadata> = {}): EventEnvelope {
  return {
    type,
    version: 1,
    data,
    metadata: {
      eventId: randomUUID(),
      correlationId: 'corr-test',
      causationId: null,
      configHash: 'cfg-test',
      occurredAt: '2025-09-04T03:45:00.000Z',
      tradingDay: '2025-09-04',
      ...meta,
    },
  };
}

export function uniqueStream(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
