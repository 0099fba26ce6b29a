/**
 * The synthetic flow stream: a timeline of classes (scenario.ts), a feature vector per flow drawn
 * from the class's fitted mixture (sampler.ts), a label and the hosts. Three independent RNG
 * streams (time, features, entities) derive from the seed, so the output depends on the options
 * only.
 */
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import type { TrafficClass } from '../../../shared/classes';
import { FEATURE_COUNT, FEATURE_INDEX } from '../ingest/schema';
import type { DemoProfile } from './profile';
import { Sfc32 } from '../random';
import { makeZeroDuration } from './identities';
import { compileProfile, sampleCluster } from './sampler';
import type { CompiledClass } from './sampler';
import { classCounts, DEFAULT_START_TIME_MS, Entities, Timeline } from './scenario';
import type { DemoOptions, SyntheticFlow } from './types';

/** A flow being filled in place (the hot path allocates nothing per row). */
export type FlowRecord = Omit<SyntheticFlow, 'cls'> & {
  /** Class index into TRAFFIC_CLASSES (the name is looked up only when a flow is handed out). */
  cls: number;
};

/** A blank record to pass to {@link FlowSource.next}. */
export function newFlowRecord(): FlowRecord {
  return {
    features: new Float64Array(FEATURE_COUNT),
    cls: 0,
    label: '',
    srcIp: '',
    srcPort: 0,
    dstIp: '',
    dstPort: 0,
    protocol: 0,
    timeMs: 0,
  };
}

const compiled = new WeakMap<DemoProfile, CompiledClass[]>();

function compiledClasses(profile: DemoProfile): CompiledClass[] {
  let c = compiled.get(profile);
  if (!c) {
    const byName = compileProfile(profile);
    c = TRAFFIC_CLASSES.map((name) => byName.get(name) as CompiledClass);
    compiled.set(profile, c);
  }
  return c;
}

function checkOptions(opts: DemoOptions): void {
  if (!Number.isSafeInteger(opts.seed))
    throw new RangeError(`seed must be an integer, got ${opts.seed}`);
  if (opts.startTimeMs !== undefined && !Number.isFinite(opts.startTimeMs)) {
    throw new RangeError(`startTimeMs must be finite, got ${opts.startTimeMs}`);
  }
  const z = opts.zeroDurationShare;
  if (z !== undefined && !(z >= 0 && z <= 1)) {
    throw new RangeError(`zeroDurationShare must be in 0..1, got ${z}`);
  }
}

/** Pull-based generator of synthetic flows; {@link generateFlows} and the CSV writer wrap it. */
export class FlowSource {
  /** Rows per class (TRAFFIC_CLASSES order). */
  readonly counts: number[];
  readonly total: number;
  private readonly classes: CompiledClass[];
  private readonly timeline: Timeline;
  private readonly entities: Entities;
  private readonly featureRng: Sfc32;
  /** Draws which flows have zero duration; null when none do. */
  private readonly zeroRng: Sfc32 | null;
  private readonly zeroShare: number;
  private readonly start: number;

  constructor(profile: DemoProfile, opts: DemoOptions) {
    checkOptions(opts);
    this.counts = classCounts(opts.rows, opts.mix ?? 'paper');
    this.total = opts.rows;
    this.classes = compiledClasses(profile);
    this.start = opts.startTimeMs ?? DEFAULT_START_TIME_MS;
    this.featureRng = new Sfc32(opts.seed, 2);
    this.zeroShare = opts.zeroDurationShare ?? 0;
    this.zeroRng = this.zeroShare > 0 ? new Sfc32(opts.seed, 4) : null;
    this.entities = new Entities(profile, new Sfc32(opts.seed, 3));
    this.timeline = new Timeline(this.counts, new Sfc32(opts.seed, 1), (c) =>
      this.entities.attacker(c),
    );
  }

  /** Fills `rec` with the next flow; false when all rows have been produced. */
  next(rec: FlowRecord): boolean {
    const ev = this.timeline.next();
    if (!ev) return false;
    const cc = this.classes[ev.cls] as CompiledClass;
    const rng = this.featureRng;
    const cluster = cc.clusters[rng.pickCumulative(cc.clusterCum)];
    if (!cluster) throw new Error('demo profile class without clusters');
    sampleCluster(cluster, rng, rec.features);
    if (this.zeroRng !== null && this.zeroRng.float() < this.zeroShare) {
      makeZeroDuration(rec.features);
    }
    rec.cls = ev.cls;
    rec.label = cc.labels[rng.pickCumulative(cluster.labelCum)] as string;
    rec.dstPort = rec.features[FEATURE_INDEX['Destination Port']] as number;
    rec.protocol = cluster.proto;
    rec.timeMs = Math.floor(this.start + ev.t * 1000);
    this.entities.fill(ev, rec.dstPort, rec);
    return true;
  }
}

/** Yields `opts.rows` synthetic flows; each yielded flow owns its feature array. */
export function* generateFlows(profile: DemoProfile, opts: DemoOptions): Generator<SyntheticFlow> {
  const src = new FlowSource(profile, opts);
  const rec = newFlowRecord();
  while (src.next(rec)) {
    yield {
      features: rec.features.slice(),
      cls: TRAFFIC_CLASSES[rec.cls] as TrafficClass,
      label: rec.label,
      srcIp: rec.srcIp,
      srcPort: rec.srcPort,
      dstIp: rec.dstIp,
      dstPort: rec.dstPort,
      protocol: rec.protocol,
      timeMs: rec.timeMs,
    };
  }
}
