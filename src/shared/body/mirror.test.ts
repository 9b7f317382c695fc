import { describe, expect, it } from 'vitest';
import { forwardKinematics } from './fk';
import { mirrorPose } from './mirror';
import { zeroPose } from './pose';
import { JOINT_NAMES, MIRROR_JOINT_MAP, NUM_JOINTS, REST_JOINTS, jointIndex, symmetrizeRest } from './skeleton';
import { randomPoses, rng } from './testRandom';

describe('MIRROR_JOINT_MAP', () => {
  it('swaps left_* with right_* and fixes midline joints', () => {
    for (let j = 0; j < NUM_JOINTS; j++) {
      const n = JOINT_NAMES[j];
      const m = JOINT_NAMES[MIRROR_JOINT_MAP[j]];
      if (n.startsWith('left_')) expect(m).toBe('right_' + n.slice(5));
      else if (n.startsWith('right_')) expect(m).toBe('left_' + n.slice(6));
      else expect(m).toBe(n);
      expect(MIRROR_JOINT_MAP[MIRROR_JOINT_MAP[j]]).toBe(j);
    }
  });
});

describe('mirrorPose', () => {
  it('is its own inverse (72 and 66 wide, batched)', () => {
    const r = rng(11);
    for (const stride of [72, 66] as const) {
      const poses = randomPoses(r, 5, stride, Math.PI);
      const once = mirrorPose(poses, 5);
      expect(once).not.toEqual(poses);
      expect(mirrorPose(once, 5)).toEqual(poses);
    }
  });

  it('swaps sides and negates the Y and Z axis-angle components', () => {
    const pose = zeroPose();
    const lk = jointIndex('left_knee');
    const rk = jointIndex('right_knee');
    pose.set([0.5, 0.2, -0.3], lk * 3);
    pose.set([0.1, 0.4, 0.25], 0);
    const m = mirrorPose(pose);
    expect(Array.from(m.subarray(rk * 3, rk * 3 + 3))).toEqual(Array.from(Float32Array.from([0.5, -0.2, 0.3])));
    expect(Array.from(m.subarray(lk * 3, lk * 3 + 3))).toEqual([0, 0, 0]);
    expect(Array.from(m.subarray(0, 3))).toEqual(Array.from(Float32Array.from([0.1, -0.4, -0.25])));
    expect(mirrorPose(zeroPose())).toEqual(zeroPose()); // no −0 either
  });

  it('FK of the mirrored pose is the reflected (x → −x) FK with left/right joints swapped', () => {
    const r = rng(12);
    const batch = 6;
    const poses = randomPoses(r, batch, 72, 2.5);
    const rest = symmetrizeRest();
    const a = forwardKinematics(poses, batch, undefined, rest).positions;
    const b = forwardKinematics(mirrorPose(poses, batch), batch, undefined, rest).positions;
    for (let k = 0; k < batch; k++)
      for (let j = 0; j < NUM_JOINTS; j++) {
        const m = MIRROR_JOINT_MAP[j];
        const pj = (k * NUM_JOINTS + j) * 3;
        const pm = (k * NUM_JOINTS + m) * 3;
        expect(b[pj]).toBeCloseTo(-a[pm], 5);
        expect(b[pj + 1]).toBeCloseTo(a[pm + 1], 5);
        expect(b[pj + 2]).toBeCloseTo(a[pm + 2], 5);
      }
    // the real SMPL template is symmetric to within ~5 mm per joint, so the same holds there to a few centimetres
    const ra = forwardKinematics(poses, batch).positions;
    const rb = forwardKinematics(mirrorPose(poses, batch), batch).positions;
    for (let k = 0; k < batch; k++)
      for (let j = 0; j < NUM_JOINTS; j++) {
        const pj = (k * NUM_JOINTS + j) * 3;
        const pm = (k * NUM_JOINTS + MIRROR_JOINT_MAP[j]) * 3;
        expect(Math.hypot(rb[pj] + ra[pm], rb[pj + 1] - ra[pm + 1], rb[pj + 2] - ra[pm + 2])).toBeLessThan(0.05);
      }
  });

  it('works in place', () => {
    const r = rng(13);
    const poses = randomPoses(r, 4, 66, 2);
    const expected = mirrorPose(poses, 4);
    const same = mirrorPose(poses, 4, poses);
    expect(same).toBe(poses);
    expect(poses).toEqual(expected);
  });

  it('symmetrizeRest is exactly mirror-symmetric and close to the template', () => {
    const s = symmetrizeRest();
    for (let j = 0; j < NUM_JOINTS; j++) {
      const m = MIRROR_JOINT_MAP[j];
      expect(s[j * 3]).toBe(-s[m * 3] || 0);
      expect(s[j * 3 + 1]).toBe(s[m * 3 + 1]);
      expect(Math.abs(s[j * 3] - REST_JOINTS[j * 3])).toBeLessThan(0.006);
    }
  });
});
