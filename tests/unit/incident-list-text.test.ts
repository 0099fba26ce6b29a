/**
 * Words of the incident list: times with their day when the list spans days, attack stages as
 * ATT&CK tactics in words, techniques by name. Times are built in local time so the expected text
 * holds in any time zone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILY_TECHNIQUES } from '../../src/main/domain/ir/grounded';
import { attackTactics, ATTACK_TECHNIQUES } from '../../src/shared/contract';
import { formatWhen, spansDays } from '../../src/renderer/src/format';
import {
  listNeedsDates,
  spanText,
  tacticsText,
  techniqueText,
} from '../../src/renderer/src/incidents/incidentText';

/** A local time as ISO (July is month 6). */
const at = (day: number, h: number, m: number, s = 0): string =>
  new Date(2017, 6, day, h, m, s).toISOString();

describe('formatWhen', () => {
  it('writes the day as "Wed 5 Jul" before the clock when asked', () => {
    expect(formatWhen(at(5, 15, 56, 7), true)).toBe('Wed 5 Jul 15:56:07');
    expect(formatWhen(at(3, 8, 1), true)).toBe('Mon 3 Jul 08:01:00');
  });

  it('drops the seconds when asked', () => {
    expect(formatWhen(at(5, 15, 56, 7), true, false)).toBe('Wed 5 Jul 15:56');
    expect(formatWhen(at(5, 15, 56, 7), false, false)).toBe('15:56');
  });

  it('writes the clock alone otherwise, and leaves an unparsable time as given', () => {
    expect(formatWhen(at(5, 15, 56, 7), false)).toBe('15:56:07');
    expect(formatWhen('not a time', true)).toBe('not a time');
  });
});

describe('spansDays / listNeedsDates', () => {
  it('is false for times on one day and true across midnight', () => {
    expect(spansDays([at(4, 0, 0), at(4, 23, 59, 59)])).toBe(false);
    expect(spansDays([at(4, 23, 59, 59), at(5, 0, 0)])).toBe(true);
    expect(spansDays([])).toBe(false);
  });

  it('looks at every incident’s first and last time', () => {
    const day4 = { firstSeen: at(4, 9, 0), lastSeen: at(4, 10, 0) };
    expect(listNeedsDates([day4, { firstSeen: at(4, 12, 0), lastSeen: at(4, 13, 0) }])).toBe(false);
    expect(listNeedsDates([day4, { firstSeen: at(4, 23, 0), lastSeen: at(5, 1, 0) }])).toBe(true);
  });
});

describe('spanText', () => {
  it('gives the clock alone on a one-day list', () => {
    expect(spanText({ firstSeen: at(4, 12, 19, 20), lastSeen: at(4, 13, 20, 13) }, false)).toBe(
      '12:19:20 – 13:20:13 (1h 00m)',
    );
  });

  it('dates the start on a multi-day list, and the end only when it is another day', () => {
    expect(spanText({ firstSeen: at(4, 12, 19, 20), lastSeen: at(4, 12, 20, 0) }, true)).toBe(
      'Tue 4 Jul 12:19:20 – 12:20:00 (40s)',
    );
    expect(spanText({ firstSeen: at(4, 23, 50), lastSeen: at(5, 0, 10) }, true)).toBe(
      'Tue 4 Jul 23:50:00 – Wed 5 Jul 00:10:00 (20m 00s)',
    );
    expect(spanText({ firstSeen: at(4, 23, 50), lastSeen: at(5, 0, 10, 5) }, true, false)).toBe(
      'Tue 4 Jul 23:50 – Wed 5 Jul 00:10 (20m 05s)',
    );
  });
});

describe('attack stages in words', () => {
  it('reads techniques as tactics in kill-chain order, each once', () => {
    expect(attackTactics(['T1110', 'T1046', 'T1190', 'T1110'])).toEqual([
      'initial access',
      'credential access',
      'discovery',
    ]);
    expect(attackTactics(['T1498', 'T1071'])).toEqual(['command and control', 'impact']);
    expect(attackTactics(['T9999'])).toEqual([]);
  });

  it('names every technique the desk uses (families and the hypothesis catalogue)', () => {
    for (const [code, t] of Object.entries(ATTACK_TECHNIQUES)) {
      expect(t.name, code).not.toMatch(/^T\d/);
      expect(techniqueText(code)).toBe(`${t.name} (${t.tactic})`);
    }
    const catalogue = readFileSync('resources/ir-hypotheses.json', 'utf8');
    const used = new Set([
      ...Object.values(FAMILY_TECHNIQUES).flat(),
      ...(catalogue.match(/"T\d{4}(\.\d{3})?"/g) ?? []).map((q) => q.slice(1, -1)),
    ]);
    expect(used.size).toBeGreaterThan(5);
    for (const code of used) expect(ATTACK_TECHNIQUES[code], code).toBeDefined();
    expect(techniqueText('T1110')).toBe('Brute Force (credential access)');
    expect(techniqueText('T9999')).toBe('T9999');
  });

  it('joins tactics as one line, a dash for none', () => {
    expect(tacticsText(['discovery', 'initial access'])).toBe('discovery → initial access');
    expect(tacticsText([])).toBe('—');
  });
});
