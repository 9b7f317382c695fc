/**
 * The caption pipeline: measure → noisy binning → super-posecodes → selection → transitive and
 * statistical redundancy → cap → aggregation → rendering, plus an optional pose-name / action
 * sentence. Every random choice goes through the Rng passed in.
 */
import type { Rng } from '../random';
import { aggregate } from './aggregate';
import { isSuper, superIndexOf, type Fact } from './facts';
import { measureValues } from './measure';
import { binValue } from './operators';
import { CATEGORY_PREDICATES, SENTENCE_SUBJECTS } from './phrases';
import { factToPosecode, sortFacts, type Posecode } from './posecode';
import { removeImplied, removeTransitive, selectFacts } from './redundancy';
import { finishSentences, pickDeterminer, renderUnits } from './render';
import { supersStatedBy } from './stated';
import { SUPERS, activeSupers } from './superPosecodes';
import { CODES, NUM_CODES } from './table';

export interface CaptionOptions {
  /** Action phrase after a subject, e.g. 'is kneeling on the left knee' (LibraryPose.actions). */
  action?: string;
  /** Pose name, e.g. 'Warrior II'. */
  name?: string;
  /** Pose category (POSE_CATEGORIES), e.g. 'yoga'. */
  category?: string;
  tags?: string[];
  /** Most posecodes one caption asserts (default DEFAULT_MAX_CODES); rare ones are kept first. */
  maxCodes?: number;
}

export interface Caption {
  text: string;
  posecodes: Posecode[];
}

export const DEFAULT_MAX_CODES = 12;
/** Probability of a pose-name / action sentence when the options offer one. */
export const CONTEXT_SENTENCE_P = 0.8;

const values = new Float64Array(NUM_CODES);
const cats = new Uint8Array(NUM_CODES);
const suppressed = new Uint8Array(NUM_CODES);

/** Candidate facts of a pose under fresh noise: said elementary categories not made unnecessary, plus super-posecodes. */
export function candidateFacts(pose: ArrayLike<number>, rng: Rng): Fact[] {
  measureValues(pose, values);
  for (let i = 0; i < NUM_CODES; i++) {
    const c = CODES[i];
    cats[i] = binValue(values[i] + rng.uniform(-c.noise, c.noise), c.thresholds);
  }
  suppressed.fill(0);
  const on = activeSupers(cats, suppressed);
  const facts: Fact[] = [];
  for (let i = 0; i < NUM_CODES; i++) {
    const c = CODES[i];
    const k = cats[i];
    if (c.said[k] && !suppressed[i]) facts.push({ code: i, cat: k, rare: c.rare[k] });
  }
  for (const s of SUPERS) if (on[s.index]) facts.push({ code: -1 - s.index, cat: 0, rare: true });
  return facts;
}

/** Keeps at most `max` facts: super-posecodes, then rare facts, then the rest, each group in random order. */
function cap(facts: Fact[], max: number, rng: Rng): Fact[] {
  if (facts.length <= max) return facts;
  const supers = facts.filter(isSuper);
  const rare = rng.shuffle(facts.filter((f) => f.rare && !isSuper(f)));
  const common = rng.shuffle(facts.filter((f) => !f.rare));
  return [...supers, ...rare, ...common].slice(0, Math.max(1, max));
}

/**
 * Drops the super-posecodes the opening sentence already states. Their supporting elementary codes stay
 * suppressed (and facts removed by mined rules from them stay removed): the sentence says them in words, and
 * saying "the left knee is on the ground" after "is kneeling on the left knee" would repeat it in a smaller form.
 * The dropped super-posecodes leave `posecodes` too, which lists only what the body sentences assert.
 */
function dropStated(facts: Fact[], sentence: string): Fact[] {
  const stated = supersStatedBy(sentence);
  return facts.filter((f) => !(isSuper(f) && stated[superIndexOf(f)]));
}

function contextSentence(opts: CaptionOptions, rng: Rng): string | null {
  const choices: string[] = [];
  if (opts.action) choices.push(opts.action.trim());
  const cat = opts.category ?? opts.tags?.find((t) => CATEGORY_PREDICATES[t]);
  if (cat && CATEGORY_PREDICATES[cat]) choices.push(rng.pick(CATEGORY_PREDICATES[cat]));
  const name = opts.name?.trim().replace(/\s+pose$/i, '');
  if (name) choices.push(`is in the "${name}" pose`);
  if (choices.length === 0 || !rng.chance(CONTEXT_SENTENCE_P)) return null;
  return `${rng.pick(SENTENCE_SUBJECTS)} ${rng.pick(choices)}.`;
}

/** A caption of a pose (66 or 72 axis-angle numbers) and the posecodes it asserts. */
export function caption(pose: ArrayLike<number>, rng: Rng, opts: CaptionOptions = {}): Caption {
  const context = contextSentence(opts, rng);
  let facts = candidateFacts(pose, rng);
  facts = selectFacts(facts, rng);
  facts = removeTransitive(facts);
  facts = removeImplied(facts);
  if (context) facts = dropStated(facts, context);
  facts = cap(facts, opts.maxCodes ?? DEFAULT_MAX_CODES, rng);
  const units = rng.shuffle(aggregate(facts, rng));
  const det = pickDeterminer(rng);
  const body = renderUnits(units, det, rng);
  const text = context ? (body ? `${context} ${body}` : context) : body;
  return { text: finishSentences(text), posecodes: sortFacts(facts).map(factToPosecode) };
}
