import { describe, expect, it } from 'vitest';
import { forwardKinematics } from './fk';
import { jointAngles, jointAnglesBatch, jointLimitScore, jointLimitScoreBatch, setJointAngles } from './jointAngles';
import { JOINT_LIMITS_DEG, LIMITED_JOINTS } from './limits';
import { mirrorPose } from './mirror';
import { zeroPose } from './pose';
import { axisAngleToMatrix, rotationAngleBetween } from './rotation';
import { MIRROR_JOINT_MAP, jointIndex } from './skeleton';
import { randomPoses, rng } from './testRandom';

const J = (n: string) => jointIndex(n);

/** A pose built from standard joint angles (degrees), others zero. */
function poseFrom(angles: Record<string, [number, number, number]>): Float32Array {
  const p = zeroPose();
  for (const [name, a] of Object.entries(angles)) setJointAngles(p, J(name), a);
  return p;
}

describe('standard joint angles', () => {
  it('are zero for the zero pose, and the zero pose is inside every limit', () => {
    const z = zeroPose();
    for (let j = 0; j < 24; j++) for (const v of jointAngles(z, j)) expect(Math.abs(v)).toBe(0);
    const s = jointLimitScore(z);
    expect(s.total).toBe(0);
    expect(Array.from(s.perJoint)).toEqual(new Array(21).fill(0));
    expect(s.violations).toEqual([]);
    expect(jointLimitScore(new Float32Array(66)).total).toBe(0);
  });

  it('setJointAngles then jointAngles round-trips on every joint', () => {
    const r = rng(31);
    for (let trial = 0; trial < 40; trial++)
      for (let j = 0; j < 24; j++) {
        // Within a joint's limits the reading is unique; outside them the nearer-to-limits reading may be the
        // other one (same rotation, checked by the next test). Unlimited joints read y ∈ [−90, 90].
        const lim = JOINT_LIMITS_DEG[j];
        // A y limit past ±90° is only unambiguous when x and z are pinned (the elbows' bend).
        const yOnly = lim && lim[0][0] === lim[0][1] && lim[2][0] === lim[2][1];
        const range = (k: number): readonly [number, number] =>
          k === 1 && lim && !yOnly ? [Math.max(lim[1][0], -89), Math.min(lim[1][1], 89)] : lim ? lim[k] : [0, 0];
        const within = (k: number, span: number) => (lim ? range(k)[0] + r() * (range(k)[1] - range(k)[0]) : (2 * r() - 1) * span);
        const deg: [number, number, number] = [within(0, 175), within(1, 85), within(2, 175)];
        const p64 = new Float64Array(72);
        setJointAngles(p64, j, deg);
        const back = jointAngles(p64, j);
        for (let a = 0; a < 3; a++) expect(back[a]).toBeCloseTo(deg[a], 8);
        const p32 = zeroPose(); // Float32 storage costs precision, not correctness
        setJointAngles(p32, j, deg);
        const back32 = jointAngles(p32, j);
        for (let a = 0; a < 3; a++) expect(Math.abs(back32[a] - deg[a])).toBeLessThan(2e-3);
      }
  });

  it('jointAngles then setJointAngles gives back the same rotation', () => {
    const r = rng(32);
    const poses = randomPoses(r, 5, 72, 3);
    for (let b = 0; b < 5; b++) {
      const p = poses.slice(b * 72, b * 72 + 72);
      for (let j = 0; j < 24; j++) {
        const q = new Float64Array(72);
        setJointAngles(q, j, jointAngles(p, j));
        expect(rotationAngleBetween(axisAngleToMatrix(q, undefined, j * 3), axisAngleToMatrix(p, undefined, j * 3))).toBeLessThan(1e-6);
      }
    }
    const batch = jointAnglesBatch(poses, 5);
    for (let b = 0; b < 5; b++)
      for (let k = 0; k < 21; k++) {
        const one = jointAngles(poses.subarray(b * 72, b * 72 + 72), k + 1);
        for (let a = 0; a < 3; a++) expect(batch[(b * 21 + k) * 3 + a]).toBeCloseTo(one[a], 3);
      }
  });

  it('knee flexion is +x and moves the ankle behind the knee; elbow flexion brings the hand forward', () => {
    const p = poseFrom({ left_knee: [90, 0, 0], left_elbow: [0, -90, 0], right_elbow: [0, 90, 0] });
    const pos = forwardKinematics(p, 1).positions;
    const z = (j: number) => pos[j * 3 + 2];
    expect(z(J('left_ankle'))).toBeLessThan(z(J('left_knee')) - 0.3);
    expect(z(J('left_wrist'))).toBeGreaterThan(z(J('left_elbow')) + 0.2);
    expect(z(J('right_wrist'))).toBeGreaterThan(z(J('right_elbow')) + 0.2);
    expect(jointLimitScore(p).total).toBe(0);
  });
});

describe('jointLimitScore', () => {
  it('flags a hyper-extended knee by the degrees it is past straight', () => {
    const p = poseFrom({ left_knee: [-20, 0, 0] });
    const s = jointLimitScore(p);
    const k = J('left_knee') - 1;
    expect(s.perJoint[k]).toBeCloseTo(20, 3);
    expect(s.total).toBeCloseTo(20, 3);
    expect(s.violations).toHaveLength(1);
    expect(s.violations[0]).toMatchObject({ joint: 'left_knee', axis: 'x', limit: [0, 150] });
    expect(s.violations[0].value).toBeCloseTo(-20, 3);
    // a worse hyper-extension scores worse; a normal bend scores nothing
    expect(jointLimitScore(poseFrom({ left_knee: [-40, 0, 0] })).total).toBeGreaterThan(s.total);
    expect(jointLimitScore(poseFrom({ right_knee: [120, 0, 0] })).total).toBe(0);
  });

  it('accepts everyday poses: seated, squatting, arms overhead, arms at the sides', () => {
    const seated = poseFrom({ left_hip: [-90, 0, 0], right_hip: [-90, 0, 0], left_knee: [90, 0, 0], right_knee: [90, 0, 0] });
    // the thighs really point forward in this pose
    const pos = forwardKinematics(seated, 1).positions;
    expect(pos[J('left_knee') * 3 + 2] - pos[J('left_hip') * 3 + 2]).toBeGreaterThan(0.3);
    expect(jointLimitScore(seated).total).toBe(0);
    const squat = poseFrom({ left_hip: [-130, 0, 0], right_hip: [-130, 0, 0], left_knee: [140, 0, 0], right_knee: [140, 0, 0] });
    expect(jointLimitScore(squat).total).toBe(0);
    // left shoulder: SJA x = −(SMPL z rotation); arm up is negative x on the left, positive SMPL z
    const up = zeroPose();
    up[J('left_shoulder') * 3 + 2] = Math.PI / 2;
    up[J('right_shoulder') * 3 + 2] = -Math.PI / 2;
    const upPos = forwardKinematics(up, 1).positions;
    expect(upPos[J('left_wrist') * 3 + 1]).toBeGreaterThan(0.6);
    expect(upPos[J('right_wrist') * 3 + 1]).toBeGreaterThan(0.6);
    expect(jointLimitScore(up).total).toBe(0);
    const down = up.map((v) => -v);
    const downPos = forwardKinematics(down, 1).positions;
    expect(downPos[J('left_wrist') * 3 + 1]).toBeLessThan(0); // hands below the pelvis height
    expect(jointLimitScore(down).total).toBe(0);
  });

  it('flags a leg kicked 90° backwards and an elbow bent the wrong way', () => {
    const kick = poseFrom({ left_hip: [90, 0, 0] });
    const pos = forwardKinematics(kick, 1).positions;
    expect(pos[J('left_knee') * 3 + 2]).toBeLessThan(pos[J('left_hip') * 3 + 2] - 0.3); // knee behind
    expect(jointLimitScore(kick).perJoint[J('left_hip') - 1]).toBeCloseTo(45, 3);
    const elbow = zeroPose();
    elbow[J('left_elbow') * 3 + 1] = Math.PI / 4; // forearm swung backwards
    const s = jointLimitScore(elbow);
    expect(s.violations.map((v) => `${v.joint}.${v.axis}`)).toEqual(['left_elbow.y']);
    expect(s.total).toBeCloseTo(45, 3);
  });

  it('is left/right symmetric: mirroring a pose mirrors its per-joint scores', () => {
    const r = rng(33);
    const batch = 40;
    const poses = randomPoses(r, batch, 72, 2);
    const mirrored = mirrorPose(poses, batch);
    for (let b = 0; b < batch; b++) {
      const a = jointLimitScore(poses.subarray(b * 72, b * 72 + 72));
      const m = jointLimitScore(mirrored.subarray(b * 72, b * 72 + 72));
      expect(a.total).toBeGreaterThan(0);
      for (const j of LIMITED_JOINTS) expect(m.perJoint[MIRROR_JOINT_MAP[j] - 1]).toBeCloseTo(a.perJoint[j - 1], 2);
    }
    // and the limit table itself mirrors: x kept, y and z negated and swapped
    for (const j of LIMITED_JOINTS) {
      const l = JOINT_LIMITS_DEG[j]!;
      const m = JOINT_LIMITS_DEG[MIRROR_JOINT_MAP[j]]!;
      expect(m[0]).toEqual(l[0]);
      expect(m[1]).toEqual([-l[1][1] || 0, -l[1][0] || 0]);
      expect(m[2]).toEqual([-l[2][1] || 0, -l[2][0] || 0]);
    }
  });

  it('batched totals match the single scores', () => {
    const r = rng(34);
    const poses = randomPoses(r, 9, 66, 2.5);
    const totals = jointLimitScoreBatch(poses, 9);
    for (let b = 0; b < 9; b++) expect(totals[b]).toBeCloseTo(jointLimitScore(poses.subarray(b * 66, b * 66 + 66)).total, 2);
  });
});

describe('joint angles past 90° on the y axis', () => {
  it('reads an elbow bent 120° as a 120° bend within limits, not as a 360° violation', () => {
    const p = new Float32Array(66);
    const le = jointIndex('left_elbow');
    const re = jointIndex('right_elbow');
    setJointAngles(p, le, [0, -120, 0]);
    setJointAngles(p, re, [0, 140, 0]);
    const l = jointAngles(p, le);
    expect(l[1]).toBeCloseTo(-120, 3);
    expect(Math.abs(l[0])).toBeLessThan(1e-3);
    expect(jointAngles(p, re)[1]).toBeCloseTo(140, 3);
    expect(jointLimitScore(p).total).toBeLessThan(1e-3);
    // Past the limit it is still a violation, measured from the nearer reading.
    setJointAngles(p, le, [0, -160, 0]);
    expect(jointLimitScore(p).total).toBeCloseTo(10, 2);
  });
});
