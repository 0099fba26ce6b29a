/** The training-set check: Benign missing, classes under the minimum, and the warning's words. */
import { describe, expect, it } from 'vitest';
import {
  checkTrainingSet,
  checkWarning,
  failsCheck,
  MIN_CLASS_ROWS,
  rowsByClass,
} from '../../src/main/app/loads/trainingCheck';

describe('checkTrainingSet', () => {
  it('flags a set without Benign, leaving out classes with no rows', () => {
    const c = checkTrainingSet({ Benign: 0, DDoS: 2500, PortScan: 2500 });
    expect(c).toEqual({
      minRows: MIN_CLASS_ROWS,
      rowsByClass: { DDoS: 2500, PortScan: 2500 },
      missing: ['Benign'],
      thin: [],
    });
    expect(failsCheck(c)).toBe(true);
    expect(checkWarning(c, 7)).toBe(
      'detector #7 needs confirmation: it was trained without Benign flows, so it calls every flow an attack. It scores no live feed and no re-score until an analyst confirms it or picks another detector.',
    );
    expect(checkWarning(c, 7, 'alice')).toBe(
      'detector #7 was confirmed by alice although it was trained without Benign flows, so it calls every flow an attack.',
    );
  });

  it('flags each present class under the minimum with its count, and only those', () => {
    const c = checkTrainingSet({
      Benign: 5000,
      Heartbleed: MIN_CLASS_ROWS - 19,
      Infiltration: MIN_CLASS_ROWS,
      Web: MIN_CLASS_ROWS - 1,
    });
    expect(c.missing).toEqual([]);
    expect(c.thin).toEqual(['Heartbleed', 'Web']);
    expect(checkWarning(c, null)).toBe(
      `this detector needs confirmation: Heartbleed has ${MIN_CLASS_ROWS - 19}, Web has ${MIN_CLASS_ROWS - 1} labelled rows (fewer than ${MIN_CLASS_ROWS}). It scores no live feed and no re-score until an analyst confirms it or picks another detector.`,
    );
  });

  it('passes a set with Benign and every class at the minimum', () => {
    const c = checkTrainingSet({ Benign: MIN_CLASS_ROWS, DoS: MIN_CLASS_ROWS });
    expect(failsCheck(c)).toBe(false);
    expect(checkWarning(c, 1)).toBeNull();
  });
});

describe('rowsByClass', () => {
  it('counts labelled rows by class name over the first `rows` entries, skipping -1', () => {
    const classes = Int16Array.from([0, 1, 1, -1, 7, 0, 1, 1]);
    expect(
      rowsByClass(classes, 6, ['Benign', 'DDoS', 'x', 'x', 'x', 'x', 'x', 'PortScan']),
    ).toEqual({
      Benign: 2,
      DDoS: 2,
      PortScan: 1,
    });
  });
});
