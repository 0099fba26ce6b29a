/**
 * The fitted demo-data profile (resources/demo-profile.json): its schema, validation and loader.
 * The profile holds per-class mixtures of clusters of CICFlowMeter feature distributions; it holds
 * no flow records. scripts/fit-demo-profile.ts writes it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import { FEATURES } from '../ingest/schema';
import { resourcePath } from '../../runtime/paths';
import { MODELLED_FEATURES } from './identities';

/** The profile format this code reads and the fit script writes. */
export const DEMO_PROFILE_FORMAT = 'rampart-demo-profile/1';

/**
 * One feature's distribution within a cluster: a constant; or its values at the profile's quantile
 * `levels`; or explicit knots [u, x] of a piecewise-linear quantile function, where two knots with
 * the same x make an atom (a value held by a share of the flows, such as a port or a window size).
 */
const quantileSchema = z.union([
  z.number(),
  z.array(z.number()),
  z.tuple([z.array(z.number()), z.array(z.number())]),
  z.object({ v: z.array(z.number()), p: z.array(z.number()) }),
]);

/** Where a class's flows go for one destination port (port null: every other port). */
const endpointSchema = z.object({
  port: z.number().int().min(0).max(65535).nullable(),
  share: z.number().min(0).max(1),
  /** Share of flows whose source port equals the destination port (NTP, NetBIOS). */
  samePort: z.number().min(0).max(1),
  /** [address, share]; the shares may sum below 1, the rest being other addresses. */
  src: z.array(z.tuple([z.string().min(1), z.number().min(0).max(1)])),
  dst: z.array(z.tuple([z.string().min(1), z.number().min(0).max(1)])),
});

const clusterSchema = z.object({
  /** Share of the class's flows. */
  w: z.number().positive(),
  /** IP protocol of every flow in the cluster (clusters are fitted within one protocol). */
  proto: z.number().int().min(0).max(255),
  /** Share of each of the class's labels in this cluster. */
  labels: z.array(z.number().min(0)),
  /** One distribution per profile feature. */
  q: z.array(quantileSchema),
  /** One-factor Gaussian-copula loading per profile feature. */
  r: z.array(z.number().min(-1).max(1)),
});

const classSchema = z.object({
  /** Real rows the class was fitted from. */
  fittedRows: z.number().int().min(0),
  /** Original CIC-IDS2017 labels the class writes. */
  labels: z.array(z.string().min(1)).min(1),
  endpoints: z.array(endpointSchema).min(1),
  clusters: z.array(clusterSchema).min(1),
});

const baseSchema = z.object({
  /** Always true: everything generated from this profile is synthetic. */
  synthetic: z.literal(true),
  notice: z.string(),
  fittedFrom: z.string().min(1),
  fittedAt: z.string().min(1),
  command: z.string().min(1),
  format: z.literal(DEMO_PROFILE_FORMAT),
  /** The modelled features, in the order of each cluster's q and r. */
  features: z.array(z.string()),
  /** Features whose real values are all integers; sampled values are rounded. */
  integerFeatures: z.array(z.string()),
  /** Quantile levels of the plain quantile arrays. */
  levels: z.array(z.number().min(0).max(1)).min(2),
  classes: z.record(z.enum(TRAFFIC_CLASSES), classSchema),
});

const isSorted = (a: readonly number[]): boolean =>
  a.every((x, i) => i === 0 || x >= (a[i - 1] as number));

/** Cross-field checks zod's shapes cannot express; `add` reports one problem at a path. */
function checkProfile(
  p: z.infer<typeof baseSchema>,
  add: (path: (string | number)[], msg: string) => void,
): void {
  const missing = MODELLED_FEATURES.filter((f) => !p.features.includes(f));
  const extra = p.features.filter((f) => !(MODELLED_FEATURES as readonly string[]).includes(f));
  if (missing.length || extra.length || p.features.length !== MODELLED_FEATURES.length) {
    add(
      ['features'],
      `must list the ${MODELLED_FEATURES.length} modelled features; missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
    );
  }
  const unknownInt = p.integerFeatures.filter((f) => !(FEATURES as readonly string[]).includes(f));
  if (unknownInt.length) add(['integerFeatures'], `unknown features [${unknownInt.join(', ')}]`);
  if (!isSorted(p.levels) || p.levels[0] !== 0 || p.levels[p.levels.length - 1] !== 1) {
    add(['levels'], 'must increase from 0 to 1');
  }
  const nf = p.features.length;
  for (const cls of TRAFFIC_CLASSES) {
    const c = p.classes[cls];
    if (c.endpoints.filter((e) => e.port === null).length !== 1) {
      add(['classes', cls, 'endpoints'], 'needs exactly one catch-all endpoint (port null)');
    }
    c.clusters.forEach((k, ki) => {
      const at = ['classes', cls, 'clusters', ki];
      if (k.labels.length !== c.labels.length)
        add([...at, 'labels'], `needs ${c.labels.length} shares`);
      if (k.q.length !== nf) add([...at, 'q'], `needs ${nf} distributions, has ${k.q.length}`);
      if (k.r.length !== nf) add([...at, 'r'], `needs ${nf} loadings, has ${k.r.length}`);
      k.q.forEach((q, fi) => {
        const bad = quantileProblem(q, p.levels.length);
        if (bad) add([...at, 'q', fi], `${p.features[fi] ?? '?'}: ${bad}`);
      });
    });
  }
}

/** Why one feature distribution is malformed, or null. */
function quantileProblem(q: z.infer<typeof quantileSchema>, levels: number): string | null {
  if (typeof q === 'number') return null;
  if (!Array.isArray(q)) {
    if (q.v.length !== q.p.length || q.v.length < 1)
      return 'discrete v and p need the same length ≥ 1';
    if (!isSorted(q.p) || (q.p[0] as number) < 0 || q.p[q.p.length - 1] !== 1)
      return 'discrete p must rise to 1';
    return isSorted(q.v) ? null : 'discrete v must not decrease';
  }
  if (q.length === 2 && Array.isArray(q[0])) {
    const [u, x] = q as [number[], number[]];
    if (u.length !== x.length || u.length < 2)
      return 'knots need matching u and x arrays of length ≥ 2';
    if (!isSorted(u) || u[0] !== 0 || u[u.length - 1] !== 1)
      return 'knot u must increase from 0 to 1';
    return isSorted(x) ? null : 'knot x must not decrease';
  }
  const x = q as number[];
  if (x.length !== levels) return `needs ${levels} quantiles, has ${x.length}`;
  return isSorted(x) ? null : 'quantiles must not decrease';
}

/** Zod schema of a demo profile, cross-field checks included. */
export const demoProfileSchema = baseSchema.superRefine((p, ctx) =>
  checkProfile(p, (path, message) => ctx.addIssue({ code: 'custom', path, message })),
);

/** A validated demo profile. */
export type DemoProfile = z.infer<typeof demoProfileSchema>;

/** Validates parsed JSON as a demo profile; throws an Error listing every problem with its path. */
export function parseDemoProfile(json: unknown, source = 'demo profile'): DemoProfile {
  const r = demoProfileSchema.safeParse(json);
  if (!r.success) throw new Error(`invalid demo profile (${source}):\n${z.prettifyError(r.error)}`);
  return r.data;
}

/** Default location of the committed profile. */
export function defaultDemoProfilePath(): string {
  return resourcePath('demo-profile.json');
}

/** Reads and validates a demo profile (default: resources/demo-profile.json). */
export function loadDemoProfile(path: string = defaultDemoProfilePath()): DemoProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read demo profile ${path}: ${(e as Error).message}`);
  }
  return parseDemoProfile(json, path);
}
