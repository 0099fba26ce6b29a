/**
 * Per-load cache from a label cell's raw bytes to its class decision. A file holds a handful of
 * distinct labels in long runs, so the row loop compares bytes with the previous row's label and
 * decodes / normalises / maps a label only the first time it is seen.
 */
import { mapLabel, type ClassMap } from './classMap';
import { normaliseLabel } from './labels';
import { asciiText } from './numbers';
import type { SkipReason } from './types';

/** What the loader does with rows carrying one raw label. */
export interface LabelInfo {
  /** The normalised label. */
  readonly label: string;
  /** Index into classNames, or -1 when rows with this label are skipped. */
  readonly classIndex: number;
  readonly reason: SkipReason | null;
  readonly detail: string;
  /** The excluded group that extra classes could keep these rows as (e.g. Bot), else null. */
  readonly excludedAs: string | null;
  /** Rows read with this label so far (stored or not). */
  count: number;
}

const utf8 = new TextDecoder('utf-8');

/** Label decisions for one load (shared by all its files). */
export class LabelTable {
  private readonly byRaw = new Map<string, LabelInfo>();
  private readonly byLabel = new Map<string, LabelInfo>();
  private last: LabelInfo | null = null;
  private lastBytes = new Uint8Array(256);
  private lastLength = -1;

  constructor(
    private readonly map: ClassMap,
    private readonly classNames: readonly string[],
    private readonly extraClasses: readonly string[],
  ) {}

  /** The decision for the label cell in bytes [start, end). */
  lookup(b: Uint8Array, start: number, end: number): LabelInfo {
    const n = end - start;
    if (n === this.lastLength && this.last !== null) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (b[start + i] !== this.lastBytes[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.last;
    }
    const key = asciiText(b, start, end);
    let info = this.byRaw.get(key);
    if (info === undefined) {
      info = this.fromText(utf8.decode(b.subarray(start, end)));
      this.byRaw.set(key, info);
    }
    if (n <= this.lastBytes.length) {
      this.lastBytes.set(b.subarray(start, end));
      this.lastLength = n;
      this.last = info;
    }
    return info;
  }

  /** The decision for a decoded label text (the slow path, also used for bad rows). */
  fromText(raw: string): LabelInfo {
    const label = normaliseLabel(raw.replace(/^"(.*)"$/, '$1'));
    const known = this.byLabel.get(label);
    if (known !== undefined) return known;
    const info = this.decide(label);
    this.byLabel.set(label, info);
    return info;
  }

  /** The decision for the attempted-attack variant of a label (improved CICIDS2017). */
  attempted(info: LabelInfo): LabelInfo {
    return / - attempted$/i.test(info.label) ? info : this.fromText(`${info.label} - Attempted`);
  }

  /** Rows read per normalised label. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const info of this.byLabel.values()) if (info.count > 0) out[info.label] = info.count;
    return out;
  }

  /** Rows skipped per excluded group, which extra classes could keep (e.g. { Bot: 1966 }). */
  excludedCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const info of this.byLabel.values())
      if (info.excludedAs !== null && info.count > 0)
        out[info.excludedAs] = (out[info.excludedAs] ?? 0) + info.count;
    return out;
  }

  private decide(label: string): LabelInfo {
    const m = mapLabel(this.map, label, this.extraClasses);
    const skip = (reason: SkipReason, detail: string, excludedAs: string | null = null) => ({
      label,
      classIndex: -1,
      reason,
      detail,
      excludedAs,
      count: 0,
    });
    switch (m.kind) {
      case 'class': {
        const classIndex = this.classNames.indexOf(m.name);
        if (classIndex < 0) throw new Error(`class "${m.name}" is not in classNames`);
        return { label, classIndex, reason: null, detail: '', excludedAs: null, count: 0 };
      }
      case 'excluded':
        // Attempted attacks excluded by the class map stay excluded whatever extra classes say.
        return mapLabel(this.map, label, [m.name]).kind === 'class'
          ? skip('excluded-class', excludedDetail(label, m.name), m.name)
          : skip('excluded-class', `label "${label}" is excluded by the class map ("attempted")`);
      case 'ambiguous':
        return skip('ambiguous-label', `label "${label}" could be ${m.candidates.join(' or ')}`);
      case 'unknown':
        return skip('unknown-label', label === '' ? 'empty label' : `unknown label "${label}"`);
    }
  }
}

/**
 * Why an excluded label's rows were skipped, naming both ways to keep them: the Data screen's
 * extra-classes field and the CLI flag.
 */
export function excludedDetail(label: string, group: string): string {
  return (
    `label "${label}" is excluded class ${group}: to keep it, add ${group} under ` +
    `"Extra classes" on the Data screen, or pass --extra-classes ${group} to rampart ingest / detect`
  );
}
