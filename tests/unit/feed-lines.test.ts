/** LineSplitter: lines across any chunking, CRLF, oversize lines skipped, the last line at the end. */
import { describe, expect, it } from 'vitest';
import { LineSplitter, Next } from '../../src/main/app/feeds/intake/lines';

type Out = string | 'OVERSIZE';

/** Every line the splitter yields for `text` cut into chunks of `size` bytes. */
function split(text: string, size: number, max = 1 << 20): Out[] {
  const s = new LineSplitter(max);
  const out: Out[] = [];
  const take = (): void => {
    for (let k = s.next(); k !== Next.None; k = s.next()) {
      out.push(k === Next.Oversize ? 'OVERSIZE' : s.buf.toString('utf8', s.start, s.end));
    }
  };
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) {
    s.push(bytes.subarray(i, i + size));
    take();
  }
  if (s.finish() === Next.Line) out.push(s.buf.toString('utf8', s.start, s.end));
  return out;
}

describe('LineSplitter', () => {
  it.each([1, 2, 3, 7, 64])('gives the same lines for chunks of %i bytes', (size) => {
    const text = 'a,b\r\nc,d\n\nlast';
    expect(split(text, size)).toEqual(['a,b', 'c,d', '', 'last']);
  });

  it('holds a partial line until its end arrives', () => {
    const s = new LineSplitter(100);
    s.push(Buffer.from('one\ntw'));
    expect(s.next()).toBe(Next.Line);
    expect(s.next()).toBe(Next.None);
    expect(s.held).toBe(2);
    s.push(Buffer.from('o\n'));
    expect(s.next()).toBe(Next.Line);
    expect(s.buf.toString('utf8', s.start, s.end)).toBe('two');
    expect(s.finish()).toBe(Next.None);
  });

  it.each([1, 5, 100])('skips an oversize line once and goes on (chunks of %i)', (size) => {
    const long = 'x'.repeat(50);
    expect(split(`ok\n${long}\nafter\n${long}`, size, 20)).toEqual([
      'ok',
      'OVERSIZE',
      'after',
      'OVERSIZE',
    ]);
  });

  it('forgets what it holds on reset', () => {
    const s = new LineSplitter(100);
    s.push(Buffer.from('partial'));
    expect(s.next()).toBe(Next.None);
    s.reset();
    s.push(Buffer.from('new\n'));
    expect(s.next()).toBe(Next.Line);
    expect(s.buf.toString('utf8', s.start, s.end)).toBe('new');
  });
});
