import {
  AppendRecordSizeExceededError,
  ErrorType,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamTombstonedError,
  TransactionMaxSizeExceededError,
} from '@kurrent/kurrentdb-client';
import type { ExpectedVersion } from '../../commands/ports/event-store';
import {
  EventStoreError,
  InvalidArgumentError,
  WrongExpectedVersionError,
} from '../../commands/ports/event-store-errors';
import { fromCurrentStreamState } from './kurrent-stream-state';

/**
 * Maps an error of the KurrentDB client to the port's errors: a wrong expected version keeps
 * the stream's actual version; size limits are bad input (nothing was written); a deleted stream
 * gets a stable code. Anything else (unavailable, access denied...) is returned unchanged.
 */
export function toEventStoreError(err: unknown, stream: string, expected: ExpectedVersion): unknown {
  if (err instanceof KurrentWrongExpectedVersionError)
    return new WrongExpectedVersionError(stream, expected, fromCurrentStreamState(err.actualState));
  if (
    err instanceof MaxAppendSizeExceededError ||
    err instanceof TransactionMaxSizeExceededError ||
    err instanceof AppendRecordSizeExceededError
  )
    return new InvalidArgumentError(
      `append to stream '${stream}' is larger than the EventStoreDB server accepts (${err.message}); nothing was written`,
    );
  if (err instanceof StreamDeletedError || err instanceof StreamTombstonedError)
    return new EventStoreError('STREAM_DELETED', `stream '${stream}' was deleted in EventStoreDB: ${err.message}`);
  return err;
}

/** True for the client's "stream not found" on a read (a stream that does not exist). */
export function isStreamNotFound(err: unknown): boolean {
  return (err as { type?: unknown } | null)?.type === ErrorType.STREAM_NOT_FOUND;
}
