/**
 * Aggregation: facts → clauses → units (what one piece of text says), each step firing with
 * probability STEP_P, in order:
 * 1. entity: the wrist-side and elbow of one arm (or knee and ankle/foot of one leg) in the same
 *    relation to the same object become the arm (leg);
 * 2. symmetry: the left and right part in the same relation to the same (or each its own side's)
 *    object become "both";
 * 3. side reversal: each relative fact is, with probability ½, said from the object's side with
 *    the opposite relation ("A is above B" → "B is below A");
 * 4. shared object: clauses with the same relation and object share one predicate
 *    ("the left knee and the right elbow are bent at a right angle");
 * 5. shared subject: clauses about the same subject share it ("the left hand is above the head
 *    and close to the right hand").
 * Every clause keeps the facts it stands for, so a caption's posecodes are exactly what it says.
 */
import type { Rng } from '../random';
import { isSuper, superIndexOf, type Fact } from './facts';
import { SUPERS } from './superPosecodes';
import { CODES, type PhraseKind } from './table';

export const STEP_P = 0.95;
const REVERSE_P = 0.5;
/** More predicates than this on one subject make a sentence hard to read. */
const MAX_PREDICATES = 3;

export interface Predicate {
  kind: PhraseKind | 'super';
  /** Category name, or the super-posecode id. */
  cat: string;
  /** Object part id, or null. */
  obj: string | null;
}

export interface Unit {
  /** Subject part ids (several after shared-object grouping). */
  subjects: string[];
  predicates: Predicate[];
  facts: Fact[];
}

interface Clause {
  subj: string;
  pred: Predicate;
  facts: Fact[];
}

export function clauseOf(f: Fact): Clause {
  if (isSuper(f)) {
    const s = SUPERS[superIndexOf(f)];
    return { subj: s.subject, pred: { kind: 'super', cat: s.id, obj: null }, facts: [f] };
  }
  const c = CODES[f.code];
  return { subj: c.subject, pred: { kind: c.kind, cat: c.categories[f.cat], obj: c.object }, facts: [f] };
}

const predKey = (p: Predicate): string => `${p.kind}|${p.cat}|${p.obj ?? ''}`;

function sideOf(part: string): 'left' | 'right' | null {
  return part.startsWith('left_') ? 'left' : part.startsWith('right_') ? 'right' : null;
}
function baseOf(part: string): string {
  return part.replace(/^(left|right|both|sym)_/, '');
}

const ENTITIES: readonly { parts: readonly string[]; whole: string }[] = [
  { parts: ['hand', 'elbow'], whole: 'arm' },
  { parts: ['knee', 'ankle'], whole: 'leg' },
  { parts: ['knee', 'foot'], whole: 'leg' },
];

function entityStep(clauses: Clause[]): Clause[] {
  const out: Clause[] = [];
  const used = new Set<Clause>();
  for (const c of clauses) {
    if (used.has(c)) continue;
    const side = sideOf(c.subj);
    let merged = false;
    if (side && c.pred.kind !== 'super') {
      const base = baseOf(c.subj);
      for (const e of ENTITIES) {
        if (!e.parts.includes(base)) continue;
        const partner = `${side}_${e.parts[0] === base ? e.parts[1] : e.parts[0]}`;
        const key = predKey(c.pred);
        const d = clauses.find((x) => !used.has(x) && x !== c && x.subj === partner && predKey(x.pred) === key);
        // Never merge into "the left arm is close to the left arm" style nonsense: the object must not belong to the limb.
        if (d && !(c.pred.obj && c.pred.obj.startsWith(`${side}_`) && e.parts.includes(baseOf(c.pred.obj)))) {
          used.add(c).add(d);
          out.push({ subj: `${side}_${e.whole}`, pred: c.pred, facts: [...c.facts, ...d.facts] });
          merged = true;
          break;
        }
      }
    }
    if (!merged) {
      used.add(c);
      out.push(c);
    }
  }
  return out;
}

/** The object as seen from the subject's side: 'same:hip' for the subject's own hip, else the object itself. */
function relativeObject(subj: string, obj: string | null): string {
  if (!obj) return '';
  const s = sideOf(subj);
  const o = sideOf(obj);
  if (s && o) return `${s === o ? 'same' : 'other'}:${baseOf(obj)}`;
  return obj;
}

function symmetryStep(clauses: Clause[]): Clause[] {
  const out: Clause[] = [];
  const used = new Set<Clause>();
  for (const c of clauses) {
    if (used.has(c)) continue;
    used.add(c);
    const side = sideOf(c.subj);
    if (!side || c.pred.kind === 'super') {
      out.push(c);
      continue;
    }
    const mirrorSubj = `${side === 'left' ? 'right' : 'left'}_${baseOf(c.subj)}`;
    const rel = relativeObject(c.subj, c.pred.obj);
    const d = clauses.find(
      (x) => !used.has(x) && x.subj === mirrorSubj && x.pred.kind === c.pred.kind && x.pred.cat === c.pred.cat && relativeObject(x.subj, x.pred.obj) === rel,
    );
    if (!d || rel.startsWith('other:')) {
      out.push(c);
      continue;
    }
    used.add(d);
    const obj = rel.startsWith('same:') ? `sym_${rel.slice(5)}` : c.pred.obj;
    out.push({ subj: `both_${baseOf(c.subj)}`, pred: { ...c.pred, obj }, facts: [...c.facts, ...d.facts] });
  }
  return out;
}

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

function reverseStep(clauses: Clause[], rng: Rng): Clause[] {
  return clauses.map((c) => {
    const k = c.pred.kind;
    if ((k !== 'x' && k !== 'y' && k !== 'z' && k !== 'contact') || !c.pred.obj) return c;
    if (!rng.chance(REVERSE_P)) return c;
    return { subj: c.pred.obj, pred: { kind: k, cat: OPPOSITE[c.pred.cat], obj: c.subj }, facts: c.facts };
  });
}

function toUnits(clauses: Clause[], rng: Rng): Unit[] {
  // Shared object: same predicate (relation and object), different subjects.
  let units: Unit[] = [];
  if (rng.chance(STEP_P)) {
    const byPred = new Map<string, Unit>();
    for (const c of clauses) {
      const key = predKey(c.pred);
      const u = c.pred.kind !== 'super' ? byPred.get(key) : undefined;
      if (u && !u.subjects.includes(c.subj) && c.subj !== c.pred.obj && u.subjects.length < 3) {
        u.subjects.push(c.subj);
        u.facts.push(...c.facts);
      } else {
        const nu: Unit = { subjects: [c.subj], predicates: [c.pred], facts: [...c.facts] };
        units.push(nu);
        if (!u) byPred.set(key, nu);
      }
    }
  } else units = clauses.map((c) => ({ subjects: [c.subj], predicates: [c.pred], facts: [...c.facts] }));
  // Shared subject: one subject, several predicates.
  if (!rng.chance(STEP_P)) return units;
  const out: Unit[] = [];
  const bySubject = new Map<string, Unit>();
  for (const u of units) {
    if (u.subjects.length !== 1) {
      out.push(u);
      continue;
    }
    const prev = bySubject.get(u.subjects[0]);
    if (prev && prev.predicates.length < MAX_PREDICATES) {
      prev.predicates.push(...u.predicates);
      prev.facts.push(...u.facts);
    } else {
      out.push(u);
      bySubject.set(u.subjects[0], u);
    }
  }
  return out;
}

/** Facts → units, with the random aggregation steps. */
export function aggregate(facts: readonly Fact[], rng: Rng): Unit[] {
  let clauses = facts.map(clauseOf);
  if (rng.chance(STEP_P)) clauses = entityStep(clauses);
  if (rng.chance(STEP_P)) clauses = symmetryStep(clauses);
  if (rng.chance(STEP_P)) clauses = reverseStep(clauses, rng);
  return toUnits(clauses, rng);
}

export const _steps = { entityStep, symmetryStep, reverseStep };
export type { Clause };
