import { TokenProbe } from '../../app/trader/token-probe';

describe('TokenProbe: asks Kite whether the token still works', () => {
  it('a poke asks at once, at most once per gap, and never while no working token is held', async () => {
    let asks = 0;
    let working = true;
    const errors: unknown[] = [];
    const probe = new TokenProbe({
      probe: async () => {
        asks++;
        throw new Error('TokenException');
      },
      working: () => working,
      everyMs: 60_000,
      minGapMs: 200,
      onError: (e) => errors.push(e),
    });
    await probe.poke();
    await probe.poke(); // inside the gap: not asked again
    expect(asks).toBe(1);
    expect(errors).toHaveLength(1); // a failed ask is reported, never thrown
    await new Promise((r) => setTimeout(r, 250));
    working = false; // the keeper already knows: nothing to ask
    await probe.poke();
    expect(asks).toBe(1);
    working = true;
    await probe.poke();
    expect(asks).toBe(2);
  });

  it('asks by itself every period once started, and not after it is stopped', async () => {
    let asks = 0;
    const probe = new TokenProbe({ probe: async () => asks++, working: () => true, everyMs: 40, minGapMs: 0 });
    probe.start();
    await new Promise((r) => setTimeout(r, 150));
    probe.stop();
    const seen = asks;
    expect(seen).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 120));
    expect(asks).toBe(seen);
  });
});
