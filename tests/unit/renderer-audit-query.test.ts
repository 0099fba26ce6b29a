/** The Audit screen's form as `audit.list` arguments, its page range and rows' details in words. */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_AUDIT_FORM,
  auditFilterOf,
  detailSummary,
  rangeText,
} from '../../src/renderer/src/audit/auditQuery';
import { validateRequest } from '../../src/shared/contract';

describe('auditFilterOf', () => {
  it('sends nothing for an empty form, and what the contract accepts for a full one', () => {
    expect(auditFilterOf(EMPTY_AUDIT_FORM)).toEqual({});
    const f = auditFilterOf({
      actor: 'alice',
      action: 'alert.approve',
      from: '2026-03-01T09:30',
      to: '2026-03-01T10:00',
      alertId: ' 42 ',
      group: ' sig:12|10.0.0.1|192.168.1.5:80 ',
    });
    expect(f).toMatchObject({ actor: 'alice', action: 'alert.approve', alertId: 42 });
    expect(f.group).toBe('sig:12|10.0.0.1|192.168.1.5:80');
    // Local times as UTC instants; `to` runs to the end of its minute.
    expect(f.from).toBe(new Date('2026-03-01T09:30').toISOString());
    expect(new Date(f.to!).getTime() - new Date('2026-03-01T10:00').getTime()).toBe(59_999);
    expect(() => validateRequest('audit.list', { ...f, offset: 0, limit: 50 })).not.toThrow();
  });

  it('leaves out an alert id that is not a positive whole number', () => {
    for (const alertId of ['0', '-3', '1.5', 'abc'])
      expect(auditFilterOf({ ...EMPTY_AUDIT_FORM, alertId })).toEqual({});
  });

  it('ends a `to` with seconds at the end of that second', () => {
    const f = auditFilterOf({ ...EMPTY_AUDIT_FORM, to: '2026-03-01T10:00:30' });
    expect(new Date(f.to!).getTime() - new Date('2026-03-01T10:00:30').getTime()).toBe(999);
  });
});

describe('rangeText', () => {
  it('names the rows shown and the total', () => {
    expect(rangeText(0, 0, 0)).toBe('No rows match');
    expect(rangeText(50, 50, 1234)).toBe('Rows 51–100 of 1,234');
  });
});

describe('detailSummary', () => {
  it('reads a decision: prediction, disposition, actions, group and note', () => {
    const detail = {
      previousStatus: 'pending',
      predictedClass: 'DoS',
      trueClass: 'Benign',
      recommended: { action: 'M1037', probability: 0.8 },
      decided: 'NONE',
      group: 'sig:12|10.0.0.1|192.168.1.5:80',
      note: 'noise',
    };
    expect(detailSummary({ detail })).toBe(
      'predicted DoS, actually Benign · recommended M1037 · decided NONE · ' +
        'group sig:12|10.0.0.1|192.168.1.5:80 · “noise”',
    );
    expect(
      detailSummary({ detail: { predictedClass: 'DoS', trueClass: 'DoS', recommended: null } }),
    ).toBe('predicted DoS (confirmed) · nothing recommended');
  });

  it('reads an automatic approval and falls back to key: value pairs', () => {
    expect(
      detailSummary({ detail: { predictedClass: 'DDoS', confidence: 0.98765, threshold: 0.95 } }),
    ).toBe('predicted DDoS · confidence 0.988 ≥ 0.95');
    expect(detailSummary({ detail: { demo: { rows: 20 }, jobId: 'j1' } })).toBe(
      'demo: {"rows":20} · jobId: j1',
    );
    expect(detailSummary({ detail: null })).toBe('');
    expect(detailSummary({ detail: 'x'.repeat(500) })).toHaveLength(200);
  });
});
