import { describe, expect, it } from 'vitest';
import {
  SMALL_MODEL_WARNING,
  formatParameters,
  isSmallModel,
} from '../../src/renderer/src/model/modelFacts';

describe('the Model screen’s model facts', () => {
  it('names parameter counts in M and B', () => {
    expect(formatParameters(268_098_176)).toBe('268 M');
    expect(formatParameters(3_821_079_552)).toBe('3.8 B');
    expect(formatParameters(64_512)).toBe('64,512');
  });
  it('warns below 1B parameters, plainly', () => {
    expect(isSmallModel(268_098_176)).toBe(true);
    expect(isSmallModel(999_999_999)).toBe(true);
    expect(isSmallModel(1_000_000_000)).toBe(false);
    expect(SMALL_MODEL_WARNING).toMatch(/small.*weak security knowledge.*hint/);
  });
});
