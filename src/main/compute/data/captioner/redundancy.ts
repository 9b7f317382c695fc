/**
 * Selection and redundancy removal on a caption's candidate facts.
 *
 * - Selection: rare facts (and super-posecodes) are always kept; every other fact is skipped with
 *   probability SKIP_P, but never all of them.
 * - Transitive redundancy: within one relation family (x, y or z), if a > b and b > c are said,
 *   a > c adds nothing and is dropped.
 * - Statistical redundancy: mined rules "if A (and B) then C" (mined-rules.json, written by
 *   scripts/mine-posecode-rules.ts) drop C when A (and B) are said. Rare facts are never dropped
 *   (the miner does not produce rules concluding them).
 */
import type { Rng } from '../random';
import { factKey, type Fact } from './facts';
import { CODES, CODE_INDEX, NUM_CODES } from './table';
import minedRules from './mined-rules.json';

export const SKIP_P = 0.15;

/** Keeps rare facts, skips each other fact with probability SKIP_P; at least one non-rare fact survives if there was one. */
export function selectFacts(facts: readonly Fact[], rng: Rng): Fact[] {
  const kept: Fact[] = [];
  const common: Fact[] = [];
  let keptCommon = 0;
  for (const f of facts) {
    if (f.rare) kept.push(f);
    else {
      common.push(f);
      if (!rng.chance(SKIP_P)) {
        kept.push(f);
        keptCommon++;
      }
    }
  }
  if (common.length > 0 && keptCommon === 0) kept.push(rng.pick(common));
  return kept;
}

/** +1 when the category says subject > object along its axis (above, at left, in front), −1 the reverse, 0 otherwise. */
function order(f: Fact): number {
  if (f.code < 0) return 0;
  const op = CODES[f.code].op;
  if (op !== 'x' && op !== 'y' && op !== 'z') return 0;
  return f.cat === 4 ? 1 : f.cat === 0 ? -1 : 0;
}

/** Drops a > c when a > b and b > c are present in the same axis (three different body parts). */
export function removeTransitive(facts: readonly Fact[]): Fact[] {
  interface Edge { axis: string; hi: string; lo: string; fact: Fact }
  const edges: Edge[] = [];
  for (const f of facts) {
    const s = order(f);
    if (s === 0) continue;
    const c = CODES[f.code];
    const obj = c.object!;
    edges.push({ axis: c.op, hi: s > 0 ? c.subject : obj, lo: s > 0 ? obj : c.subject, fact: f });
  }
  if (edges.length < 3) return facts.slice();
  const byKey = new Map<string, Edge>();
  for (const e of edges) byKey.set(`${e.axis}|${e.hi}|${e.lo}`, e);
  const dropped = new Set<Fact>();
  for (const e1 of edges) {
    if (dropped.has(e1.fact)) continue;
    for (const e2 of edges) {
      if (e2 === e1 || e2.axis !== e1.axis || e2.hi !== e1.lo || dropped.has(e2.fact)) continue;
      const e3 = byKey.get(`${e1.axis}|${e1.hi}|${e2.lo}`);
      if (e3 && e3 !== e1 && e3 !== e2 && !e3.fact.rare) dropped.add(e3.fact);
    }
  }
  return facts.filter((f) => !dropped.has(f));
}

export interface MinedRule {
  if: [string, string][];
  then: [string, string];
  confidence: number;
  support: number;
}

export interface MinedRulesFile {
  version: number;
  description: string;
  poses: number;
  rules: MinedRule[];
}

// Rules indexed by their conclusion: RULES_BY_THEN.get(key of C) = list of antecedent key lists.
function compileRules(file: MinedRulesFile): Map<number, number[][]> {
  const key = ([code, cat]: [string, string]): number => {
    const i = CODE_INDEX.get(code);
    if (i === undefined) throw new Error(`mined rule names an unknown code ${code}`);
    const k = CODES[i].categories.indexOf(cat);
    if (k < 0) throw new Error(`mined rule names an unknown category ${code}=${cat}`);
    return factKey(i, k);
  };
  const byThen = new Map<number, number[][]>();
  for (const r of file.rules) {
    const then = key(r.then);
    const list = byThen.get(then) ?? [];
    list.push(r.if.map(key));
    byThen.set(then, list);
  }
  return byThen;
}

let rulesByThen = compileRules(minedRules as MinedRulesFile);

/** Replaces the mined rules (the mining script uses this to mine without the previous rules in effect). */
export function setMinedRules(file: MinedRulesFile): void {
  rulesByThen = compileRules(file);
}

const present = new Uint8Array(NUM_CODES * 8);

/** Drops facts implied by other said facts under the mined rules (in order, so two facts never remove each other). */
export function removeImplied(facts: readonly Fact[]): Fact[] {
  for (const f of facts) if (f.code >= 0) present[factKey(f.code, f.cat)] = 1;
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.code < 0 || f.rare) {
      out.push(f);
      continue;
    }
    const k = factKey(f.code, f.cat);
    const rules = rulesByThen.get(k);
    let implied = false;
    if (rules)
      for (const ante of rules) {
        let all = true;
        for (const a of ante) if (!present[a]) { all = false; break; }
        if (all) { implied = true; break; }
      }
    if (implied) present[k] = 0;
    else out.push(f);
  }
  for (const f of facts) if (f.code >= 0) present[factKey(f.code, f.cat)] = 0;
  return out;
}
