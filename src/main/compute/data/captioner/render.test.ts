import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { caption } from './caption';
import { MAX_CLAUSES, TRANSITIONS, pickTransitions } from './render';
import { randomLimitPose } from './testPoses';

describe('pickTransitions', () => {
  it('never repeats a joining transition within a sentence and ends a sentence after MAX_CLAUSES units', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed++) {
      const ts = pickTransitions(2 + (seed % 14), new Rng(seed));
      let clauses = 1;
      let used = new Set<string>();
      for (const t of ts) {
        expect(TRANSITIONS).toContain(t);
        seen.add(t);
        if (t === '. ') {
          clauses = 1;
          used = new Set();
          continue;
        }
        expect(used.has(t), `${seed}: ${JSON.stringify(ts)}`).toBe(false);
        used.add(t);
        clauses++;
        expect(clauses).toBeLessThanOrEqual(MAX_CLAUSES);
      }
    }
    // the reference's whole transition set stays in use
    expect([...seen].sort()).toEqual([...TRANSITIONS].sort());
  });

  it('gives n − 1 transitions and none for a single unit', () => {
    expect(pickTransitions(1, new Rng(1))).toEqual([]);
    expect(pickTransitions(7, new Rng(1))).toHaveLength(6);
  });
});

describe('caption sentences', () => {
  it('never say " while " or " with " twice in one sentence, and chain at most MAX_CLAUSES clauses', () => {
    const rng = new Rng(11);
    let sentences = 0;
    for (let i = 0; i < 150; i++) {
      const c = caption(randomLimitPose(rng), new Rng(i), { maxCodes: 12 });
      for (const s of c.text.replace(/\.$/, '').split('. ')) {
        sentences++;
        const whiles = s.split(' while ').length - 1;
        const withs = s.split(' with ').length - 1;
        expect(whiles, c.text).toBeLessThanOrEqual(1);
        // " with " also opens some predicates ("aligned with …"), so count only the joining words
        expect(whiles + Math.min(withs, 1), c.text).toBeLessThanOrEqual(MAX_CLAUSES - 1);
      }
    }
    expect(sentences).toBeGreaterThan(150);
  });
});
