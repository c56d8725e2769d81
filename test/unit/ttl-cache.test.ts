import { describe, expect, it } from 'vitest';
import { ttlCache } from '../../shared/lib/ttl-cache';

describe('ttlCache', () => {
  const setup = (ttlMs: number, maxEntries?: number) => {
    const clock = { now: 0 };
    let loads = 0;
    const cache = ttlCache<string, string>({
      ttlMs,
      clock: () => clock.now,
      ...(maxEntries ? { maxEntries } : {}),
    });
    const load = (value: string | undefined) => async () => {
      loads++;
      return value;
    };
    return { clock, cache, load, loads: () => loads };
  };

  it('loads once within the ttl, again after it', async () => {
    const { clock, cache, load, loads } = setup(1000);
    expect(await cache.get('a', load('1'))).toBe('1');
    clock.now = 999;
    expect(await cache.get('a', load('2'))).toBe('1');
    clock.now = 1000;
    expect(await cache.get('a', load('3'))).toBe('3');
    expect(loads()).toBe(2);
  });

  it('shares one load between concurrent gets, and keeps neither misses nor failures', async () => {
    const { cache, load, loads } = setup(1000);
    const [a, b] = await Promise.all([cache.get('k', load('v')), cache.get('k', load('w'))]);
    expect([a, b, loads()]).toEqual(['v', 'v', 1]);
    expect(await cache.get('missing', load(undefined))).toBeUndefined();
    expect(await cache.get('missing', load('found'))).toBe('found');
    await expect(cache.get('bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('bad', load('up'))).toBe('up');
  });

  it('set and delete replace what is kept; the oldest entry goes past maxEntries', async () => {
    const { cache, load, loads } = setup(Number.POSITIVE_INFINITY, 2);
    cache.set('a', 'A');
    expect(await cache.get('a', load('x'))).toBe('A');
    cache.delete('a');
    expect(await cache.get('a', load('B'))).toBe('B');
    await cache.get('b', load('b'));
    await cache.get('c', load('c'));
    expect(await cache.get('a', load('again'))).toBe('again');
    expect(loads()).toBe(4);
  });
});
