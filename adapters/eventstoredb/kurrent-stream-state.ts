import {
  ANY,
  type AppendStreamState,
  type CurrentStreamState,
  NO_STREAM,
  STREAM_EXISTS,
} from '@kurrent/kurrentdb-client';
import type { ExpectedVersion } from '../../commands/ports/event-store';

/** Our expected version as the client's stream state (versions are 0-based revisions in both). */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** The client's current stream state as our version: -1 when there is no stream. */
export function fromCurrentStreamState(state: CurrentStreamState): number {
  return state === NO_STREAM ? -1 : Number(state);
}

/** True when a stream at version `current` (-1: none) satisfies `expected`. */
export function satisfies(expected: ExpectedVersion, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}

/**
 * The stream state to send once the stream was read at version `current`, or null when
 * `expected` is already violated. Always exact (`no_stream` or the revision read), never
 * `any`: the server then writes only onto the version whose event IDs were checked, which is
 * what makes idempotency exact (see KurrentEventStore.appendToStream).
 */
export function exactStreamState(expected: ExpectedVersion, current: number): AppendStreamState | null {
  if (!satisfies(expected, current)) return null;
  return toStreamState(current === -1 ? 'no_stream' : current);
}
