import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/random';
import { formatRecall, rankOfTrue, recallFull, recallPooled } from './retrieval';

// Hand-worked 4 × 4 (rows = texts, columns = poses; diagonal = true pairs):
//   row 0: 0.9 .1 .3 .2  → true 0.9, nothing ≥ it                      rank 0
//   row 1: 0.5 .5 .2 .7  → true 0.5, ≥: 0.5 (tie, counts) and 0.7     rank 2
//   row 2: 0.8 .6 .4 .1  → true 0.4, ≥: 0.8, 0.6                       rank 2
//   row 3: 0.2 .3 .9 .1  → true 0.1, ≥: all three                      rank 3
//   col 0: .9 .5 .8 .2 → rank 0;  col 1: .1 .5 .6 .3 → rank 1 (0.6);
//   col 2: .3 .2 .4 .9 → rank 1 (0.9);  col 3: .2 .7 .1 .1 → rank 3 (0.2, 0.7 and the tied 0.1)
// K = 1, 2, 3 (hit when rank < K):
//   T2P: R@1 = 1/4, R@2 = 1/4, R@3 = 3/4;  P2T: R@1 = 1/4, R@2 = 3/4, R@3 = 3/4
//   mRecall = (0.25 + 0.25 + 0.75 + 0.25 + 0.75 + 0.75)/6 = 0.5
const SIM = Float32Array.from([
  0.9, 0.1, 0.3, 0.2,
  0.5, 0.5, 0.2, 0.7,
  0.8, 0.6, 0.4, 0.1,
  0.2, 0.3, 0.9, 0.1,
]);

function randomSim(n: number, seed: number, signal = 1): Float64Array {
  const rng = new Rng(seed);
  const sim = new Float64Array(n * n).map(() => rng.normal());
  for (let i = 0; i < n; i++) sim[i * n + i] += signal;
  return sim;
}

describe('rankOfTrue', () => {
  it('counts the other items scoring ≥ the true one; ties and NaNs count against the query', () => {
    expect(rankOfTrue([0.9, 0.1, 0.3], 0)).toBe(0);
    expect(rankOfTrue([0.5, 0.5, 0.7], 0)).toBe(2);
    expect(rankOfTrue([1, 1, 1, 1], 2)).toBe(3); // a constant encoder ranks its true item last
    expect(rankOfTrue([0.2, NaN, 0.1], 0)).toBe(1);
    expect(rankOfTrue([0.2, NaN, 0.1], 1)).toBe(2);
    expect(() => rankOfTrue([1, 2], 2)).toThrow(RangeError);
  });
});

describe('recallFull', () => {
  it('matches the hand-worked 4 × 4, tie included', () => {
    const r = recallFull(SIM, 4, [1, 2, 3]);
    expect(r.ks).toEqual([1, 2, 3]);
    expect(r.t2p).toEqual({ 1: 0.25, 2: 0.25, 3: 0.75 });
    expect(r.p2t).toEqual({ 1: 0.25, 2: 0.75, 3: 0.75 });
    expect(r.mRecall).toBe(0.5);
    expect(r.n).toBe(4);
  });

  it('a constant similarity matrix scores 0 for every K < n; a perfect one scores 1', () => {
    const c = recallFull(new Float32Array(30 * 30).fill(0.3), 30);
    expect(c.mRecall).toBe(0);
    const eye = new Float32Array(30 * 30);
    for (let i = 0; i < 30; i++) eye[i * 30 + i] = 1;
    const p = recallFull(eye, 30);
    expect(p.t2p).toEqual({ 5: 1, 10: 1, 20: 1 });
    expect(p.mRecall).toBe(1);
  });

  it('P2T ranks columns: the transpose swaps the directions', () => {
    const n = 25;
    const sim = randomSim(n, 4);
    const tr = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) tr[j * n + i] = sim[i * n + j];
    const a = recallFull(sim, n, [1, 5]);
    const b = recallFull(tr, n, [1, 5]);
    expect(b.t2p).toEqual(a.p2t);
    expect(b.p2t).toEqual(a.t2p);
  });

  it('rejects a wrong size and bad K', () => {
    expect(() => recallFull(SIM, 3)).toThrow(RangeError);
    expect(() => recallFull(SIM, 4, [0])).toThrow(RangeError);
    expect(() => recallFull(SIM, 4, [])).toThrow(RangeError);
  });
});

describe('recallPooled', () => {
  it('pool = n equals full recall (every negative is drawn), for any seed and repeats', () => {
    const pooled = recallPooled(SIM, 4, { pool: 4, repeats: 3, seed: 9, ks: [1, 2, 3] });
    const full = recallFull(SIM, 4, [1, 2, 3]);
    expect(pooled.t2p).toEqual(full.t2p);
    expect(pooled.p2t).toEqual(full.p2t);
    expect(pooled.mRecall).toBe(full.mRecall);
    expect(pooled).toMatchObject({ pool: 4, repeats: 3, seed: 9, n: 4 });
    const sim = randomSim(40, 2, 1.5);
    const p = recallPooled(sim, 40, { pool: 40, repeats: 2, seed: 5 });
    const f = recallFull(sim, 40);
    expect(p.t2p).toEqual(f.t2p);
    expect(p.p2t).toEqual(f.p2t);
  });

  it('is deterministic per seed and changes with the seed', () => {
    const sim = randomSim(60, 11, 1);
    const a = recallPooled(sim, 60, { pool: 8, repeats: 5, seed: 3, ks: [1, 2, 4] });
    const b = recallPooled(sim, 60, { pool: 8, repeats: 5, seed: 3, ks: [1, 2, 4] });
    const c = recallPooled(sim, 60, { pool: 8, repeats: 5, seed: 4, ks: [1, 2, 4] });
    expect(b).toEqual(a);
    expect(c.t2p).not.toEqual(a.t2p);
  });

  it('defaults to pool 32, 10 repeats, seed 1, K = 5, 10, 20; recall fractions are multiples of 1/(n·repeats)', () => {
    const n = 50;
    const r = recallPooled(randomSim(n, 6, 1), n);
    expect(r).toMatchObject({ pool: 32, repeats: 10, seed: 1, ks: [5, 10, 20] });
    for (const k of r.ks) {
      const hits = r.t2p[k] * n * 10;
      expect(Math.abs(hits - Math.round(hits))).toBeLessThan(1e-9);
      expect(r.t2p[k]).toBeGreaterThanOrEqual(0);
      expect(r.t2p[k]).toBeLessThanOrEqual(1);
    }
    expect(r.t2p[5]).toBeLessThanOrEqual(r.t2p[10]);
    expect(r.t2p[10]).toBeLessThanOrEqual(r.t2p[20]);
  });

  it('pooled ranks against a subset: its recall is at least the full recall, and a constant matrix still scores 0', () => {
    const n = 80;
    const sim = randomSim(n, 21, 0.8);
    const f = recallFull(sim, n, [1, 5]);
    const p = recallPooled(sim, n, { pool: 16, repeats: 4, ks: [1, 5] });
    for (const k of [1, 5]) {
      expect(p.t2p[k]).toBeGreaterThanOrEqual(f.t2p[k]);
      expect(p.p2t[k]).toBeGreaterThanOrEqual(f.p2t[k]);
    }
    expect(recallPooled(new Float32Array(n * n).fill(1), n, { pool: 16, ks: [1, 5, 15] }).mRecall).toBe(0);
  });

  it('draws negatives uniformly: with one true score and a known number of higher negatives, R@1 matches the hypergeometric chance', () => {
    // Every query's true score is beaten by exactly m of the n − 1 others. With pool − 1 negatives drawn
    // without replacement, P(hit@1) = P(no beater drawn) = C(n−1−m, pool−1)/C(n−1, pool−1).
    const n = 20, m = 3, pool = 5, repeats = 400;
    const sim = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let d = 1; d <= m; d++) sim[i * n + ((i + d) % n)] = 1;
    for (let i = 0; i < n; i++) sim[i * n + i] = 0.5;
    const r = recallPooled(sim, n, { pool, repeats, seed: 2, ks: [1] });
    const choose = (a: number, b: number) => {
      let c = 1;
      for (let i = 0; i < b; i++) c = (c * (a - i)) / (i + 1);
      return c;
    };
    const expected = choose(n - 1 - m, pool - 1) / choose(n - 1, pool - 1);
    // 8000 draws: standard error ≈ 0.0056; allow 4 of them.
    expect(Math.abs(r.t2p[1] - expected)).toBeLessThan(0.0225);
  });

  it('throws a clear error when pool > n or parameters are invalid', () => {
    expect(() => recallPooled(SIM, 4, { pool: 5 })).toThrow(/pool \(5\) is larger than the number of test items \(4\)/);
    expect(() => recallPooled(SIM, 4)).toThrow(/pool \(32\)/);
    expect(() => recallPooled(SIM, 4, { pool: 2, repeats: 0 })).toThrow(RangeError);
  });
});

describe('formatRecall', () => {
  it('prints percent rows per direction, mRecall and the protocol', () => {
    const text = formatRecall(recallFull(SIM, 4, [1, 2, 3]));
    expect(text).toContain('full protocol, n = 4');
    expect(text).toMatch(/T2P\s+25\.0\s+25\.0\s+75\.0/);
    expect(text).toMatch(/P2T\s+25\.0\s+75\.0\s+75\.0/);
    expect(text).toContain('mRecall 50.0');
    const pooled = formatRecall(recallPooled(SIM, 4, { pool: 3, repeats: 2, seed: 7, ks: [1] }));
    expect(pooled).toContain('pool 3, 2 repeats, seed 7, n = 4');
  });
});
