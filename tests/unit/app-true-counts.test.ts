import { describe, expect, it } from 'vitest';
import {
  TrueCountLog,
  countsFromNC,
  parseTrueCounts,
} from '../../src/main/app/decisions/trueCounts';

describe('TrueCountLog', () => {
  it('gives a leaf’s counts at any N it went through, in any order of asking', () => {
    const log = new TrueCountLog(3, (leaf) => (leaf === 0 ? [2, 1, 0] : null));
    log.add(0, 2);
    log.add(0, 0);
    log.add(0, 2);
    // N = 3 is the base; each later N adds the next logged class.
    expect(Array.from(log.at(0, 3)!)).toEqual([2, 1, 0]);
    expect(Array.from(log.at(0, 5)!)).toEqual([3, 1, 1]);
    expect(Array.from(log.at(0, 4)!)).toEqual([2, 1, 1]); // back in time: replayed from the base
    expect(Array.from(log.at(0, 6)!)).toEqual([3, 1, 2]);
    expect(Array.from(log.at(0, 99)!)).toEqual([3, 1, 2]); // never beyond what was counted
    expect(log.currentJson(0)).toBe('[3,1,2]');
    // A leaf without per-class counts stays unknown.
    log.add(1, 0);
    expect(log.at(1, 1)).toBeNull();
    expect(log.currentJson(1)).toBeNull();
  });

  it('hands out copies, so a caller cannot change the log’s counts', () => {
    const log = new TrueCountLog(2, () => [1, 1]);
    const a = log.at(0, 2)!;
    a[0] = 100;
    expect(Array.from(log.at(0, 2)!)).toEqual([1, 1]);
  });
});

describe('countsFromNC and parseTrueCounts', () => {
  it('keeps C on the prediction and spreads N − C evenly over the other classes', () => {
    expect(Array.from(countsFromNC(10, 7, 1, 4))).toEqual([1, 7, 1, 1]);
    expect(Array.from(countsFromNC(0, 0, 0, 3))).toEqual([0, 0, 0]);
  });

  it('reads stored counts only when they are K non-negative integers', () => {
    expect(parseTrueCounts('[1,2,3]', 3)).toEqual([1, 2, 3]);
    expect(parseTrueCounts(null, 3)).toBeNull();
    expect(parseTrueCounts('[1,2]', 3)).toBeNull();
    expect(parseTrueCounts('[1,-2,3]', 3)).toBeNull();
    expect(parseTrueCounts('[1,2.5,3]', 3)).toBeNull();
  });
});
