/**
 * CICFlowMeter's deterministic relations between features. The demo profile models only the
 * features that carry information of their own; everything here is recomputed from them, so a
 * synthetic row is internally consistent the way a real one is (means are totals over counts, rates
 * are counts over the duration, subflows equal totals, variance is std², …).
 */
import { FEATURE_INDEX, FEATURES } from '../ingest/schema';
import type { FeatureName } from '../ingest/schema';

/** Features that are a function of other features, so the profile does not store them. */
export const DERIVED_FEATURES: readonly FeatureName[] = [
  'Fwd Packet Length Mean',
  'Bwd Packet Length Mean',
  'Flow Bytes/s',
  'Flow Packets/s',
  'Flow IAT Mean',
  'Fwd IAT Mean',
  'Bwd IAT Mean',
  'Fwd Packets/s',
  'Bwd Packets/s',
  'Min Packet Length',
  'Max Packet Length',
  'Packet Length Mean',
  'Packet Length Std',
  'Packet Length Variance',
  'RST Flag Count',
  'PSH Flag Count',
  'URG Flag Count',
  'Down/Up Ratio',
  'Average Packet Size',
  'Avg Fwd Segment Size',
  'Avg Bwd Segment Size',
  'Subflow Fwd Packets',
  'Subflow Fwd Bytes',
  'Subflow Bwd Packets',
  'Subflow Bwd Bytes',
];

/** Features the profile models (canonical order), i.e. all canonical features minus the derived ones. */
export const MODELLED_FEATURES: readonly FeatureName[] = FEATURES.filter(
  (f) => !DERIVED_FEATURES.includes(f),
);

const I = FEATURE_INDEX;
const PROTO = I['Protocol'];
const DPORT = I['Destination Port'];
const DUR = I['Flow Duration'];
const NF = I['Total Fwd Packets'];
const NB = I['Total Backward Packets'];
const TCP = 6;
const ICMP = 1;
/** The largest TCP header (with options); CICFlowMeter header lengths are sums of these. */
const MAX_HEADER = 60;

/** Indices of a summary of several values: their total, mean, std, max and min. */
interface Summary {
  total: number;
  mean: number;
  std: number;
  max: number;
  min: number;
}

const summary = (total: string, mean: string, std: string, max: string, min: string): Summary => {
  const at = (f: string): number => I[f as FeatureName];
  return { total: at(total), mean: at(mean), std: at(std), max: at(max), min: at(min) };
};

// Packet lengths per direction, inter-arrival times, and active / idle periods (no total: -1).
const FWD_LEN = summary(
  'Total Length of Fwd Packets',
  'Fwd Packet Length Mean',
  'Fwd Packet Length Std',
  'Fwd Packet Length Max',
  'Fwd Packet Length Min',
);
const BWD_LEN = summary(
  'Total Length of Bwd Packets',
  'Bwd Packet Length Mean',
  'Bwd Packet Length Std',
  'Bwd Packet Length Max',
  'Bwd Packet Length Min',
);
const FLOW_IAT = {
  ...summary('Flow Duration', 'Flow IAT Mean', 'Flow IAT Std', 'Flow IAT Max', 'Flow IAT Min'),
  total: -1,
};
const FWD_IAT = summary(
  'Fwd IAT Total',
  'Fwd IAT Mean',
  'Fwd IAT Std',
  'Fwd IAT Max',
  'Fwd IAT Min',
);
const BWD_IAT = summary(
  'Bwd IAT Total',
  'Bwd IAT Mean',
  'Bwd IAT Std',
  'Bwd IAT Max',
  'Bwd IAT Min',
);
const ACTIVE = {
  ...summary('Flow Duration', 'Active Mean', 'Active Std', 'Active Max', 'Active Min'),
  total: -1,
};
const IDLE = {
  ...summary('Flow Duration', 'Idle Mean', 'Idle Std', 'Idle Max', 'Idle Min'),
  total: -1,
};

/** Inter-arrival times and active / idle periods: all 0 in a zero-duration flow. */
const TIMING = [FLOW_IAT, FWD_IAT, BWD_IAT, ACTIVE, IDLE].flatMap((s) =>
  [s.total, s.mean, s.std, s.max, s.min].filter((i) => i >= 0),
);

/**
 * Turns a consistent flow into a zero-duration one the way CICFlowMeter writes it: duration and
 * timing 0, Fwd/Bwd Packets/s 0 (it guards those divisions), and Flow Bytes/s and Flow Packets/s
 * divided by zero anyway: Infinity, or NaN for Flow Bytes/s when no payload was seen (0/0).
 */
export function makeZeroDuration(v: Float64Array): void {
  for (const i of TIMING) v[i] = 0;
  v[DUR] = 0;
  v[I['Fwd Packets/s']] = 0;
  v[I['Bwd Packets/s']] = 0;
  const bytes = (v[FWD_LEN.total] as number) + (v[BWD_LEN.total] as number);
  v[I['Flow Bytes/s']] = bytes > 0 ? Infinity : NaN;
  v[I['Flow Packets/s']] = Infinity;
}

/** Flag counts over all packets, each at most the packet count. */
const PACKET_FLAGS = [
  'FIN Flag Count',
  'SYN Flag Count',
  'ACK Flag Count',
  'CWE Flag Count',
  'ECE Flag Count',
].map((f) => I[f as FeatureName]);

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
const rint = (x: number, lo: number, hi: number): number => clamp(Math.round(x), lo, hi);

/**
 * Sample std of n values with the given min, max and mean, pulled into the range such values allow:
 * at least the spread of min and max alone, at most the Bhatia–Davis bound.
 */
function boundedStd(n: number, min: number, max: number, mean: number, std: number): number {
  if (n < 2 || max <= min) return 0;
  const lo = Math.sqrt(((max - mean) ** 2 + (mean - min) ** 2) / (n - 1));
  const hi = Math.sqrt(((max - mean) * (mean - min) * n) / (n - 1));
  return Math.max(lo, Math.min(std, hi));
}

/** Packet lengths of n packets: the total is free, max ≥ mean ≥ min follow from it. */
function lengths(v: Float64Array, n: number, s: Summary): void {
  if (n === 0) {
    v[s.total] = v[s.max] = v[s.min] = v[s.mean] = v[s.std] = 0;
    return;
  }
  let hi = Math.max(0, Math.round(v[s.max] as number));
  let lo = rint(v[s.min] as number, 0, hi);
  let total: number;
  if (n === 1) {
    total = rint(v[s.total] as number, lo, hi);
    hi = lo = total;
  } else {
    // One packet is the max and one the min; the others lie between.
    total = rint(v[s.total] as number, hi + lo * (n - 1), lo + hi * (n - 1));
  }
  const m = total / n;
  v[s.total] = total;
  v[s.max] = hi;
  v[s.min] = lo;
  v[s.mean] = m;
  v[s.std] = boundedStd(n, lo, hi, m, v[s.std] as number);
}

/** n gaps whose sum is fixed (`total` µs): max, min, mean and std are made feasible for that sum. */
function gaps(v: Float64Array, n: number, total: number, s: Summary): void {
  if (s.total >= 0) v[s.total] = n > 0 ? total : 0;
  if (n <= 0) {
    v[s.mean] = v[s.std] = v[s.max] = v[s.min] = 0;
    return;
  }
  const m = total / n;
  let lo = rint(v[s.min] as number, 0, Math.floor(m));
  let hi: number;
  if (n === 1) hi = lo = total;
  else
    hi = rint(
      v[s.max] as number,
      Math.max(Math.ceil(m), Math.ceil((total - lo) / (n - 1))),
      total - lo * (n - 1),
    );
  v[s.mean] = m;
  v[s.max] = hi;
  v[s.min] = lo;
  v[s.std] = boundedStd(n, lo, hi, m, v[s.std] as number);
}

/** Min ≤ mean ≤ max (and std within the range) for the Active / Idle summaries, max ≤ cap. */
function periods(v: Float64Array, cap: number, s: Summary): void {
  const hi = rint(v[s.max] as number, 0, cap);
  const lo = rint(v[s.min] as number, 0, hi);
  v[s.max] = hi;
  v[s.min] = lo;
  v[s.mean] = clamp(v[s.mean] as number, lo, hi);
  v[s.std] = hi > lo ? clamp(v[s.std] as number, 0, hi - lo) : 0;
}

/** Counts, duration and lengths. Returns [nF, nB]. */
function enforceSizes(v: Float64Array): [number, number] {
  let nF = Math.max(1, Math.round(v[NF] as number));
  const nB = Math.max(0, Math.round(v[NB] as number));
  if (nF + nB < 2) nF = 2; // CICFlowMeter emits no single-packet flows in the fitted data
  v[NF] = nF;
  v[NB] = nB;
  v[DUR] = Math.max(1, Math.round(v[DUR] as number));
  lengths(v, nF, FWD_LEN);
  lengths(v, nB, BWD_LEN);
  return [nF, nB];
}

/** Whole-flow statistics that are functions of the per-direction ones. */
function derivePacketStats(v: Float64Array, nF: number, nB: number): void {
  const n = nF + nB;
  const totF = v[FWD_LEN.total] as number;
  const totB = v[BWD_LEN.total] as number;
  const mF = v[FWD_LEN.mean] as number;
  const mB = v[BWD_LEN.mean] as number;
  const sF = v[FWD_LEN.std] as number;
  const sB = v[BWD_LEN.std] as number;
  const mean = (totF + totB) / n;
  // Pooled variance of the two directions: the all-packet std CICFlowMeter reports.
  const ss =
    (nF - 1) * sF * sF +
    nF * mF * mF +
    (nB > 1 ? (nB - 1) * sB * sB : 0) +
    nB * mB * mB -
    n * mean * mean;
  const std = Math.sqrt(Math.max(0, ss / (n - 1)));
  const minF = v[FWD_LEN.min] as number;
  v[I['Min Packet Length']] = nB > 0 ? Math.min(minF, v[BWD_LEN.min] as number) : minF;
  v[I['Max Packet Length']] = Math.max(v[FWD_LEN.max] as number, v[BWD_LEN.max] as number);
  v[I['Packet Length Mean']] = mean;
  v[I['Average Packet Size']] = mean;
  v[I['Packet Length Std']] = std;
  v[I['Packet Length Variance']] = std * std;
  v[I['Avg Fwd Segment Size']] = mF;
  v[I['Avg Bwd Segment Size']] = mB;
  v[I['Subflow Fwd Packets']] = nF;
  v[I['Subflow Fwd Bytes']] = totF;
  v[I['Subflow Bwd Packets']] = nB;
  v[I['Subflow Bwd Bytes']] = totB;
  v[I['Down/Up Ratio']] = Math.floor(nB / nF); // integer division, as in CIC-IDS2017's CSVs
  const perSec = 1e6 / (v[DUR] as number);
  v[I['Flow Bytes/s']] = (totF + totB) * perSec;
  v[I['Flow Packets/s']] = n * perSec;
  v[I['Fwd Packets/s']] = nF * perSec;
  v[I['Bwd Packets/s']] = nB * perSec;
}

/** Inter-arrival times and active/idle periods, consistent with the duration and counts. */
function enforceTiming(v: Float64Array, nF: number, nB: number): void {
  const dur = v[DUR] as number;
  gaps(v, nF + nB - 1, dur, FLOW_IAT);
  gaps(v, nF - 1, nF > 1 ? rint(v[FWD_IAT.total] as number, 0, dur) : 0, FWD_IAT);
  gaps(v, nB - 1, nB > 1 ? rint(v[BWD_IAT.total] as number, 0, dur) : 0, BWD_IAT);
  periods(v, dur, ACTIVE);
  // An idle period is one of the flow's gaps, so it cannot exceed the longest gap.
  periods(v, v[FLOW_IAT.max] as number, IDLE);
}

const FWD_PSH = I['Fwd PSH Flags'];
const BWD_PSH = I['Bwd PSH Flags'];
const PSH = I['PSH Flag Count'];
const FWD_URG = I['Fwd URG Flags'];
const BWD_URG = I['Bwd URG Flags'];
const URG = I['URG Flag Count'];
const FWD_RST = I['Fwd RST Flags'];
const BWD_RST = I['Bwd RST Flags'];
const RST = I['RST Flag Count'];
const MIN_SEG = I['min_seg_size_forward'];
const FWD_HDR = I['Fwd Header Length'];
const BWD_HDR = I['Bwd Header Length'];
const TOT_F = I['Total Length of Fwd Packets'];
const TOT_B = I['Total Length of Bwd Packets'];
const MIN_F = I['Fwd Packet Length Min'];
const ACT = I['act_data_pkt_fwd'];
const WIN_F = I['Init_Win_bytes_forward'];
const WIN_B = I['Init_Win_bytes_backward'];
const ICMP_CODE = I['ICMP Code'];
const ICMP_TYPE = I['ICMP Type'];
const TCP_TIME = I['Total TCP Flow Time'];

/** A per-direction flag count (at most that direction's packets) and their sum. */
function dirFlag(
  v: Float64Array,
  nF: number,
  nB: number,
  fwd: number,
  bwd: number,
  sum: number,
): void {
  v[fwd] = rint(v[fwd] as number, 0, nF);
  v[bwd] = rint(v[bwd] as number, 0, nB);
  v[sum] = (v[fwd] as number) + (v[bwd] as number);
}

/** A direction's bulk summary: no bulk packets means no bulk bytes and no bulk rate. */
function bulk(
  v: Float64Array,
  bytes: number,
  pkts: number,
  rate: number,
  count: number,
  total: number,
): void {
  v[pkts] = rint(v[pkts] as number, 0, count);
  const none = v[pkts] === 0;
  v[bytes] = none ? 0 : rint(v[bytes] as number, 0, total);
  v[rate] = none ? 0 : Math.max(0, Math.round(v[rate] as number));
}

/** Flags, headers, windows, bulk and protocol-specific fields. */
function enforceProtocol(v: Float64Array, nF: number, nB: number): void {
  const proto = v[PROTO] as number;
  const n = nF + nB;
  const tcp = proto === TCP;
  dirFlag(v, nF, nB, FWD_PSH, BWD_PSH, PSH);
  dirFlag(v, nF, nB, FWD_URG, BWD_URG, URG);
  dirFlag(v, nF, nB, FWD_RST, BWD_RST, RST);
  for (let i = 0; i < PACKET_FLAGS.length; i++) {
    const f = PACKET_FLAGS[i] as number;
    v[f] = rint(v[f] as number, 0, n);
  }
  const minSeg = rint(v[MIN_SEG] as number, 0, MAX_HEADER);
  v[MIN_SEG] = minSeg;
  v[FWD_HDR] = rint(v[FWD_HDR] as number, nF * minSeg, nF * Math.max(minSeg, MAX_HEADER));
  v[BWD_HDR] = rint(v[BWD_HDR] as number, nB * (tcp ? 20 : 8), nB * MAX_HEADER);
  const totF = v[TOT_F] as number;
  v[ACT] = totF === 0 ? 0 : (v[MIN_F] as number) > 0 ? nF : rint(v[ACT] as number, 1, nF);
  // CIC-IDS2017's CSVs write -1 for a window that was never seen (no TCP, or no reply).
  v[WIN_F] = tcp ? rint(v[WIN_F] as number, 0, 65535) : -1;
  v[WIN_B] = tcp && nB > 0 ? rint(v[WIN_B] as number, 0, 65535) : -1;
  bulk(v, I['Fwd Avg Bytes/Bulk'], I['Fwd Avg Packets/Bulk'], I['Fwd Avg Bulk Rate'], nF, totF);
  bulk(
    v,
    I['Bwd Avg Bytes/Bulk'],
    I['Bwd Avg Packets/Bulk'],
    I['Bwd Avg Bulk Rate'],
    nB,
    v[TOT_B] as number,
  );
  if (proto !== ICMP) v[ICMP_CODE] = v[ICMP_TYPE] = -1;
  v[TCP_TIME] = tcp ? Math.max(0, Math.round(v[TCP_TIME] as number)) : 0;
  v[DPORT] = rint(v[DPORT] as number, 0, 65535);
}

/** Makes a sampled feature vector (canonical order) obey CICFlowMeter's identities, in place. */
export function enforceIdentities(v: Float64Array): void {
  const [nF, nB] = enforceSizes(v);
  derivePacketStats(v, nF, nB);
  enforceTiming(v, nF, nB);
  enforceProtocol(v, nF, nB);
}
