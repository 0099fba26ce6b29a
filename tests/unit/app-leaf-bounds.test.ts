import { describe, expect, it } from 'vitest';
import { decodeLeafBounds, encodeLeafBounds } from '../../src/main/app/loads/storedDetector';
import type { LeafBounds } from '../../src/main/domain/detector';

describe('stored leaf bounds', () => {
  it('round-trips lo, hi (±Infinity included), the NaN flags and the feature columns', () => {
    const b: LeafBounds = {
      features: [0, 3, 7],
      lo: Float32Array.from([0, -Infinity, 1.5, 2, 3, 4]),
      hi: Float32Array.from([1, Infinity, 9.25, 2, 30, 40]),
      nan: Uint8Array.from([0, 1, 0, 0, 0, 1]),
    };
    const { blob, features } = encodeLeafBounds(b);
    const back = decodeLeafBounds(blob, features, 2)!;
    expect(back.features).toEqual([0, 3, 7]);
    expect(Array.from(back.lo)).toEqual(Array.from(b.lo));
    expect(Array.from(back.hi)).toEqual(Array.from(b.hi));
    expect(Array.from(back.nan!)).toEqual([0, 1, 0, 0, 0, 1]);
  });

  it('reads an unaligned BLOB, leaves NaN flags out when none were stored, refuses a misfit', () => {
    const b: LeafBounds = { features: [1], lo: Float32Array.from([5]), hi: Float32Array.from([6]) };
    const { blob, features } = encodeLeafBounds(b);
    const shifted = Buffer.concat([Buffer.from([9]), blob]).subarray(1); // odd byte offset
    const back = decodeLeafBounds(shifted, features, 1)!;
    expect([back.lo[0], back.hi[0]]).toEqual([5, 6]);
    expect(back.nan).toBeUndefined();
    expect(decodeLeafBounds(blob, features, 2)).toBeNull(); // another tree's leaf count
    expect(decodeLeafBounds(null, features, 1)).toBeNull();
  });
});
