/**
 * The incident report's Markdown read back into blocks, so the print view (and its PDF) shows the
 * very report the .md export saves (the core writes it: incidents.report; nothing here writes a
 * report of its own). Only the subset the core's report writer emits is read: headings, `-` lists
 * one level deep, pipe tables with `\|` escapes, ``` fenced blocks (the enforcement texts, kept
 * verbatim), `>` quotes (the SIMULATED what-if), paragraphs, and inline `code` and ~~strike~~.
 * Anything else stays plain text, never markup.
 */

/** A run of inline text. */
export interface Inline {
  kind: 'text' | 'code' | 'strike';
  text: string;
}

/** One list item and its nested items. */
export interface ListItem {
  text: Inline[];
  children: Inline[][];
}

/** A block of the report. */
export type Block =
  | { kind: 'heading'; level: number; text: Inline[] }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'table'; head: Inline[][]; rows: Inline[][][] }
  /** A fenced block's lines, verbatim (no inline markup). */
  | { kind: 'code'; text: string }
  | { kind: 'quote'; text: Inline[] }
  | { kind: 'paragraph'; text: Inline[] };

const HEADING = /^(#{1,6})\s+(.*)$/;
const ITEM = /^-\s+(.*)$/;
const SUB_ITEM = /^\s{2,}-\s+(.*)$/;
const TABLE_SEPARATOR = /^\|(\s*:?-{3,}:?\s*\|)+\s*$/;
const FENCE = /^```/;
const QUOTE = /^>\s?(.*)$/;

/** Inline `code` and ~~strike~~ spans of one line; everything else is text. */
export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  const re = /`([^`]+)`|~~(.+?)~~/g;
  let at = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m.index > at) out.push({ kind: 'text', text: line.slice(at, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else out.push({ kind: 'strike', text: m[2] ?? '' });
    at = m.index + m[0].length;
  }
  if (at < line.length) out.push({ kind: 'text', text: line.slice(at) });
  return out;
}

/** The cells of a `| a | b \| c |` row, unescaped. */
export function tableCells(line: string): string[] {
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** Split the report into blocks. */
export function parseReport(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const heading = HEADING.exec(line);
    if (line.trim() === '') {
      i++;
    } else if (heading) {
      blocks.push({
        kind: 'heading',
        level: heading[1]!.length,
        text: parseInline(heading[2] ?? ''),
      });
      i++;
    } else if (FENCE.test(line)) {
      // Everything up to the closing fence (or the end) is the block's text, as written.
      const body: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
      blocks.push({ kind: 'code', text: body.join('\n') });
      i++;
    } else if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length; i++) {
        const q = QUOTE.exec(lines[i] ?? '');
        if (!q) break;
        quoted.push((q[1] ?? '').trim());
      }
      blocks.push({ kind: 'quote', text: parseInline(quoted.join(' ')) });
    } else if (line.startsWith('|') && TABLE_SEPARATOR.test(lines[i + 1] ?? '')) {
      const head = tableCells(line).map(parseInline);
      const rows: Inline[][][] = [];
      for (i += 2; (lines[i] ?? '').startsWith('|'); i++)
        rows.push(tableCells(lines[i]!).map(parseInline));
      blocks.push({ kind: 'table', head, rows });
    } else if (ITEM.test(line)) {
      const items: ListItem[] = [];
      for (; i < lines.length; i++) {
        const l = lines[i] ?? '';
        const top = ITEM.exec(l);
        const sub = SUB_ITEM.exec(l);
        if (top) items.push({ text: parseInline(top[1] ?? ''), children: [] });
        else if (sub && items.length > 0) items.at(-1)!.children.push(parseInline(sub[1] ?? ''));
        else break;
      }
      blocks.push({ kind: 'list', items });
    } else {
      // The first line always belongs to the paragraph (a stray `|` line, say), so `i` moves on.
      const para: string[] = [line.trim()];
      for (i++; i < lines.length; i++) {
        const l = lines[i] ?? '';
        if (
          l.trim() === '' ||
          HEADING.test(l) ||
          ITEM.test(l) ||
          l.startsWith('|') ||
          FENCE.test(l) ||
          QUOTE.test(l)
        )
          break;
        para.push(l.trim());
      }
      blocks.push({ kind: 'paragraph', text: parseInline(para.join(' ')) });
    }
  }
  return blocks;
}

/**
 * A heading's text as a `data-section` name, without its parenthesis: "Executed plan: prediction
 * and observation" → "executed-plan-prediction-and-observation", "What-if (SIMULATED …)" → "what-if".
 */
export function sectionName(text: Inline[]): string {
  return text
    .map((t) => t.text)
    .join('')
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Whether a heading names a SIMULATED section (the what-if), boxed apart from the evidence. */
export function isSimulated(text: Inline[]): boolean {
  return text.some((t) => t.text.includes('SIMULATED'));
}
