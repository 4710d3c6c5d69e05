import {
  comparePositions,
  decodeKurrentCheckpoint,
  encodeKurrentCheckpoint,
  isAfter,
} from '../../adapters/eventstoredb/kurrent-checkpoint';
import { InvalidArgumentError } from '../../commands/ports/event-store-errors';

const pos = (commit: bigint, prepare: bigint) => ({ commit, prepare });

describe('EventStoreDB checkpoints', () => {
  it('writes a position as esdb:commit/prepare and reads it back exactly, up to 2^64 - 1', () => {
    const max = (1n << 64n) - 1n;
    for (const p of [pos(0n, 0n), pos(1234n, 1200n), pos(max, max)]) {
      const cp = encodeKurrentCheckpoint(p);
      expect(cp).toBe(`esdb:${p.commit}/${p.prepare}`);
      expect(decodeKurrentCheckpoint(cp)).toEqual(p);
    }
  });

  it('reads null and undefined as the start of $all', () => {
    expect(decodeKurrentCheckpoint(null)).toBeNull();
    expect(decodeKurrentCheckpoint(undefined)).toBeNull();
  });

  it.each([
    'not-a-checkpoint',
    '',
    '12',
    '12/',
    '/12',
    '1/2/3',
    '-1/2',
    '1.5/2',
    ' 1/2',
    '1/2 ',
    '12;drop table',
    '1/2', // PostgreSQL's form: another store's checkpoint
    'esdb:1',
    'ESDB:1/2',
    'esdb:18446744073709551616/0',
    'esdb:0/18446744073709551616',
  ])('refuses the malformed checkpoint %j with a clear error', (cp) => {
    expect(() => decodeKurrentCheckpoint(cp)).toThrow(InvalidArgumentError);
    expect(() => decodeKurrentCheckpoint(cp)).toThrow(/commit\/prepare/);
  });

  it('refuses a checkpoint that is not a string', () => {
    expect(() => decodeKurrentCheckpoint(12 as never)).toThrow(InvalidArgumentError);
    expect(() => decodeKurrentCheckpoint({ commit: 1n } as never)).toThrow(InvalidArgumentError);
  });

  it('orders positions by commit, then prepare', () => {
    const sorted = [pos(5n, 9n), pos(1n, 1n), pos(5n, 2n), pos(3n, 7n)].sort(comparePositions);
    expect(sorted).toEqual([pos(1n, 1n), pos(3n, 7n), pos(5n, 2n), pos(5n, 9n)]);
    expect(comparePositions(pos(4n, 4n), pos(4n, 4n))).toBe(0);
  });

  it('finds every position after the start, and only later ones after a position', () => {
    expect(isAfter(pos(0n, 0n), null)).toBe(true);
    expect(isAfter(pos(10n, 10n), pos(10n, 10n))).toBe(false);
    expect(isAfter(pos(10n, 11n), pos(10n, 10n))).toBe(true);
    expect(isAfter(pos(9n, 20n), pos(10n, 10n))).toBe(false);
  });
});
