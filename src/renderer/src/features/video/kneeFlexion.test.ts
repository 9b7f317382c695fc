import { describe, expect, it } from 'vitest';
import { kneeFlexion } from './kneeFlexion';

describe('kneeFlexion', () => {
  it('reads a straight leg as about 0° and a knee bent by 90° about its axis as about 90°', () => {
    const rest = new Float32Array(66);
    const straight = kneeFlexion(rest);
    // The rest skeleton's legs are nearly straight: SMPL's rest joints put the knee about 9° off the hip–ankle
    // line (the legs splay a little and the ankle sits behind the knee).
    expect(straight.left).toBeLessThan(12);
    expect(straight.right).toBeLessThan(12);
    const bent = new Float32Array(66);
    bent[4 * 3] = Math.PI / 2; // left knee (joint 4) about x
    const b = kneeFlexion(bent);
    expect(b.left).toBeGreaterThan(straight.left + 80);
    expect(b.left).toBeLessThan(straight.left + 100);
    expect(b.right).toBeCloseTo(straight.right, 5);
  });
});
