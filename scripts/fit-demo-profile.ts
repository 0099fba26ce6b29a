/**
 * Fits resources/demo-profile.json, the parameters of Rampart's synthetic demo flows, from the
 * improved CICIDS2017 sample CSVs (Engelen et al.; 91 columns).
 *
 *   npx tsx scripts/fit-demo-profile.ts ../shared/data/cicids2017/improved-rnd5000 resources/demo-profile.json
 *
 * Per class: flows are split by IP protocol, clustered (weighted k-means on standardised signed
 * log1p features), and each cluster keeps its share, label shares, per-feature quantile functions
 * (exact atoms for heavy values) and one-factor copula loadings. Rows are weighted by the inverse
 * sampling rate of their label so that each class mixes its sub-attacks as the full release does.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRAFFIC_CLASSES } from '../src/shared/classes';
import type { TrafficClass } from '../src/shared/classes';
import { FEATURE_COUNT, FEATURES } from '../src/main/domain/ingest/schema';
import {
  encodeDistribution,
  normalScores,
  oneFactorLoadings,
  roundSig,
  weightedKMeans,
} from '../src/main/domain/demo/fit';
import { MODELLED_FEATURES } from '../src/main/domain/demo/identities';
import { DEMO_PROFILE_FORMAT, parseDemoProfile } from '../src/main/domain/demo/profile';
import { Sfc32 } from '../src/main/domain/random';

/** Improved-CICIDS2017 header → canonical name, where they differ. */
const ALIASES: Record<string, string> = {
  'Dst Port': 'Destination Port',
  'Total Fwd Packet': 'Total Fwd Packets',
  'Total Bwd packets': 'Total Backward Packets',
  'Total Length of Fwd Packet': 'Total Length of Fwd Packets',
  'Total Length of Bwd Packet': 'Total Length of Bwd Packets',
  'Packet Length Min': 'Min Packet Length',
  'Packet Length Max': 'Max Packet Length',
  'CWR Flag Count': 'CWE Flag Count',
  'Fwd Segment Size Avg': 'Avg Fwd Segment Size',
  'Bwd Segment Size Avg': 'Avg Bwd Segment Size',
  'Fwd Bytes/Bulk Avg': 'Fwd Avg Bytes/Bulk',
  'Fwd Packet/Bulk Avg': 'Fwd Avg Packets/Bulk',
  'Fwd Bulk Rate Avg': 'Fwd Avg Bulk Rate',
  'Bwd Bytes/Bulk Avg': 'Bwd Avg Bytes/Bulk',
  'Bwd Packet/Bulk Avg': 'Bwd Avg Packets/Bulk',
  'Bwd Bulk Rate Avg': 'Bwd Avg Bulk Rate',
  'FWD Init Win Bytes': 'Init_Win_bytes_forward',
  'Bwd Init Win Bytes': 'Init_Win_bytes_backward',
  'Fwd Act Data Pkts': 'act_data_pkt_fwd',
  'Fwd Seg Size Min': 'min_seg_size_forward',
};

/** Improved label → class and the original CIC-IDS2017 label the demo CSV writes. */
const LABELS: Record<string, [TrafficClass, string]> = {
  BENIGN: ['Benign', 'BENIGN'],
  DDoS: ['DDoS', 'DDoS'],
  'DoS GoldenEye': ['DoS', 'DoS GoldenEye'],
  'DoS Hulk': ['DoS', 'DoS Hulk'],
  'DoS Slowhttptest': ['DoS', 'DoS Slowhttptest'],
  'DoS Slowloris': ['DoS', 'DoS slowloris'],
  'FTP-Patator': ['FTP-Patator', 'FTP-Patator'],
  'SSH-Patator': ['SSH-Patator', 'SSH-Patator'],
  'Web Attack - Brute Force': ['Web', 'Web Attack - Brute Force'],
  'Web Attack - SQL Injection': ['Web', 'Web Attack - Sql Injection'],
  'Web Attack - XSS': ['Web', 'Web Attack - XSS'],
  Infiltration: ['Infiltration', 'Infiltration'],
  'Infiltration - Portscan': ['Infiltration', 'Infiltration'],
  Portscan: ['PortScan', 'PortScan'],
};
const SKIPPED_LABELS = new Set(['Botnet', 'Heartbleed']);

/** Full-release counts per label (shared/data/README.md), for prevalence weighting. */
const FULL_COUNTS: Record<string, number> = {
  BENIGN: 1_582_566,
  DDoS: 95_144,
  'DoS GoldenEye': 7_567,
  'DoS Hulk': 158_468,
  'DoS Slowhttptest': 1_740,
  'DoS Slowloris': 3_859,
  'FTP-Patator': 3_972,
  Infiltration: 36,
  'Infiltration - Portscan': 71_767,
  Portscan: 159_066,
  'SSH-Patator': 2_961,
  'Web Attack - Brute Force': 73,
  'Web Attack - SQL Injection': 13,
  'Web Attack - XSS': 18,
};

const LEVELS = [
  0, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99, 1,
];
/** Protocol groups under this share of a class are dropped (a handful of ICMP / HOPOPT flows). */
const MIN_PROTO_SHARE = 0.005;

interface Row {
  f: Float64Array;
  improvedLabel: string;
  label: string;
  w: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
}

function readRows(dir: string): {
  rows: Map<TrafficClass, Row[]>;
  read: number;
  skipped: Record<string, number>;
} {
  const rows = new Map<TrafficClass, Row[]>(TRAFFIC_CLASSES.map((c) => [c, []]));
  const skipped: Record<string, number> = {};
  let read = 0;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split(/\r?\n/).filter(Boolean);
    const header = (lines[0] ?? '').split(',').map((h) => h.trim());
    const col = (name: string): number => header.indexOf(name);
    const featCol = FEATURES.map((f) => header.findIndex((h) => (ALIASES[h] ?? h) === f));
    const missing = FEATURES.filter((_, i) => featCol[i] === -1);
    if (missing.length) throw new Error(`${file}: no column for ${missing.join(', ')}`);
    const [lab, src, dst, sp, dp] = ['Label', 'Src IP', 'Dst IP', 'Src Port', 'Dst Port'].map(
      col,
    ) as number[];
    for (const line of lines.slice(1)) {
      read++;
      const c = line.split(',');
      const improvedLabel = c[lab as number] ?? '';
      const map = LABELS[improvedLabel];
      const why = SKIPPED_LABELS.has(improvedLabel)
        ? 'excluded label'
        : !map
          ? 'unknown label'
          : null;
      const f = Float64Array.from(featCol, (j) => Number(c[j]));
      const reason =
        why ??
        (f.some((x) => !Number.isFinite(x)) || c.length !== header.length
          ? 'non-finite or short'
          : null);
      if (reason || !map) {
        skipped[reason ?? 'unknown label'] = (skipped[reason ?? 'unknown label'] ?? 0) + 1;
        continue;
      }
      const r: Row = {
        f,
        improvedLabel,
        label: map[1],
        w: 1,
        src: c[src as number] ?? '',
        dst: c[dst as number] ?? '',
        srcPort: Number(c[sp as number]),
        dstPort: Number(c[dp as number]),
      };
      rows.get(map[0])?.push(r);
    }
  }
  // Weight = full-release count / sample count of the label.
  const sampled = new Map<string, number>();
  for (const list of rows.values())
    for (const r of list) sampled.set(r.improvedLabel, (sampled.get(r.improvedLabel) ?? 0) + 1);
  for (const list of rows.values())
    for (const r of list)
      r.w =
        (FULL_COUNTS[r.improvedLabel] ?? sampled.get(r.improvedLabel) ?? 1) /
        (sampled.get(r.improvedLabel) ?? 1);
  return { rows, read, skipped };
}

/** Top keys by summed weight, as [key, share] with shares rounded. */
function topShares<K>(items: { key: K; w: number }[], n: number, minShare = 0): [K, number][] {
  const m = new Map<K, number>();
  let total = 0;
  for (const { key, w } of items) {
    m.set(key, (m.get(key) ?? 0) + w);
    total += w;
  }
  return [...m]
    .map(([k, w]): [K, number] => [k, Math.round((w / total) * 1e4) / 1e4])
    .filter(([, s]) => s >= minShare && s > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

function fitEndpoints(rows: Row[]): unknown[] {
  const total = rows.reduce((s, r) => s + r.w, 0);
  const ports = topShares(
    rows.map((r) => ({ key: r.dstPort, w: r.w })),
    8,
    0.01,
  );
  const group = (port: number | null, rs: Row[], share: number): unknown => ({
    port,
    share: Math.round(share * 1e4) / 1e4,
    samePort:
      Math.round(
        (rs.reduce((s, r) => s + (r.srcPort === r.dstPort ? r.w : 0), 0) /
          rs.reduce((s, r) => s + r.w, 0)) *
          1e4,
      ) / 1e4,
    src: topShares(
      rs.map((r) => ({ key: r.src, w: r.w })),
      6,
      0.005,
    ),
    dst: topShares(
      rs.map((r) => ({ key: r.dst, w: r.w })),
      6,
      0.005,
    ),
  });
  const listed = new Set(ports.map(([p]) => p));
  const rest = rows.filter((r) => !listed.has(r.dstPort));
  const restShare = rest.reduce((s, r) => s + r.w, 0) / total;
  return [
    ...ports.map(([p, s]) =>
      group(
        p,
        rows.filter((r) => r.dstPort === p),
        s,
      ),
    ),
    group(null, rest.length ? rest : rows, restShare),
  ];
}

/** Standardised signed-log1p features, the space the clusters are found in. */
function clusterSpace(rows: Row[]): Float64Array[] {
  const t = rows.map((r) => r.f.map((x) => Math.sign(x) * Math.log1p(Math.abs(x))));
  const wsum = rows.reduce((s, r) => s + r.w, 0);
  const keep: number[] = [];
  const mean: number[] = [];
  const sd: number[] = [];
  for (let j = 0; j < FEATURE_COUNT; j++) {
    const m = t.reduce((s, x, i) => s + (x[j] as number) * (rows[i] as Row).w, 0) / wsum;
    const v = t.reduce((s, x, i) => s + ((x[j] as number) - m) ** 2 * (rows[i] as Row).w, 0) / wsum;
    if (v <= 1e-12) continue; // constant in this group: no say in the distances
    keep.push(j);
    mean.push(m);
    sd.push(Math.sqrt(v));
  }
  return t.map((x) =>
    Float64Array.from(keep, (j, k) => ((x[j] as number) - (mean[k] as number)) / (sd[k] as number)),
  );
}

function fitCluster(rows: Row[], classWeight: number, labels: string[]): unknown {
  const ws = rows.map((r) => r.w);
  const w = ws.reduce((a, b) => a + b, 0);
  const q = MODELLED_FEATURES.map((name) => {
    const j = FEATURES.indexOf(name);
    return encodeDistribution(
      rows.map((r) => r.f[j] as number),
      ws,
      LEVELS,
    );
  });
  const scores = MODELLED_FEATURES.map((name) =>
    normalScores(
      rows.map((r) => r.f[FEATURES.indexOf(name)] as number),
      ws,
    ),
  );
  const r = oneFactorLoadings(scores, ws).map((x) => Math.round(x * 100) / 100);
  const proto = rows[0]?.f[FEATURES.indexOf('Protocol')] ?? 6;
  const labelShares = labels.map(
    (l) => Math.round((rows.reduce((s, x) => s + (x.label === l ? x.w : 0), 0) / w) * 1e4) / 1e4,
  );
  return { w: Math.max(1e-6, roundSig(w / classWeight, 4)), proto, labels: labelShares, q, r };
}

function fitClass(rows: Row[], rng: Sfc32): unknown {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const total = rows.reduce((s, r) => s + r.w, 0);
  const byProto = new Map<number, Row[]>();
  for (const r of rows) {
    const p = r.f[FEATURES.indexOf('Protocol')] as number;
    const g = byProto.get(p);
    if (g) g.push(r);
    else byProto.set(p, [r]);
  }
  const groups = [...byProto.values()].filter(
    (g) => g.length >= 10 && g.reduce((s, r) => s + r.w, 0) / total >= MIN_PROTO_SHARE,
  );
  const kept = groups.reduce((s, g) => s + g.reduce((a, r) => a + r.w, 0), 0);
  const kClass = Math.max(3, Math.min(10, Math.round(Math.sqrt(rows.length) / 8)));
  const clusters: unknown[] = [];
  for (const g of groups) {
    const share = g.reduce((s, r) => s + r.w, 0) / kept;
    const k = Math.max(1, Math.min(Math.round(kClass * share), Math.floor(g.length / 10)));
    const assign = weightedKMeans(
      clusterSpace(g),
      g.map((r) => r.w),
      k,
      rng,
    );
    for (let c = 0; c < k; c++) {
      const members = g.filter((_, i) => assign[i] === c);
      if (members.length >= 3) clusters.push(fitCluster(members, kept, labels));
    }
  }
  return { fittedRows: rows.length, labels, endpoints: fitEndpoints(rows), clusters };
}

/**
 * JSON with one line per field, number arrays on one line and round numbers in exponent form
 * (120000000 → 12e7), which keeps the file small and still valid JSON.
 */
function compactJson(x: unknown): string {
  return JSON.stringify(x, null, 1)
    .replace(/\[[-\d.e+,\s]*\]/g, (m) => m.replace(/\s+/g, ''))
    .replace(
      /([,[:]\s?-?)([1-9]\d*?)(0{3,})(?=[,\]\n])/g,
      (_, pre: string, digits: string, zeros: string) => `${pre}${digits}e${zeros.length}`,
    );
}

function main(): void {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out)
    throw new Error(
      'usage: npx tsx scripts/fit-demo-profile.ts <improved-cicids2017-csv-dir> <out.json>',
    );
  const { rows, read, skipped } = readRows(dir);
  const all = [...rows.values()].flat();
  const integerFeatures = FEATURES.filter((_, j) => all.every((r) => Number.isInteger(r.f[j])));
  const rng = new Sfc32(2017);
  const classes = Object.fromEntries(
    TRAFFIC_CLASSES.map((c) => [c, fitClass(rows.get(c) ?? [], rng)]),
  );
  const profile = {
    synthetic: true,
    notice:
      'SYNTHETIC. Parameters of a generator of made-up CICFlowMeter flows for demos and benchmarks; it holds statistics only, no flow records. Data generated from it is not real traffic.',
    fittedFrom: `improved CICIDS2017 (Engelen et al., 2021; CNS 2022 release), random per-label sample of ≤5,000 rows (${read} rows in ${dir}; rows weighted by each label's full-release count)`,
    fittedAt: new Date().toISOString().slice(0, 10),
    command: `npx tsx scripts/fit-demo-profile.ts ${process.argv.slice(2).join(' ')}`,
    format: DEMO_PROFILE_FORMAT,
    levels: LEVELS,
    features: MODELLED_FEATURES,
    integerFeatures,
    classes,
  };
  const text = compactJson(profile) + '\n';
  parseDemoProfile(JSON.parse(text), 'freshly fitted'); // never write a file the loader would refuse
  writeFileSync(out, text);
  const counts = TRAFFIC_CLASSES.map((c) => `${c} ${rows.get(c)?.length ?? 0}`).join(', ');
  console.log(`read ${read} rows; skipped ${JSON.stringify(skipped)}; fitted ${counts}`);
  console.log(`wrote ${out} (${(text.length / 1024).toFixed(1)} KiB)`);
}

main();
