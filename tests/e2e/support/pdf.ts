/**
 * What a test can read from a PDF Chromium wrote without a PDF library: the header, the trailer,
 * the page count, the document title and the outline (bookmark) titles, which `page.pdf({ tagged:
 * true, outline: true })` builds from the page's headings. Text strings are decoded from both PDF forms: literal
 * `(…)` with backslash escapes, and hex `<FEFF…>` UTF-16BE.
 */

/** The facts of one PDF file. */
export interface PdfFacts {
  /** `1.4` from the `%PDF-1.4` header; null when the file does not start with one. */
  version: string | null;
  /** The file ends with `%%EOF` (it was written out completely). */
  complete: boolean;
  pages: number;
  /** The document information's /Title; null when there is none. */
  title: string | null;
  /** Outline entries' titles, in file order. */
  outline: string[];
}

/** Decode a literal string's body (between the outer parentheses). */
function literal(body: string): string {
  const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i] ?? '';
    const oct = /^[0-7]{1,3}/.exec(body.slice(i))?.[0];
    if (oct) {
      out += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else out += named[next] ?? next;
  }
  return out;
}

/** Decode a hex string: UTF-16BE after a FEFF byte-order mark, else one byte per character. */
function hex(body: string): string {
  const bytes = Buffer.from(body.replace(/\s+/g, ''), 'hex');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** Every `/Title` string of one object's text, decoded. */
function titles(obj: string): string[] {
  const out: string[] = [];
  const re = /\/Title\s*(\(|<)/g;
  for (let m = re.exec(obj); m; m = re.exec(obj)) {
    let i = m.index + m[0].length;
    if (m[1] === '<') {
      const end = obj.indexOf('>', i);
      out.push(hex(obj.slice(i, end)));
      continue;
    }
    // A literal string: balanced parentheses, a backslash escapes the next character.
    let depth = 1;
    const start = i;
    for (; i < obj.length && depth > 0; i++) {
      if (obj[i] === '\\') i++;
      else if (obj[i] === '(') depth++;
      else if (obj[i] === ')') depth--;
    }
    out.push(literal(obj.slice(start, i - 1)));
  }
  return out;
}

/** Read the facts of a PDF file. */
export function pdfFacts(pdf: Buffer): PdfFacts {
  const text = pdf.toString('latin1');
  const version = /^%PDF-(\d\.\d)/.exec(text)?.[1] ?? null;
  // Objects' dictionaries, with stream data cut out (it is compressed binary).
  const objects = [...text.matchAll(/\d+ 0 obj([\s\S]*?)endobj/g)].map((m) =>
    (m[1] ?? '').replace(/stream\r?\n[\s\S]*?endstream/g, ''),
  );
  return {
    version,
    complete: text.trimEnd().endsWith('%%EOF'),
    pages: objects.filter((o) => /\/Type\s*\/Page(?![A-Za-z])/.test(o)).length,
    title: objects.filter((o) => /\/Producer|\/Creator/.test(o)).flatMap(titles)[0] ?? null,
    outline: objects.filter((o) => /\/Parent/.test(o)).flatMap(titles),
  };
}
