import type { ExpectedVersion } from './event-store';

/** Base of every error an event store raises on purpose; `code` is stable for callers and the API. */
export class EventStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream's version did not match the expected version: someone else appended first. */
export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    /** The actual current version, -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(
      'WRONG_EXPECTED_VERSION',
      `stream '${stream}': expected version ${String(expected)}, but it is at ${actual === -1 ? 'no stream' : actual}`,
    );
  }
}

/** Some but not all event IDs of a batch are already in the stream: the batch is neither new nor a retry. */
export class IdempotencyConflictError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly existingIds: readonly string[],
  ) {
    super(
      'IDEMPOTENCY_CONFLICT',
      `stream '${stream}': ${existingIds.length} event ID(s) of this batch are already stored (${existingIds
        .slice(0, 3)
        .join(', ')}), the others are not; a retry must resend the same batch`,
    );
  }
}

/** An append, read or checkpoint argument is malformed; nothing was written. */
export class InvalidArgumentError extends EventStoreError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}
