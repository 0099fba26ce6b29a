import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRAFFIC_CLASSES } from '../../src/shared/classes';
import {
  DEMO_PROFILE_FORMAT,
  defaultDemoProfilePath,
  loadDemoProfile,
  parseDemoProfile,
} from '../../src/main/domain/demo';
import { MODELLED_FEATURES } from '../../src/main/domain/demo/identities';

const path = defaultDemoProfilePath();
const raw = (): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** A deep copy of the committed profile, to break in one place. */
const copy = (): ReturnType<typeof raw> & {
  classes: Record<string, { clusters: { q: unknown[]; r: number[] }[] }>;
} => raw() as ReturnType<typeof copy>;

describe('the committed demo profile', () => {
  it('says it is synthetic, where it was fitted from, when and how, before anything else', () => {
    const keys = Object.keys(raw());
    expect(keys.slice(0, 5)).toEqual(['synthetic', 'notice', 'fittedFrom', 'fittedAt', 'command']);
    const p = loadDemoProfile();
    expect(p.synthetic).toBe(true);
    expect(p.notice).toMatch(/^SYNTHETIC/);
    expect(p.fittedFrom).toMatch(/CICIDS2017/);
    expect(p.fittedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.command).toMatch(/^npx tsx scripts\/fit-demo-profile\.ts /);
    expect(p.format).toBe(DEMO_PROFILE_FORMAT);
  });

  it('is small and covers every class', () => {
    expect(statSync(path).size).toBeLessThan(400 * 1024);
    const p = loadDemoProfile();
    for (const c of TRAFFIC_CLASSES) expect(p.classes[c].clusters.length).toBeGreaterThan(0);
    expect(p.features).toEqual(MODELLED_FEATURES);
  });
});

describe('profile validation', () => {
  it('rejects a profile not marked synthetic', () => {
    const p = copy();
    p.synthetic = false;
    expect(() => parseDemoProfile(p, 'test')).toThrow(
      /invalid demo profile \(test\)[\s\S]*synthetic/,
    );
  });

  it('rejects a missing class with its name', () => {
    const p = copy();
    delete p.classes['Web'];
    expect(() => parseDemoProfile(p)).toThrow(/classes\.Web/);
  });

  it('rejects decreasing quantiles, naming the class, cluster and feature', () => {
    const p = copy();
    const cluster = p.classes['DoS']?.clusters[0];
    const j = MODELLED_FEATURES.indexOf('Flow Duration');
    if (!cluster) throw new Error('fixture: DoS has no cluster');
    cluster.q[j] = [5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(() => parseDemoProfile(p)).toThrow(
      /Flow Duration: quantiles must not decrease[\s\S]*classes\.DoS\.clusters\[0\]\.q\[\d+\]/,
    );
  });

  it('rejects a cluster with the wrong number of loadings', () => {
    const p = copy();
    p.classes['Benign']?.clusters[0]?.r.pop();
    expect(() => parseDemoProfile(p)).toThrow(/needs \d+ loadings/);
  });

  it('rejects a feature list that does not match the modelled features', () => {
    const p = copy();
    p.features = (p.features as string[]).map((f) => (f === 'Flow Duration' ? 'Flow Duraton' : f));
    expect(() => parseDemoProfile(p)).toThrow(
      /missing \[Flow Duration\], unexpected \[Flow Duraton\]/,
    );
  });

  it('explains an unreadable file', () => {
    expect(() => loadDemoProfile('/nonexistent/demo-profile.json')).toThrow(
      /cannot read demo profile/,
    );
  });
});
