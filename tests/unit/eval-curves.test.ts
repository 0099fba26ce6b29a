import { describe, expect, it } from 'vitest';
import { episodesToNear } from '../../src/main/domain/eval/curves';
import { lineChart } from '../../src/main/domain/eval/svgChart';

describe('episodesToNear', () => {
  it('returns the first episode count whose moving average is within tolerance, else null', () => {
    const curve: [number, number][] = [
      [100, 0],
      [200, 4.95],
      [300, 4.95],
      [400, 4.95],
      [500, 4.95],
    ];
    expect(episodesToNear(curve, 5, 0.1, 1)).toBe(200);
    expect(episodesToNear(curve, 5, 0.1, 3)).toBe(400);
    expect(episodesToNear(curve, 5, 0.01, 1)).toBeNull();
    expect(episodesToNear([], 5)).toBeNull();
  });
});

describe('lineChart', () => {
  it('renders every series, the reference line and escapes text', () => {
    const svg = lineChart(
      [
        {
          name: 'ppo <plain>',
          points: [
            [0, -5],
            [1000, 4],
          ],
        },
        {
          name: 'ppo-kg-pt',
          points: [
            [0, 3],
            [1000, 4.9],
          ],
        },
      ],
      {
        title: 'Reward & episodes',
        xLabel: 'episodes',
        yLabel: 'reward',
        reference: { y: 4.86, label: 'oracle' },
      },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('ppo &lt;plain&gt;');
    expect(svg).toContain('Reward &amp; episodes');
    expect(svg).toContain('stroke-dasharray');
  });
});
