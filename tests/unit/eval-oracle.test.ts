import { describe, expect, it } from 'vitest';
import { TRAFFIC_CLASSES } from '../../src/shared/classes';
import {
  bestAction,
  loadCatalogue,
  parseCatalogue,
  reward,
  rewardTable,
} from '../../src/main/domain/catalogue/catalogue';
import type { AlertRows } from '../../src/main/domain/eval/alertSet';
import { loadPrevalence, scoreDecisions } from '../../src/main/domain/eval/metrics';
import { fitOracle, oracleActions } from '../../src/main/domain/eval/oracle';

const cat = loadCatalogue();
const classes = [...TRAFFIC_CLASSES];
const R = rewardTable(cat, classes);
const A = cat.actions.length;
const best = Int32Array.from(classes, (c) => bestAction(cat, c));

/** Alerts from (predicted, signature, true) triples. */
function rows(triples: [number, number, number][]): AlertRows {
  const n = triples.length;
  return {
    classNames: classes,
    size: n,
    predicted: Int16Array.from(triples, (t) => t[0]),
    signature: Int32Array.from(triples, (t) => t[1]),
    n: new Float32Array(n),
    c: new Float32Array(n),
    b: new Float32Array(n),
    trueClass: Int16Array.from(triples, (t) => t[2]),
  };
}

describe('mitigation catalogue', () => {
  it('follows the paper: rank k earns 6-k, others -5, Benign only rewards No Action', () => {
    expect(cat.actions).toHaveLength(15);
    expect(
      reward(
        cat,
        'SSH-Patator',
        cat.actions.findIndex((a) => a.id === 'M1027'),
      ),
    ).toBe(5);
    expect(
      reward(
        cat,
        'SSH-Patator',
        cat.actions.findIndex((a) => a.id === 'M1040'),
      ),
    ).toBe(1);
    expect(reward(cat, 'SSH-Patator', 0)).toBe(-5);
    expect(reward(cat, 'Benign', 0)).toBe(5);
    expect(reward(cat, 'Benign', 1)).toBe(-5);
    expect(classes.map((c) => cat.actions[bestAction(cat, c)]!.id)).toEqual([
      'NONE',
      'M1037',
      'M1037',
      'M1027',
      'M1027',
      'M0818',
      'M1037',
      'M1037',
    ]);
  });

  it('rejects an invalid catalogue naming the problem', () => {
    const bad = {
      actions: [{ id: 'M1037', name: 'x', description: 'long enough description here' }],
      ranked: { DoS: ['M9999'] },
    };
    expect(() => parseCatalogue(bad, 'test.json')).toThrow(
      /test\.json is invalid: .*action 0 must be NONE.*unknown action id M9999/,
    );
  });
});

describe('per-signature oracle', () => {
  it('picks the best expected action for each signature from its true-class mix', () => {
    // Signature 7 says Benign but 6 of 10 flows are DDoS: filtering (+5 on DDoS, -5 on Benign) wins.
    const t: [number, number, number][] = [];
    for (let i = 0; i < 4; i++) t.push([0, 7, 0]);
    for (let i = 0; i < 6; i++) t.push([0, 7, 1]);
    for (let i = 0; i < 5; i++) t.push([0, 8, 0]);
    const set = rows(t);
    const o = fitOracle(set, R, A);
    expect(cat.actions[o.bySignature.get(7)!]!.id).toBe('M1037');
    expect(o.bySignature.get(8)).toBe(0);
    // Brute force: no fixed action per signature does better on this set.
    const acts = oracleActions(o, set);
    const got = scoreDecisions(set, acts, R, A, best, loadPrevalence()).avgRewardFlows;
    for (let a7 = 0; a7 < A; a7++) {
      const alt = Int32Array.from(set.signature, (s) => (s === 7 ? a7 : 0));
      expect(
        scoreDecisions(set, alt, R, A, best, loadPrevalence()).avgRewardFlows,
      ).toBeLessThanOrEqual(got + 1e-9);
    }
  });

  it('falls back to the predicted class for an unseen signature', () => {
    const o = fitOracle(rows([[1, 1, 1]]), R, A);
    expect(oracleActions(o, rows([[3, 99, 3]]))[0]).toBe(best[3]);
  });
});

describe('decision scores', () => {
  it('computes class-balanced, weighted and right/wrong-detection shares by hand', () => {
    const set = rows([
      [1, 1, 1], // DDoS right, filter: +5, correct
      [1, 1, 1], // DDoS right, No Action: -5
      [0, 2, 1], // DDoS missed (predicted Benign), filter: +5, correct
      [0, 3, 0], // Benign right, No Action: +5, correct
    ]);
    const acts = Int32Array.from([best[1]!, 0, best[1]!, 0]);
    const s = scoreDecisions(set, acts, R, A, best, { Benign: 9, DDoS: 1 });
    expect(s.perClass).toEqual({ Benign: 5, DDoS: 5 / 3 });
    expect(s.avgReward).toBeCloseTo((5 + 5 / 3) / 2, 12);
    expect(s.avgRewardWeighted).toBeCloseTo((9 * 5 + 5 / 3) / 10, 12);
    expect(s.detectorRight).toBe(3);
    expect(s.correctWhenRight).toBeCloseTo(2 / 3, 12);
    expect(s.correctWhenWrong).toBe(1);
    expect(s.positiveWhenRight).toBeCloseTo(2 / 3, 12);
  });
});
