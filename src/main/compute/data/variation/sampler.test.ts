import { describe, expect, it } from 'vitest';
import { jointAngles, jointIndex, jointLimitScore, jointPositions } from '../../../../shared/body';
import { Rng } from '../random';
import { addPoseNoise } from './noise';
import { plausibility } from './plausibility';
import { balancePose, PRIOR_MODE_POSE, samplePose, samplePoseWithInfo, truncatedNormal } from './sampler';
import { groundCheck } from './ground';
import { setJointAngles } from '../../../../shared/body';

/** Mean distance between corresponding joints over all pairs of poses (metres, pelvis-relative). */
function meanPairwiseJointDistance(poses: Float32Array[]): number {
  const joints = poses.map((p) => jointPositions(p, 1).slice(0, 66));
  let sum = 0, n = 0;
  for (let a = 0; a < joints.length; a++)
    for (let b = a + 1; b < joints.length; b++) {
      let d = 0;
      for (let j = 0; j < 22; j++) d += Math.hypot(joints[a][j * 3] - joints[b][j * 3], joints[a][j * 3 + 1] - joints[b][j * 3 + 1], joints[a][j * 3 + 2] - joints[b][j * 3 + 2]);
      sum += d / 22;
      n++;
    }
  return sum / n;
}

describe('samplePose', () => {
  const N = 300;
  const rng = new Rng(11);
  const results = Array.from({ length: N }, () => samplePoseWithInfo(rng));

  it('returns poses within the joint limits that pass the plausibility filter, balanced', () => {
    for (const r of results) {
      expect(r.pose.length).toBe(66);
      expect(jointLimitScore(r.pose).total).toBeLessThan(1e-2);
      expect(plausibility(r.pose, { requireBalance: true }).ok).toBe(true);
    }
  });

  it('accepts most draws (the prior is mostly plausible on its own)', () => {
    const tries = results.reduce((s, r) => s + r.tries, 0);
    expect(N / tries).toBeGreaterThan(0.7);
    expect(results.every((r) => r.accepted)).toBe(true);
  });

  it('is diverse: poses spread far beyond small noise around the rest pose', () => {
    const sampled = results.slice(0, 60).map((r) => r.pose);
    const r2 = new Rng(5);
    const nearRest = Array.from({ length: 60 }, () => addPoseNoise(new Float32Array(66), r2, { stdDeg: 5 }));
    const dSampled = meanPairwiseJointDistance(sampled);
    const dRest = meanPairwiseJointDistance(nearRest);
    expect(dSampled).toBeGreaterThan(3 * dRest);
    expect(dSampled).toBeGreaterThan(0.12);
  });

  it('is a soft prior, not uniform: knees mostly slightly bent, spine near straight, shoulders spread', () => {
    const knee = results.map((r) => jointAngles(r.pose, jointIndex('left_knee'))[0]);
    const spine = results.map((r) => jointAngles(r.pose, jointIndex('spine2'))[0]);
    const shoulder = results.map((r) => jointAngles(r.pose, jointIndex('left_shoulder'))[0]);
    const frac = (xs: number[], f: (x: number) => boolean) => xs.filter(f).length / xs.length;
    expect(frac(knee, (x) => x < 30)).toBeGreaterThan(0.4); // uniform over [0, 150] would give 0.2
    expect(frac(knee, (x) => x > 90)).toBeGreaterThan(0.03); // but deep bends happen
    expect(frac(spine, (x) => Math.abs(x) < 10)).toBeGreaterThan(0.8); // uniform over [−25, 15]: 0.5
    expect(frac(shoulder, (x) => x < 0)).toBeGreaterThan(0.15); // arms raised…
    expect(frac(shoulder, (x) => x > 45)).toBeGreaterThan(0.3); // …and lowered
  });

  it('mostly stands upright, sometimes lies down', () => {
    const up = results.filter((r) => {
      const p = jointPositions(r.pose, 1);
      return p[jointIndex('neck') * 3 + 1] - p[1] > 0.4; // neck well above the pelvis
    }).length;
    expect(up / N).toBeGreaterThan(0.75);
    const lying = samplePose(new Rng(3), { orientation: { upright: 0, lean: 0, lying: 1 } });
    const p = jointPositions(lying, 1);
    expect(Math.abs(p[jointIndex('neck') * 3 + 1] - p[1])).toBeLessThan(0.3);
  });

  it('couples the sides on request', () => {
    const r = new Rng(4);
    for (let i = 0; i < 20; i++) {
      const p = samplePose(r, { coupling: 'mirror', couplingJitter: 0 });
      const l = jointAngles(p, jointIndex('left_knee'))[0];
      const rk = jointAngles(p, jointIndex('right_knee'))[0];
      expect(Math.abs(l - rk)).toBeLessThan(1e-3);
    }
    let opposite = 0;
    for (let i = 0; i < 20; i++) {
      const p = samplePose(r, { coupling: 'opposite', couplingJitter: 0 });
      const l = jointAngles(p, jointIndex('left_hip'))[0];
      const rh = jointAngles(p, jointIndex('right_hip'))[0];
      // one hip flexed more than standing (−8°) and the other less, or both at the clamp
      if ((l + 8) * (rh + 8) <= 1e-6) opposite++;
    }
    expect(opposite).toBe(20);
  });

  it('is deterministic for a seed', () => {
    const a = Array.from({ length: 5 }, ((r) => () => samplePose(r))(new Rng(99)));
    const b = Array.from({ length: 5 }, ((r) => () => samplePose(r))(new Rng(99)));
    expect(a.map((p) => Array.from(p))).toEqual(b.map((p) => Array.from(p)));
    expect(Array.from(samplePose(new Rng(100)))).not.toEqual(Array.from(a[0]));
  });

  it('falls back to the plausible prior centre when nothing is accepted', () => {
    expect(plausibility(PRIOR_MODE_POSE).ok).toBe(true);
    const r = samplePoseWithInfo(new Rng(1), { maxTries: 3, plausibility: { maxLimitTotal: -1 } });
    expect(r.accepted).toBe(false);
    expect(Array.from(r.pose)).toEqual(Array.from(PRIOR_MODE_POSE));
  });
});

describe('balancePose', () => {
  it('leans a one-legged stance over the standing foot', () => {
    const p = new Float32Array(66);
    setJointAngles(p, jointIndex('right_hip'), [-40, -60, 0]); // right thigh lifted forward and out
    setJointAngles(p, jointIndex('right_knee'), [80, 0, 0]);
    setJointAngles(p, jointIndex('right_shoulder'), [0, 0, 0]);
    const before = groundCheck(p);
    expect(before.support).toEqual(['foot', 'shin']);
    expect(before.balanced).toBe(false);
    const g = balancePose(p);
    expect(g.balanced).toBe(true);
    expect(g.comOutside).toBeLessThan(0.03);
    expect(g.comOutside).toBeLessThan(before.comOutside);
    expect(plausibility(p, { requireBalance: true }).ok).toBe(true);
    // only the root turned, by a small lean
    expect(Math.hypot(p[0], p[1], p[2])).toBeLessThan(0.3);
  });

  it('samples balanced poses by default, and unbalanced ones only when asked', () => {
    const r = new Rng(21);
    for (let i = 0; i < 30; i++) expect(groundCheck(samplePose(r)).balanced).toBe(true);
    let unbalanced = 0;
    for (let i = 0; i < 60; i++) if (!groundCheck(samplePose(r, { balance: false })).balanced) unbalanced++;
    expect(unbalanced).toBeGreaterThan(0);
  });
});

describe('truncatedNormal', () => {
  it('stays inside the bounds, even for a mean far outside them', () => {
    const r = new Rng(2);
    for (let i = 0; i < 200; i++) {
      const v = truncatedNormal(r, 100, 5, -10, 10);
      expect(v).toBeGreaterThanOrEqual(-10);
      expect(v).toBeLessThanOrEqual(10);
    }
    expect(truncatedNormal(r, 3, 0, 0, 10)).toBe(3);
  });
});
