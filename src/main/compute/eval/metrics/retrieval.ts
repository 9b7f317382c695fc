/**
 * Text ↔ pose retrieval Recall@K.
 *
 * Layout: `sim` is an n × n row-major similarity matrix, sim[i·n + j] = score(text i, pose j); the
 * true pose of text i is pose i (and the true text of pose j is text j).
 * - T2P: for text query i, rank pose i among row i.   P2T: for pose query j, rank text j among column j.
 * - Rank of the true item = the number of OTHER candidates scoring ≥ it (ties count against the
 *   query); a hit at K when rank < K. Recall@K is the fraction of queries that hit, in [0, 1].
 * - mRecall = the mean of Recall@K over both directions and all K.
 * Protocols:
 * - full: every query is ranked against all n items.
 * - pooled ("random sampling", PoseScript's variant: pools of 32, 10 repeats): each query, in each
 *   repeat, is ranked against its true item plus pool − 1 distinct negatives drawn uniformly without
 *   replacement from the other n − 1 items with a seeded Rng; recall averages the hits over all
 *   queries and repeats. Report pool, repeats and seed with the numbers: later papers do not publish theirs.
 */
import { Rng } from '../../data/random';

export type SimMatrix = Float32Array | Float64Array;

export const DEFAULT_KS: readonly number[] = Object.freeze([5, 10, 20]);

export interface RecallResult {
  /** the protocol's K values, in the order given */
  ks: number[];
  /** Recall@K, text → pose, fraction in [0, 1], keyed by K */
  t2p: Record<number, number>;
  /** Recall@K, pose → text, fraction in [0, 1], keyed by K */
  p2t: Record<number, number>;
  /** mean of t2p and p2t over all K */
  mRecall: number;
  /** number of text–pose pairs */
  n: number;
}

export interface PooledRecallResult extends RecallResult {
  pool: number;
  repeats: number;
  seed: number;
}

export interface PooledRecallOptions {
  /** candidates per ranking, the true item included (default 32) */
  pool?: number;
  /** independent draws of negatives per query (default 10) */
  repeats?: number;
  /** Rng seed (default 1) */
  seed?: number;
  ks?: readonly number[];
}

/**
 * The number of items other than `trueIndex` whose score is ≥ the true one's (0 = ranked first).
 * Ties count against the query: a model that gives every item the same score (a constant encoder)
 * must rank its true item last, not first; breaking ties in its favour would hand a collapsed model
 * perfect recall. NaN scores count against the query too (a NaN true score ranks last).
 */
export function rankOfTrue(scores: ArrayLike<number>, trueIndex: number): number {
  if (!Number.isInteger(trueIndex) || trueIndex < 0 || trueIndex >= scores.length) throw new RangeError(`trueIndex ${trueIndex} is not in 0..${scores.length - 1}`);
  const t = scores[trueIndex];
  if (Number.isNaN(t)) return scores.length - 1;
  let rank = 0;
  for (let j = 0; j < scores.length; j++) if (j !== trueIndex && !(scores[j] < t)) rank++;
  return rank;
}

function checkInputs(sim: SimMatrix, n: number, ks: readonly number[]): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (sim.length !== n * n) throw new RangeError(`sim must be n × n = ${n * n} numbers, got ${sim.length}`);
  if (ks.length === 0) throw new RangeError('ks must not be empty');
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new RangeError(`K must be a positive integer, got ${k}`);
}

function finish(ks: readonly number[], hitsT2p: number[], hitsP2t: number[], queries: number, n: number): RecallResult {
  const t2p: Record<number, number> = {};
  const p2t: Record<number, number> = {};
  let sum = 0;
  ks.forEach((k, i) => {
    t2p[k] = hitsT2p[i] / queries;
    p2t[k] = hitsP2t[i] / queries;
    sum += t2p[k] + p2t[k];
  });
  return { ks: [...ks], t2p, p2t, mRecall: sum / (2 * ks.length), n };
}

/** Recall@K under the full protocol (each query against all n items). */
export function recallFull(sim: SimMatrix, n: number, ks: readonly number[] = DEFAULT_KS): RecallResult {
  checkInputs(sim, n, ks);
  const hitsT2p = ks.map(() => 0);
  const hitsP2t = ks.map(() => 0);
  const column = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const rt = rankOfTrue(sim.subarray(q * n, (q + 1) * n), q);
    for (let j = 0; j < n; j++) column[j] = sim[j * n + q];
    const rp = rankOfTrue(column, q);
    ks.forEach((k, i) => {
      if (rt < k) hitsT2p[i]++;
      if (rp < k) hitsP2t[i]++;
    });
  }
  return finish(ks, hitsT2p, hitsP2t, n, n);
}

/**
 * Recall@K under the pooled protocol (see the file header). Deterministic for a given seed: T2P and P2T
 * draw from their own streams (`fork('t2p')`, `fork('p2t')`), queries in order, repeats inner.
 * pool = n ranks against every other item, so it equals recallFull exactly.
 */
export function recallPooled(sim: SimMatrix, n: number, options: PooledRecallOptions = {}): PooledRecallResult {
  const pool = options.pool ?? 32;
  const repeats = options.repeats ?? 10;
  const seed = options.seed ?? 1;
  const ks = options.ks ?? DEFAULT_KS;
  checkInputs(sim, n, ks);
  if (!Number.isInteger(pool) || pool < 1) throw new RangeError(`pool must be a positive integer, got ${pool}`);
  if (pool > n) throw new RangeError(`pool (${pool}) is larger than the number of test items (${n}): use pool ≤ n or the full protocol`);
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive integer, got ${repeats}`);
  const root = new Rng(seed);
  const streams = { t2p: root.fork('t2p'), p2t: root.fork('p2t') };
  const hits = { t2p: ks.map(() => 0), p2t: ks.map(() => 0) };
  // idx always holds a permutation of 0..n−1; moving the query to the end and running a partial
  // Fisher–Yates over the first n − 1 slots draws pool − 1 distinct negatives uniformly, whatever
  // order earlier draws left the array in.
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const where = Int32Array.from({ length: n }, (_, i) => i);
  const swap = (a: number, b: number) => {
    const x = idx[a], y = idx[b];
    idx[a] = y;
    idx[b] = x;
    where[y] = a;
    where[x] = b;
  };
  const negatives = pool - 1;
  for (const dir of ['t2p', 'p2t'] as const) {
    const rng = streams[dir];
    const h = hits[dir];
    // score(q, c): the query's score for candidate c in this direction.
    const score = dir === 't2p' ? (q: number, c: number) => sim[q * n + c] : (q: number, c: number) => sim[c * n + q];
    for (let q = 0; q < n; q++) {
      const t = score(q, q);
      for (let r = 0; r < repeats; r++) {
        swap(where[q], n - 1);
        let rank = 0;
        for (let d = 0; d < negatives; d++) {
          swap(d, d + rng.int(n - 1 - d));
          const c = idx[d];
          // Same rule as rankOfTrue: ties and NaNs count against the query.
          if (Number.isNaN(t) || !(score(q, c) < t)) rank++;
        }
        ks.forEach((k, i) => {
          if (rank < k) h[i]++;
        });
      }
    }
  }
  const result = finish(ks, hits.t2p, hits.p2t, n * repeats, n);
  return { ...result, pool, repeats, seed };
}

/** Recall as a small percent table for CLIs and logs. */
export function formatRecall(r: RecallResult | PooledRecallResult): string {
  const pooled = 'pool' in r;
  const head = pooled
    ? `Recall@K (%), pooled protocol: pool ${r.pool}, ${r.repeats} repeats, seed ${r.seed}, n = ${r.n}`
    : `Recall@K (%), full protocol, n = ${r.n}`;
  const pct = (x: number) => (100 * x).toFixed(1).padStart(7);
  const cols = r.ks.map((k) => `R@${k}`.padStart(7)).join('');
  const lines = [
    head,
    `     ${cols}`,
    `T2P  ${r.ks.map((k) => pct(r.t2p[k])).join('')}`,
    `P2T  ${r.ks.map((k) => pct(r.p2t[k])).join('')}`,
    `mRecall ${(100 * r.mRecall).toFixed(1)}`,
  ];
  return lines.join('\n');
}
