/**
 * Reuses the string of a recently seen byte sequence. A capture has few distinct IP addresses,
 * so this saves allocating (and collecting) two strings per row.
 */

const SLOTS = 4096;

/** A direct-mapped cache from short ASCII byte runs to their strings. */
export class Interner {
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(SLOTS);

  /** The text of bytes [start, end) (spaces around removed), or null when that is empty. */
  get(b: Buffer, start: number, end: number): string | null {
    let s = start;
    let e = end;
    while (s < e && b[s] === 32) s++;
    while (e > s && b[e - 1] === 32) e--;
    if (s === e) return null;
    let h = 0x811c9dc5; // FNV-1a
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 16777619);
    const slot = h & (SLOTS - 1);
    const hit = this.strings[slot];
    if (hit !== undefined && hit.length === e - s) {
      let i = 0;
      while (i < hit.length && hit.charCodeAt(i) === b[s + i]) i++;
      if (i === hit.length) return hit;
    }
    const text = b.toString('latin1', s, e);
    this.strings[slot] = text;
    return text;
  }
}
