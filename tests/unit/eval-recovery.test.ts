/** Pieces of the recovery measurement that need no data: the label order, row picking, the chart's error bars. */
import { describe, expect, it } from 'vitest';
import { labelOrder } from '../../src/main/domain/eval/recovery';
import { byClass, pickRows } from '../../src/main/domain/eval/recoveryRows';
import { lineChart } from '../../src/main/domain/eval/svgChart';

describe('labelOrder', () => {
  it('is a seeded permutation of the test positions', () => {
    const a = labelOrder(1000, 1);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(labelOrder(1000, 1)).toEqual(a);
    expect(labelOrder(1000, 2)).not.toEqual(a);
  });
});

describe('pickRows', () => {
  it('copies the chosen rows in the given order, every column', () => {
    const rows = {
      classNames: ['Benign', 'DDoS'],
      size: 3,
      predicted: Int16Array.from([0, 1, 1]),
      signature: Int32Array.from([7, 8, 9]),
      n: Float32Array.from([10, 20, 30]),
      c: Float32Array.from([1, 2, 3]),
      b: Float32Array.from([0.1, 0.2, 0.3]),
      trueClass: Int16Array.from([0, 0, 1]),
    };
    const p = pickRows(rows, [2, 0]);
    expect(p.size).toBe(2);
    expect([...p.signature]).toEqual([9, 7]);
    expect([...p.n]).toEqual([30, 10]);
    expect([...p.trueClass]).toEqual([1, 0]);
    expect(p.b).toBeInstanceOf(Float32Array);
    expect(byClass(p)).toEqual({ DDoS: 1, Benign: 1 });
  });
});

describe('lineChart error bars and x ticks', () => {
  it('draws one bar per point between its bounds and the given tick labels only', () => {
    const svg = lineChart(
      [
        {
          name: 'a',
          points: [
            [0, 1],
            [2, 3],
          ],
          errors: [
            [0.5, 1.5],
            [-7, 4],
          ],
        },
      ],
      { title: 't', xLabel: 'x', yLabel: 'y', xTicks: [{ at: 2, label: '100' }] },
    );
    const bars = [
      ...svg.matchAll(
        /<line x1="([\d.]+)" y1="([\d.]+)" x2="\1" y2="([\d.]+)" stroke="#1f77b4"\/>/g,
      ),
    ];
    expect(bars).toHaveLength(2);
    // The y range stretches to the lowest bar bound, so the axis labels reach -7.
    expect(svg).toContain('>-7.0</text>');
    expect(svg).toContain('>100</text>');
    expect(svg).not.toContain('>0</text>');
  });
});
