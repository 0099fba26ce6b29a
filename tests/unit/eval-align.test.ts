import { describe, expect, it } from 'vitest';
import { FlowMatrix } from '../../src/main/domain/classify/flowMatrix';
import { alignClasses } from '../../src/main/domain/eval/prepare';
import { FEATURE_COUNT } from '../../src/main/domain/ingest/schema';

describe('alignClasses (a test source read with other class names)', () => {
  it('re-indexes labels by name and leaves classes the training source lacks unlabelled, counted', () => {
    const m = new FlowMatrix();
    m.append(new Float32Array(5 * FEATURE_COUNT), Int16Array.from([0, 1, 2, 2, -1]), 5);
    const dropped = alignClasses(m, ['Benign', 'Bot', 'DDoS'], ['Benign', 'DDoS', 'PortScan']);
    expect(Array.from(m.classView)).toEqual([0, -1, 1, 1, -1]);
    expect(dropped).toEqual({ Bot: 1 });
  });
});
