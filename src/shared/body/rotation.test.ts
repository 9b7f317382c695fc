import { describe, expect, it } from 'vitest';
import {
  axisAngleArrayTo6d,
  axisAngleArrayToMatrix,
  axisAngleToMatrix,
  axisAngleToQuat,
  axisAngleTo6d,
  matMul3,
  matrixArrayToAxisAngle,
  matrixTo6d,
  matrixToAxisAngle,
  matrixToQuat,
  quatMultiply,
  quatToAxisAngle,
  quatToMatrix,
  rotationAngleBetween,
  sixDArrayToAxisAngle,
  sixDToAxisAngle,
  sixDToMatrix,
} from './rotation';
import { randomAxis, rng } from './testRandom';

type V3 = [number, number, number];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function expectRotation(m: ArrayLike<number>, tol = 1e-12): void {
  // RᵀR = I and det R = +1
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let d = 0;
      for (let k = 0; k < 3; k++) d += m[k * 3 + i] * m[k * 3 + j];
      expect(Math.abs(d - (i === j ? 1 : 0))).toBeLessThan(tol);
    }
  const det =
    m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  expect(Math.abs(det - 1)).toBeLessThan(tol);
}

/** Axis-angles across the whole range, with many right next to 0 and to π. */
function testRotations(): V3[] {
  const r = rng(1234);
  const out: V3[] = [[0, 0, 0]];
  const angle = (t: number, a: V3): V3 => [a[0] * t, a[1] * t, a[2] * t];
  for (let i = 0; i < 200; i++) out.push(angle(Math.PI * r(), randomAxis(r)));
  for (let i = 0; i < 50; i++) out.push(angle(10 ** (-12 + 8 * r()), randomAxis(r))); // 1e-12 .. 1e-4
  for (let i = 0; i < 50; i++) out.push(angle(Math.PI - 10 ** (-9 + 7 * r()), randomAxis(r))); // π − (1e-9 .. 1e-2)
  return out;
}

describe('rotation conversions', () => {
  it('axis-angle → matrix matches hand-derived matrices', () => {
    // 90° about Z takes X to Y: rows [0 −1 0; 1 0 0; 0 0 1]
    expect(maxAbsDiff(axisAngleToMatrix([0, 0, Math.PI / 2]), [0, -1, 0, 1, 0, 0, 0, 0, 1])).toBeLessThan(1e-15);
    // 90° about X takes Y to Z
    expect(maxAbsDiff(axisAngleToMatrix([Math.PI / 2, 0, 0]), [1, 0, 0, 0, 0, -1, 0, 1, 0])).toBeLessThan(1e-15);
    // 180° about Y
    expect(maxAbsDiff(axisAngleToMatrix([0, Math.PI, 0]), [-1, 0, 0, 0, 1, 0, 0, 0, -1])).toBeLessThan(1e-15);
    expect(Array.from(axisAngleToMatrix([0, 0, 0]))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('all representations agree on the same rotation and give proper rotations', () => {
    for (const aa of testRotations()) {
      const m = axisAngleToMatrix(aa);
      expectRotation(m);
      expect(maxAbsDiff(quatToMatrix(axisAngleToQuat(aa)), m)).toBeLessThan(1e-14);
      expect(maxAbsDiff(sixDToMatrix(axisAngleTo6d(aa)), m)).toBeLessThan(1e-14);
    }
  });

  it('axis-angle ↔ quaternion ↔ matrix ↔ 6D round-trip for angles in [0, π), including near 0 and near π', () => {
    for (const aa of testRotations()) {
      const q = axisAngleToQuat(aa);
      expect(q[0]).toBeGreaterThanOrEqual(0);
      expect(maxAbsDiff(quatToAxisAngle(q), aa)).toBeLessThan(1e-12);
      const m = axisAngleToMatrix(aa);
      expect(maxAbsDiff(matrixToAxisAngle(m), aa)).toBeLessThan(1e-9);
      const qm = matrixToQuat(m);
      expect(maxAbsDiff(qm, q)).toBeLessThan(1e-9);
      const d = matrixTo6d(m);
      expect(maxAbsDiff(sixDToMatrix(d), m)).toBeLessThan(1e-14);
      expect(maxAbsDiff(sixDToAxisAngle(d), aa)).toBeLessThan(1e-9);
      expect(maxAbsDiff(quatToMatrix(matrixToQuat(m)), m)).toBeLessThan(1e-14);
    }
  });

  it('tiny rotations keep full relative precision', () => {
    const aa: V3 = [3e-10, -2e-10, 1e-10];
    const back = matrixToAxisAngle(axisAngleToMatrix(aa));
    for (let i = 0; i < 3; i++) expect(Math.abs(back[i] - aa[i])).toBeLessThan(1e-20);
    const q = quatToAxisAngle(axisAngleToQuat(aa));
    for (let i = 0; i < 3; i++) expect(Math.abs(q[i] - aa[i])).toBeLessThan(1e-22);
  });

  it('rotations of exactly π come back as the same rotation (axis sign is arbitrary there)', () => {
    const r = rng(7);
    for (let i = 0; i < 50; i++) {
      const a = randomAxis(r);
      const aa = a.map((v) => v * Math.PI);
      const m = axisAngleToMatrix(aa);
      const back = matrixToAxisAngle(m);
      expect(Math.abs(Math.hypot(back[0], back[1], back[2]) - Math.PI)).toBeLessThan(1e-9);
      expect(maxAbsDiff(axisAngleToMatrix(back), m)).toBeLessThan(1e-12);
      expect(rotationAngleBetween(axisAngleToMatrix(back), m)).toBeLessThan(1e-9);
    }
  });

  it('axis-angles beyond π map to the equivalent angle in [0, π]', () => {
    const aa: V3 = [0, 0, 1.5 * Math.PI]; // = −0.5π about Z
    const back = matrixToAxisAngle(axisAngleToMatrix(aa));
    expect(maxAbsDiff(back, [0, 0, -0.5 * Math.PI])).toBeLessThan(1e-12);
    expect(maxAbsDiff(quatToAxisAngle(axisAngleToQuat(aa)), [0, 0, -0.5 * Math.PI])).toBeLessThan(1e-12);
  });

  it('6D uses the first two columns and Gram–Schmidt repairs any input without NaN', () => {
    const m = axisAngleToMatrix([0.3, -1.1, 0.7]);
    expect(Array.from(matrixTo6d(m))).toEqual([m[0], m[3], m[6], m[1], m[4], m[7]]);
    // scaled and skewed columns still give the rotation whose first column is along a1
    const skew = sixDToMatrix([2, 0, 0, 1, 3, 0]);
    expect(maxAbsDiff(skew, [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeLessThan(1e-15);
    for (const bad of [
      [0, 0, 0, 0, 0, 0],
      [1, 2, 3, 2, 4, 6],
      [0, 0, 0, 0, 1, 0],
      [0, 0, 1e-20, 5, 5, 5],
    ]) {
      const out = sixDToMatrix(bad);
      expect(Array.from(out).every(Number.isFinite)).toBe(true);
      expectRotation(out);
    }
  });

  it('matrix product and quaternion product compose in the same order', () => {
    const a = [0.4, 0.1, -0.9];
    const b = [-1.2, 0.5, 0.3];
    const mab = matMul3(axisAngleToMatrix(a), axisAngleToMatrix(b));
    const qab = quatMultiply(axisAngleToQuat(a), axisAngleToQuat(b));
    expect(maxAbsDiff(quatToMatrix(qab), mab)).toBeLessThan(1e-14);
    // rotationAngleBetween(A, A·R(b)) is |b|
    expect(Math.abs(rotationAngleBetween(axisAngleToMatrix(a), mab) - Math.hypot(...b))).toBeLessThan(1e-12);
  });

  it('offsets and packed-array converters match the single conversions', () => {
    const r = rng(99);
    const n = 17;
    const aa = new Float32Array(n * 3);
    for (let i = 0; i < aa.length; i++) aa[i] = (r() * 2 - 1) * 2;
    const mats = axisAngleArrayToMatrix(aa, n);
    const six = axisAngleArrayTo6d(aa, n);
    expect(mats).toBeInstanceOf(Float32Array);
    for (let i = 0; i < n; i++) {
      const one = axisAngleToMatrix(aa, new Float64Array(9), i * 3, 0);
      expect(maxAbsDiff(mats.subarray(i * 9, i * 9 + 9), one)).toBeLessThan(1e-7);
      const sixOne = axisAngleTo6d([aa[i * 3], aa[i * 3 + 1], aa[i * 3 + 2]]);
      expect(maxAbsDiff(six.subarray(i * 6, i * 6 + 6), sixOne)).toBeLessThan(1e-7);
    }
    expect(maxAbsDiff(matrixArrayToAxisAngle(mats, n), aa)).toBeLessThan(1e-5);
    expect(maxAbsDiff(sixDArrayToAxisAngle(six, n), aa)).toBeLessThan(1e-5);
    expect(() => axisAngleArrayToMatrix(aa, n + 1)).toThrow(RangeError);
  });
});
