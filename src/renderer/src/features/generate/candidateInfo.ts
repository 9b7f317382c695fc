import type { GenerationCandidate } from '@shared/api';

/** "Candidate 3": numbered from 1 in the group's order, as the keys 1–9 count. */
export function candidateLabel(c: Pick<GenerationCandidate, 'idx'>): string {
  return `Candidate ${c.idx + 1}`;
}

/** The semantic reward (cosine of prompt and pose in the retrieval space), or null when it was not scored. */
export function semanticScore(c: Pick<GenerationCandidate, 'rewards'>): number | null {
  const s = c.rewards.semantic;
  return typeof s === 'number' && Number.isFinite(s) ? s : null;
}

/** A score for a badge: two decimals, a true minus sign. */
export function formatScore(s: number | null): string {
  if (s === null) return '—';
  return s < 0 ? `−${Math.abs(s).toFixed(2)}` : s.toFixed(2);
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** The answer's text split around its pose slot(s), for showing the slot as a chip. */
export function answerParts(text: string): { kind: 'text' | 'pose'; value: string }[] {
  const parts: { kind: 'text' | 'pose'; value: string }[] = [];
  for (const [i, piece] of text.split('<POSE>').entries()) {
    if (i > 0) parts.push({ kind: 'pose', value: '<POSE>' });
    if (piece) parts.push({ kind: 'text', value: piece });
  }
  return parts;
}

/** Which candidate an export is of: the kept one when there is one, else the selected one. */
export function exportTarget<C extends Pick<GenerationCandidate, 'id' | 'picked' | 'pose'>>(candidates: readonly C[], selectedId: string | null): C | null {
  const picked = candidates.find((c) => c.picked && c.pose);
  if (picked) return picked;
  return candidates.find((c) => c.id === selectedId && c.pose) ?? null;
}
