import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { similarityProcrustes, symmetricEigen4 } from './procrustes';

function rotationFromAxisAngle(ax: number, ay: number, az: number, angle: number): number[] {
  const n = Math.hypot(ax, ay, az);
  const [x, y, z] = [ax / n, ay / n, az / n];
  const c = Math.cos(angle), s = Math.sin(angle), C = 1 - c;
  return [c + x * x * C, x * y * C - z * s, x * z * C + y * s, y * x * C + z * s, c + y * y * C, y * z * C - x * s, z * x * C - y * s, z * y * C + x * s, c + z * z * C];
}

describe('similarityProcrustes', () => {
  it('recovers a known rotation, scale and translation exactly', () => {
    const rng = new Rng(7);
    const n = 12;
    const a = Array.from({ length: n * 3 }, () => rng.uniform(-1, 1));
    const R = rotationFromAxisAngle(0.3, -1, 0.5, 2.2);
    const s = 0.7;
    const t = [0.4, -2, 1.5];
    const b = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) for (let r = 0; r < 3; r++) b[i * 3 + r] = s * (R[r * 3] * a[i * 3] + R[r * 3 + 1] * a[i * 3 + 1] + R[r * 3 + 2] * a[i * 3 + 2]) + t[r];
    const fit = similarityProcrustes(a, b);
    expect(fit.scale).toBeCloseTo(s, 9);
    for (let k = 0; k < 9; k++) expect(fit.rotation[k]).toBeCloseTo(R[k], 9);
    for (let k = 0; k < 3; k++) expect(fit.translation[k]).toBeCloseTo(t[k], 9);
    expect(fit.meanError).toBeLessThan(1e-9);
  });

  it('never fits a mirror image with a reflection', () => {
    // A chiral point set and its reflection: a proper rotation cannot superimpose them.
    const a = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3];
    const b = [0, 0, 0, -1, 0, 0, 0, 2, 0, 0, 0, 3];
    const fit = similarityProcrustes(a, b);
    const R = fit.rotation;
    const det = R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
    expect(det).toBeCloseTo(1, 9);
    expect(fit.meanError).toBeGreaterThan(0.1);
  });

  it('rigid fit keeps scale 1; zero weights leave points out of the fit', () => {
    const a = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5, 5, 5];
    const b = [0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, -9, 3, 1];
    expect(similarityProcrustes(a, b, false, [1, 1, 1, 1, 0]).scale).toBe(1);
    const fit = similarityProcrustes(a, b, true, [1, 1, 1, 1, 0]);
    expect(fit.scale).toBeCloseTo(2, 9);
    expect(fit.errors[0]).toBeLessThan(1e-9);
    expect(fit.errors[4]).toBeGreaterThan(1);
  });

  it('symmetricEigen4 diagonalises a symmetric matrix', () => {
    const m = [4, 1, 0.5, 0, 1, 3, 0.2, 0.1, 0.5, 0.2, 2, 0.3, 0, 0.1, 0.3, 1];
    const { values, vectors } = symmetricEigen4(m);
    for (let c = 0; c < 4; c++) {
      for (let r = 0; r < 4; r++) {
        let mv = 0;
        for (let k = 0; k < 4; k++) mv += m[r * 4 + k] * vectors[k * 4 + c];
        expect(mv).toBeCloseTo(values[c] * vectors[r * 4 + c], 9);
      }
    }
  });
});
