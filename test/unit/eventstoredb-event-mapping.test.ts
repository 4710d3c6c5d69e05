import type { RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import {
  fromKurrentEvent,
  isSystemEvent,
  positionOf,
  toKurrentEvent,
} from '../../adapters/eventstoredb/kurrent-event-mapping';
import { prepareAppend } from '../../commands/eventstore/validate-append';
import { makeEvent } from '../support/events';

/** What the client hands back for a JSON event written with `toKurrentEvent` (JSON round trip). */
function stored(
  written: ReturnType<typeof toKurrentEvent>,
  at: { streamId?: string; revision?: bigint; commit?: bigint; prepare?: bigint } = {},
): KurrentRecordedEvent {
  return {
    streamId: at.streamId ?? 'oco-1',
    id: written.id,
    revision: at.revision ?? 3n,
    type: written.type,
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    isJson: true,
    created: new Date('2025-09-04T03:45:01.000Z'),
    position: { commit: at.commit ?? 900n, prepare: at.prepare ?? 880n },
  } as KurrentRecordedEvent;
}

describe('envelope <-> KurrentDB event', () => {
  const envelope = {
    ...makeEvent('OrderPlaced', { qty: 65, price: '101.05' }, { causationId: 'cmd-7', actor: 'operator:alice' }),
    version: 3,
  };
  const [prepared] = prepareAppend('oco-1', [envelope], 'any');

  it('writes our event ID as the Kurrent event ID, as a JSON event of our type and data', () => {
    const k = toKurrentEvent(prepared!);
    expect(k.id).toBe(envelope.metadata.eventId);
    expect(k.contentType).toBe('application/json');
    expect(k.type).toBe('OrderPlaced');
    expect(k.data).toEqual({ qty: 65, price: '101.05' });
  });

  it('keeps schema version, trading day, config hash and correlation in the metadata, also for Kurrent tools', () => {
    const m = toKurrentEvent(prepared!).metadata as Record<string, unknown>;
    expect(m).toMatchObject({
      schemaVersion: 3,
      tradingDay: '2025-09-04',
      configHash: 'cfg-test',
      correlationId: 'corr-test',
      causationId: 'cmd-7',
      $correlationId: 'corr-test',
      $causationId: 'cmd-7',
      occurredAt: '2025-09-04T03:45:00.000Z',
    });
  });

  it('leaves $causationId out when there is no causation', () => {
    const [p] = prepareAppend('s', [makeEvent('A')], 'any');
    expect(toKurrentEvent(p!).metadata).not.toHaveProperty('$causationId');
  });

  it('lowercases an upper-case event ID, as the PostgreSQL store does', () => {
    const id = 'A1B2C3D4-0000-4000-8000-00000000000F';
    const [p] = prepareAppend('s', [makeEvent('A', {}, { eventId: id })], 'any');
    const k = toKurrentEvent(p!);
    expect(k.id).toBe(id.toLowerCase());
    expect((k.metadata as { eventId: string }).eventId).toBe(id.toLowerCase());
  });

  it('reads back exactly the envelope that was written, placed in its stream and in $all', () => {
    const read = fromKurrentEvent(stored(toKurrentEvent(prepared!)));
    expect(read).toEqual({
      type: envelope.type,
      version: 3,
      data: envelope.data,
      metadata: envelope.metadata,
      streamId: 'oco-1',
      streamVersion: 3,
      position: 'esdb:900/880',
    });
  });

  it('gives an event written by another tool a usable envelope', () => {
    const foreign = {
      streamId: 'legacy-1',
      id: 'C0FFEE00-0000-4000-8000-000000000001',
      revision: 0n,
      type: 'Imported',
      data: { a: 1 },
      metadata: undefined,
      isJson: true,
      created: new Date('2025-01-02T03:04:05.000Z'),
      position: { commit: 10n, prepare: 10n },
    } as KurrentRecordedEvent;
    const read = fromKurrentEvent(foreign);
    expect(read.version).toBe(1);
    expect(read.metadata).toEqual({
      eventId: 'c0ffee00-0000-4000-8000-000000000001',
      correlationId: 'c0ffee00-0000-4000-8000-000000000001',
      causationId: null,
      configHash: null,
      occurredAt: '2025-01-02T03:04:05.000Z',
      tradingDay: null,
    });
  });

  it('reads binary data as base64', () => {
    const bin = {
      ...stored(toKurrentEvent(prepared!)),
      isJson: false,
      data: Uint8Array.from([1, 2, 255]),
    } as KurrentRecordedEvent;
    expect(fromKurrentEvent(bin).data).toBe('AQL/');
  });

  it('refuses an event without a known position in $all', () => {
    const noPos = { ...stored(toKurrentEvent(prepared!)), position: undefined } as KurrentRecordedEvent;
    expect(() => fromKurrentEvent(noPos)).toThrow(/without its position/);
    const unknown = (1n << 64n) - 1n;
    expect(() => positionOf({ id: 'x', position: { commit: unknown, prepare: unknown } })).toThrow(/position/);
  });

  it('knows EventStoreDB system events by a $ type or stream', () => {
    expect(isSystemEvent({ type: '$statsCollected', streamId: '$stats-127.0.0.1:2113' })).toBe(true);
    expect(isSystemEvent({ type: '$>', streamId: '$ce-oco' })).toBe(true);
    expect(isSystemEvent({ type: 'Anything', streamId: '$$oco-1' })).toBe(true);
    expect(isSystemEvent({ type: 'OrderPlaced', streamId: 'oco-1' })).toBe(false);
  });
});
