/**
 * Rendering: units → text. One determiner per caption (the / their / his / her, weights
 * 0.5 / 0.3 / 0.1 / 0.1), units in random order joined by random transitions, sentences
 * capitalised and ended with a period; at most MAX_CLAUSES units a sentence and no joining transition twice in
 * one sentence (pickTransitions). After " with " a unit is said without its copula
 * ("…, with the left knee bent").
 */
import type { Rng } from '../random';
import type { Predicate, Unit } from './aggregate';
import { NOUNS, PERSON, PREDICATES, SUPER_PREDICATES } from './phrases';

export const DETERMINERS = ['the', 'their', 'his', 'her'] as const;
export type Determiner = (typeof DETERMINERS)[number];
const DETERMINER_WEIGHTS = [0.5, 0.3, 0.1, 0.1];
export const TRANSITIONS = [' while ', ', ', '. ', ' and ', ' with '] as const;

/** Plural part ids naming a left/right pair as a whole. */
const PAIRS: Readonly<Record<string, string>> = { hands: 'hand', feet: 'foot', knees: 'knee', elbows: 'elbow', arms: 'arm', shoulders: 'shoulder' };

export function pickDeterminer(rng: Rng): Determiner {
  return rng.weighted(DETERMINERS, DETERMINER_WEIGHTS);
}

interface NounPhrase {
  text: string;
  plural: boolean;
}

function withDet(det: Determiner, words: string): string {
  return `${det} ${words}`;
}

/** Noun phrase of a part id; `object` gives the object form for the person ("with them …"). */
export function nounPhrase(part: string, det: Determiner, rng: Rng, object = false): NounPhrase {
  if (part === 'person') {
    const p = PERSON[det];
    return { text: rng.pick(object ? p.object : p.subject), plural: p.plural };
  }
  const pair = PAIRS[part];
  if (pair) return { text: withDet(det, rng.pick(NOUNS[pair].plural)), plural: true };
  const m = /^(left|right|both|sym)_(.+)$/.exec(part);
  if (m) {
    const noun = NOUNS[m[2]];
    if (!noun) throw new Error(`no noun for part ${part}`);
    if (m[1] === 'both') return { text: det === 'the' ? `both ${rng.pick(noun.plural)}` : `both ${det} ${rng.pick(noun.plural)}`, plural: true };
    if (m[1] === 'sym') return { text: withDet(det, rng.pick(noun.plural)), plural: true };
    return { text: withDet(det, `${m[1]} ${rng.pick(noun.singular)}`), plural: false };
  }
  const noun = NOUNS[part];
  if (!noun) throw new Error(`no noun for part ${part}`);
  return { text: withDet(det, rng.pick(noun.singular)), plural: false };
}

export function predicateTemplates(p: Predicate): readonly string[] {
  const list = p.kind === 'super' ? SUPER_PREDICATES[p.cat] : PREDICATES[p.kind][p.cat];
  if (!list || list.length === 0) throw new Error(`no phrasing for ${p.kind} ${p.cat}`);
  return list;
}

function renderPredicate(p: Predicate, det: Determiner, rng: Rng): string {
  const t = rng.pick(predicateTemplates(p));
  if (!t.includes('{O}')) return t;
  if (!p.obj) throw new Error(`predicate ${p.kind} ${p.cat} needs an object`);
  return t.replace('{O}', nounPhrase(p.obj, det, rng, true).text);
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** One unit as text; `withClause` drops the copula and uses the object form of person subjects. */
export function renderUnit(u: Unit, det: Determiner, rng: Rng, withClause: boolean): string {
  const subjects = u.subjects.map((s) => nounPhrase(s, det, rng, withClause));
  const plural = subjects.length > 1 || subjects[0].plural;
  const subject = joinList(subjects.map((s) => s.text));
  const preds = joinList(u.predicates.map((p) => renderPredicate(p, det, rng)));
  return withClause ? `${subject} ${preds}` : `${subject} ${plural ? 'are' : 'is'} ${preds}`;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

/** Most units (clauses) one sentence chains before a full stop. */
export const MAX_CLAUSES = 3;
const FULL_STOP = '. ';
type Transition = (typeof TRANSITIONS)[number];

/**
 * The transitions between `count` units, drawn from TRANSITIONS with two limits so captions do not run on:
 * within one sentence no joining transition is used twice (so never " while … while …", nor the same one twice
 * in a row), and a sentence that already holds MAX_CLAUSES units ends with a full stop.
 */
export function pickTransitions(count: number, rng: Rng): Transition[] {
  const out: Transition[] = [];
  const used = new Set<Transition>();
  let clauses = 1;
  for (let i = 1; i < count; i++) {
    const t = clauses >= MAX_CLAUSES ? FULL_STOP : rng.pick(TRANSITIONS.filter((x) => !used.has(x)));
    out.push(t);
    if (t === FULL_STOP) {
      used.clear();
      clauses = 1;
    } else {
      used.add(t);
      clauses++;
    }
  }
  return out;
}

/** Units (already in their final order) → sentences. */
export function renderUnits(units: readonly Unit[], det: Determiner, rng: Rng): string {
  if (units.length === 0) return '';
  const transitions = pickTransitions(units.length, rng);
  let text = renderUnit(units[0], det, rng, false);
  for (let i = 1; i < units.length; i++) {
    const t = transitions[i - 1];
    text += t + renderUnit(units[i], det, rng, t === ' with ');
  }
  return finishSentences(text);
}

/** Capitalises every sentence and ends the text with a period. */
export function finishSentences(text: string): string {
  const parts = text.split('. ').map((s) => capitalise(s.trim()));
  let out = parts.join('. ');
  if (!out.endsWith('.')) out += '.';
  return out;
}
