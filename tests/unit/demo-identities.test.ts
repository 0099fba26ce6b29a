import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX, FEATURES } from '../../src/main/domain/ingest/schema';
import type { FeatureName } from '../../src/main/domain/ingest/schema';
import { generateFlows, loadDemoProfile } from '../../src/main/domain/demo';
import { enforceIdentities } from '../../src/main/domain/demo/identities';

const fs = [...generateFlows(loadDemoProfile(), { rows: 8000, seed: 5, mix: 'balanced' })];
const get = (f: Float64Array, name: FeatureName): number => f[FEATURE_INDEX[name]] as number;

/** Features CIC-IDS2017's CSVs write as integers. */
const INTEGER_FEATURES: FeatureName[] = [
  'Destination Port',
  'Protocol',
  'Flow Duration',
  'Total Fwd Packets',
  'Total Backward Packets',
  'Total Length of Fwd Packets',
  'Total Length of Bwd Packets',
  'Fwd Packet Length Max',
  'Fwd Packet Length Min',
  'Bwd Packet Length Max',
  'Bwd Packet Length Min',
  'Flow IAT Max',
  'Flow IAT Min',
  'Fwd IAT Total',
  'Fwd IAT Max',
  'Fwd IAT Min',
  'Bwd IAT Total',
  'Bwd IAT Max',
  'Bwd IAT Min',
  'Fwd PSH Flags',
  'Bwd PSH Flags',
  'Fwd URG Flags',
  'Bwd URG Flags',
  'Fwd Header Length',
  'Bwd Header Length',
  'Min Packet Length',
  'Max Packet Length',
  'FIN Flag Count',
  'SYN Flag Count',
  'RST Flag Count',
  'PSH Flag Count',
  'ACK Flag Count',
  'URG Flag Count',
  'CWE Flag Count',
  'ECE Flag Count',
  'Down/Up Ratio',
  'Subflow Fwd Packets',
  'Subflow Fwd Bytes',
  'Subflow Bwd Packets',
  'Subflow Bwd Bytes',
  'Init_Win_bytes_forward',
  'Init_Win_bytes_backward',
  'act_data_pkt_fwd',
  'min_seg_size_forward',
  'Active Max',
  'Active Min',
  'Idle Max',
  'Idle Min',
];
/** CIC-IDS2017 writes -1 for these when not applicable; everything else is non-negative. */
const MAY_BE_MINUS_ONE = new Set<FeatureName>([
  'Init_Win_bytes_forward',
  'Init_Win_bytes_backward',
  'ICMP Code',
  'ICMP Type',
]);

const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Runs `check` on every flow; returns the first few violations as readable lines. */
function violations(check: (f: Float64Array, fail: (what: string) => void) => void): string[] {
  const out: string[] = [];
  fs.forEach(({ features }, i) =>
    check(features, (what) => out.length < 10 && out.push(`flow ${i}: ${what}`)),
  );
  return out;
}

describe('CICFlowMeter identities of generated flows', () => {
  it('holds the exact relations', () => {
    const bad = violations((f, fail) => {
      const nF = get(f, 'Total Fwd Packets');
      const nB = get(f, 'Total Backward Packets');
      const n = nF + nB;
      const dur = get(f, 'Flow Duration');
      const totF = get(f, 'Total Length of Fwd Packets');
      const totB = get(f, 'Total Length of Bwd Packets');
      const eq = (name: FeatureName, want: number): void => {
        if (!close(get(f, name), want)) fail(`${name} = ${get(f, name)}, want ${want}`);
      };
      if (nF < 1 || n < 2 || dur < 1) fail(`counts ${nF}+${nB}, duration ${dur}`);
      eq('Subflow Fwd Packets', nF);
      eq('Subflow Bwd Packets', nB);
      eq('Subflow Fwd Bytes', totF);
      eq('Subflow Bwd Bytes', totB);
      eq('Flow Packets/s', (n / dur) * 1e6);
      eq('Flow Bytes/s', ((totF + totB) / dur) * 1e6);
      eq('Fwd Packets/s', (nF / dur) * 1e6);
      eq('Bwd Packets/s', (nB / dur) * 1e6);
      eq('Fwd Packet Length Mean', totF / nF);
      eq('Avg Fwd Segment Size', totF / nF);
      eq('Avg Bwd Segment Size', nB ? totB / nB : 0);
      eq('Packet Length Mean', (totF + totB) / n);
      eq('Average Packet Size', (totF + totB) / n);
      eq('Packet Length Variance', get(f, 'Packet Length Std') ** 2);
      eq('Flow IAT Mean', dur / (n - 1));
      eq('PSH Flag Count', get(f, 'Fwd PSH Flags') + get(f, 'Bwd PSH Flags'));
      eq('Down/Up Ratio', Math.floor(nB / nF));
    });
    expect(bad).toEqual([]);
  });

  it('keeps orderings, bounds, integers and signs', () => {
    const bad = violations((f, fail) => {
      const le = (a: FeatureName, b: FeatureName): void => {
        if (get(f, a) > get(f, b) + 1e-9) fail(`${a} ${get(f, a)} > ${b} ${get(f, b)}`);
      };
      for (const d of ['Fwd', 'Bwd'] as const) {
        le(`${d} Packet Length Min`, `${d} Packet Length Mean`);
        le(`${d} Packet Length Mean`, `${d} Packet Length Max`);
      }
      le('Flow IAT Max', 'Flow Duration');
      le('Fwd IAT Total', 'Flow Duration');
      le('Flow IAT Min', 'Flow IAT Mean');
      le('Idle Max', 'Flow IAT Max');
      le('act_data_pkt_fwd', 'Total Fwd Packets');
      for (const name of INTEGER_FEATURES)
        if (!Number.isInteger(get(f, name))) fail(`${name} = ${get(f, name)}`);
      FEATURES.forEach((name, i) => {
        const x = f[i] as number;
        if (!Number.isFinite(x) || x < (MAY_BE_MINUS_ONE.has(name) ? -1 : 0))
          fail(`${name} = ${x}`);
      });
    });
    expect(bad).toEqual([]);
  });

  it('repairs an inconsistent vector', () => {
    const v = new Float64Array(FEATURES.length);
    v[FEATURE_INDEX['Protocol']] = 6;
    v[FEATURE_INDEX['Total Fwd Packets']] = 3.4;
    v[FEATURE_INDEX['Flow Duration']] = 0;
    v[FEATURE_INDEX['Fwd Packet Length Max']] = 10;
    v[FEATURE_INDEX['Fwd Packet Length Min']] = 50; // above the max
    v[FEATURE_INDEX['Total Length of Fwd Packets']] = 1e6; // more than 3 × max
    enforceIdentities(v);
    expect(get(v, 'Total Fwd Packets')).toBe(3);
    expect(get(v, 'Flow Duration')).toBe(1);
    expect(get(v, 'Fwd Packet Length Min')).toBe(10);
    expect(get(v, 'Total Length of Fwd Packets')).toBe(30);
    expect(get(v, 'Fwd Packet Length Std')).toBe(0);
    expect(get(v, 'Init_Win_bytes_backward')).toBe(-1); // no reply
  });
});
