import { describe, expect, it } from 'vitest';
import { defaultThreadCounts, matmulGflops, median, runSpeedTest } from './speed-test';

describe('speed test helpers', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('counts 2n³ operations', () => {
    // 1000³ · 2 = 2e9 operations in 1000 ms → 2 GFLOP/s
    expect(matmulGflops(1000, 1000)).toBeCloseTo(2, 12);
    expect(matmulGflops(256, 0)).toBe(0);
  });

  it('measures one thread and all cores', () => {
    expect(defaultThreadCounts(8)).toEqual([1, 8]);
    expect(defaultThreadCounts(1)).toEqual([1]);
  });
});

describe('runSpeedTest', () => {
  it('reports a row per size and thread count, with progress after every timed run', async () => {
    const progress: Array<[number, string]> = [];
    const out = await runSpeedTest(
      { sizes: [64, 32, 64], repeats: 2, threads: [1] },
      { signal: new AbortController().signal, progress: (f, m) => progress.push([f, m ?? '']) },
    );
    expect(out.rows.map((r) => [r.size, r.threads])).toEqual([
      [32, 1],
      [64, 1],
    ]);
    for (const r of out.rows) {
      expect(r.ms).toBeGreaterThan(0);
      expect(r.gflops).toBe(matmulGflops(r.size, r.ms));
    }
    expect(out.repeats).toBe(2);
    expect(out.provider).toBe('cpu');
    expect(out.ort).toMatch(/^\d+\.\d+/);
    // One "building" report, then one per timed run (2 sizes × 1 thread count × 2 repeats).
    expect(progress.map(([f]) => f)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(progress[1]![1]).toMatch(/^32×32 on 1 thread: run 1 of 2 took \d/);
  });

  it('stops with a cancelled error between runs', async () => {
    const ac = new AbortController();
    const progress: number[] = [];
    const run = runSpeedTest(
      { sizes: [32, 64], repeats: 5, threads: [1] },
      {
        signal: ac.signal,
        progress: (f) => {
          progress.push(f);
          if (f > 0) ac.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(progress).toEqual([0, 0.1]);
  });
});
