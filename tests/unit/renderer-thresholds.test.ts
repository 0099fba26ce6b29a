/** The auto-approve form's validation and the thresholds it sends. */
import { describe, expect, it } from 'vitest';
import {
  draftFrom,
  draftProblems,
  draftThresholds,
  thresholdProblem,
} from '../../src/renderer/src/automation/thresholds';

describe('auto-approve thresholds', () => {
  it('accepts 0.50–1.00 in steps of 0.01 and names what is wrong otherwise', () => {
    expect(thresholdProblem('0.95')).toBeNull();
    expect(thresholdProblem(' 1 ')).toBeNull();
    expect(thresholdProblem('0.5')).toBeNull();
    expect(thresholdProblem('')).toMatch(/Enter a threshold/);
    expect(thresholdProblem('abc')).toMatch(/not a number/);
    expect(thresholdProblem('0.3')).toMatch(/outside 0.50–1.00/);
    expect(thresholdProblem('1.01')).toMatch(/outside/);
    expect(thresholdProblem('0.995')).toMatch(/steps of 0.01/);
  });

  it('round-trips saved settings: on with its value, off when absent or null', () => {
    const draft = draftFrom(['DDoS', 'DoS', 'Web'], { thresholds: { DDoS: 0.99, DoS: null } });
    expect(draft).toEqual({
      DDoS: { on: true, text: '0.99' },
      DoS: { on: false, text: '' },
      Web: { on: false, text: '' },
    });
    expect(draftProblems(draft)).toEqual({});
    expect(draftThresholds(draft, new Set(['DDoS', 'DoS', 'Web']))).toEqual({
      DDoS: 0.99,
      DoS: null,
      Web: null,
    });
  });

  it('reports only switched-on classes with bad values and leaves unknown off classes out', () => {
    const draft = {
      DDoS: { on: true, text: '2' },
      DoS: { on: false, text: 'junk' },
      Old: { on: false, text: '' },
    };
    expect(Object.keys(draftProblems(draft))).toEqual(['DDoS']);
    expect(draftThresholds(draft, new Set(['DDoS', 'DoS']))).toEqual({ DDoS: 2, DoS: null });
  });
});
