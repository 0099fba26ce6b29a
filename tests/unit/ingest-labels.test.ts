import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadClassMap,
  mapLabel,
  normaliseLabel,
  parseClassMap,
} from '../../src/main/domain/ingest';

describe('normaliseLabel', () => {
  it.each([
    ['Web Attack \u00ef\u00bf\u00bd Brute Force', 'Web Attack - Brute Force'], // UTF-8 mojibake of U+FFFD
    ['Web Attack \ufffd XSS', 'Web Attack - XSS'], // cp1252 0x96 decoded as UTF-8
    ['Web Attack \u0096 Sql Injection', 'Web Attack - Sql Injection'], // 0x96 decoded as Latin-1
    ['Web Attack \u2013 Brute Force', 'Web Attack - Brute Force'], // en dash
    ['Web Attack\u2014XSS', 'Web Attack - XSS'], // em dash, no spaces
    ['  DoS   Hulk \t', 'DoS Hulk'],
    ['Brute Force -Web', 'Brute Force -Web'], // ASCII hyphens are left alone
    ['FTP-Patator', 'FTP-Patator'],
    ['', ''],
  ])('%j -> %j', (raw, want) => {
    expect(normaliseLabel(raw)).toBe(want);
  });
});

describe('mapLabel with the default class map', () => {
  const map = loadClassMap();
  const cls = (label: string, extra?: string[]) => mapLabel(map, normaliseLabel(label), extra);

  it.each([
    ['BENIGN', 'Benign'],
    ['Benign', 'Benign'],
    ['DDoS', 'DDoS'],
    ['DDoS attacks-LOIC-HTTP', 'DDoS'],
    ['DDOS attack-HOIC', 'DDoS'],
    ['DDOS attack-LOIC-UDP', 'DDoS'],
    ['DoS Hulk', 'DoS'],
    ['DoS GoldenEye', 'DoS'],
    ['DoS slowloris', 'DoS'],
    ['DoS Slowloris', 'DoS'],
    ['DoS Slowhttptest', 'DoS'],
    ['DoS attacks-SlowHTTPTest', 'DoS'],
    ['DoS attacks-Hulk', 'DoS'],
    ['DoS', 'DoS'],
    ['FTP-Patator', 'FTP-Patator'],
    ['FTP-BruteForce', 'FTP-Patator'],
    ['SSH-Patator', 'SSH-Patator'],
    ['SSH-Bruteforce', 'SSH-Patator'],
    ['Web Attack \u00ef\u00bf\u00bd Brute Force', 'Web'],
    ['Web Attack \u0096 XSS', 'Web'],
    ['Web Attack - SQL Injection', 'Web'],
    ['WebAttack', 'Web'],
    ['Brute Force -Web', 'Web'],
    ['Brute Force -XSS', 'Web'],
    ['SQL Injection', 'Web'],
    ['Infiltration', 'Infiltration'],
    ['Infiltration - Portscan', 'Infiltration'],
    ['Infilteration', 'Infiltration'],
    ['PortScan', 'PortScan'],
    ['Portscan', 'PortScan'],
    ['DoS Hulk - Attempted', 'Benign'],
  ])('%j -> %s', (label, name) => {
    expect(cls(label)).toEqual({ kind: 'class', name });
  });

  it('excludes Bot, Botnet and Heartbleed unless asked for', () => {
    expect(cls('Bot')).toEqual({ kind: 'excluded', name: 'Bot' });
    expect(cls('Botnet')).toEqual({ kind: 'excluded', name: 'Bot' });
    expect(cls('Heartbleed')).toEqual({ kind: 'excluded', name: 'Heartbleed' });
    expect(cls('Botnet', ['Bot'])).toEqual({ kind: 'class', name: 'Bot' });
    expect(cls('Heartbleed', ['Bot', 'Heartbleed'])).toEqual({ kind: 'class', name: 'Heartbleed' });
  });

  it('reports BruteForce as ambiguous and anything else as unknown', () => {
    expect(cls('BruteForce')).toEqual({
      kind: 'ambiguous',
      candidates: ['FTP-Patator', 'SSH-Patator'],
    });
    expect(cls('Mystery')).toEqual({ kind: 'unknown' });
    expect(cls('')).toEqual({ kind: 'unknown' });
  });
});

describe('loadClassMap validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-classmap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const classes = {
    Benign: ['BENIGN'],
    DDoS: ['DDoS'],
    DoS: ['DoS'],
    'FTP-Patator': ['FTP-Patator'],
    'SSH-Patator': ['SSH-Patator'],
    Web: ['WebAttack'],
    Infiltration: ['Infiltration'],
    PortScan: ['PortScan'],
  };

  it('names the file and the problem for invalid JSON', () => {
    const path = write('broken.json', '{ "classes": ');
    expect(() => loadClassMap(path)).toThrow(/broken\.json: not valid JSON/);
  });

  it('names the file when it is missing', () => {
    expect(() => loadClassMap(join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read it/);
  });

  it('rejects an unknown class name', () => {
    const path = write(
      'bad-class.json',
      JSON.stringify({ classes: { ...classes, Worms: ['Worm'] } }),
    );
    expect(() => loadClassMap(path)).toThrow(/bad-class\.json is invalid[\s\S]*classes/);
  });

  it('rejects a missing class and unknown keys', () => {
    const seven = Object.fromEntries(
      Object.entries(classes).filter(([name]) => name !== 'PortScan'),
    );
    expect(() => parseClassMap({ classes: seven }, 'm')).toThrow(/class map m is invalid/);
    expect(() => parseClassMap({ classes, extra: 1 }, 'm')).toThrow(/unknown key "extra"/);
  });

  it('rejects a label listed under two classes', () => {
    const clash = { classes: { ...classes, DoS: ['DoS', 'webattack'] } };
    expect(() => parseClassMap(clash, 'm')).toThrow(
      /label "WebAttack" is under both classes.DoS and classes.Web/,
    );
  });

  it('accepts a valid map with comments and defaults', () => {
    const map = parseClassMap({ _comment: 'editable', classes }, 'm');
    expect(mapLabel(map, 'benign')).toEqual({ kind: 'class', name: 'Benign' });
    expect(mapLabel(map, 'Bot')).toEqual({ kind: 'unknown' });
    expect(mapLabel(map, 'X - Attempted')).toEqual({ kind: 'class', name: 'Benign' });
    const strict = parseClassMap({ classes, attempted: 'exclude' }, 'm');
    expect(mapLabel(strict, 'X - Attempted')).toEqual({ kind: 'excluded', name: 'X - Attempted' });
  });
});
