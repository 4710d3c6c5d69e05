import {
  AccessDeniedError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
} from '@kurrent/kurrentdb-client';
import { isStreamNotFound, toEventStoreError } from '../../adapters/eventstoredb/kurrent-errors';
import {
  EventStoreError,
  InvalidArgumentError,
  WrongExpectedVersionError,
} from '../../commands/ports/event-store-errors';

describe('EventStoreDB error mapping', () => {
  it('maps a wrong expected version to ours, with the actual version', () => {
    const err = new KurrentWrongExpectedVersionError(undefined, {
      streamName: 'oco-1',
      expected: 2n,
      current: 4n,
    });
    const mapped = toEventStoreError(err, 'oco-1', 2);
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', stream: 'oco-1', expected: 2, actual: 4 });
  });

  it('reports a missing stream as version -1', () => {
    const err = new KurrentWrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(toEventStoreError(err, 's', 'stream_exists')).toMatchObject({ expected: 'stream_exists', actual: -1 });
  });

  it('maps a size limit of the server to bad input that wrote nothing', () => {
    const mapped = toEventStoreError(MaxAppendSizeExceededError.fromMaxAppendSize(1024), 's', 'any');
    expect(mapped).toBeInstanceOf(InvalidArgumentError);
    expect((mapped as Error).message).toMatch(/nothing was written/);
  });

  it('gives a deleted stream a stable code', () => {
    const mapped = toEventStoreError(StreamDeletedError.fromStreamName('s'), 's', 'any');
    expect(mapped).toBeInstanceOf(EventStoreError);
    expect(mapped).toMatchObject({ code: 'STREAM_DELETED' });
  });

  it('passes any other error through unchanged', () => {
    const denied = new AccessDeniedError();
    expect(toEventStoreError(denied, 's', 'any')).toBe(denied);
    const plain = new Error('socket hang up');
    expect(toEventStoreError(plain, 's', 'any')).toBe(plain);
  });

  it('recognises the client stream-not-found error only', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFound(new AccessDeniedError())).toBe(false);
    expect(isStreamNotFound(null)).toBe(false);
    expect(isStreamNotFound('stream-not-found')).toBe(false);
  });
});
