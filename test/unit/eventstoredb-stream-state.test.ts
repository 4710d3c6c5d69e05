import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import {
  exactStreamState,
  fromCurrentStreamState,
  satisfies,
  toStreamState,
} from '../../adapters/eventstoredb/kurrent-stream-state';
import type { ExpectedVersion } from '../../commands/ports/event-store';

describe('EventStoreDB expected versions', () => {
  it('maps each expected-version form to the client stream state', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
  });

  it('maps the client current stream state back to a version (-1 for no stream)', () => {
    expect(fromCurrentStreamState(NO_STREAM)).toBe(-1);
    expect(fromCurrentStreamState(0n)).toBe(0);
    expect(fromCurrentStreamState(9n)).toBe(9);
  });

  const cases: Array<[ExpectedVersion, number, boolean]> = [
    ['any', -1, true],
    ['any', 7, true],
    ['no_stream', -1, true],
    ['no_stream', 0, false],
    ['stream_exists', -1, false],
    ['stream_exists', 0, true],
    [3, 3, true],
    [3, 2, false],
    [3, 4, false],
    [0, -1, false],
  ];
  it.each(cases)('expected %p against a stream at %p: satisfied = %p', (expected, current, ok) => {
    expect(satisfies(expected, current)).toBe(ok);
  });

  it('always writes with the exact version that was checked, never with any', () => {
    expect(exactStreamState('any', -1)).toBe(NO_STREAM);
    expect(exactStreamState('any', 12)).toBe(12n);
    expect(exactStreamState('stream_exists', 4)).toBe(4n);
    expect(exactStreamState('no_stream', -1)).toBe(NO_STREAM);
    expect(exactStreamState(5, 5)).toBe(5n);
  });

  it('gives no stream state when the expected version is already violated', () => {
    expect(exactStreamState('no_stream', 0)).toBeNull();
    expect(exactStreamState('stream_exists', -1)).toBeNull();
    expect(exactStreamState(5, 6)).toBeNull();
  });
});
