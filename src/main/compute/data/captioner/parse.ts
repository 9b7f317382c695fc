/**
 * The inverse of the captioner: which posecodes a caption asserts, read back from its words with the captioner's
 * own phrase tables (phrases.ts nouns and predicates, render.ts transitions and determiners, aggregate.ts steps).
 * Used to score generated descriptions (pose→text posecode F1) without any learned model.
 *
 * Grammar (what render.ts writes): sentences split at ". "; a sentence is units joined by the transitions
 * " while ", ", ", " and ", " with " (after " with " a unit has no copula); a unit is a subject list, "is"/"are",
 * and a predicate list, each list "a", "a and b" or "a, b and c". A predicate is a phrase template whose {O} is
 * an object noun phrase. Lists and transitions share ", " and " and ", so a sentence is parsed by backtracking
 * over unit boundaries, and a unit is accepted only when every (subject, predicate) pair maps to a posecode.
 *
 * Undoing aggregation: "both the hands" (symmetry) stands for the left and right part, with "the hips" as the
 * object meaning each side's own hip; "the left arm" / "the left leg" (entity) for hand + elbow or knee +
 * ankle/foot; a relation said from the object's side (side reversal, "the head is below the left hand") is
 * read with the opposite relation. Where the wording is ambiguous (a "foot" is also the ankle joint; "the hands
 * are shoulder-width apart" is both a distance category and a super-posecode) the first reading that names a
 * said code wins: super-posecodes before elementary codes, table order otherwise.
 *
 * The opening name / action / category sentence ("The person is in the "Warrior II" pose.") asserts no posecode
 * (the captioner lists only what the body sentences assert), so it is recognised and skipped.
 */
import { mirrorLibraryPose } from '../variation';
import { POSE_LIBRARY } from '../library';
import type { Fact } from './facts';
import { CATEGORY_PREDICATES, NOUNS, PERSON, PREDICATES, SENTENCE_SUBJECTS, SUPER_PREDICATES } from './phrases';
import { factToPosecode, sortFacts, type Posecode } from './posecode';
import { DETERMINERS } from './render';
import { SUPERS } from './superPosecodes';
import { CODES, type PhraseKind } from './table';

export interface ParsedCaption {
  /** The posecodes the caption asserts (sorted as the captioner sorts them, no duplicates). */
  posecodes: Posecode[];
  /** Sentences read (the context sentence included). */
  sentences: number;
  /** Whether the first sentence was read as a name / action / category sentence (it asserts nothing). */
  context: boolean;
  /** Pieces of text no reading covered (empty for every caption the captioner writes, bar rare ambiguities). */
  unparsed: string[];
}

interface NounEntry {
  text: string;
  /** Part ids this wording can stand for. */
  parts: string[];
}

interface PredEntry {
  kind: PhraseKind | 'super';
  /** Category name, or the super-posecode id. */
  cat: string;
  /** Text before {O} (the whole predicate when it has no object). */
  pre: string;
  /** Text after {O}; null when the predicate has no object. */
  post: string | null;
}

interface PredMatch {
  kind: PhraseKind | 'super';
  cat: string;
  objParts: string[] | null;
  end: number;
}

interface UnitMatch {
  facts: Fact[];
  end: number;
}

const PAIRS: Readonly<Record<string, string>> = { hands: 'hand', feet: 'foot', knees: 'knee', elbows: 'elbow', arms: 'arm', shoulders: 'shoulder' };
const SIDED = /^(left|right)_/;
const OPPOSITE: Readonly<Record<string, string>> = {
  above: 'below',
  below: 'above',
  'at left': 'at right',
  'at right': 'at left',
  'in front': 'behind',
  behind: 'in front',
  aligned: 'aligned',
  close: 'close',
};
const REVERSIBLE = new Set<string>(['x', 'y', 'z', 'contact']);
const TRANSITIONS = [' while ', ', ', ' and ', ' with '] as const;
const MAX_LIST = 3;

function buildNouns(): NounEntry[] {
  const map = new Map<string, Set<string>>();
  const add = (text: string, part: string) => {
    const t = text.toLowerCase();
    if (!map.has(t)) map.set(t, new Set());
    map.get(t)!.add(part);
  };
  for (const det of DETERMINERS) {
    const p = PERSON[det]!;
    for (const s of [...p.subject, ...p.object]) add(s, 'person');
    for (const [pair, base] of Object.entries(PAIRS)) for (const w of NOUNS[base]!.plural) add(`${det} ${w}`, pair);
    for (const [base, noun] of Object.entries(NOUNS)) {
      for (const side of ['left', 'right']) for (const w of noun.singular) add(`${det} ${side} ${w}`, `${side}_${base}`);
      for (const w of noun.plural) {
        add(det === 'the' ? `both ${w}` : `both ${det} ${w}`, `both_${base}`);
        add(`${det} ${w}`, `sym_${base}`);
      }
      for (const w of noun.singular) add(`${det} ${w}`, base);
    }
  }
  // Longest first, so "the left upper arm" is tried before a shorter wording that is its prefix.
  return [...map.entries()].map(([text, parts]) => ({ text, parts: [...parts] })).sort((a, b) => b.text.length - a.text.length);
}

function buildPredicates(): PredEntry[] {
  const out: PredEntry[] = [];
  const add = (kind: PredEntry['kind'], cat: string, t: string) => {
    const at = t.indexOf('{O}');
    out.push(at < 0 ? { kind, cat, pre: t.toLowerCase(), post: null } : { kind, cat, pre: t.slice(0, at).toLowerCase(), post: t.slice(at + 3).toLowerCase() });
  };
  // Super-posecodes first: where a wording is shared with an elementary category, the super-posecode (which
  // suppresses that code when it holds) is the reading the captioner meant.
  for (const [id, list] of Object.entries(SUPER_PREDICATES)) for (const t of list) add('super', id, t);
  for (const [kind, book] of Object.entries(PREDICATES) as [PhraseKind, Record<string, readonly string[]>][])
    for (const [cat, list] of Object.entries(book)) for (const t of list) add(kind, cat, t);
  return out;
}

const NOUN_ENTRIES = buildNouns();
const PRED_ENTRIES = buildPredicates();

/** Elementary codes by subject, object and phrase family. */
const CODE_LOOKUP = new Map<string, number[]>();
for (const c of CODES) {
  const key = `${c.subject}|${c.object ?? ''}|${c.kind}`;
  if (!CODE_LOOKUP.has(key)) CODE_LOOKUP.set(key, []);
  CODE_LOOKUP.get(key)!.push(c.index);
}
const SUPER_BY_ID = new Map(SUPERS.map((s) => [s.id, s]));

/** Everything a context sentence can say after its subject (lower case). */
function contextPhrases(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(CATEGORY_PREDICATES)) for (const p of list) out.add(p.toLowerCase());
  for (const p of POSE_LIBRARY) for (const q of [p, mirrorLibraryPose(p)]) for (const a of q.actions) out.add(a.trim().toLowerCase());
  return out;
}
const CONTEXT_PHRASES = contextPhrases();
const CONTEXT_SUBJECTS = SENTENCE_SUBJECTS.map((s) => s.toLowerCase());

/** Whether a (lower-case, full-stop-free) sentence is a name / action / category sentence. */
export function isContextSentence(sentence: string): boolean {
  const subj = CONTEXT_SUBJECTS.find((s) => sentence.startsWith(`${s} `));
  if (!subj) return false;
  const rest = sentence.slice(subj.length + 1);
  return CONTEXT_PHRASES.has(rest) || /^is in the ".+" pose$/.test(rest);
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[a-z0-9-]/.test(ch);

function nounsAt(s: string, i: number): { parts: string[]; end: number }[] {
  const out: { parts: string[]; end: number }[] = [];
  for (const n of NOUN_ENTRIES) if (s.startsWith(n.text, i) && !isWordChar(s[i + n.text.length])) out.push({ parts: n.parts, end: i + n.text.length });
  return out;
}

function predicatesAt(s: string, i: number): PredMatch[] {
  const out: PredMatch[] = [];
  for (const p of PRED_ENTRIES) {
    if (!s.startsWith(p.pre, i)) continue;
    const j = i + p.pre.length;
    if (p.post === null) {
      if (!isWordChar(s[j])) out.push({ kind: p.kind, cat: p.cat, objParts: null, end: j });
      continue;
    }
    for (const n of nounsAt(s, j)) if (s.startsWith(p.post, n.end) && !isWordChar(s[n.end + p.post.length])) out.push({ kind: p.kind, cat: p.cat, objParts: n.parts, end: n.end + p.post.length });
  }
  // Longest wording first: "kneeling with the right knee on the ground" is one predicate, not "kneeling" + a with-clause.
  return out.sort((a, b) => b.end - a.end);
}

/** Lists "a", "a and b", "a, b and c" of items parsed by `item`, every way they can be read. */
function listsAt<T extends { end: number }>(s: string, i: number, item: (s: string, i: number) => T[]): { items: T[]; end: number }[] {
  const out: { items: T[]; end: number }[] = [];
  const grow = (items: T[]) => {
    const last = items[items.length - 1]!;
    if (items.length === 1) out.push({ items, end: last.end });
    if (items.length >= MAX_LIST) return;
    if (s.startsWith(' and ', last.end)) for (const x of item(s, last.end + 5)) out.push({ items: [...items, x], end: x.end });
    if (s.startsWith(', ', last.end)) for (const x of item(s, last.end + 2)) grow([...items, x]);
  };
  // A ", " chain is pushed only once it ends with " and ": "a, b" alone is not a list.
  for (const x of item(s, i)) grow([x]);
  return out;
}

function lookup(subj: string, kind: PhraseKind, cat: string, obj: string | null): Fact | null {
  for (const i of CODE_LOOKUP.get(`${subj}|${obj ?? ''}|${kind}`) ?? []) {
    const c = CODES[i]!;
    const k = c.categories.indexOf(cat);
    if (k >= 0 && c.said[k]) return { code: i, cat: k, rare: c.rare[k]! };
  }
  return null;
}

/** One part (possibly an arm or a leg standing for two) in one relation. */
function entityFacts(subj: string, kind: PhraseKind, cat: string, obj: string | null): Fact[] | null {
  const m = /^(left|right)_(arm|leg)$/.exec(subj);
  if (!m) {
    const f = lookup(subj, kind, cat, obj);
    return f ? [f] : null;
  }
  const side = m[1]!;
  const pairs = m[2] === 'arm' ? [['hand', 'elbow']] : [['knee', 'ankle'], ['knee', 'foot']];
  for (const [a, b] of pairs) {
    const fa = lookup(`${side}_${a}`, kind, cat, obj);
    const fb = lookup(`${side}_${b}`, kind, cat, obj);
    if (fa && fb) return [fa, fb];
  }
  return null;
}

/** A clause read as written (subject first), undoing symmetry and entity aggregation. */
function forwardFacts(subj: string, kind: PhraseKind, cat: string, obj: string | null): Fact[] | null {
  if (obj?.startsWith('sym_') && !subj.startsWith('both_')) return null;
  if (!subj.startsWith('both_')) return entityFacts(subj, kind, cat, obj);
  const base = subj.slice(5);
  const out: Fact[] = [];
  for (const side of ['left', 'right']) {
    const o = obj?.startsWith('sym_') ? `${side}_${obj.slice(4)}` : obj;
    if (o && SIDED.test(o) && !obj!.startsWith('sym_')) return null;
    const f = entityFacts(`${side}_${base}`, kind, cat, o);
    if (!f) return null;
    out.push(...f);
  }
  return out;
}

function clauseFacts(subjects: string[], p: PredMatch): Fact[] | null {
  if (p.kind === 'super') {
    const s = SUPER_BY_ID.get(p.cat);
    if (!s || !subjects.includes(s.subject)) return null;
    return [{ code: -1 - s.index, cat: 0, rare: true }];
  }
  const kind = p.kind;
  for (const subj of subjects)
    for (const obj of p.objParts ?? [null]) {
      const f = forwardFacts(subj, kind, p.cat, obj);
      if (f) return f;
      if (obj && REVERSIBLE.has(kind)) {
        const r = forwardFacts(obj, kind, OPPOSITE[p.cat]!, subj);
        if (r) return r;
      }
    }
  return null;
}

function unitsAt(s: string, i: number, withClause: boolean): UnitMatch[] {
  const out: UnitMatch[] = [];
  for (const subj of listsAt(s, i, nounsAt)) {
    let j = subj.end;
    if (!withClause) {
      if (s.startsWith(' is ', j)) j += 4;
      else if (s.startsWith(' are ', j)) j += 5;
      else continue;
    } else if (s[j] === ' ') j += 1;
    else continue;
    for (const preds of listsAt(s, j, predicatesAt)) {
      const facts: Fact[] = [];
      let ok = true;
      for (const n of subj.items) {
        for (const p of preds.items) {
          const f = clauseFacts(n.parts, p);
          if (!f) {
            ok = false;
            break;
          }
          facts.push(...f);
        }
        if (!ok) break;
      }
      if (ok) out.push({ facts, end: preds.end });
    }
  }
  return out.sort((a, b) => b.end - a.end);
}

/** The facts of one body sentence read whole, or null when no reading covers it. */
function parseSentence(s: string): Fact[] | null {
  const memo = new Map<string, Fact[] | null>();
  const from = (i: number, withClause: boolean): Fact[] | null => {
    const key = `${i}|${withClause}`;
    if (memo.has(key)) return memo.get(key)!;
    memo.set(key, null);
    let result: Fact[] | null = null;
    for (const u of unitsAt(s, i, withClause)) {
      if (u.end === s.length) {
        result = u.facts;
        break;
      }
      for (const t of TRANSITIONS) {
        if (!s.startsWith(t, u.end)) continue;
        const rest = from(u.end + t.length, t === ' with ');
        if (rest) {
          result = [...u.facts, ...rest];
          break;
        }
      }
      if (result) break;
    }
    memo.set(key, result);
    return result;
  };
  return from(0, false);
}

/** Fallback for text no whole reading covers (a model's imperfect caption): the pieces between transitions that read as units. */
function salvage(s: string): { facts: Fact[]; unparsed: string[] } {
  const pieces = s.split(/ while |, | and | with /);
  const facts: Fact[] = [];
  const unparsed: string[] = [];
  for (const piece of pieces) {
    const u = [...unitsAt(piece, 0, false), ...unitsAt(piece, 0, true)].find((x) => x.end === piece.length);
    if (u) facts.push(...u.facts);
    else if (piece.trim()) unparsed.push(piece);
  }
  return { facts, unparsed };
}

/** The posecodes a caption asserts, read back from its text (see the file header). */
export function parseCaption(text: string): ParsedCaption {
  const body = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
  const sentences = body ? body.split(/\. +/).map((x) => x.trim().replace(/\.$/, '')).filter((x) => x.length > 0) : [];
  const facts: Fact[] = [];
  const unparsed: string[] = [];
  let context = false;
  sentences.forEach((s, k) => {
    if (k === 0 && isContextSentence(s)) {
      context = true;
      return;
    }
    const f = parseSentence(s);
    if (f) facts.push(...f);
    else {
      const part = salvage(s);
      facts.push(...part.facts);
      unparsed.push(...part.unparsed);
    }
  });
  const seen = new Set<string>();
  const unique = facts.filter((f) => {
    const key = `${f.code}|${f.cat}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { posecodes: sortFacts(unique).map(factToPosecode), sentences: sentences.length, context, unparsed };
}
