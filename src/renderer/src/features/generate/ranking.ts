/**
 * The user's ranking of a generation's candidates as an ordered list of candidate ids, best first: the form
 * `generate.rank` takes. Every edit here is pure so the page can apply it at once and send the result.
 */

export interface RankedLike {
  id: string;
  idx: number;
  rank: number | null;
}

/** The stored ranking (candidates with a rank, best first); ties keep the group order. */
export function rankingOf(candidates: readonly RankedLike[]): string[] {
  return candidates
    .filter((c) => c.rank !== null)
    .sort((a, b) => (a.rank as number) - (b.rank as number) || a.idx - b.idx)
    .map((c) => c.id);
}

/** Puts `id` at 0-based place `to` (clamped to the list), taking it out of where it was first. */
export function moveInRanking(ranking: readonly string[], id: string, to: number): string[] {
  const rest = ranking.filter((r) => r !== id);
  const at = Math.max(0, Math.min(rest.length, Math.floor(to)));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** Ranks `id` after every ranked candidate ("next best"); an already ranked id keeps its place. */
export function appendToRanking(ranking: readonly string[], id: string): string[] {
  return ranking.includes(id) ? [...ranking] : [...ranking, id];
}

export function removeFromRanking(ranking: readonly string[], id: string): string[] {
  return ranking.filter((r) => r !== id);
}

/** Moves `id` one place better (by = -1) or worse (by = +1); an unranked id is appended first. */
export function stepInRanking(ranking: readonly string[], id: string, by: -1 | 1): string[] {
  const at = ranking.indexOf(id);
  if (at < 0) return appendToRanking(ranking, id);
  return moveInRanking(ranking, id, at + by);
}

/** The ranks a ranking gives (1 = best), for showing an edit before the backend has answered. */
export function withRanking<C extends RankedLike>(candidates: readonly C[], ranking: readonly string[]): C[] {
  const place = new Map(ranking.map((id, i) => [id, i + 1]));
  return candidates.map((c) => ({ ...c, rank: place.get(c.id) ?? null }));
}

export function sameRanking(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
