import { formatRebuildProgress } from '../../projections/engine/rebuild-progress';

describe('rebuild progress line', () => {
  it('prints done, estimate, percentage, rate and time', () => {
    expect(
      formatRebuildProgress({
        projection: 'stream_heads',
        phase: 'replaying',
        eventsDone: 120_000,
        totalEstimate: 200_000,
        eventsPerSecond: 45_210,
        elapsedMs: 2654,
      }),
    ).toBe('stream_heads replaying 120,000 / ~200,000 (60%) events, 45,210 ev/s, 2.7 s');
  });

  it('leaves out the total when unknown and caps the percentage at 100', () => {
    const p = { projection: 'x', phase: 'swapping', eventsPerSecond: 0, elapsedMs: 0 } as const;
    expect(formatRebuildProgress({ ...p, eventsDone: 5, totalEstimate: null })).toBe(
      'x swapping 5 events, 0 ev/s, 0.0 s',
    );
    expect(formatRebuildProgress({ ...p, eventsDone: 12, totalEstimate: 10 })).toContain('/ ~10 (100%)');
  });
});
