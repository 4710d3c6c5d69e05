import type { RecordedEvent } from '../../commands/ports/event-store';
import { streamHeadDeltas } from '../../projections/read-models/stream-heads';
import { makeEvent } from '../support/events';

function ev(streamId: string, streamVersion: number, type: string, occurredAt: string): RecordedEvent {
  return { ...makeEvent(type, {}, { occurredAt }), streamId, streamVersion, position: `9/${streamVersion}` };
}

describe('stream_heads deltas', () => {
  it('keeps the last event of each stream and counts the batch’s events per stream', () => {
    const deltas = streamHeadDeltas([
      ev('order-1', 0, 'OrderPlaced', '2025-09-04T03:45:00.000Z'),
      ev('order-2', 4, 'OrderFilled', '2025-09-04T03:46:00.000Z'),
      ev('order-1', 1, 'OrderAccepted', '2025-09-04T03:45:01.000Z'),
      ev('order-1', 2, 'OrderFilled', '2025-09-04T03:45:02.000Z'),
    ]);
    expect(deltas).toEqual([
      {
        streamId: 'order-1',
        lastVersion: 2,
        lastEventType: 'OrderFilled',
        lastOccurredAt: '2025-09-04T03:45:02.000Z',
        count: 3,
      },
      {
        streamId: 'order-2',
        lastVersion: 4,
        lastEventType: 'OrderFilled',
        lastOccurredAt: '2025-09-04T03:46:00.000Z',
        count: 1,
      },
    ]);
  });

  it('gives nothing for an empty batch', () => {
    expect(streamHeadDeltas([])).toEqual([]);
  });
});
