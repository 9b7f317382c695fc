import { describe, expect, it } from 'vitest';
import { kneeFlexion } from './kneeFlexion';

describe('kneeFlexion', () => {
  it('reads a straight leg as about 0° and a knee bent by 90° about its axis as about 90°', () => {
    const rest = new Float32Array(66);
    const straight = kneeFlexion(rest);
    // The rest skeleton's legs are nearly straight (a few degrees of built-in bend at most).
    expect(straight.left).toBeLessThan(8);
    expect(straight.right).toBeLessThan(8);
    const bent = new Float32Array(66);
    bent[4 * 3] = Math.PI / 2; // left knee (joint 4) about x
    const b = kneeFlexion(bent);
    expect(b.left).toBeGreaterThan(straight.left + 80);
    expect(b.left).toBeLessThan(straight.left + 100);
    expect(b.right).toBeCloseTo(straight.right, 5);
  });
});
