import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  flowAlertsToIr,
  parseAlertText,
  parseEveLine,
  parseSnortLine,
  type FlowAlertRow,
} from '../../src/main/domain/ir/grouping/parsers';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ir/${name}`, import.meta.url));
const parseFixture = (name: string, opts = { year: 2017 }) =>
  parseAlertText(readFileSync(fixture(name), 'utf8'), name, 'auto', opts);

describe('Snort fast alerts, ESORICS dialect', () => {
  it('reads priority, classification, protocol, endpoints with and without ports, rule message', () => {
    const r = parseSnortLine(
      '2026-06-10 13:10:51,405 [    INFO] Alert: [pri=2 cls=Attempted Information Leak] {ICMP} 10.0.1.11 -> 10.0.2.10 [1:1000001:2] ICMP traffic detected',
    );
    expect(r).toEqual({
      kind: 'alert',
      alert: {
        time: Date.UTC(2026, 5, 10, 13, 10, 51, 405),
        src: '10.0.1.11',
        dst: '10.0.2.10',
        srcPort: null,
        dstPort: null,
        proto: 'ICMP',
        signature: 'ICMP traffic detected',
        classification: 'Attempted Information Leak',
        priority: 2,
        source: 'snort',
      },
    });
    const t = parseSnortLine(
      '2026-06-10 13:10:51,407 [    INFO] Alert: [pri=3 cls=Generic Protocol Command Decode] {TCP} 10.0.1.11:51184 -> 10.0.2.12:139 [1:1000004:2] SMB traffic to Samba server (NetBIOS)',
    );
    expect(t.kind === 'alert' && t.alert).toMatchObject({
      srcPort: 51184,
      dstPort: 139,
      proto: 'TCP',
      signature: 'SMB traffic to Samba server (NetBIOS)',
      priority: 3,
    });
  });

  it('counts prose and "Stage N records" lines as not-an-alert and bad lines with file:line', () => {
    const r = parseFixture('esorics-style.txt');
    expect(r.format).toBe('snort');
    expect(r.counts).toEqual({ lines: 14, alerts: 9, notAnAlert: 3, bad: 2 });
    expect(r.issues.map((i) => `${i.where}: ${i.reason}`)).toEqual([
      'esorics-style.txt:13: malformed Snort fast-alert line (fields missing or out of order)',
      'esorics-style.txt:14: bad address "10.0.2.999:80"',
    ]);
  });
});

describe('Snort fast alerts, classic dialect', () => {
  it('reads [**] lines with and without classification, two- and no-digit years', () => {
    const r = parseFixture('snort-fast.txt');
    expect(r.counts).toEqual({ lines: 8, alerts: 4, notAnAlert: 1, bad: 3 });
    const [scan, brute, noClass, ping] = r.alerts;
    expect(scan).toMatchObject({
      time: Date.UTC(2017, 6, 4, 14, 10, 2, 123),
      src: '172.16.0.1',
      srcPort: 51000,
      dst: '192.168.10.50',
      dstPort: 22,
      signature: 'ET SCAN Potential SSH Scan',
      classification: 'Attempted Information Leak',
      priority: 2,
      source: 'snort',
    });
    expect(brute?.priority).toBe(1);
    expect(noClass).toMatchObject({
      classification: '',
      time: Date.UTC(2017, 6, 4, 14, 10, 9, 500),
    });
    expect(ping).toMatchObject({ proto: 'ICMP', srcPort: null, dstPort: null });
    expect(r.issues.map((i) => `${i.where}: ${i.reason}`)).toEqual([
      'snort-fast.txt:5: malformed Snort fast-alert line (fields missing or out of order)',
      'snort-fast.txt:6: timestamp out of range',
      'snort-fast.txt:7: bad port in "10.0.0.1:70000"',
    ]);
  });
});

describe('Suricata EVE JSON', () => {
  it('reads alert events, skips other event types silently and reports bad lines', () => {
    const r = parseFixture('eve.jsonl');
    expect(r.format).toBe('suricata');
    expect(r.counts).toEqual({ lines: 10, alerts: 2, notAnAlert: 2, bad: 6 });
    expect(r.alerts[0]).toEqual({
      time: Date.UTC(2017, 6, 7, 13, 0, 1, 123),
      src: '192.168.10.15',
      dst: '205.174.165.73',
      srcPort: 49800,
      dstPort: 8080,
      proto: 'TCP',
      signature: 'ET TROJAN Ares botnet check-in',
      classification: 'A Network Trojan was detected',
      priority: 1,
      source: 'suricata',
    });
    expect(r.alerts[1]).toMatchObject({ time: Date.UTC(2017, 6, 7, 11, 0, 3, 500), srcPort: null });
    expect(r.issues.map((i) => i.where)).toEqual([
      'eve.jsonl:4',
      'eve.jsonl:5',
      'eve.jsonl:6',
      'eve.jsonl:8',
      'eve.jsonl:9',
      'eve.jsonl:10',
    ]);
    expect(r.issues.map((i) => i.reason)).toEqual([
      'alert event without alert.signature',
      'bad or missing timestamp "yesterday"',
      'bad src_port / dest_port',
      expect.stringMatching(/^invalid JSON/),
      'not a JSON object',
      'no event_type',
    ]);
  });

  it('never throws on garbage', () => {
    for (const line of ['{', '"x"', 'null', '{"event_type":"alert","alert":null}'])
      expect(parseEveLine(line).kind).toBe('bad');
    expect(parseSnortLine('[**] [**]').kind).toBe('bad');
  });

  it('detects the format from the first non-blank line', () => {
    expect(detectFormat('\n  {"event_type":"alert"}')).toBe('suricata');
    expect(detectFormat('prose\n{"a":1}')).toBe('snort');
  });
});

describe('flow alerts', () => {
  const row = (over: Partial<FlowAlertRow>): FlowAlertRow => ({
    id: 7,
    predicted_class: 'SSH-Patator',
    conf_mean: 0.95,
    ts: '2017-07-04 14:10:00',
    ts_ms: null,
    src_ip: '172.16.0.1',
    src_port: 51000,
    dst_ip: '192.168.10.50',
    dst_port: 22,
    protocol: 6,
    ...over,
  });

  it('keeps class, endpoints and alert id; Benign becomes classification benign', () => {
    const [attack, benign] = flowAlertsToIr([
      row({}),
      row({ id: 8, predicted_class: 'Benign', ts_ms: 1000, protocol: 17, conf_mean: 0.99 }),
    ]);
    expect(attack).toEqual({
      time: Date.UTC(2017, 6, 4, 14, 10),
      src: '172.16.0.1',
      dst: '192.168.10.50',
      srcPort: 51000,
      dstPort: 22,
      proto: 'TCP',
      signature: 'SSH-Patator',
      classification: 'SSH-Patator',
      priority: 1,
      source: 'flow',
      alertId: 7,
    });
    expect(benign).toMatchObject({
      time: 1000,
      classification: 'benign',
      priority: 3,
      proto: 'UDP',
    });
  });

  it('reports rows that cannot be placed instead of inventing times or hosts', () => {
    const skipped: string[] = [];
    const out = flowAlertsToIr(
      [row({ id: 1, ts: 'not a time' }), row({ id: 2, src_ip: null })],
      (id, why) => skipped.push(`${id}: ${why}`),
    );
    expect(out).toEqual([]);
    expect(skipped).toEqual([
      '1: no readable timestamp "not a time"',
      '2: no source or destination address',
    ]);
  });
});
