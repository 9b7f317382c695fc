import { describe, expect, it } from 'vitest';
import { jointIndex, jointLimitScoreBatch, setJointAngles } from '../../../../shared/body';
import { POSE_LIBRARY } from '../../data/library';
import { jointLimitViolationRate } from './limits';

// Three poses: A = zero pose (every limit range contains 0); B = left knee hyperextended to −20°
// (range x ∈ [0, 150] → 20° beyond); C = left knee −5° (5° beyond) and right elbow y −30°
// (range y ∈ [0, 150] → 30° beyond).
function fixture(): Float32Array {
  const poses = new Float32Array(3 * 66);
  setJointAngles(poses.subarray(66, 132), jointIndex('left_knee'), [-20, 0, 0]);
  setJointAngles(poses.subarray(132), jointIndex('left_knee'), [-5, 0, 0]);
  setJointAngles(poses.subarray(132), jointIndex('right_elbow'), [0, -30, 0]);
  return poses;
}

const KNEE = jointIndex('left_knee') - 1; // perJoint slot
const ELBOW = jointIndex('right_elbow') - 1;

describe('jointLimitViolationRate', () => {
  it('tolerance 0: rate 2/3, left knee 2/3, right elbow 1/3, mean excess (0 + 20 + 35)/3', () => {
    const r = jointLimitViolationRate(fixture(), 3);
    expect(r.rate).toBeCloseTo(2 / 3, 12);
    expect(r.perJoint[KNEE]).toBeCloseTo(2 / 3, 12);
    expect(r.perJoint[ELBOW]).toBeCloseTo(1 / 3, 12);
    expect(r.perJoint.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12); // nothing else flagged
    expect(r.meanExcessDeg).toBeCloseTo(55 / 3, 3);
    expect(r.jointNames[KNEE]).toBe('left_knee');
    expect(r.jointNames[ELBOW]).toBe('right_elbow');
    expect(r.perJoint.length).toBe(21);
  });

  it('tolerance 10: B (20° → 10) and C’s elbow (30° → 20) still count, C’s knee (5°) does not', () => {
    const r = jointLimitViolationRate(fixture(), 3, { toleranceDeg: 10 });
    expect(r.rate).toBeCloseTo(2 / 3, 12);
    expect(r.perJoint[KNEE]).toBeCloseTo(1 / 3, 12);
    expect(r.perJoint[ELBOW]).toBeCloseTo(1 / 3, 12);
    expect(r.meanExcessDeg).toBeCloseTo(30 / 3, 3);
    expect(r.toleranceDeg).toBe(10);
  });

  it('tolerance 25: only C’s elbow, by 5°', () => {
    const r = jointLimitViolationRate(fixture(), 3, { toleranceDeg: 25 });
    expect(r.rate).toBeCloseTo(1 / 3, 12);
    expect(r.perJoint[KNEE]).toBe(0);
    expect(r.meanExcessDeg).toBeCloseTo(5 / 3, 3);
  });

  it('at tolerance 0 the mean excess equals the mean of jointLimitScoreBatch totals on the pose library', () => {
    const n = POSE_LIBRARY.length;
    const poses = new Float32Array(n * 66);
    POSE_LIBRARY.forEach((p, i) => poses.set(p.pose, i * 66));
    const totals = jointLimitScoreBatch(poses, n);
    const r = jointLimitViolationRate(poses, n);
    expect(r.meanExcessDeg).toBeCloseTo(totals.reduce((a, b) => a + b, 0) / n, 2);
    expect(r.rate).toBeCloseTo(totals.filter((t) => t > 0).length / n, 12);
  });

  it('rejects a negative tolerance and a wrong size', () => {
    expect(() => jointLimitViolationRate(fixture(), 3, { toleranceDeg: -1 })).toThrow(RangeError);
    expect(() => jointLimitViolationRate(fixture(), 2)).toThrow(RangeError);
  });
});
