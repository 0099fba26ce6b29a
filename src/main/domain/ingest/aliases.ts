/**
 * Every known spelling of each canonical feature across the CICFlowMeter dialects. Matching is
 * case-, space- and underscore-insensitive (see {@link headerKey}), so `Tot Fwd Pkts` also covers
 * the Python cicflowmeter's `tot_fwd_pkts`; only genuinely different spellings are listed.
 */
import type { FeatureName } from './schema';

/** Extra spellings per canonical feature (the canonical name itself always matches). */
export const FEATURE_ALIASES: Readonly<Partial<Record<FeatureName, readonly string[]>>> = {
  'Destination Port': ['Dst Port'],
  'Total Fwd Packets': ['Total Fwd Packet', 'Tot Fwd Pkts'],
  'Total Backward Packets': ['Total Bwd packets', 'Tot Bwd Pkts'],
  'Total Length of Fwd Packets': ['Total Length of Fwd Packet', 'TotLen Fwd Pkts'],
  'Total Length of Bwd Packets': ['Total Length of Bwd Packet', 'TotLen Bwd Pkts'],
  'Fwd Packet Length Max': ['Fwd Pkt Len Max'],
  'Fwd Packet Length Min': ['Fwd Pkt Len Min'],
  'Fwd Packet Length Mean': ['Fwd Pkt Len Mean'],
  'Fwd Packet Length Std': ['Fwd Pkt Len Std'],
  'Bwd Packet Length Max': ['Bwd Pkt Len Max'],
  'Bwd Packet Length Min': ['Bwd Pkt Len Min'],
  'Bwd Packet Length Mean': ['Bwd Pkt Len Mean'],
  'Bwd Packet Length Std': ['Bwd Pkt Len Std'],
  'Flow Bytes/s': ['Flow Byts/s', 'flow_byts_s'],
  'Flow Packets/s': ['Flow Pkts/s', 'flow_pkts_s'],
  'Fwd IAT Total': ['Fwd IAT Tot'],
  'Bwd IAT Total': ['Bwd IAT Tot'],
  'Fwd Header Length': ['Fwd Header Len'],
  'Bwd Header Length': ['Bwd Header Len'],
  'Fwd Packets/s': ['Fwd Pkts/s', 'fwd_pkts_s'],
  'Bwd Packets/s': ['Bwd Pkts/s', 'bwd_pkts_s'],
  'Min Packet Length': ['Packet Length Min', 'Pkt Len Min'],
  'Max Packet Length': ['Packet Length Max', 'Pkt Len Max'],
  'Packet Length Mean': ['Pkt Len Mean'],
  'Packet Length Std': ['Pkt Len Std'],
  'Packet Length Variance': ['Pkt Len Var'],
  'FIN Flag Count': ['FIN Flag Cnt'],
  'SYN Flag Count': ['SYN Flag Cnt'],
  'RST Flag Count': ['RST Flag Cnt'],
  'PSH Flag Count': ['PSH Flag Cnt'],
  'ACK Flag Count': ['ACK Flag Cnt'],
  'URG Flag Count': ['URG Flag Cnt'],
  // CICFlowMeter's own typo: the CWR flag was written "CWE" in the 2017 CSVs.
  'CWE Flag Count': ['CWR Flag Count', 'CWE Flag Cnt', 'CWR Flag Cnt'],
  'ECE Flag Count': ['ECE Flag Cnt'],
  'Down/Up Ratio': ['down_up_ratio'],
  'Average Packet Size': ['Pkt Size Avg'],
  'Avg Fwd Segment Size': ['Fwd Segment Size Avg', 'Fwd Seg Size Avg'],
  'Avg Bwd Segment Size': ['Bwd Segment Size Avg', 'Bwd Seg Size Avg'],
  'Fwd Avg Bytes/Bulk': ['Fwd Bytes/Bulk Avg', 'Fwd Byts/b Avg', 'fwd_byts_b_avg'],
  'Fwd Avg Packets/Bulk': ['Fwd Packet/Bulk Avg', 'Fwd Pkts/b Avg', 'fwd_pkts_b_avg'],
  'Fwd Avg Bulk Rate': ['Fwd Bulk Rate Avg', 'Fwd Blk Rate Avg'],
  'Bwd Avg Bytes/Bulk': ['Bwd Bytes/Bulk Avg', 'Bwd Byts/b Avg', 'bwd_byts_b_avg'],
  'Bwd Avg Packets/Bulk': ['Bwd Packet/Bulk Avg', 'Bwd Pkts/b Avg', 'bwd_pkts_b_avg'],
  'Bwd Avg Bulk Rate': ['Bwd Bulk Rate Avg', 'Bwd Blk Rate Avg'],
  'Subflow Fwd Packets': ['Subflow Fwd Pkts'],
  'Subflow Fwd Bytes': ['Subflow Fwd Byts'],
  'Subflow Bwd Packets': ['Subflow Bwd Pkts'],
  'Subflow Bwd Bytes': ['Subflow Bwd Byts'],
  Init_Win_bytes_forward: ['FWD Init Win Bytes', 'Init Fwd Win Byts', 'Init Fwd Win Bytes'],
  Init_Win_bytes_backward: ['Bwd Init Win Bytes', 'Init Bwd Win Byts', 'Init Bwd Win Bytes'],
  act_data_pkt_fwd: ['Fwd Act Data Pkts', 'Fwd Act Data Packets'],
  min_seg_size_forward: ['Fwd Seg Size Min'],
};

/** What a non-feature column is for. */
export type KeyRole =
  'srcIp' | 'dstIp' | 'srcPort' | 'timestamp' | 'label' | 'attempted' | 'ignore';

/**
 * Spellings of the key / bookkeeping columns. `Destination Port` and `Protocol` are features
 * (see FEATURE_ALIASES) that also fill FlowBatch.dstPort / protocol.
 */
export const KEY_ALIASES: Readonly<Record<KeyRole, readonly string[]>> = {
  srcIp: ['Source IP', 'Src IP'],
  dstIp: ['Destination IP', 'Dst IP'],
  srcPort: ['Source Port', 'Src Port'],
  timestamp: ['Timestamp'],
  label: ['Label'],
  attempted: ['Attempted Category'],
  ignore: ['id', 'Flow ID', 'Unnamed: 0'],
};

/** The matching key of a header cell: lower case, without BOM, spaces, underscores or quotes. */
export function headerKey(name: string): string {
  return name.replace(/[\ufeff\s_"]/g, '').toLowerCase();
}
