/**
 * Train/val/test splits by source pose. Everything derived from a library pose (its mirror, noisy copies,
 * interpolations and limb swaps, which only ever combine poses of one split) lives in that pose's split, so a
 * model is never tested on a copy of what it trained on. Procedural samples are their own sources.
 */
import { Rng } from '../random';
import type { Split } from './config';

/** The source group of a pose id: a mirrored copy ('x~mirror') belongs to the pose it mirrors. */
export function sourceGroup(id: string): string {
  const cut = id.indexOf('~');
  return cut < 0 ? id : id.slice(0, cut);
}

/**
 * Assigns each library pose to a split, stratified by category so every split sees every kind of pose the
 * library has enough of (a category with at least 3 poses gives val and test one each at least).
 */
export function assignLibrarySplits(
  poses: readonly { id: string; category: string }[],
  fractions: Record<Split, number>,
  seed: number,
): Map<string, Split> {
  const rng = new Rng(seed).fork('library-splits');
  const byCategory = new Map<string, string[]>();
  for (const p of poses) {
    const group = sourceGroup(p.id);
    const list = byCategory.get(p.category) ?? [];
    if (!list.includes(group)) list.push(group);
    byCategory.set(p.category, list);
  }
  const out = new Map<string, Split>();
  for (const category of [...byCategory.keys()].sort()) {
    const ids = rng.shuffle([...byCategory.get(category)!].sort());
    const n = ids.length;
    const atLeastOne = (f: number) => (f > 0 && n >= 3 ? Math.max(1, Math.round(n * f)) : Math.round(n * f));
    const nTest = atLeastOne(fractions.test);
    const nVal = Math.min(n - nTest, atLeastOne(fractions.val));
    ids.forEach((id, i) => out.set(id, i < nTest ? 'test' : i < nTest + nVal ? 'val' : 'train'));
  }
  return out;
}

/** Picks a split for the next example with the configured fractions. */
export function drawSplit(rng: Rng, fractions: Record<Split, number>): Split {
  const x = rng.next();
  return x < fractions.train ? 'train' : x < fractions.train + fractions.val ? 'val' : 'test';
}
