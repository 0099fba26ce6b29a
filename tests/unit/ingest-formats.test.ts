import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX } from '../../src/main/domain/ingest/schema';
import { fixture, load } from '../fixtures/ingest/collect';

const F = FEATURE_INDEX;
const BENIGN = 0;
const DDOS = 1;
const DOS = 2;
const FTP = 3;
const SSH = 4;
const WEB = 5;
const INFILTRATION = 6;
const PORTSCAN = 7;

describe('CIC-IDS2017 MachineLearningCSV', () => {
  it('reads BOM, padded names, CRLF, the duplicated column and mangled web labels', async () => {
    const { rows, report } = await load([fixture('ml.csv')]);
    expect(report.files[0]).toMatchObject({
      format: 'cicids2017-ml',
      labelled: true,
      error: null,
      rowsRead: 7,
    });
    expect(rows.map((r) => [r.line, r.label, r.cls])).toEqual([
      [2, 'BENIGN', BENIGN],
      [3, 'Web Attack - Brute Force', WEB],
      [4, 'Web Attack - XSS', WEB],
      [5, 'DoS Hulk', DOS],
      [6, 'PortScan', PORTSCAN],
      [8, 'Web Attack - Sql Injection', WEB],
    ]);
    const r = rows[1]!;
    expect(r.features[F['Destination Port']]).toBe(81);
    expect(r.dstPort).toBe(81);
    expect(r.features[F['Flow Duration']]).toBe(1001);
    expect(r.features[F['Fwd Header Length']]).toBe(40); // the first copy, not the duplicate
    expect(r.features[F['Flow Bytes/s']]).toBe(12_000_000); // "1.2e+07"
    expect(r.features[F['Fwd Packet Length Mean']]).toBe(1.5);
    expect(r.features[F.Protocol]).toBeNaN(); // not in this dialect
    expect(r.features[F['ICMP Type']]).toBeNaN();
    expect(r.protocol).toBe(-1);
    expect([r.srcIp, r.dstIp, r.srcPort, r.timestamp]).toEqual([null, null, -1, null]);
    expect(r.timeMs).toBeNaN();
    expect(rows[0]!.features[F['Flow Bytes/s']]).toBe(Math.fround(702040.8163265307));
    expect(report.skippedByReason).toEqual({ 'excluded-class': 1 });
    expect(report.labels['Web Attack - Brute Force']).toBe(1);
    expect(report.labels.Bot).toBe(1);
  });

  it('repairs a raw cp1252 en dash (invalid UTF-8) in a label', async () => {
    const { rows } = await load([fixture('ml-cp1252.csv')]);
    expect(rows.map((r) => [r.label, r.cls])).toEqual([
      ['BENIGN', BENIGN],
      ['Web Attack - XSS', WEB],
    ]);
  });

  it('reads a pandas export with grouped labels and no Destination Port', async () => {
    const { rows, report } = await load([fixture('ml-grouped.csv')]);
    expect(report.files[0]!.format).toBe('cicids2017-ml');
    expect(rows.map((r) => [r.label, r.cls])).toEqual([
      ['BENIGN', BENIGN],
      ['WebAttack', WEB],
      ['DoS', DOS],
      ['PortScan', PORTSCAN],
      ['Infiltration', INFILTRATION],
    ]);
    expect(rows[0]!.features[F['Destination Port']]).toBeNaN();
    expect(rows[0]!.dstPort).toBe(-1);
    expect(rows[0]!.features[F['Fwd Header Length']]).toBe(40); // not "Fwd Header Length.1"
    expect(report.skippedByReason).toEqual({ 'excluded-class': 1, 'ambiguous-label': 1 });
  });

  it('keeps Bot as an extra class when asked', async () => {
    const { rows, report } = await load([fixture('ml.csv')], { extraClasses: ['Bot'] });
    expect(report.classNames.slice(8)).toEqual(['Bot']);
    expect(rows.find((r) => r.line === 7)).toMatchObject({ label: 'Bot', cls: 8 });
    expect(report.classes.Bot).toBe(1);
    expect(report.skippedByReason).toEqual({});
  });
});

describe('CIC-IDS2017 TrafficLabelling', () => {
  it('fills the flow keys and parses day-first timestamps', async () => {
    const { rows, report } = await load([fixture('traffic.csv')]);
    expect(report.files[0]!.format).toBe('cicids2017-traffic');
    expect(rows.map((r) => r.cls)).toEqual([BENIGN, FTP, SSH, DDOS]);
    expect(rows[1]).toMatchObject({
      srcIp: '192.168.10.5',
      srcPort: 54866,
      dstIp: '104.16.207.165',
      dstPort: 81,
      protocol: 6,
      timestamp: '05/07/2017 08:59:59',
      timeMs: Date.UTC(2017, 6, 5, 8, 59, 59),
    });
    expect(rows[0]!.timeMs).toBe(Date.UTC(2017, 6, 5, 8, 59));
    expect(rows[1]!.features[F.Protocol]).toBe(6);
  });
});

describe('improved CICIDS2017', () => {
  it('reads all 83 features and treats attempted attacks as benign', async () => {
    const { rows, report } = await load([fixture('improved.csv')]);
    expect(report.files[0]!.format).toBe('cicids2017-improved');
    expect(rows.map((r) => [r.label, r.cls])).toEqual([
      ['BENIGN', BENIGN],
      ['Infiltration - Portscan', INFILTRATION],
      ['DoS Hulk - Attempted', BENIGN],
      ['Portscan', PORTSCAN],
      // Attempted Category 0 without the label suffix: the column alone marks it.
      ['FTP-Patator - Attempted', BENIGN],
    ]);
    expect(rows.every((r) => r.features.every((v) => Number.isFinite(v)))).toBe(true);
    expect(rows[0]).toMatchObject({
      srcIp: '192.168.10.5',
      srcPort: 58181,
      dstIp: '192.168.10.3',
      protocol: 6,
    });
    expect(rows[0]!.timeMs).toBeCloseTo(Date.UTC(2017, 6, 6, 12, 39, 6) + 818.901, 3);
  });

  it('loads a file without a label column as unlabelled flows', async () => {
    const { rows, report } = await load([fixture('unlabelled.csv')]);
    expect(report.files[0]).toMatchObject({ labelled: false, rowsStored: 3, error: null });
    expect(rows.map((r) => [r.label, r.cls])).toEqual([
      [null, -1],
      [null, -1],
      [null, -1],
    ]);
    expect(report.classes).toEqual({});
  });
});

describe('CSE-CIC-IDS2018', () => {
  it('maps the renamed header and 2018 labels, skipping a repeated header line', async () => {
    const { rows, report } = await load([fixture('ids2018.csv')]);
    expect(report.files[0]!.format).toBe('cse-cic-ids2018');
    expect(rows.map((r) => [r.line, r.cls])).toEqual([
      [2, BENIGN],
      [3, FTP],
      [4, SSH],
      [5, DDOS],
      [7, INFILTRATION],
      [8, WEB],
      [9, DOS],
    ]);
    expect(report.skippedByReason).toEqual({ 'repeated-header': 1, 'excluded-class': 1 });
    expect(report.examples.find((e) => e.reason === 'repeated-header')?.line).toBe(6);
    expect(rows[0]).toMatchObject({ dstPort: 80, protocol: 6, timestamp: '14/02/2018 08:31:01' });
    expect(rows[0]!.timeMs).toBe(Date.UTC(2018, 1, 14, 8, 31, 1));
    expect(rows[0]!.features[F['Total Fwd Packets']]).toBe(1);
    expect(rows[0]!.features[F['Init_Win_bytes_forward']]).toBe(1);
    expect(rows[0]!.features[F['Fwd Header Length']]).toBe(40);
  });

  it('reads the day files that also carry Flow ID and addresses', async () => {
    const { rows } = await load([fixture('ids2018-keys.csv')]);
    expect(rows[0]).toMatchObject({
      cls: DDOS,
      srcIp: '18.219.211.138',
      srcPort: 59540,
      dstIp: '172.31.69.25',
      dstPort: 80,
    });
  });
});

describe('several files in one load', () => {
  it('keeps file order, never mixes files in a batch, and sums the report', async () => {
    const files = [fixture('traffic.csv'), fixture('ids2018.csv'), fixture('ml.csv')];
    const { batches, report } = await load(files, { batchSize: 3 });
    expect(batches.map((b) => [b.file, b.count])).toEqual([
      [files[0], 3],
      [files[0], 1],
      [files[1], 3],
      [files[1], 3],
      [files[1], 1],
      [files[2], 3],
      [files[2], 3],
    ]);
    expect(report.rowsStored).toBe(4 + 7 + 6);
    expect(report.rowsRead).toBe(report.rowsStored + report.rowsSkipped);
    expect(report.files.map((f) => f.rowsStored)).toEqual([4, 7, 6]);
    expect(Object.values(report.classes).reduce((a, b) => a + b, 0)).toBe(report.rowsStored);
    expect(report.bytesRead).toBe(report.totalBytes);
    expect(batches[1]!.features.length).toBe(1 * 83);
  });
});
