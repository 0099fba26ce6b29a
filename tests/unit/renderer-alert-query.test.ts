/** The alert queue's filter state and the alerts.query arguments it becomes. */
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../src/shared/contract';
import {
  defaultDesc,
  filtersFrom,
  hasFilters,
  MAX_TEXT,
  NO_FILTERS,
  normaliseText,
  parseConfidenceRange,
  queryArgs,
  withQueueFilter,
  type AlertQuery,
} from '../../src/renderer/src/alerts/query';

const base: AlertQuery = { ...NO_FILTERS, datasetId: 3, sort: 'id', desc: true };

describe('queryArgs', () => {
  it('sends only the filters that are set', () => {
    expect(queryArgs(base, 400, 200)).toEqual({
      datasetId: 3,
      offset: 400,
      limit: 200,
      sort: 'id',
      desc: true,
    });
  });

  it('carries every filter, and the result passes the contract', () => {
    const q: AlertQuery = {
      ...NO_FILTERS,
      datasetId: 3,
      sort: 'probability',
      desc: false,
      predictedClass: 'DoS',
      status: 'pending',
      minConfidence: 0,
      maxConfidence: 0.9,
      action: 0,
      signatureId: 17,
      text: '10.0.0.5',
      minRisk: 0.2,
      needsReview: true,
      signatureIds: [17, 18],
      src: '172.16.0.1',
      dstPort: 21,
      hideBenign: true,
    };
    const args = queryArgs(q, 0, 200);
    // Zero bounds and action 0 are filters, not "unset".
    expect(args).toMatchObject({ minConfidence: 0, action: 0, maxConfidence: 0.9 });
    expect(validateRequest('alerts.query', args)).toMatchObject({
      predictedClass: 'DoS',
      status: 'pending',
      signatureId: 17,
      signatureIds: [17, 18],
      src: '172.16.0.1',
      dstPort: 21,
      hideBenign: true,
      text: '10.0.0.5',
      sort: 'probability',
      minRisk: 0.2,
      needsReview: true,
    });
  });

  it('trims search text and drops it when blank', () => {
    expect(queryArgs({ ...base, text: '  192.168.1.4 ' }, 0, 10).text).toBe('192.168.1.4');
    expect(queryArgs({ ...base, text: '   ' }, 0, 10)).not.toHaveProperty('text');
  });
});

describe('normaliseText', () => {
  it('trims, cuts to the contract maximum, and maps empty to undefined', () => {
    expect(normaliseText('')).toBeUndefined();
    expect(normaliseText(' \t')).toBeUndefined();
    expect(normaliseText(' a b ')).toBe('a b');
    expect(normaliseText('x'.repeat(MAX_TEXT + 50))).toHaveLength(MAX_TEXT);
  });
});

describe('parseConfidenceRange', () => {
  it('treats empty bounds as unbounded', () => {
    expect(parseConfidenceRange('', '')).toEqual({ ok: true, min: undefined, max: undefined });
    expect(parseConfidenceRange('0.5', ' ')).toEqual({ ok: true, min: 0.5, max: undefined });
  });

  it('accepts the closed interval [0, 1] and equal bounds', () => {
    expect(parseConfidenceRange('0', '1')).toEqual({ ok: true, min: 0, max: 1 });
    expect(parseConfidenceRange('0.7', '0.7')).toEqual({ ok: true, min: 0.7, max: 0.7 });
  });

  it('refuses numbers outside [0, 1], text, and a minimum above the maximum', () => {
    expect(parseConfidenceRange('1.2', '')).toMatchObject({ ok: false });
    expect(parseConfidenceRange('', '-0.1')).toMatchObject({ ok: false });
    expect(parseConfidenceRange('abc', '')).toMatchObject({ ok: false });
    expect(parseConfidenceRange('0.9', '0.2')).toEqual({
      ok: false,
      error: 'minimum is above maximum',
    });
  });
});

describe('filters from the graph', () => {
  it('a carried filter replaces everything', () => {
    expect(filtersFrom({ signatureId: 5 })).toEqual({ ...NO_FILTERS, signatureId: 5 });
    expect(filtersFrom({ predictedClass: 'PortScan' })).toEqual({
      ...NO_FILTERS,
      predictedClass: 'PortScan',
    });
    expect(filtersFrom(undefined)).toEqual(NO_FILTERS);
  });

  it('a click on this screen swaps class for signature and keeps the other filters', () => {
    const cur = { ...NO_FILTERS, predictedClass: 'DoS', status: 'pending' as const, text: 'x' };
    expect(withQueueFilter(cur, { signatureId: 9 })).toEqual({
      ...cur,
      predictedClass: undefined,
      signatureId: 9,
    });
    expect(withQueueFilter({ ...cur, signatureId: 9 }, { predictedClass: 'Web' })).toEqual({
      ...cur,
      predictedClass: 'Web',
      signatureId: undefined,
    });
  });

  it('hasFilters sees any filter, including zero values', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, minConfidence: 0 })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, action: 0 })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, needsReview: true })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, minRisk: 0.05 })).toBe(true);
  });
});

describe('defaultDesc', () => {
  it('starts numeric columns high and named ones in natural order', () => {
    expect(defaultDesc('id')).toBe(true);
    expect(defaultDesc('confidence')).toBe(true);
    expect(defaultDesc('probability')).toBe(true);
    expect(defaultDesc('class')).toBe(false);
    expect(defaultDesc('action')).toBe(false);
    // Riskiest first; the lowest expected reward first.
    expect(defaultDesc('risk')).toBe(true);
    expect(defaultDesc('reward')).toBe(false);
  });
});
