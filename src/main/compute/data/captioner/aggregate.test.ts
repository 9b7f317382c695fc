import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { _steps, aggregate, clauseOf } from './aggregate';
import type { Fact } from './facts';
import { CODES, CODE_INDEX } from './table';

const fact = (id: string, cat: string): Fact => {
  const code = CODE_INDEX.get(id)!;
  const k = CODES[code].categories.indexOf(cat);
  return { code, cat: k, rare: CODES[code].rare[k] };
};

describe('aggregation', () => {
  it('entity: hand and elbow in the same relation to the same object become the arm', () => {
    const out = _steps.entityStep([fact('z:left_hand-torso', 'in front'), fact('z:left_elbow-torso', 'in front')].map(clauseOf));
    expect(out).toHaveLength(1);
    expect(out[0].subj).toBe('left_arm');
    expect(out[0].facts).toHaveLength(2);
    const legs = _steps.entityStep([fact('z:right_knee-torso', 'behind'), fact('z:right_ankle-torso', 'behind')].map(clauseOf));
    expect(legs.map((c) => c.subj)).toEqual(['right_leg']);
    // different relations stay apart
    expect(_steps.entityStep([fact('z:left_hand-torso', 'in front'), fact('z:left_elbow-torso', 'behind')].map(clauseOf))).toHaveLength(2);
  });

  it('symmetry: left and right in the same relation become both, with "their own" objects made plural', () => {
    const knees = _steps.symmetryStep([fact('angle:left_knee', 'straight'), fact('angle:right_knee', 'straight')].map(clauseOf));
    expect(knees.map((c) => c.subj)).toEqual(['both_knee']);
    const hips = _steps.symmetryStep([fact('y:left_hand-left_hip', 'above'), fact('y:right_hand-right_hip', 'above')].map(clauseOf));
    expect(hips).toHaveLength(1);
    expect(hips[0]).toMatchObject({ subj: 'both_hand', pred: { obj: 'sym_hip', cat: 'above' } });
    const head = _steps.symmetryStep([fact('y:left_hand-head', 'above'), fact('y:right_hand-head', 'above')].map(clauseOf));
    expect(head[0]).toMatchObject({ subj: 'both_hand', pred: { obj: 'head' } });
    // crossed objects (each hand near the other shoulder) are not merged
    expect(_steps.symmetryStep([fact('distance:left_hand-right_shoulder', 'close'), fact('distance:right_hand-left_shoulder', 'close')].map(clauseOf))).toHaveLength(2);
  });

  it('side reversal states the relation from the object with the opposite category', () => {
    const c = [clauseOf(fact('y:left_hand-head', 'above'))];
    let reversed = 0;
    for (let s = 0; s < 200; s++) {
      const [r] = _steps.reverseStep(c, new Rng(s));
      if (r.subj === 'head') {
        reversed++;
        expect(r.pred).toEqual({ kind: 'y', cat: 'below', obj: 'left_hand' });
        expect(r.facts).toEqual(c[0].facts);
      }
    }
    expect(reversed).toBeGreaterThan(60);
    expect(reversed).toBeLessThan(140);
  });

  it('every fact ends up in exactly one unit', () => {
    const facts = [
      fact('y:left_hand-head', 'above'),
      fact('y:right_hand-head', 'above'),
      fact('distance:hands', 'close'),
      fact('angle:left_knee', 'straight'),
      fact('angle:right_knee', 'straight'),
      fact('angle:left_elbow', 'straight'),
      fact('z:left_hand-torso', 'in front'),
      fact('z:left_elbow-torso', 'in front'),
    ];
    for (let s = 0; s < 100; s++) {
      const units = aggregate(facts, new Rng(s));
      const carried = units.flatMap((u) => u.facts);
      expect(carried).toHaveLength(facts.length);
      for (const f of facts) expect(carried).toContain(f);
    }
  });
});
