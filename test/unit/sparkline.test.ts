import { sparkline } from '../../app/paper/sparkline';

describe('sparkline', () => {
  it('draws a rising series low to high, a flat one flat, and fits the width', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).toBe('▁▁▁');
    expect(
      sparkline(
        Array.from({ length: 1000 }, (_, i) => i),
        40,
      ),
    ).toHaveLength(40);
    expect(sparkline([])).toBe('');
  });
});
