import { describe, expect, it } from 'vitest';
import { TRAFFIC_CLASSES } from '../../src/shared/classes';
import type { TrafficClass } from '../../src/shared/classes';
import { FEATURE_COUNT, FEATURE_INDEX } from '../../src/main/domain/ingest/schema';
import {
  classCounts,
  DEFAULT_START_TIME_MS,
  generateFlows,
  loadDemoProfile,
  PAPER_CLASS_COUNTS,
} from '../../src/main/domain/demo';
import type { DemoOptions, SyntheticFlow } from '../../src/main/domain/demo';

const profile = loadDemoProfile();
const flows = (opts: DemoOptions): SyntheticFlow[] => [...generateFlows(profile, opts)];
const countBy = (fs: SyntheticFlow[]): Record<string, number> =>
  fs.reduce<Record<string, number>>((m, f) => ((m[f.cls] = (m[f.cls] ?? 0) + 1), m), {});

describe('classCounts', () => {
  it('splits rows in the paper proportions, summing exactly', () => {
    const rows = 100_000;
    const counts = classCounts(rows, 'paper');
    const total = Object.values(PAPER_CLASS_COUNTS).reduce((a, b) => a + b, 0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rows);
    TRAFFIC_CLASSES.forEach((c, i) =>
      expect(Math.abs((counts[i] as number) - (rows * PAPER_CLASS_COUNTS[c]) / total)).toBeLessThan(
        1,
      ),
    );
  });

  it('honours custom weights and rejects bad mixes', () => {
    expect(classCounts(10, { DDoS: 1, Web: 1 })).toEqual([0, 5, 0, 0, 0, 5, 0, 0]);
    expect(() =>
      classCounts(10, { Bot: 1 } as unknown as Partial<Record<TrafficClass, number>>),
    ).toThrow(/unknown classes/);
    expect(() => classCounts(10, {})).toThrow(/positive weight/);
    expect(() => classCounts(1.5)).toThrow(/integer/);
  });
});

describe('generateFlows', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = flows({ rows: 300, seed: 42, mix: 'balanced' });
    const b = flows({ rows: 300, seed: 42, mix: 'balanced' });
    const c = flows({ rows: 300, seed: 43, mix: 'balanced' });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('produces the requested class mix', () => {
    const fs = flows({ rows: 20_000, seed: 1 });
    const got = countBy(fs);
    const want = classCounts(20_000, 'paper');
    TRAFFIC_CLASSES.forEach((c, i) => expect(got[c] ?? 0).toBe(want[i]));
    // The paper mix is ~80% benign.
    expect((got['Benign'] ?? 0) / fs.length).toBeCloseTo(0.803, 2);
  });

  it('has every class for the balanced mix, each with a label of its own', () => {
    const fs = flows({ rows: 1600, seed: 9, mix: 'balanced' });
    const got = countBy(fs);
    for (const c of TRAFFIC_CLASSES) expect(got[c]).toBe(200);
    const labelOf: Record<string, RegExp> = {
      Benign: /^BENIGN$/,
      DDoS: /^DDoS$/,
      DoS: /^DoS (Hulk|GoldenEye|slowloris|Slowhttptest)$/,
      'FTP-Patator': /^FTP-Patator$/,
      'SSH-Patator': /^SSH-Patator$/,
      Web: /^Web Attack - (Brute Force|XSS|Sql Injection)$/,
      Infiltration: /^Infiltration$/,
      PortScan: /^PortScan$/,
    };
    for (const f of fs) expect(f.label).toMatch(labelOf[f.cls] as RegExp);
  });

  it('keeps time monotonic and attacks in a few bursts from a few attackers', () => {
    const fs = flows({
      rows: 20_000,
      seed: 3,
      mix: 'balanced',
      startTimeMs: DEFAULT_START_TIME_MS,
    });
    expect(fs[0]?.timeMs).toBeGreaterThanOrEqual(DEFAULT_START_TIME_MS);
    for (let i = 1; i < fs.length; i++)
      expect((fs[i] as SyntheticFlow).timeMs).toBeGreaterThanOrEqual(
        (fs[i - 1] as SyntheticFlow).timeMs,
      );
    for (const cls of TRAFFIC_CLASSES.filter((c) => c !== 'Benign')) {
      const own = fs.filter((f) => f.cls === cls);
      const attackers = new Set(own.map((f) => f.srcIp));
      expect(attackers.size).toBeLessThanOrEqual(4);
      // Bursts: gaps of more than a minute between consecutive flows of the class.
      const bursts =
        1 +
        own.filter((f, i) => i > 0 && f.timeMs - (own[i - 1] as SyntheticFlow).timeMs > 60_000)
          .length;
      expect(bursts).toBeLessThanOrEqual(8);
    }
  });

  it('gives plausible entities consistent with the features', () => {
    const fs = flows({ rows: 4000, seed: 11, mix: 'balanced' });
    const ip = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
    for (const f of fs) {
      expect(f.features).toBeInstanceOf(Float64Array);
      expect(f.features.length).toBe(FEATURE_COUNT);
      expect(f.dstPort).toBe(f.features[FEATURE_INDEX['Destination Port']]);
      expect(f.protocol).toBe(f.features[FEATURE_INDEX['Protocol']]);
      expect(f.srcIp).toMatch(ip);
      expect(f.dstIp).toMatch(ip);
      expect(f.srcIp).not.toBe(f.dstIp);
      expect(f.srcPort).toBeGreaterThanOrEqual(0);
      expect(f.srcPort).toBeLessThanOrEqual(65535);
      if (f.cls !== 'Benign' && f.cls !== 'Infiltration')
        expect(f.dstIp).toMatch(/^192\.168\.10\./);
    }
    const ftp = fs.filter((f) => f.cls === 'FTP-Patator');
    expect(ftp.every((f) => f.dstPort === 21 && f.protocol === 6)).toBe(true);
    expect(fs.filter((f) => f.cls === 'SSH-Patator').every((f) => f.dstPort === 22)).toBe(true);
  });

  it('rejects invalid options', () => {
    expect(() => flows({ rows: -1, seed: 1 })).toThrow(RangeError);
    expect(() => flows({ rows: 10, seed: 0.5 })).toThrow(/seed/);
  });
});
