import { leadershipOverlapMs } from '../../app/drill/live/leadership';

/** The two-instances drill's judge: wall time during which two traders both said they led. */
describe('drill:live leadership overlap', () => {
  const held = (atMs: number) => ({ atMs, text: 'leader lock held' });
  const lost = (atMs: number) => ({ atMs, text: 'leader lock lost' });

  it('a hand-over after the leader died is no overlap', () => {
    expect(leadershipOverlapMs([{ lines: [held(0)], endMs: 1_000 }, { lines: [held(11_000)] }], 20_000)).toBe(0);
    expect(
      leadershipOverlapMs([{ lines: [held(0), lost(500), held(2_000)] }, { lines: [held(600), lost(1_900)] }], 3_000),
    ).toBe(0);
  });

  it('finds two leaders at once: a follower that takes the lock while the leader still holds it', () => {
    expect(leadershipOverlapMs([{ lines: [held(0)] }, { lines: [held(4_000), lost(6_000)] }], 10_000)).toBe(2_000);
    // A leader that never said it lost the lock leads until it dies (endMs).
    expect(leadershipOverlapMs([{ lines: [held(0)], endMs: 5_000 }, { lines: [held(3_000)] }], 10_000)).toBe(2_000);
  });
});
