import { describe, expect, it } from 'vitest';
import { forwardKinematics, REST_JOINTS, setJointAngles, zeroPose } from '@shared/body';
import { frameBox, gridSpacing, GROUND_CLEARANCE, groundLift, layoutOffsets, toFullPose } from './layout';

describe('toFullPose', () => {
  it('widens 66 to 72 with identity hands and rejects other lengths', () => {
    const p = toFullPose(Array.from({ length: 66 }, (_, i) => i / 100));
    expect(p.length).toBe(72);
    expect(p[65]).toBeCloseTo(0.65);
    expect(Array.from(p.slice(66))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => toFullPose([1, 2, 3])).toThrow(/66 or 72/);
  });
});

describe('groundLift', () => {
  it('stands the rest pose on its feet', () => {
    const lift = groundLift(REST_JOINTS);
    let minY = Infinity;
    for (let j = 0; j < 24; j++) minY = Math.min(minY, REST_JOINTS[j * 3 + 1]);
    expect(minY + lift).toBeCloseTo(GROUND_CLEARANCE, 6);
  });

  it('keeps a figure grounded when a knee bends and lifts a foot', () => {
    const pose = zeroPose();
    setJointAngles(pose, 4, [90, 0, 0]); // left knee
    const { positions } = forwardKinematics(pose, 1);
    const lift = groundLift(positions);
    // The right foot is still the lowest point and stays on the ground.
    expect(positions[8 * 3 + 1] + lift).toBeGreaterThanOrEqual(GROUND_CLEARANCE - 1e-6);
    expect(positions[7 * 3 + 1] + lift).toBeGreaterThan(positions[8 * 3 + 1] + lift + 0.1);
  });
});

describe('layoutOffsets', () => {
  it('puts every figure at the origin when overlaid', () => {
    expect(layoutOffsets(3, 'overlay')).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('spreads a grid evenly around the origin without overlaps', () => {
    const o = layoutOffsets(4, 'grid', 1);
    expect(o).toHaveLength(4);
    const sum = o.reduce((a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]], [0, 0, 0]);
    expect(sum[0]).toBeCloseTo(0);
    expect(sum[2]).toBeCloseTo(0);
    const keys = new Set(o.map((p) => p.join(',')));
    expect(keys.size).toBe(4);
    expect(layoutOffsets(1, 'grid')).toEqual([[0, 0, 0]]);
    // Up to four stand in one row; more wrap into rows.
    expect(new Set(layoutOffsets(4, 'grid').map((p) => p[2])).size).toBe(1);
    expect(new Set(layoutOffsets(6, 'grid').map((p) => p[2])).size).toBe(2);
  });

  it('puts any number of figures in one centred row for a wide strip', () => {
    const o = layoutOffsets(8, 'row', 1.5);
    expect(new Set(o.map((p) => p[2]))).toEqual(new Set([0]));
    expect(o.map((p) => p[0])).toEqual([-5.25, -3.75, -2.25, -0.75, 0.75, 2.25, 3.75, 5.25]);
  });

  it('spaces a grid by the widest figure so arms do not overlap', () => {
    expect(gridSpacing([0.5, 1.7, 0.6])).toBeCloseTo(2.0);
    expect(gridSpacing([0.2])).toBeCloseTo(1.2);
    const o = layoutOffsets(2, 'grid', gridSpacing([1.7, 1.7]));
    expect(o[1][0] - o[0][0]).toBeCloseTo(2.0);
  });
});

describe('frameBox', () => {
  const box = {
    min: [-0.9, 0, -0.3] as [number, number, number],
    max: [0.9, 1.8, 0.3] as [number, number, number],
  };

  it('aims at the centre of the box', () => {
    const f = frameBox(box, 32, 1.5);
    expect(f.target).toEqual([0, 0.9, 0]);
  });

  it('backs off further for a narrow viewport and for a larger box', () => {
    const dist = (f: { target: number[]; position: number[] }) =>
      Math.hypot(...f.position.map((p, k) => p - f.target[k]));
    const wide = dist(frameBox(box, 32, 2));
    const narrow = dist(frameBox(box, 32, 0.5));
    expect(narrow).toBeGreaterThan(wide);
    const big = dist(frameBox({ min: [-2, 0, -2], max: [2, 3.6, 2] }, 32, 2));
    expect(big).toBeGreaterThan(wide);
  });

  it('keeps every corner of the box inside the view frustum', () => {
    const fov = 32;
    const aspect = 0.8;
    const f = frameBox(box, fov, aspect);
    const fwd = f.target.map((t, k) => t - f.position[k]);
    const n = Math.hypot(...fwd);
    const z = fwd.map((v) => v / n);
    // right = z × up, up' = right × z
    const right = [z[1] * 0 - z[2] * 1, z[2] * 0 - z[0] * 0, z[0] * 1 - z[1] * 0];
    const rn = Math.hypot(...right);
    const x = right.map((v) => v / rn);
    const y = [x[1] * z[2] - x[2] * z[1], x[2] * z[0] - x[0] * z[2], x[0] * z[1] - x[1] * z[0]];
    const tv = Math.tan((fov * Math.PI) / 360);
    for (const cx of [box.min[0], box.max[0]])
      for (const cy of [box.min[1], box.max[1]])
        for (const cz of [box.min[2], box.max[2]]) {
          const d = [cx - f.position[0], cy - f.position[1], cz - f.position[2]];
          const depth = d[0] * z[0] + d[1] * z[1] + d[2] * z[2];
          const sx = (d[0] * x[0] + d[1] * x[1] + d[2] * x[2]) / depth;
          const sy = (d[0] * y[0] + d[1] * y[1] + d[2] * y[2]) / depth;
          expect(depth).toBeGreaterThan(0);
          expect(Math.abs(sy)).toBeLessThan(tv);
          expect(Math.abs(sx)).toBeLessThan(tv * aspect);
        }
  });
});
