/**
 * Test helper: a corpus of malformed CICFlowMeter CSV files, written from code into a folder (no
 * real data is copied). Each file says what a correct loader must make of it — which lines are good
 * rows, which are bad and why, which non-finite cells the kept rows hold, and whether the file as a
 * whole is unreadable — counted here as the lines are written, independently of the loader.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One bad row: its physical line (1-based, the header is line 1) and the expected skip reason. */
export interface BadRow {
  line: number;
  reason: string;
}

/** A corpus file and what the loader must make of it. */
export interface CorpusFile {
  name: string;
  path: string;
  /** Physical lines of the rows that must be kept, ascending. */
  good: number[];
  bad: BadRow[];
  /** Non-finite cells in the good rows, per canonical feature name. */
  nonFinite: Record<string, number>;
  /** The file-level error expected (FileReport.error), null for a readable file. */
  error: RegExp | null;
  /** Whether the rows carry a label column. */
  labelled: boolean;
  /** Rows kept per class, for labelled files. */
  classes: Record<string, number>;
}

/** CIC-IDS2017's MachineLearningCSV header, exactly as the originals spell it (leading spaces). */
const HEADER = readFileSync(
  fileURLToPath(new URL('../fixtures/ingest/ml.csv', import.meta.url)),
  'utf8',
)
  .replace(/^\uFEFF/, '')
  .split('\n')[0]!
  .replace(/\r$/, '');
const NAMES = HEADER.split(',').map((h) => h.trim());
const col = (name: string): number => {
  const i = NAMES.indexOf(name);
  if (i < 0) throw new Error(`ml.csv header has no ${name}`);
  return i;
};
const PORT = col('Destination Port');
const DURATION = col('Flow Duration');
const BYTES_S = col('Flow Bytes/s');
const PACKETS_S = col('Flow Packets/s');
const INIT_WIN = col('Init_Win_bytes_forward');
const LABEL = col('Label');

/** Cells of a plausible flow row `i` (any label), as strings; edit them before joining. */
function cells(i: number, label = 'BENIGN'): string[] {
  return NAMES.map((_, c) => {
    if (c === LABEL) return label;
    if (c === PORT) return String(80 + (i % 50));
    if (c === DURATION) return String(1000 + i * 3);
    if (c === INIT_WIN) return i % 4 === 0 ? '-1' : '8192'; // -1 is real CICFlowMeter output
    return String(((i * 7 + c) % 13) + (c % 2) * 0.5);
  });
}

/** Builds one file line by line, recording which lines are good and bad. */
class Lines {
  readonly lines: string[] = [];
  readonly good: number[] = [];
  readonly bad: BadRow[] = [];
  readonly nonFinite: Record<string, number> = {};
  readonly classes: Record<string, number> = {};

  constructor(header: string | null = HEADER) {
    if (header !== null) this.lines.push(header);
  }

  /** Appends a row that must be kept; `cls` is the class it must land in. */
  ok(text: string, cls = 'Benign'): this {
    this.lines.push(text);
    this.good.push(this.lines.length);
    this.classes[cls] = (this.classes[cls] ?? 0) + 1;
    return this;
  }

  /** Appends a row that must be skipped for `reason`. */
  no(text: string, reason: string): this {
    this.lines.push(text);
    this.bad.push({ line: this.lines.length, reason });
    return this;
  }

  /** Appends a line that is not a row (a repeated header is counted by `no`). */
  raw(text: string): this {
    this.lines.push(text);
    return this;
  }

  noteNonFinite(feature: string): void {
    this.nonFinite[feature] = (this.nonFinite[feature] ?? 0) + 1;
  }

  text(eol = '\n', finalEol = true): string {
    return this.lines.join(eol) + (finalEol ? eol : '');
  }
}

const row = (i: number, label?: string) => cells(i, label).join(',');

/** A row with cell `c` replaced. */
function withCell(i: number, c: number, value: string, label?: string): string {
  const x = cells(i, label);
  x[c] = value;
  return x.join(',');
}

/** Deterministic bytes that look like a compressed file (xorshift32; NULs included). */
function binaryBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  let s = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    b[i] = s & 0xff;
  }
  return b;
}

/** Size of the over-long field: 5 MB, as in the hardening report. */
export const HUGE_FIELD_BYTES = 5_000_000;
/** Line of oversize.csv that carries it. */
export const HUGE_FIELD_LINE = 52;

type Spec = Omit<CorpusFile, 'path'> & { bytes: Buffer };

function spec(
  name: string,
  l: Lines,
  bytes: Buffer,
  extra: Partial<Pick<Spec, 'error' | 'labelled'>> = {},
): Spec {
  return {
    name,
    bytes,
    good: l.good,
    bad: l.bad,
    nonFinite: l.nonFinite,
    classes: l.classes,
    error: extra.error ?? null,
    labelled: extra.labelled ?? true,
  };
}

function specs(): Spec[] {
  const out: Spec[] = [];
  const utf8 = (l: Lines) => Buffer.from(l.text(), 'utf8');

  const empty = new Lines(null);
  out.push(spec('empty.csv', empty, Buffer.alloc(0), { error: /empty\.csv:1: empty file$/ }));

  const headerOnly = new Lines();
  out.push(spec('header-only.csv', headerOnly, utf8(headerOnly)));

  out.push(
    spec('binary.csv', new Lines(null), binaryBytes(64 * 1024), {
      error: /binary\.csv:1: binary file, not a CSV$/,
    }),
  );

  const ragged = new Lines();
  for (let i = 0; i < 30; i++) {
    if (i % 7 === 3) ragged.no(row(i) + ',42', 'column-count');
    else if (i % 7 === 5) ragged.no(cells(i).slice(0, 40).join(','), 'column-count');
    else if (i === 20) ragged.no(cells(i).slice(1).join(','), 'column-count');
    else ragged.ok(row(i));
  }
  out.push(spec('ragged.csv', ragged, utf8(ragged)));

  const nonNumeric = new Lines();
  const junk = ['abc', '12abc', '0x1F', '1,5'.replace(',', ';'), '"7"', 'N/A'];
  for (let i = 0; i < 30; i++) {
    if (i % 5 === 2) nonNumeric.no(withCell(i, 6 + (i % 9), junk[i % junk.length]!), 'non-numeric');
    else if (i === 24) nonNumeric.no(withCell(i, 9, ''), 'empty-cell');
    else nonNumeric.ok(row(i));
  }
  out.push(spec('non-numeric.csv', nonNumeric, utf8(nonNumeric)));

  // Every fifth row is a zero-duration flow whose rates CICFlowMeter writes as Infinity / NaN.
  const nonFinite = new Lines();
  for (let i = 0; i < 200; i++) {
    if (i % 5 !== 0) {
      nonFinite.ok(row(i, i % 2 ? 'BENIGN' : 'DDoS'), i % 2 ? 'Benign' : 'DDoS');
      continue;
    }
    const x = cells(i, 'DDoS');
    x[DURATION] = '0';
    x[BYTES_S] = i % 10 === 0 ? 'NaN' : 'Infinity';
    x[PACKETS_S] = i % 15 === 0 ? '-Infinity' : 'Infinity';
    nonFinite.ok(x.join(','), 'DDoS');
    nonFinite.noteNonFinite('Flow Bytes/s');
    nonFinite.noteNonFinite('Flow Packets/s');
  }
  out.push(spec('non-finite.csv', nonFinite, utf8(nonFinite)));

  const truncated = new Lines();
  for (let i = 0; i < 10; i++) truncated.ok(row(i));
  truncated.no(cells(10).slice(0, 33).join(',') + ',1.', 'empty-cell');
  out.push(spec('truncated.csv', truncated, Buffer.from(truncated.text('\n', false), 'utf8')));

  const crlf = new Lines();
  for (let i = 0; i < 30; i++)
    crlf.ok(row(i, i % 3 ? 'BENIGN' : 'PortScan'), i % 3 ? 'Benign' : 'PortScan');
  out.push(
    spec(
      'crlf-bom.csv',
      crlf,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf.text('\r\n'), 'utf8')]),
    ),
  );

  const unknown = new Lines();
  for (let i = 0; i < 20; i++) {
    if (i % 6 === 1)
      unknown.no(row(i, i % 12 === 1 ? 'Mystery Attack' : 'Exfil-Zeta'), 'unknown-label');
    else unknown.ok(row(i));
  }
  out.push(spec('unknown-labels.csv', unknown, utf8(unknown)));

  const noLabelHeader = HEADER.split(',')
    .filter((_, c) => c !== LABEL)
    .join(',');
  const noLabel = new Lines(noLabelHeader);
  for (let i = 0; i < 15; i++) {
    noLabel.lines.push(
      cells(i)
        .filter((_, c) => c !== LABEL)
        .join(','),
    );
    noLabel.good.push(noLabel.lines.length);
  }
  out.push(spec('no-label.csv', noLabel, utf8(noLabel), { labelled: false }));

  const oversize = new Lines();
  for (let i = 0; i < 60; i++) {
    if (oversize.lines.length + 1 === HUGE_FIELD_LINE) {
      oversize.no(withCell(i, BYTES_S, '7'.repeat(HUGE_FIELD_BYTES)), 'oversize-line');
    } else {
      oversize.ok(row(i));
    }
  }
  out.push(spec('oversize.csv', oversize, utf8(oversize)));

  // Two day files joined with `cat`: the second header is a line of its own.
  const joined = new Lines();
  for (let i = 0; i < 10; i++) joined.ok(row(i));
  joined.no(HEADER, 'repeated-header');
  for (let i = 10; i < 20; i++) joined.ok(row(i, 'DDoS'), 'DDoS');
  out.push(spec('concatenated.csv', joined, utf8(joined)));

  // Saved from a Windows tool: the en dash of the web-attack labels is cp1252 0x96.
  const cp1252 = new Lines();
  const web = [
    'Web Attack \u0096 Brute Force',
    'Web Attack \u0096 XSS',
    'Web Attack \u0096 Sql Injection',
  ];
  for (let i = 0; i < 24; i++) {
    if (i % 2) cp1252.ok(row(i));
    else cp1252.ok(row(i, web[i % 3]!), 'Web');
  }
  out.push(spec('cp1252-web.csv', cp1252, Buffer.from(cp1252.text(), 'latin1')));

  const negative = new Lines();
  for (let i = 0; i < 20; i++) {
    if (i % 8 === 3)
      negative.no(withCell(i, DURATION, i % 16 === 3 ? '-1' : '-13'), 'negative-duration');
    else negative.ok(row(i));
  }
  out.push(spec('negative-duration.csv', negative, utf8(negative)));
  return out;
}

/** Writes the corpus into `dir`; returns each file with its expectations. */
export function writeMalformedCorpus(dir: string): CorpusFile[] {
  return specs().map(({ bytes, ...s }) => {
    const path = join(dir, s.name);
    writeFileSync(path, bytes);
    return { ...s, path };
  });
}
