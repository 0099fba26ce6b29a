/** The incident list's orders and false-positive filter (src/renderer/src/incidents/incidentSort). */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INCIDENT_SORT,
  hideFalsePositives,
  sortIncidents,
} from '../../src/renderer/src/incidents/incidentSort';

/** Incidents as the list gets them: rank 0 is the most serious family. */
const ROWS = [
  {
    id: 'scan',
    severityRank: 9,
    alerts: 500,
    firstSeen: '2017-07-07T17:00:00Z',
    falsePositive: false,
  },
  {
    id: 'ftp',
    severityRank: 6,
    alerts: 3972,
    firstSeen: '2017-07-04T12:19:00Z',
    falsePositive: false,
  },
  {
    id: 'ssh',
    severityRank: 6,
    alerts: 2961,
    firstSeen: '2017-07-04T17:00:00Z',
    falsePositive: false,
  },
  {
    id: 'infil',
    severityRank: 2,
    alerts: 36,
    firstSeen: '2017-07-06T18:00:00Z',
    falsePositive: false,
  },
  {
    id: 'fp-1',
    severityRank: 12,
    alerts: 9,
    firstSeen: '2017-07-03T09:00:00Z',
    falsePositive: true,
  },
  {
    id: 'fp-2',
    severityRank: 12,
    alerts: 9,
    firstSeen: '2017-07-03T08:00:00Z',
    falsePositive: true,
  },
];

const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id);

describe('sortIncidents', () => {
  it('puts the most serious first by default, the larger first within a severity', () => {
    expect(DEFAULT_INCIDENT_SORT).toEqual({ key: 'severity', desc: true });
    expect(ids(sortIncidents(ROWS, DEFAULT_INCIDENT_SORT))).toEqual([
      'infil',
      'ftp',
      'ssh',
      'scan',
      'fp-2',
      'fp-1',
    ]);
  });

  it('ascending severity puts the least serious first, ties still larger then earlier first', () => {
    expect(ids(sortIncidents(ROWS, { key: 'severity', desc: false }))).toEqual([
      'fp-2',
      'fp-1',
      'scan',
      'ftp',
      'ssh',
      'infil',
    ]);
  });

  it('sorts by size (alerts) either way, ties by severity', () => {
    expect(ids(sortIncidents(ROWS, { key: 'alerts', desc: true }))).toEqual([
      'ftp',
      'ssh',
      'scan',
      'infil',
      'fp-2',
      'fp-1',
    ]);
    expect(ids(sortIncidents(ROWS, { key: 'alerts', desc: false })).slice(0, 3)).toEqual([
      'fp-2',
      'fp-1',
      'infil',
    ]);
  });

  it('sorts by first seen, latest first or earliest first', () => {
    const asc = ids(sortIncidents(ROWS, { key: 'time', desc: false }));
    expect(asc).toEqual(['fp-2', 'fp-1', 'ftp', 'ssh', 'infil', 'scan']);
    expect(ids(sortIncidents(ROWS, { key: 'time', desc: true }))).toEqual([...asc].reverse());
  });

  it('gives the same order whatever the input order, and leaves the input alone', () => {
    const reversed = [...ROWS].reverse();
    const before = ids(reversed);
    for (const key of ['severity', 'alerts', 'time'] as const)
      for (const desc of [true, false])
        expect(ids(sortIncidents(reversed, { key, desc }))).toEqual(
          ids(sortIncidents(ROWS, { key, desc })),
        );
    expect(ids(reversed)).toEqual(before);
  });
});

describe('hideFalsePositives', () => {
  it('hides false positives and counts them', () => {
    const { shown, hidden } = hideFalsePositives(ROWS, true);
    expect(ids(shown)).toEqual(['scan', 'ftp', 'ssh', 'infil']);
    expect(hidden).toBe(2);
  });

  it('shows everything when asked, hiding none', () => {
    const { shown, hidden } = hideFalsePositives(ROWS, false);
    expect(shown).toHaveLength(ROWS.length);
    expect(hidden).toBe(0);
  });
});
