import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../random';
import type { Fact } from './facts';
import minedRules from './mined-rules.json';
import { removeImplied, removeTransitive, selectFacts, setMinedRules, SKIP_P, type MinedRulesFile } from './redundancy';
import { CODES, CODE_INDEX } from './table';

const fact = (id: string, cat: string): Fact => {
  const code = CODE_INDEX.get(id)!;
  const k = CODES[code].categories.indexOf(cat);
  if (k < 0) throw new Error(`${id} ${cat}`);
  return { code, cat: k, rare: CODES[code].rare[k] };
};
const names = (fs: Fact[]): string[] => fs.map((f) => `${CODES[f.code].id}=${CODES[f.code].categories[f.cat]}`);

afterEach(() => setMinedRules(minedRules as MinedRulesFile));

describe('selection', () => {
  it('always keeps rare facts, skips others at about SKIP_P, and never drops all of them', () => {
    const rare = fact('angle:left_knee', 'completely bent');
    const common = ['angle:right_knee', 'angle:left_elbow', 'angle:right_elbow'].map((id) => fact(id, 'straight'));
    let skipped = 0;
    const trials = 4000;
    for (let s = 0; s < trials; s++) {
      const kept = selectFacts([rare, ...common], new Rng(s));
      expect(kept).toContain(rare);
      skipped += common.filter((f) => !kept.includes(f)).length;
    }
    expect(skipped / (trials * common.length)).toBeGreaterThan(SKIP_P - 0.02);
    expect(skipped / (trials * common.length)).toBeLessThan(SKIP_P + 0.02);
    for (let s = 0; s < 2000; s++) expect(selectFacts([common[0]], new Rng(s))).toEqual([common[0]]);
  });
});

describe('transitive redundancy', () => {
  it('drops a < c when a < b and b < c are said (same axis)', () => {
    const ab = fact('z:left_hand-right_hand', 'in front'); // left hand ahead of right hand
    const bc = fact('z:right_hand-torso', 'in front'); // right hand ahead of torso
    const ac = fact('z:left_hand-torso', 'in front'); // implied
    expect(names(removeTransitive([ab, bc, ac]))).toEqual(names([ab, bc]));
    // reversed encodings count too: torso behind right hand is the same order
    const bcRev = fact('z:right_hand-torso', 'in front');
    expect(removeTransitive([ac, bcRev, ab])).toHaveLength(2);
  });

  it('keeps a < c when the chain is broken or mixes axes', () => {
    const ab = fact('z:left_hand-right_hand', 'in front');
    const bcOther = fact('y:right_hand-right_shoulder', 'above');
    const ac = fact('z:left_hand-torso', 'in front');
    expect(removeTransitive([ab, bcOther, ac])).toHaveLength(3);
    // a different chain through the same facts: left hand > torso > right hand makes left > right the implied one
    const behind = fact('z:right_hand-torso', 'behind');
    expect(names(removeTransitive([ab, behind, ac]))).toEqual(names([behind, ac]));
  });
});

describe('statistical redundancy', () => {
  it('drops C when the antecedents of a rule are said, keeps it otherwise', () => {
    setMinedRules({
      version: 1,
      description: 'test',
      poses: 0,
      rules: [
        { if: [['z:left_elbow-torso', 'in front']], then: ['z:left_hand-torso', 'in front'], confidence: 0.9, support: 100 },
        { if: [['angle:left_knee', 'straight'], ['vaxis:left_thigh', 'vertical']], then: ['ground:left_foot', 'on ground'], confidence: 0.9, support: 100 },
      ],
    });
    const a = fact('z:left_elbow-torso', 'in front');
    const c = fact('z:left_hand-torso', 'in front');
    expect(names(removeImplied([a, c]))).toEqual(names([a]));
    expect(names(removeImplied([c]))).toEqual(names([c]));
    const k = fact('angle:left_knee', 'straight');
    const t = fact('vaxis:left_thigh', 'vertical');
    const g = fact('ground:left_foot', 'on ground');
    expect(names(removeImplied([k, t, g]))).toEqual(names([k, t]));
    expect(names(removeImplied([k, g]))).toEqual(names([k, g]));
  });

  it('never lets two facts remove each other, and never drops rare facts', () => {
    setMinedRules({
      version: 1,
      description: 'test',
      poses: 0,
      rules: [
        { if: [['z:left_elbow-torso', 'in front']], then: ['z:left_hand-torso', 'in front'], confidence: 0.9, support: 100 },
        { if: [['z:left_hand-torso', 'in front']], then: ['z:left_elbow-torso', 'in front'], confidence: 0.9, support: 100 },
        { if: [['angle:left_knee', 'straight']], then: ['angle:right_knee', 'completely bent'], confidence: 0.9, support: 100 },
      ],
    });
    const out = removeImplied([fact('z:left_elbow-torso', 'in front'), fact('z:left_hand-torso', 'in front')]);
    expect(out).toHaveLength(1);
    const rare = fact('angle:right_knee', 'completely bent');
    expect(removeImplied([fact('angle:left_knee', 'straight'), rare])).toContain(rare);
  });

  it('the committed rules name real codes and conclude no rare category', () => {
    const file = minedRules as MinedRulesFile;
    expect(file.rules.length).toBeGreaterThan(0);
    for (const r of file.rules) {
      const c = fact(r.then[0], r.then[1]);
      expect(c.rare).toBe(false);
      expect(r.confidence).toBeGreaterThanOrEqual(r.if.length === 1 ? 0.7 : 0.8);
      for (const [id, cat] of r.if) fact(id, cat);
    }
  });
});
