/**
 * Ranking the pose library against one text embedding: which poses are candidates (the library and the mirror
 * images that differ from every library pose), and the candidates ordered by cosine similarity.
 */
import { mirrorLibraryPose } from '../data/variation/mirror';
import type { LibraryPose } from '../data/types';

/** Largest per-number difference (radians) at which a mirror counts as a pose the library already has. */
export const SAME_POSE_TOLERANCE = 1e-4;

function samePose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > tol) return false;
  return true;
}

/**
 * The library in its own order, then the mirror image of each pose (ids ending in '~mirror', sides swapped in the
 * words) unless the mirror is a pose already listed: a symmetric pose is its own mirror, and an authored
 * left/right pair mirrors onto each other. Listing those twice would fill the top ranks with copies.
 */
export function searchCandidates(library: readonly LibraryPose[], tol = SAME_POSE_TOLERANCE): LibraryPose[] {
  const out: LibraryPose[] = [...library];
  for (const p of library) {
    const m = mirrorLibraryPose(p);
    if (!out.some((q) => samePose(q.pose, m.pose, tol))) out.push(m);
  }
  return out;
}

export interface Ranked {
  /** Row of the candidate in the embedding matrix. */
  index: number;
  /** Cosine similarity with the query (the vectors are unit length). */
  score: number;
}

/**
 * Rows of `items` [n, d] by cosine with `query` [d], best first (ties: lower index first), at most `limit`.
 * Both sides are unit vectors, so the dot product is the cosine.
 */
export function rankByCosine(query: Float32Array, items: Float32Array, n: number, d: number, limit = n): Ranked[] {
  if (query.length !== d) throw new Error(`query has ${query.length} numbers, expected ${d}`);
  if (items.length !== n * d) throw new Error(`items hold ${items.length} numbers, expected ${n} × ${d}`);
  const ranked: Ranked[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += query[k]! * items[i * d + k]!;
    ranked.push({ index: i, score: s });
  }
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  return ranked.slice(0, Math.max(0, limit));
}
