/** A bounded LRU cache of advice, keyed by (predicted type, signature, KG version). */

/** The cache key of one query against one KG version, under one prompt style (default 'default'). */
export function adviceCacheKey(
  predictedClass: string,
  signature: number,
  kgVersion: number,
  promptStyle = 'default',
): string {
  // JSON keeps arbitrary class names from colliding (no separator can be smuggled in).
  return JSON.stringify([predictedClass, signature, kgVersion, promptStyle]);
}

/** Least-recently-used map with a fixed capacity. */
export class LruCache<V> {
  private readonly map = new Map<string, V>();

  /** `capacity` entries at most (default 1024). */
  constructor(readonly capacity = 1024) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  /** The value, marked as recently used; undefined on a miss. */
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  /** Store a value, evicting the least recently used one when full. */
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }

  /** Drop everything. */
  clear(): void {
    this.map.clear();
  }

  /** Number of entries. */
  get size(): number {
    return this.map.size;
  }
}
