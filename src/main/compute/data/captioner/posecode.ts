/**
 * The public, JSON-serialisable form of a caption's claims, and what can be done with it without
 * randomness: measure a pose's posecodes, judge agreement, swap sides, list the vocabulary.
 *
 * Agreement rule at category borders: a claim (code, category) is satisfied by a pose when the
 * pose's exact value lies in the category's interval widened by the code's noise on both sides,
 * [lo − noise, hi + noise]. Captions bin value + u with |u| ≤ noise, so every claim a caption
 * makes about its own pose is satisfied by that pose (agreement 1.0 for any seed), while a pose
 * that is clearly in another category (beyond the noise margin) fails it. A super-posecode is
 * satisfied when each of its conditions is satisfied under the same rule.
 */
import { binValue, categoryInterval, IGNORED } from './operators';
import { measureValues } from './measure';
import { SUPERS, SUPER_INDEX, activeSupers, type SuperDef } from './superPosecodes';
import { CODES, CODE_INDEX, NUM_CODES, mirrorCategory } from './table';
import type { Fact } from './facts';

export interface Posecode {
  /** Stable id, e.g. 'angle:left_knee', 'y:left_hand-head', 'super:kneeling'. */
  code: string;
  /** Category, e.g. 'completely bent', 'above'; a super-posecode's label, e.g. 'kneeling'. */
  category: string;
}

const EPS = 1e-9;

export function factToPosecode(f: Fact): Posecode {
  if (f.code < 0) {
    const s = SUPERS[-1 - f.code];
    return { code: s.id, category: s.label };
  }
  const c = CODES[f.code];
  return { code: c.id, category: c.categories[f.cat] };
}

/** Posecodes in a stable order (table order, super-posecodes last). */
export function sortFacts(facts: Fact[]): Fact[] {
  const rank = (f: Fact): number => (f.code >= 0 ? f.code * 8 + f.cat : NUM_CODES * 8 + (-1 - f.code));
  return facts.sort((a, b) => rank(a) - rank(b));
}

const scratch = new Float64Array(NUM_CODES);
const exactCats = new Uint8Array(NUM_CODES);

/**
 * Every said (non-ignored) posecode of a pose, measured exactly (no noise), plus the
 * super-posecodes that hold. Deterministic.
 */
export function measurePosecodes(pose: ArrayLike<number>): Posecode[] {
  const v = measureValues(pose, scratch);
  const facts: Fact[] = [];
  for (let i = 0; i < NUM_CODES; i++) {
    const c = CODES[i];
    const k = binValue(v[i], c.thresholds);
    exactCats[i] = k;
    if (c.said[k]) facts.push({ code: i, cat: k, rare: c.rare[k] });
  }
  const on = activeSupers(exactCats);
  for (const s of SUPERS) if (on[s.index]) facts.push({ code: -1 - s.index, cat: 0, rare: true });
  return sortFacts(facts).map(factToPosecode);
}

/** Whether the exact value satisfies category k of code i under the noise-margin rule. */
export function valueSatisfies(i: number, k: number, value: number): boolean {
  const c = CODES[i];
  const [lo, hi] = categoryInterval(k, c.thresholds);
  return value >= lo - c.noise - EPS && value <= hi + c.noise + EPS;
}

function categoryMaskSatisfied(i: number, mask: number, value: number): boolean {
  const n = CODES[i].categories.length;
  for (let k = 0; k < n; k++) if ((mask >> k) & 1 && valueSatisfies(i, k, value)) return true;
  return false;
}

function superSatisfied(s: SuperDef, values: Float64Array): boolean {
  for (let k = 0; k < s.condCodes.length; k++) if (!categoryMaskSatisfied(s.condCodes[k], s.condMasks[k], values[s.condCodes[k]])) return false;
  return true;
}

/**
 * Fraction of the posecodes satisfied by a pose (1 for an empty list). Unknown codes or
 * categories count as not satisfied.
 */
export function posecodeAgreement(posecodes: readonly Posecode[], pose: ArrayLike<number>): number {
  if (posecodes.length === 0) return 1;
  const v = measureValues(pose, scratch);
  let ok = 0;
  for (const p of posecodes) if (posecodeSatisfied(p, v)) ok++;
  return ok / posecodes.length;
}

/** Whether one posecode holds for measured values (from measureValues). */
export function posecodeSatisfied(p: Posecode, values: Float64Array): boolean {
  const i = CODE_INDEX.get(p.code);
  if (i !== undefined) {
    const c = CODES[i];
    // Several categories may share a name only for 'ignored', which never appears in a claim.
    const k = c.categories.indexOf(p.category);
    return k >= 0 && p.category !== IGNORED && valueSatisfies(i, k, values[i]);
  }
  const s = SUPER_INDEX.get(p.code);
  if (s === undefined || SUPERS[s].label !== p.category) return false;
  return superSatisfied(SUPERS[s], values);
}

/** The posecodes of the mirrored pose: left ↔ right codes, sideways categories flipped. */
export function swapSidesPosecodes(posecodes: readonly Posecode[]): Posecode[] {
  return posecodes.map((p) => {
    const i = CODE_INDEX.get(p.code);
    if (i !== undefined) {
      const c = CODES[i];
      const k = c.categories.indexOf(p.category);
      if (k < 0) return { ...p };
      const m = CODES[c.mirror];
      return { code: m.id, category: m.categories[mirrorCategory(c, k)] };
    }
    const s = SUPER_INDEX.get(p.code);
    if (s === undefined) return { ...p };
    const m = SUPERS[SUPERS[s].mirror];
    return { code: m.id, category: m.label };
  });
}

/** Swaps the words left and right in a text (for mirrored captions and pose names). */
export function swapSidesText(text: string): string {
  return text.replace(/\b(left|right|Left|Right|LEFT|RIGHT)(ward|wards)?\b/g, (_m, w: string, suffix: string | undefined) => {
    const map: Record<string, string> = { left: 'right', right: 'left', Left: 'Right', Right: 'Left', LEFT: 'RIGHT', RIGHT: 'LEFT' };
    return map[w] + (suffix ?? '');
  });
}

/** Every (code, category) pair a caption can assert. */
export function posecodeVocabulary(): Posecode[] {
  const out: Posecode[] = [];
  for (const c of CODES) c.categories.forEach((cat, k) => c.said[k] && out.push({ code: c.id, category: cat }));
  for (const s of SUPERS) out.push({ code: s.id, category: s.label });
  return out;
}
