import { describe, expect, it } from 'vitest';
import { axisAngleToMatrix, jointPositions, mirrorPose, setJointAngles } from '../../../../shared/body';
import { similarityProcrustes } from '../../data/landmarks/procrustes';
import { libraryPose } from '../../data/library';
import { Rng } from '../../data/random';
import { bodyJoints, mpjpe, paMpjpe, poseErrorsMm, procrustesAlign } from './pose';
import { det3, svd3 } from './svd3';

function libPose(id: string): Float32Array {
  const p = libraryPose(id);
  if (!p) throw new Error(`no library pose ${id}`);
  return p.pose;
}

/** s·R·x + t for every point of x (n × 3), R row-major. */
function transform(x: ArrayLike<number>, R: ArrayLike<number>, s: number, t: readonly number[]): Float64Array {
  const out = new Float64Array(x.length);
  for (let j = 0; j < x.length / 3; j++)
    for (let r = 0; r < 3; r++) out[j * 3 + r] = s * (R[r * 3] * x[j * 3] + R[r * 3 + 1] * x[j * 3 + 1] + R[r * 3 + 2] * x[j * 3 + 2]) + t[r];
  return out;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('mpjpe (hand-worked 3-joint fixture)', () => {
  // gt: (0,0,0), (1,0,0), (0,2,0). pred = gt + per-joint error + a root offset (1,1,1):
  // root-aligned errors are 0, (0.3, 0, 0.4) → 0.5, (0, 0.5, 1.2) → 1.3; mean (0 + 0.5 + 1.3)/3 = 0.6.
  const gt = [0, 0, 0, 1, 0, 0, 0, 2, 0];
  const pred = [1, 1, 1, 2.3, 1, 1.4, 1, 3.5, 2.2];

  it('root-aligned (default) is 0.6', () => {
    expect(mpjpe(pred, gt)).toBeCloseTo(0.6, 12);
    expect(mpjpe(pred, gt, { rootAlign: true })).toBeCloseTo(0.6, 12);
  });

  it('without root alignment: (√3 + √4.65 + √8.09)/3', () => {
    // (1,1,1) → √3; (1.3,1,1.4) → √(1.69+1+1.96); (1,1.5,2.2) → √(1+2.25+4.84)
    expect(mpjpe(pred, gt, { rootAlign: false })).toBeCloseTo((Math.sqrt(3) + Math.sqrt(4.65) + Math.sqrt(8.09)) / 3, 12);
  });

  it('is symmetric and 0 on identical sets; rejects mismatched or ragged input', () => {
    expect(mpjpe(gt, pred)).toBeCloseTo(0.6, 12);
    expect(mpjpe(gt, gt)).toBe(0);
    expect(() => mpjpe([0, 0, 0], [0, 0, 0, 1, 1, 1])).toThrow(RangeError);
    expect(() => mpjpe([0, 0], [0, 0])).toThrow(RangeError);
  });
});

describe('procrustesAlign / paMpjpe', () => {
  const joints = bodyJoints(libPose('kneel-left-knee'), 1);
  const axis = [0.3, -0.8, 0.5];
  const len = Math.hypot(axis[0], axis[1], axis[2]);
  const R0 = axisAngleToMatrix(axis.map((a) => (a / len) * 2.1));
  const t0 = [0.4, -1.2, 2.5];

  it('PA-MPJPE of a pose against a rotated (arbitrary axis), scaled (1.7) and translated copy is 0 (±1e-6 mm)', () => {
    const copy = transform(joints, R0, 1.7, t0);
    expect(paMpjpe(joints, copy) * 1000).toBeLessThan(1e-6);
    expect(paMpjpe(copy, joints) * 1000).toBeLessThan(1e-6);
    // ...and the fit recovers the similarity itself.
    const fit = procrustesAlign(joints, copy);
    expect(fit.scale).toBeCloseTo(1.7, 10);
    expect(maxAbsDiff(fit.rotation, R0)).toBeLessThan(1e-10);
    expect(maxAbsDiff(fit.translation, t0)).toBeLessThan(1e-10);
    expect(det3(fit.rotation)).toBeCloseTo(1, 12);
    expect(maxAbsDiff(fit.aligned, copy)).toBeLessThan(1e-10);
    // MPJPE itself sees the difference.
    expect(mpjpe(joints, copy) * 1000).toBeGreaterThan(100);
  });

  it('PA-MPJPE against the mirrored pose (mirrorPose) is large: a left/right swap is not a similarity', () => {
    for (const id of ['kneel-left-knee', 'stand-contrapposto', 'boxing-guard']) {
      const pose = libPose(id);
      const mirrored = bodyJoints(mirrorPose(pose), 1);
      expect(paMpjpe(bodyJoints(pose, 1), mirrored) * 1000).toBeGreaterThan(10);
    }
  });

  it('a pure reflection is NOT undone: PA-MPJPE against a point-reflected copy is > 10 mm, though an improper fit would be exact', () => {
    const c = [0.1, 0.2, -0.3];
    const reflected = new Float64Array(joints.length);
    for (let i = 0; i < joints.length; i++) reflected[i] = 2 * c[i % 3] - joints[i];
    expect(paMpjpe(joints, reflected) * 1000).toBeGreaterThan(10);
    // The fix is what makes the difference: det(U Vᵀ) < 0 here, and R' = V Uᵀ (no Z) maps it exactly.
    const mean = (x: ArrayLike<number>, k: number) => {
      let s = 0;
      for (let j = 0; j < x.length / 3; j++) s += x[j * 3 + k];
      return s / (x.length / 3);
    };
    const m1 = [0, 1, 2].map((k) => mean(joints, k));
    const m2 = [0, 1, 2].map((k) => mean(reflected, k));
    const K = new Float64Array(9);
    for (let j = 0; j < joints.length / 3; j++)
      for (let r = 0; r < 3; r++) for (let q = 0; q < 3; q++) K[r * 3 + q] += (joints[j * 3 + r] - m1[r]) * (reflected[j * 3 + q] - m2[q]);
    const { u, v } = svd3(K);
    expect(det3(u) * det3(v)).toBeLessThan(0);
    const improper = new Float64Array(9);
    for (let r = 0; r < 3; r++) for (let q = 0; q < 3; q++) for (let k = 0; k < 3; k++) improper[r * 3 + q] += v[r * 3 + k] * u[q * 3 + k];
    const centred = Float64Array.from(joints, (x, i) => x - m1[i % 3]);
    const mapped = transform(centred, improper, 1, m2);
    expect(mpjpe(mapped, reflected, { rootAlign: false })).toBeLessThan(1e-9);
    // A reflection across a plane (x → −x) of the body is likewise not undone.
    const planeMirror = Float64Array.from(joints, (x, i) => (i % 3 === 0 ? -x : x));
    expect(paMpjpe(joints, planeMirror) * 1000).toBeGreaterThan(10);
  });

  it('equals Horn’s quaternion solution (data/landmarks/procrustes) on random, planar, collinear and near-degenerate sets', () => {
    const rng = new Rng(3);
    const cases: { name: string; a: Float64Array; b: Float64Array; tol: number }[] = [];
    for (let t = 0; t < 30; t++) {
      const n = 3 + rng.int(20);
      const a = new Float64Array(n * 3).map(() => rng.normal());
      const b = new Float64Array(n * 3).map(() => rng.normal());
      cases.push({ name: 'random', a, b, tol: 1e-9 });
      // a noisy similarity of a, and a noisy reflection of a (det K < 0)
      const R = axisAngleToMatrix([rng.normal(), rng.normal(), rng.normal()]);
      const noisy = transform(a, R, 0.5 + rng.next(), [rng.normal(), rng.normal(), rng.normal()]).map((x) => x + 0.05 * rng.normal());
      cases.push({ name: 'similarity', a, b: noisy, tol: 1e-9 });
      cases.push({ name: 'reflection', a, b: noisy.map((x, i) => (i % 3 === 1 ? -x : x)), tol: 1e-9 });
      // planar (z = 0) and collinear sets, exact and perturbed by 1e-7
      const dir = [rng.normal(), rng.normal(), rng.normal()];
      const line = new Float64Array(n * 3);
      const plane = new Float64Array(n * 3);
      for (let j = 0; j < n; j++) {
        const s = rng.normal();
        for (let k = 0; k < 3; k++) line[j * 3 + k] = s * dir[k] + 0.2;
        plane[j * 3] = rng.normal();
        plane[j * 3 + 1] = rng.normal();
      }
      cases.push({ name: 'planar vs random', a: plane, b, tol: 1e-9 });
      cases.push({ name: 'random vs planar', a, b: plane, tol: 1e-9 });
      cases.push({ name: 'planar vs its reflection', a: plane, b: plane.map((x, i) => (i % 3 === 0 ? -x : x)), tol: 1e-9 });
      cases.push({ name: 'collinear vs random', a: line, b, tol: 1e-9 });
      cases.push({ name: 'near-collinear', a: line.map((x) => x + 1e-7 * rng.normal()), b, tol: 1e-8 });
      cases.push({ name: 'near-planar', a: plane.map((x, i) => (i % 3 === 2 ? 1e-7 * rng.normal() : x)), b, tol: 1e-8 });
    }
    for (const { name, a, b, tol } of cases) {
      const svd = procrustesAlign(a, b);
      const horn = similarityProcrustes(a, b, true);
      const diff = maxAbsDiff(svd.aligned, horn.aligned);
      if (diff > tol) throw new Error(`${name}: aligned points differ by ${diff}`);
      expect(Math.abs(svd.scale - horn.scale)).toBeLessThan(tol);
      expect(Math.abs(paMpjpe(a, b) - horn.meanError)).toBeLessThan(tol);
      expect(det3(svd.rotation)).toBeCloseTo(1, 10);
    }
  });

  it('matches the reference formula evaluated independently with NumPy (numpy.linalg.svd, values recorded)', () => {
    // Computed once with /usr/bin/python3: X1, X2 centred 3 × n; K = X1 X2ᵀ; U,S,Vᵀ = svd(K);
    // Z = diag(1, 1, sign det(U Vᵀ)); R = V Z Uᵀ; s = tr(RK)/‖X1‖²; t = μ2 − s R μ1.
    const a = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0.3, 0.1, 1.5, -0.4, 0.8, 0.2];
    const b = [0.1, 0.2, 0, 1.2, -0.1, 0.3, 0.5, 1.9, -0.2, 0.1, 0.9, 1.1, -0.6, 0.3, 0.8];
    const R = [
      0.9940804745605671, 0.07016193541774626, -0.08295367933898132,
      -0.041838830257244254, 0.9518506157846699, 0.3036937890590649,
      0.1002672547751457, -0.2984253810398545, 0.9491516051564548,
    ];
    const fit = procrustesAlign(a, b);
    expect(maxAbsDiff(fit.rotation, R)).toBeLessThan(1e-12);
    expect(fit.scale).toBeCloseTo(0.8392339708266181, 12);
    expect(maxAbsDiff(fit.translation, [0.09935034461887221, 0.09634569733188847, 0.25928318064436506])).toBeLessThan(1e-12);
  });

  it('degenerate prediction (all points equal) maps every point to the gt centroid', () => {
    const fit = procrustesAlign([1, 1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 3, 0, 0, 0, 3, 0]);
    for (let j = 0; j < 3; j++) expect(Array.from(fit.aligned.subarray(j * 3, j * 3 + 3))).toEqual([1, 1, 0]);
    expect(fit.scale).toBe(1);
  });
});

describe('bodyJoints / poseErrorsMm on SMPL poses', () => {
  it('bodyJoints are the first 22 FK joints of each pose', () => {
    const poses = new Float32Array(2 * 66);
    poses.set(libPose('boxing-guard'), 66);
    const all = jointPositions(poses, 2);
    const body = bodyJoints(poses, 2);
    expect(body.length).toBe(2 * 22 * 3);
    expect(Array.from(body.subarray(66, 132))).toEqual(Array.from(all.subarray(72, 72 + 66)));
  });

  it('bending the left knee by 90° moves only the left ankle and foot: MPJPE = (|Δankle| + |Δfoot|)/22', () => {
    const a = new Float32Array(66);
    const b = new Float32Array(66);
    setJointAngles(b, 4, [90, 0, 0]);
    const ja = bodyJoints(a, 1);
    const jb = bodyJoints(b, 1);
    const d = (j: number) => Math.hypot(ja[j * 3] - jb[j * 3], ja[j * 3 + 1] - jb[j * 3 + 1], ja[j * 3 + 2] - jb[j * 3 + 2]);
    for (let j = 0; j < 22; j++) if (j !== 7 && j !== 10) expect(d(j)).toBe(0);
    const r = poseErrorsMm(b, a, 1);
    expect(r.mpjpe[0]).toBeCloseTo(((d(7) + d(10)) / 22) * 1000, 6);
    expect(r.mpjpe[0]).toBeGreaterThan(20);
    expect(r.paMpjpe[0]).toBeGreaterThan(0);
    // The fit minimises the SUM OF SQUARES, so PA never has a larger squared error than the root-aligned
    // pair (identity is a candidate); its MEAN distance, though, can exceed MPJPE when the error sits on
    // a few joints, as here (the fit spreads it over all 22).
    const sse = (x: ArrayLike<number>, y: ArrayLike<number>) => {
      let t = 0;
      for (let i = 0; i < x.length; i++) t += (x[i] - y[i]) ** 2;
      return t;
    };
    expect(sse(procrustesAlign(jb, ja).aligned, ja)).toBeLessThanOrEqual(sse(jb, ja));
    expect(r.paMpjpe[0]).toBeGreaterThan(r.mpjpe[0]);
  });

  it('batch values equal the per-pose functions ×1000; a changed global orientation has PA-MPJPE ≈ 0', () => {
    const p1 = libPose('kneel-left-knee');
    const p2 = libPose('stand-contrapposto');
    const turned = Float32Array.from(p1);
    turned[0] = 0.4;
    turned[1] = -1.1;
    turned[2] = 0.3;
    const pred = new Float32Array(3 * 66);
    const gt = new Float32Array(3 * 66);
    pred.set(p1, 0); gt.set(p1, 0);
    pred.set(p2, 66); gt.set(p1, 66);
    pred.set(turned, 132); gt.set(p1, 132);
    const r = poseErrorsMm(pred, gt, 3);
    expect(r.mpjpe[0]).toBe(0);
    expect(r.paMpjpe[0]).toBeLessThan(1e-6);
    const jp = bodyJoints(p2, 1);
    const jg = bodyJoints(p1, 1);
    expect(r.mpjpe[1]).toBeCloseTo(mpjpe(jp, jg) * 1000, 9);
    expect(r.paMpjpe[1]).toBeCloseTo(paMpjpe(jp, jg) * 1000, 9);
    expect(r.paMpjpe[1]).toBeGreaterThan(10);
    expect(r.mpjpe[2]).toBeGreaterThan(100);
    expect(r.paMpjpe[2]).toBeLessThan(1e-3); // float32 FK rounding only
    expect(r.mean.mpjpe).toBeCloseTo((r.mpjpe[0] + r.mpjpe[1] + r.mpjpe[2]) / 3, 9);
    expect(r.mean.paMpjpe).toBeCloseTo((r.paMpjpe[0] + r.paMpjpe[1] + r.paMpjpe[2]) / 3, 9);
    expect(() => poseErrorsMm(pred, gt.subarray(0, 132), 3)).toThrow(RangeError);
  });
});
