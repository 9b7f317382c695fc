import { describe, expect, it } from 'vitest';
import { jointAngles, jointIndex, jointLimitScore, setJointAngles } from '../../../../shared/body';
import { Rng } from '../random';
import { addPoseNoise, jointRotationDeg, projectJointToLimits, projectToLimits } from './noise';
import { samplePose } from './sampler';

describe('addPoseNoise', () => {
  it('perturbs joints by about the requested angle', () => {
    const r = new Rng(1);
    const base = samplePose(new Rng(2));
    const angles: number[] = [];
    for (let i = 0; i < 40; i++) {
      const n = addPoseNoise(base, r, { stdDeg: 4, limits: 'none', scale: {} });
      for (let j = 1; j < 22; j++) angles.push(jointRotationDeg(base, n, j));
    }
    // |N(0, σ)| has mean σ·√(2/π) ≈ 3.19° for σ = 4°
    const mean = angles.reduce((s, x) => s + x, 0) / angles.length;
    expect(mean).toBeGreaterThan(2.7);
    expect(mean).toBeLessThan(3.7);
  });

  it('scales per joint and leaves the root alone by default', () => {
    const base = new Float32Array(66);
    const n = addPoseNoise(base, new Rng(3), { stdDeg: 10, scale: { knee: 0 }, limits: 'none' });
    expect(Array.from(n.slice(0, 3))).toEqual([0, 0, 0]);
    expect(jointRotationDeg(base, n, jointIndex('left_knee'))).toBe(0);
    expect(jointRotationDeg(base, n, jointIndex('left_hip'))).toBeGreaterThan(0);
    const rooted = addPoseNoise(base, new Rng(3), { stdDeg: 0, rootStdDeg: 10 });
    expect(jointRotationDeg(base, rooted, 0)).toBeGreaterThan(0);
  });

  it('stays within the limits (a straight knee cannot be pushed into hyperextension)', () => {
    const r = new Rng(4);
    const base = new Float32Array(66); // knees and elbows exactly at their limits
    for (let i = 0; i < 50; i++) {
      const n = addPoseNoise(base, r, { stdDeg: 8 });
      expect(jointLimitScore(n).total).toBeLessThan(1e-2);
    }
  });

  it('is deterministic for a seed and does not modify its input', () => {
    const base = samplePose(new Rng(5));
    const before = Array.from(base);
    const a = addPoseNoise(base, new Rng(6));
    const b = addPoseNoise(base, new Rng(6));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(base)).toEqual(before);
  });
});

describe('projectToLimits', () => {
  it('clamps each axis into its range and keeps inside joints unchanged', () => {
    const p = new Float32Array(66);
    setJointAngles(p, jointIndex('left_knee'), [-20, 0, 0]);
    setJointAngles(p, jointIndex('spine2'), [5, 3, -4]);
    const before = Array.from(p.slice(jointIndex('spine2') * 3, jointIndex('spine2') * 3 + 3));
    const q = projectToLimits(p);
    expect(jointAngles(q, jointIndex('left_knee'))[0]).toBeCloseTo(0, 4);
    expect(Array.from(q.slice(jointIndex('spine2') * 3, jointIndex('spine2') * 3 + 3))).toEqual(before);
    expect(jointLimitScore(q).total).toBeLessThan(1e-3);
  });

  it('keeps an elbow bent past 90° as it is', () => {
    const p = new Float32Array(66);
    setJointAngles(p, jointIndex('left_elbow'), [0, -130, 0]);
    expect(projectJointToLimits(p, jointIndex('left_elbow'))).toBe(false);
    expect(jointAngles(p, jointIndex('left_elbow'))[1]).toBeCloseTo(-130, 3);
  });
});
