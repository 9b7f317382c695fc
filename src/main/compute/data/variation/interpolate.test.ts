import { describe, expect, it } from 'vitest';
import { axisAngleToQuat } from '../../../../shared/body';
import { Rng } from '../random';
import { interpolatePoses, slerpQuat } from './interpolate';
import { jointRotationDeg } from './noise';

function randomPose(rng: Rng, scale = 1): Float32Array {
  const p = new Float32Array(66);
  for (let i = 0; i < 66; i++) p[i] = rng.normal() * scale;
  return p;
}

describe('interpolatePoses', () => {
  it('gives the inputs at t = 0 and t = 1', () => {
    const r = new Rng(1);
    const a = randomPose(r), b = randomPose(r);
    expect(Array.from(interpolatePoses(a, b, 0))).toEqual(Array.from(a));
    expect(Array.from(interpolatePoses(a, b, 1))).toEqual(Array.from(b));
  });

  it('puts the midpoint of two rotations halfway along the shortest arc, for every joint', () => {
    const r = new Rng(2);
    const a = randomPose(r, 0.8), b = randomPose(r, 0.8);
    const m = interpolatePoses(a, b, 0.5);
    for (let j = 0; j < 22; j++) {
      const total = jointRotationDeg(a, b, j);
      expect(total).toBeLessThanOrEqual(180 + 1e-6);
      expect(jointRotationDeg(a, m, j)).toBeCloseTo(total / 2, 2);
      expect(jointRotationDeg(m, b, j)).toBeCloseTo(total / 2, 2);
    }
    const q = interpolatePoses(a, b, 0.25);
    expect(jointRotationDeg(a, q, 5)).toBeCloseTo(jointRotationDeg(a, b, 5) / 4, 2);
  });

  it('takes the short way between rotations near ±π about the same axis', () => {
    const a = new Float32Array(66), b = new Float32Array(66);
    a[4] = Math.PI - 0.1; // joint 1: π − 0.1 rad about y
    b[4] = -(Math.PI - 0.1); // −(π − 0.1) about y: 0.2 rad away, not 2π − 0.2
    const m = interpolatePoses(a, b, 0.5);
    expect(Math.abs(Math.abs(m[4]) - Math.PI)).toBeLessThan(1e-5); // halfway is 180°
    expect(jointRotationDeg(a, m, 1)).toBeCloseTo((0.1 * 180) / Math.PI, 3);
  });

  it('interpolates a single rotation about one axis linearly in angle', () => {
    const a = new Float32Array(66), b = new Float32Array(66);
    b[3 * 4] = 1.2; // left knee, 1.2 rad about x
    const m = interpolatePoses(a, b, 0.3);
    expect(m[12]).toBeCloseTo(0.36, 5);
  });

  it('blends per joint with weights', () => {
    const r = new Rng(3);
    const a = randomPose(r), b = randomPose(r);
    const w = new Float32Array(22);
    w[4] = 1;
    const m = interpolatePoses(a, b, 1, w);
    expect(Array.from(m.slice(12, 15))).toEqual(Array.from(b.slice(12, 15)));
    expect(Array.from(m.slice(0, 12))).toEqual(Array.from(a.slice(0, 12)));
  });

  it('rejects mismatched poses', () => {
    expect(() => interpolatePoses(new Float32Array(66), new Float32Array(72), 0.5)).toThrow(RangeError);
  });
});

describe('slerpQuat', () => {
  it('returns unit quaternions and handles nearly equal inputs', () => {
    const qa = axisAngleToQuat([0.1, 0.2, 0.3]);
    const qb = axisAngleToQuat([0.1, 0.2, 0.30001]);
    const o = new Float64Array(4);
    slerpQuat(qa, qb, 0.5, o);
    expect(Math.hypot(...o)).toBeCloseTo(1, 12);
    expect(o[3]).toBeGreaterThan(Math.min(qa[3], qb[3]) - 1e-9);
  });
});
