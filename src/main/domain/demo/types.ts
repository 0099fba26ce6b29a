/** Public types of the synthetic demo-data generator. */
import type { TrafficClass } from '../../../shared/classes';

/**
 * How the rows split across classes: 'paper' = the full CIC-IDS2017 proportions of the paper's
 * Table I, 'balanced' = equal shares, or relative weights per class (missing classes get none).
 */
export type ClassMix = 'paper' | 'balanced' | Partial<Record<TrafficClass, number>>;

/** What to generate. The same options always give the same flows, byte for byte. */
export interface DemoOptions {
  /** Number of flows (an integer ≥ 0). */
  rows: number;
  /** Any integer; different seeds give unrelated data. */
  seed: number;
  /** Class proportions. Default 'paper'. */
  mix?: ClassMix;
  /** Wall-clock time of the first flow, epoch ms (UTC). Default 2017-07-03 09:00 (CIC-IDS2017's Monday). */
  startTimeMs?: number;
  /**
   * Share (0..1) of flows written as zero-duration flows, whose Flow Bytes/s and Flow Packets/s
   * are Infinity / NaN as in real CICFlowMeter output (drawn from a stream of their own, so the
   * other flows are unchanged). Default 0: none, and the output is as before.
   */
  zeroDurationShare?: number;
}

/** One synthetic flow. */
export interface SyntheticFlow {
  /** Canonical features (FEATURES order). Float64, because durations exceed float32's exact integers. */
  features: Float64Array;
  cls: TrafficClass;
  /** An original CIC-IDS2017 label of the class, e.g. 'DoS Hulk'. */
  label: string;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  protocol: number;
  /** Epoch ms (UTC); non-decreasing over a generated sequence. */
  timeMs: number;
}
