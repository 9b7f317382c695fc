import { describe, expect, it } from 'vitest';
import { forwardKinematics, jointPositions } from './fk';
import { poseTo72, zeroPose } from './pose';
import { axisAngleToMatrix, matMul3 } from './rotation';
import { BONES, JOINT_NAMES, NUM_JOINTS, PARENTS, REST_JOINTS, jointIndex } from './skeleton';
import { randomPoses, rng } from './testRandom';

const SHOULDER = jointIndex('left_shoulder');
const ELBOW = jointIndex('left_elbow');
const WRIST = jointIndex('left_wrist');

function joint(p: ArrayLike<number>, j: number, b = 0): [number, number, number] {
  const o = (b * NUM_JOINTS + j) * 3;
  return [p[o], p[o + 1], p[o + 2]];
}
const sub = (a: number[], b: number[]) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: number[]) => Math.sqrt(dot(a, a));

describe('skeleton constants', () => {
  it('matches SMPL: 24 joints, parents before children, named indices', () => {
    expect(JOINT_NAMES).toHaveLength(24);
    expect(PARENTS).toHaveLength(24);
    expect(REST_JOINTS).toHaveLength(72);
    expect(PARENTS[0]).toBe(-1);
    for (let j = 1; j < 24; j++) expect(PARENTS[j]).toBeLessThan(j);
    expect(jointIndex('left_knee')).toBe(4);
    expect(jointIndex('nope')).toBe(-1);
    expect(BONES).toHaveLength(23);
    // body faces +Z (toes ahead of ankles), left is +X, head above pelvis
    expect(REST_JOINTS[10 * 3 + 2]).toBeGreaterThan(REST_JOINTS[7 * 3 + 2]);
    expect(REST_JOINTS[jointIndex('left_wrist') * 3]).toBeGreaterThan(0.5);
    expect(REST_JOINTS[jointIndex('head') * 3 + 1]).toBeGreaterThan(REST_JOINTS[1]);
  });
});

describe('forwardKinematics', () => {
  it('reproduces the rest joints exactly for the zero pose (72, 66, batched)', () => {
    const one = forwardKinematics(zeroPose(), 1);
    expect(one.positions).toEqual(REST_JOINTS);
    const body = forwardKinematics(new Float32Array(66 * 3), 3);
    for (let b = 0; b < 3; b++) expect(body.positions.subarray(b * 72, b * 72 + 72)).toEqual(REST_JOINTS);
    for (let j = 0; j < 24; j++)
      expect(Array.from(one.rotations.subarray(j * 9, j * 9 + 9))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('a 90° left-elbow flexion puts the wrist where geometry says, forearm length kept', () => {
    const pose = zeroPose();
    // SMPL left elbow flexion is a rotation about −Y (the forearm swings toward +Z, in front).
    pose[ELBOW * 3 + 1] = -Math.PI / 2;
    const { positions } = forwardKinematics(pose, 1);
    const elbowRest = joint(REST_JOINTS, ELBOW);
    const forearm = sub(joint(REST_JOINTS, WRIST), elbowRest);
    // R_y(−90°) = [[0,0,−1],[0,1,0],[1,0,0]]: (x, y, z) → (−z, y, x)
    const expected = [elbowRest[0] - forearm[2], elbowRest[1] + forearm[1], elbowRest[2] + forearm[0]];
    const wrist = joint(positions, WRIST);
    for (let i = 0; i < 3; i++) expect(wrist[i]).toBeCloseTo(expected[i], 6);
    expect(joint(positions, ELBOW)).toEqual(elbowRest); // a joint's own rotation does not move it
    expect(norm(sub(wrist, joint(positions, ELBOW)))).toBeCloseTo(norm(forearm), 6);
    expect(wrist[2] - elbowRest[2]).toBeGreaterThan(0.2); // the hand came forward
    // the forearm turned by exactly 90° about Y: its horizontal part is perpendicular to before
    const before = [forearm[0], 0, forearm[2]];
    const after = sub(wrist, elbowRest);
    expect(dot(before, [after[0], 0, after[2]])).toBeCloseTo(0, 7);
  });

  it('on a straight arm, 90° elbow flexion makes a right angle between upper arm and forearm', () => {
    // Put elbow, wrist and hand on the line through the shoulder along +X, keeping bone lengths.
    const rest = Float32Array.from(REST_JOINTS);
    const s = joint(REST_JOINTS, SHOULDER);
    let x = s[0];
    for (const [parent, child] of [[SHOULDER, ELBOW], [ELBOW, WRIST], [WRIST, jointIndex('left_hand')]]) {
      x += norm(sub(joint(REST_JOINTS, child), joint(REST_JOINTS, parent)));
      rest.set([x, s[1], s[2]], child * 3);
    }
    const pose = zeroPose();
    pose[ELBOW * 3 + 1] = -Math.PI / 2;
    const p = forwardKinematics(pose, 1, undefined, rest).positions;
    const upper = sub(joint(p, ELBOW), joint(p, SHOULDER));
    const fore = sub(joint(p, WRIST), joint(p, ELBOW));
    const cos = dot(upper, fore) / (norm(upper) * norm(fore));
    expect(Math.acos(cos) * (180 / Math.PI)).toBeCloseTo(90, 4);
    expect(fore[2] / norm(fore)).toBeCloseTo(1, 6); // forearm points straight ahead (+Z)
  });

  it('composes parent then child (world_R[j] = world_R[parent]·R_local[j])', () => {
    // Arm raised straight up (shoulder +90° about Z), then elbow flexed 90°: the forearm must
    // point forward (+Z). The opposite composition order would point it up.
    const pose = zeroPose();
    pose[SHOULDER * 3 + 2] = Math.PI / 2;
    pose[ELBOW * 3 + 1] = -Math.PI / 2;
    const { positions, rotations } = forwardKinematics(pose, 1);
    const f = sub(joint(REST_JOINTS, WRIST), joint(REST_JOINTS, ELBOW));
    // R_z(90°)·R_y(−90°)·f = R_z(90°)·(−f_z, f_y, f_x) = (−f_y, −f_z, f_x)
    const fore = sub(joint(positions, WRIST), joint(positions, ELBOW));
    expect(fore[0]).toBeCloseTo(-f[1], 6);
    expect(fore[1]).toBeCloseTo(-f[2], 6);
    expect(fore[2]).toBeCloseTo(f[0], 6);
    // upper arm points up
    const upper = sub(joint(positions, ELBOW), joint(positions, SHOULDER));
    expect(upper[1] / norm(upper)).toBeGreaterThan(0.99);
    const expectedWorld = matMul3(axisAngleToMatrix([0, 0, Math.PI / 2]), axisAngleToMatrix([0, -Math.PI / 2, 0]));
    for (let k = 0; k < 9; k++) expect(rotations[ELBOW * 9 + k]).toBeCloseTo(expectedWorld[k], 6);
  });

  it('keeps every bone length for random poses and is consistent across batch, stride and out buffers', () => {
    const r = rng(5);
    const batch = 8;
    const poses = randomPoses(r, batch, 72, Math.PI);
    const { positions, rotations } = forwardKinematics(poses, batch);
    for (let b = 0; b < batch; b++) {
      for (const [p, c] of BONES) {
        const len = norm(sub(joint(positions, c, b), joint(positions, p, b)));
        const restLen = norm(sub(joint(REST_JOINTS, c), joint(REST_JOINTS, p)));
        expect(Math.abs(len - restLen)).toBeLessThan(1e-6);
      }
      const single = forwardKinematics(poses.subarray(b * 72, b * 72 + 72), 1);
      expect(single.positions).toEqual(positions.subarray(b * 72, b * 72 + 72));
      expect(single.rotations).toEqual(rotations.subarray(b * 216, b * 216 + 216));
    }
    // 66-wide poses equal 72-wide poses with identity hands
    const body = randomPoses(r, 3, 66, 2);
    expect(forwardKinematics(body, 3).positions).toEqual(forwardKinematics(poseTo72(body), 3).positions);
    // preallocated outputs are filled and returned
    const outP = new Float32Array(batch * 72);
    const outR = new Float32Array(batch * 216);
    const res = forwardKinematics(poses, batch, { positions: outP, rotations: outR });
    expect(res.positions).toBe(outP);
    expect(outP).toEqual(positions);
    expect(jointPositions(poses, batch)).toEqual(positions);
  });

  it('rejects lengths that are not batch × 66 or × 72', () => {
    expect(() => forwardKinematics(new Float32Array(70), 1)).toThrow(RangeError);
    expect(() => forwardKinematics(new Float32Array(144), 3)).toThrow(RangeError);
    expect(() => forwardKinematics(new Float32Array(72), 0)).toThrow(RangeError);
  });
});
