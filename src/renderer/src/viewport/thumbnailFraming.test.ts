import { describe, expect, it } from 'vitest';
import { REST_JOINTS, forwardKinematics, jointIndex, setJointAngles } from '@shared/body';
import { groundLift, toFullPose } from './layout';
import { mannequinParts, type Vec3 } from './mannequinParts';
import { frameSpheres, partSpheres, type Sphere } from './thumbnailFraming';

const DIRECTION: Vec3 = [0.42, 0.22, 1];

/** Where each sphere's silhouette reaches in normalised device coordinates (±1 is the frame's edge). */
function ndcExtent(spheres: Sphere[], f: { target: Vec3; position: Vec3 }, fovDeg: number, aspect: number) {
  const fwd = [0, 1, 2].map((k) => f.target[k] - f.position[k]) as Vec3;
  const l = Math.hypot(...fwd);
  const d = fwd.map((x) => x / l) as Vec3;
  const right = [d[1] * 0 - d[2] * 1, d[2] * 0 - d[0] * 0, d[0] * 1 - d[1] * 0] as Vec3; // d × up
  const rl = Math.hypot(...right);
  const r = right.map((x) => x / rl) as Vec3;
  const u = [r[1] * d[2] - r[2] * d[1], r[2] * d[0] - r[0] * d[2], r[0] * d[1] - r[1] * d[0]] as Vec3;
  const tanV = Math.tan((fovDeg * Math.PI) / 360);
  let x = 0,
    y = 0;
  for (const s of spheres) {
    const p = [0, 1, 2].map((k) => s.center[k] - f.position[k]) as Vec3;
    const depth = p[0] * d[0] + p[1] * d[1] + p[2] * d[2];
    expect(depth).toBeGreaterThan(s.radius);
    const px = p[0] * r[0] + p[1] * r[1] + p[2] * r[2];
    const py = p[0] * u[0] + p[1] * u[1] + p[2] * u[2];
    x = Math.max(x, (Math.abs(px) + s.radius) / (depth * tanV * aspect));
    y = Math.max(y, (Math.abs(py) + s.radius) / (depth * tanV));
  }
  return { x, y };
}

function bodySpheres(pose: Float32Array): Sphere[] {
  const fk = forwardKinematics(pose, 1);
  return partSpheres(mannequinParts(fk.positions, fk.rotations, REST_JOINTS), [
    0,
    groundLift(fk.positions),
    0,
  ]);
}

describe('frameSpheres', () => {
  it('keeps a standing figure inside the frame and fills it to the margin', () => {
    const spheres = bodySpheres(toFullPose(new Float32Array(66)));
    const f = frameSpheres(spheres, 30, 180 / 216, DIRECTION, 1.08);
    const e = ndcExtent(spheres, f, 30, 180 / 216);
    expect(Math.max(e.x, e.y)).toBeLessThanOrEqual(1);
    expect(Math.max(e.x, e.y)).toBeGreaterThan(0.85);
  });

  it('frames a body lying on the ground tighter than its 3D box would, and still whole', () => {
    const lying = toFullPose(new Float32Array(66));
    setJointAngles(lying, jointIndex('pelvis'), [-90, 0, 0]);
    const spheres = bodySpheres(lying);
    const f = frameSpheres(spheres, 30, 180 / 216, DIRECTION, 1.0);
    const e = ndcExtent(spheres, f, 30, 180 / 216);
    expect(Math.max(e.x, e.y)).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.max(e.x, e.y)).toBeGreaterThan(0.9);
  });
});

describe('partSpheres', () => {
  it('covers each limb capsule with a sphere at each end of its straight section', () => {
    const parts = [
      {
        shape: 'capsule' as const,
        key: 'c',
        joint: 1,
        radius: 0.05,
        length: 0.4,
        position: [0, 1, 0] as Vec3,
        quaternion: [0, 0, 0, 1] as [number, number, number, number],
      },
    ];
    const s = partSpheres(parts, [1, 0, 0]);
    expect(s).toHaveLength(2);
    expect(s[0].center[0]).toBeCloseTo(1);
    expect(s[0].center[1]).toBeCloseTo(0.8);
    expect(s[1].center[1]).toBeCloseTo(1.2);
    expect(s[0].radius).toBe(0.05);
  });
});
