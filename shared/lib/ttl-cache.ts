/**
 * An in-process cache of values loaded on demand, each kept for `ttlMs` (forever when
 * `ttlMs` is Infinity). Concurrent gets of one key share a single load; a load that fails
 * or finds nothing (undefined) is not kept, so the next get asks again. At most
 * `maxEntries` are kept (the oldest go first): a cache, never the source of truth.
 * `clock` is monotonic milliseconds (`performance.now`), passed in by the caller.
 */
export function ttlCache<K, V>(options: { ttlMs: number; maxEntries?: number; clock: () => number }) {
  const { clock } = options;
  const maxEntries = options.maxEntries ?? 1000;
  const entries = new Map<K, { value: Promise<V | undefined>; expires: number }>();

  const keep = (key: K, value: Promise<V | undefined>) => {
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as K);
    entries.set(key, { value, expires: clock() + options.ttlMs });
  };

  return {
    /** The cached value of `key`, or the value `load` finds (kept unless undefined). */
    get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
      const hit = entries.get(key);
      if (hit && hit.expires > clock()) return hit.value;
      const value = load();
      keep(key, value);
      value.then(
        (v) => {
          if (v === undefined && entries.get(key)?.value === value) entries.delete(key);
        },
        () => {
          if (entries.get(key)?.value === value) entries.delete(key);
        },
      );
      return value;
    },
    /** Replaces what is cached for `key` (after a write on this instance). */
    set(key: K, value: V): void {
      keep(key, Promise.resolve(value));
    },
    delete(key: K): void {
      entries.delete(key);
    },
  };
}

export type TtlCache<K, V> = ReturnType<typeof ttlCache<K, V>>;
