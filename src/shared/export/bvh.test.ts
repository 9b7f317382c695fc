import { describe, expect, it } from 'vitest';
import { JOINT_NAMES, NUM_JOINTS, PARENTS, forwardKinematics, jointIndex, zeroPose } from '../body';
import { rng, randomPoses } from '../body/testRandom';
import { BVH_JOINT_ORDER, eulerZXYToMatrix, matrixToEulerZXY, poseToBvh } from './bvh';

/** A small, independent BVH reader: hierarchy, offsets, channels and the first frame. */
interface BvhJoint {
  name: string;
  parent: number;
  offset: number[];
  channels: string[];
  endSite: number[] | null;
}
function readBvh(text: string) {
  const tokens = text.split(/\s+/).filter(Boolean);
  let i = 0;
  const next = () => tokens[i++];
  const joints: BvhJoint[] = [];
  expect(next()).toBe('HIERARCHY');
  const readJoint = (parent: number) => {
    const name = next();
    const me = joints.length;
    const joint: BvhJoint = { name, parent, offset: [], channels: [], endSite: null };
    joints.push(joint);
    expect(next()).toBe('{');
    for (;;) {
      const t = next();
      if (t === 'OFFSET') joint.offset = [Number(next()), Number(next()), Number(next())];
      else if (t === 'CHANNELS') {
        const n = Number(next());
        for (let k = 0; k < n; k++) joint.channels.push(next());
      } else if (t === 'JOINT') readJoint(me);
      else if (t === 'End') {
        expect(next()).toBe('Site');
        expect(next()).toBe('{');
        expect(next()).toBe('OFFSET');
        joint.endSite = [Number(next()), Number(next()), Number(next())];
        expect(next()).toBe('}');
      } else if (t === '}') return;
      else throw new Error(`unexpected token ${t}`);
    }
  };
  expect(next()).toBe('ROOT');
  readJoint(-1);
  expect(next()).toBe('MOTION');
  expect([next(), next()]).toEqual(['Frames:', '1']);
  expect([next(), next()]).toEqual(['Frame', 'Time:']);
  const frameTime = Number(next());
  const values = tokens.slice(i).map(Number);
  return { joints, frameTime, values };
}

const RAD = Math.PI / 180;
const axisMatrix = (axis: string, deg: number) => {
  const c = Math.cos(deg * RAD), s = Math.sin(deg * RAD);
  if (axis === 'X') return [1, 0, 0, 0, c, -s, 0, s, c];
  if (axis === 'Y') return [c, 0, s, 0, 1, 0, -s, 0, c];
  return [c, -s, 0, s, c, 0, 0, 0, 1];
};
const mul = (a: number[], b: number[]) =>
  Array.from({ length: 9 }, (_, k) => {
    const r = Math.floor(k / 3), c = k % 3;
    return a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
  });
const apply = (m: number[], v: number[]) => [0, 1, 2].map((r) => m[r * 3] * v[0] + m[r * 3 + 1] * v[1] + m[r * 3 + 2] * v[2]);

/** BVH forward kinematics of the first frame: rotations composed in channel order, positions in metres by name. */
function bvhJointPositions(text: string): Map<string, number[]> {
  const { joints, values } = readBvh(text);
  const world: { R: number[]; p: number[] }[] = [];
  let v = 0;
  const out = new Map<string, number[]>();
  for (const j of joints) {
    let R = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    const t = [0, 0, 0];
    for (const ch of j.channels) {
      const x = values[v++];
      if (ch.endsWith('position')) t['XYZ'.indexOf(ch[0])] = x;
      else R = mul(R, axisMatrix(ch[0], x));
    }
    let p: number[];
    let Rw: number[];
    if (j.parent < 0) {
      p = j.offset.map((o, k) => o + t[k]);
      Rw = R;
    } else {
      const parent = world[j.parent];
      const d = apply(parent.R, j.offset);
      p = parent.p.map((q, k) => q + d[k]);
      Rw = mul(parent.R, R);
    }
    world.push({ R: Rw, p });
    out.set(j.name, p.map((c) => c / 100));
  }
  expect(v).toBe(values.length);
  return out;
}

function expectSameJoints(pose: Float32Array) {
  const bvh = bvhJointPositions(poseToBvh(pose));
  const fk = forwardKinematics(pose, 1).positions;
  expect(bvh.size).toBe(NUM_JOINTS);
  let worst = 0;
  for (const [name, p] of bvh) {
    const j = jointIndex(name);
    expect(j).toBeGreaterThanOrEqual(0);
    for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(p[k] - fk[j * 3 + k]));
  }
  expect(worst).toBeLessThan(1e-4);
}

describe('poseToBvh', () => {
  it('writes the SMPL hierarchy with 6 root channels, 3 per joint, offsets in cm and one frame', () => {
    const { joints, frameTime, values } = readBvh(poseToBvh(zeroPose(), { frameTime: 0.04 }));
    expect(joints.map((j) => j.name)).toEqual(BVH_JOINT_ORDER.map((j) => JOINT_NAMES[j]));
    expect(new Set(joints.map((j) => j.name)).size).toBe(NUM_JOINTS);
    // Depth first: every joint's parent is listed before it, and is its SMPL parent.
    for (const j of joints) expect(j.parent < 0 ? -1 : jointIndex(joints[j.parent].name)).toBe(PARENTS[jointIndex(j.name)]);
    expect(joints[0].channels).toEqual(['Xposition', 'Yposition', 'Zposition', 'Zrotation', 'Xrotation', 'Yrotation']);
    expect(joints.slice(1).every((j) => j.channels.join(' ') === 'Zrotation Xrotation Yrotation')).toBe(true);
    expect(values.length).toBe(6 + 3 * 23);
    expect(frameTime).toBeCloseTo(0.04, 6);
    // Left knee to left ankle: about 40 cm straight down.
    const ankle = joints.find((j) => j.name === 'left_ankle')!;
    expect(ankle.offset[1]).toBeLessThan(-35);
    expect(ankle.offset[1]).toBeGreaterThan(-45);
    // Leaves close with an End Site pointing on along their bone.
    const leaves = joints.filter((j) => j.endSite);
    expect(leaves.map((j) => j.name).sort()).toEqual(['head', 'left_foot', 'left_hand', 'right_foot', 'right_hand']);
    const head = leaves.find((j) => j.name === 'head')!;
    expect(head.endSite![1]).toBeGreaterThan(5);
    const hand = leaves.find((j) => j.name === 'left_hand')!;
    expect(hand.endSite![0]).toBeGreaterThan(5);
    // The rest pose is all-zero rotations.
    expect(values.slice(3).every((x) => x === 0)).toBe(true);
  });

  it('reproduces forwardKinematics joint positions on random poses (BVH FK, R = Rz·Rx·Ry)', () => {
    const r = rng(7);
    const poses = randomPoses(r, 40, 72, Math.PI);
    for (let b = 0; b < 40; b++) {
      const pose = poses.slice(b * 72, b * 72 + 72);
      pose.fill(0, 66); // exports write identity hands; their rotation moves no joint anyway
      expectSameJoints(pose);
    }
    // 66-number poses too.
    expectSameJoints(Float32Array.from(randomPoses(r, 1, 66, 2)));
  });

  it('stays exact at the gimbal-lock edge (X rotation of ±90°, with and without other rotations)', () => {
    for (const sign of [1, -1]) {
      for (const eps of [0, 1e-7, 1e-4]) {
        for (const joint of [0, 16, 4]) {
          const pose = new Float32Array(72);
          // A ±90° turn about X composed with a turn about Z: Euler Z-X-Y hits cx ≈ 0.
          const m = eulerZXYToMatrix(0.7, sign * (Math.PI / 2 - eps), -0.4);
          const aa = matrixAxisAngle(m);
          pose.set(aa, joint * 3);
          pose.set([0.3, -0.2, 0.5], 18 * 3);
          expectSameJoints(pose);
        }
      }
    }
  });
});

function matrixAxisAngle(m: ArrayLike<number>): number[] {
  const angle = Math.acos(Math.min(1, Math.max(-1, (m[0] + m[4] + m[8] - 1) / 2)));
  const s = 2 * Math.sin(angle);
  return [(m[7] - m[5]) / s, (m[2] - m[6]) / s, (m[3] - m[1]) / s].map((v) => v * angle);
}

describe('matrixToEulerZXY', () => {
  it('inverts eulerZXYToMatrix, and at cx = 0 returns angles that rebuild the same matrix', () => {
    const r = rng(3);
    for (let n = 0; n < 200; n++) {
      const z = (r() * 2 - 1) * Math.PI, x = (r() * 2 - 1) * (Math.PI / 2), y = (r() * 2 - 1) * Math.PI;
      const m = eulerZXYToMatrix(z, x, y);
      const back = eulerZXYToMatrix(...matrixToEulerZXY(m));
      for (let k = 0; k < 9; k++) expect(back[k]).toBeCloseTo(m[k], 10);
    }
    for (const x of [Math.PI / 2, -Math.PI / 2]) {
      const m = eulerZXYToMatrix(0.9, x, 0.3);
      const e = matrixToEulerZXY(m);
      expect(e[2]).toBe(0);
      const back = eulerZXYToMatrix(...e);
      for (let k = 0; k < 9; k++) expect(back[k]).toBeCloseTo(m[k], 10);
    }
  });
});
