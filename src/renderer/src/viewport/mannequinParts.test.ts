import { describe, expect, it } from 'vitest';
import { Quaternion, Vector3 } from 'three';
import { forwardKinematics, REST_JOINTS, setJointAngles, zeroPose } from '@shared/body';
import {
  boundsOf,
  JOINT_BALL_RADIUS,
  jointQuaternion,
  mannequinParts,
  type CapsulePart,
} from './mannequinParts';

function partsFor(pose: Float32Array) {
  const fk = forwardKinematics(pose, 1);
  return { parts: mannequinParts(fk.positions, fk.rotations, REST_JOINTS), fk };
}

const at = (a: ArrayLike<number>, j: number) => new Vector3(a[j * 3], a[j * 3 + 1], a[j * 3 + 2]);

describe('mannequinParts', () => {
  it('builds limbs, torso, head, hands, feet and a ball for each body joint, each owned by a joint', () => {
    const { parts } = partsFor(zeroPose());
    const shapes = (s: string) => parts.filter((p) => p.shape === s).length;
    expect(shapes('capsule')).toBe(11);
    expect(shapes('box')).toBe(4);
    expect(shapes('joint')).toBe(Object.keys(JOINT_BALL_RADIUS).length);
    expect(parts.map((p) => p.key)).toEqual(
      expect.arrayContaining(['head', 'chest', 'pelvis', 'foot-7', 'hand-21']),
    );
    expect(new Set(parts.map((p) => p.key)).size).toBe(parts.length);
    for (const p of parts) expect(p.joint).toBeGreaterThanOrEqual(0);
  });

  it('lays each limb capsule along its bone, between the two joint balls', () => {
    const pose = zeroPose();
    setJointAngles(pose, 16, [40, 20, -30]);
    setJointAngles(pose, 18, [0, 60, 0]);
    const { parts, fk } = partsFor(pose);
    const upperArm = parts.find((p) => p.key === 'limb-16-18') as CapsulePart;
    const a = at(fk.positions, 16);
    const b = at(fk.positions, 18);
    const dir = b.clone().sub(a).normalize();
    const axis = new Vector3(0, 1, 0).applyQuaternion(new Quaternion(...upperArm.quaternion));
    expect(axis.dot(dir)).toBeCloseTo(1, 5);
    // The centre lies on the segment, and the capsule (with caps) is shorter than the bone.
    const c = new Vector3(...upperArm.position);
    const t = c.clone().sub(a).dot(dir);
    expect(c.clone().sub(a).addScaledVector(dir, -t).length()).toBeLessThan(1e-5);
    expect(upperArm.length + 2 * upperArm.radius).toBeLessThan(a.distanceTo(b));
    expect(upperArm.joint).toBe(16);
  });

  it('carries the head with the neck rotation', () => {
    const rest = partsFor(zeroPose()).parts.find((p) => p.key === 'nose')!;
    const pose = zeroPose();
    pose[12 * 3 + 1] = Math.PI / 2; // turn the neck 90° about the vertical
    const turned = partsFor(pose).parts.find((p) => p.key === 'nose')!;
    // The nose faced +Z; after a +90° yaw it faces +X.
    const neck = at(forwardKinematics(pose, 1).positions, 12);
    const restNeck = at(REST_JOINTS, 12);
    const before = new Vector3(...rest.position).sub(restNeck);
    const after = new Vector3(...turned.position).sub(neck);
    expect(before.z).toBeGreaterThan(0.05);
    expect(after.x).toBeGreaterThan(0.05);
    expect(Math.abs(after.z)).toBeLessThan(0.03);
  });

  it('reads row-major rotation blocks', () => {
    // 90° about Z: x → y.
    const rot = new Float32Array(9 * 2);
    rot.set([1, 0, 0, 0, 1, 0, 0, 0, 1], 0);
    rot.set([0, -1, 0, 1, 0, 0, 0, 0, 1], 9);
    const v = new Vector3(1, 0, 0).applyQuaternion(jointQuaternion(rot, 1));
    expect(v.y).toBeCloseTo(1, 6);
    expect(v.x).toBeCloseTo(0, 6);
  });
});

describe('boundsOf', () => {
  it('finds the extent of points with an offset', () => {
    expect(boundsOf([0, 0, 0, 1, 2, -3], [1, 0, 0])).toEqual({ min: [1, 0, -3], max: [2, 2, 0] });
  });
});
