import type { EventEnvelope } from '../../domain/events/envelope';
import type { ExpectedVersion, StreamWrite } from '../ports/event-store';
import { InvalidArgumentError } from '../ports/event-store-errors';

/** Largest serialised event (data + metadata) an append accepts. */
export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_BATCH_EVENTS = 10_000;
const MAX_STREAM_LENGTH = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;
const STREAM = /^[\x21-\x7e]+$/;

/** An event ready to store: the envelope plus its serialised forms, computed once. */
export interface PreparedEvent {
  readonly event: EventEnvelope;
  readonly dataJson: string;
  readonly metadataJson: string;
}

export function validateStreamName(stream: unknown): asserts stream is string {
  if (typeof stream !== 'string' || stream.length === 0) throw new InvalidArgumentError('stream name is empty');
  if (stream.length > MAX_STREAM_LENGTH)
    throw new InvalidArgumentError(`stream name is longer than ${MAX_STREAM_LENGTH} characters`);
  if (!STREAM.test(stream)) throw new InvalidArgumentError(`stream name '${stream}' has spaces or control characters`);
}

export function validateExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new InvalidArgumentError(
    `expected version must be 'any', 'no_stream', 'stream_exists' or a version >= 0, got ${JSON.stringify(expected)}`,
  );
}

/** Checks a whole batch before anything is written; throws InvalidArgumentError naming the first fault. */
export function prepareAppend(stream: unknown, events: unknown, expected: unknown): PreparedEvent[] {
  validateStreamName(stream);
  validateExpectedVersion(expected);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidArgumentError('append needs at least one event');
  if (events.length > MAX_BATCH_EVENTS)
    throw new InvalidArgumentError(`append of ${events.length} events exceeds the batch limit of ${MAX_BATCH_EVENTS}`);
  const seen = new Set<string>();
  return events.map((e: unknown, i: number) => {
    const at = `event #${i} of stream '${stream}'`;
    if (typeof e !== 'object' || e === null) throw new InvalidArgumentError(`${at} is not an object`);
    const ev = e as Partial<EventEnvelope>;
    if (typeof ev.type !== 'string' || !TYPE.test(ev.type))
      throw new InvalidArgumentError(`${at} has no valid type (letters, digits, _.:- up to 100 characters)`);
    if (typeof ev.version !== 'number' || !Number.isSafeInteger(ev.version) || ev.version < 1)
      throw new InvalidArgumentError(
        `${at} (${ev.type}) has schema version ${String(ev.version)}: must be an integer >= 1`,
      );
    if (ev.data === undefined) throw new InvalidArgumentError(`${at} (${ev.type}) has no data`);
    const m = ev.metadata;
    if (typeof m !== 'object' || m === null) throw new InvalidArgumentError(`${at} (${ev.type}) has no metadata`);
    if (typeof m.eventId !== 'string' || !UUID.test(m.eventId))
      throw new InvalidArgumentError(`${at} (${ev.type}) has event ID ${JSON.stringify(m.eventId)}: must be a UUID`);
    const id = m.eventId.toLowerCase();
    if (seen.has(id)) throw new InvalidArgumentError(`${at} repeats event ID ${id} within one batch`);
    seen.add(id);
    if (typeof m.correlationId !== 'string' || m.correlationId.length === 0)
      throw new InvalidArgumentError(`${at} (${ev.type}) has no correlation ID`);
    if (m.causationId !== null && typeof m.causationId !== 'string')
      throw new InvalidArgumentError(`${at} (${ev.type}) has a causation ID that is neither a string nor null`);
    if (typeof m.occurredAt !== 'string' || !ISO_UTC.test(m.occurredAt) || Number.isNaN(Date.parse(m.occurredAt)))
      throw new InvalidArgumentError(
        `${at} (${ev.type}) has occurredAt ${JSON.stringify(m.occurredAt)}: must be ISO-8601 UTC ending in Z`,
      );
    if (m.tradingDay !== null && (typeof m.tradingDay !== 'string' || !DAY.test(m.tradingDay)))
      throw new InvalidArgumentError(
        `${at} (${ev.type}) has trading day ${JSON.stringify(m.tradingDay)}: YYYY-MM-DD or null`,
      );
    let dataJson: string;
    try {
      dataJson = JSON.stringify(ev.data);
    } catch (err) {
      throw new InvalidArgumentError(`${at} (${ev.type}) has data that is not JSON-serialisable: ${String(err)}`);
    }
    const metadataJson = JSON.stringify({ ...m, eventId: id });
    const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
    if (bytes > MAX_EVENT_BYTES)
      throw new InvalidArgumentError(`${at} (${ev.type}) is ${bytes} bytes, over the limit of ${MAX_EVENT_BYTES}`);
    return { event: ev as EventEnvelope, dataJson, metadataJson };
  });
}

/** One write of a multi-stream append, checked and serialised. */
export interface PreparedWrite {
  readonly stream: string;
  readonly expected: ExpectedVersion;
  readonly prepared: readonly PreparedEvent[];
}

/** Checks a multi-stream append before anything is written: at least one write, distinct streams, each a valid append. */
export function prepareMulti(writes: unknown): PreparedWrite[] {
  if (!Array.isArray(writes) || writes.length === 0)
    throw new InvalidArgumentError('a multi-stream append needs at least one write');
  const streams = new Set<string>();
  return writes.map((w: unknown, i: number) => {
    if (typeof w !== 'object' || w === null) throw new InvalidArgumentError(`write #${i} is not an object`);
    const { stream, events, expectedVersion } = w as Partial<StreamWrite>;
    const expected = expectedVersion ?? 'any';
    const prepared = prepareAppend(stream, events, expected);
    if (streams.has(stream as string))
      throw new InvalidArgumentError(`stream '${stream}' appears twice in one multi-stream append`);
    streams.add(stream as string);
    return { stream: stream as string, expected, prepared };
  });
}
