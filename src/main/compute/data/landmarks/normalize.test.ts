import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { LM, NUM_LANDMARKS } from './names';
import { normalizeImageLandmarks } from './normalize';
import { synthesizeLandmarks } from './synthesize';
import { randomStandingPose, standingPose } from './testPoses';

describe('normalizeImageLandmarks', () => {
  const r = synthesizeLandmarks(standingPose(), new Rng(1), { yawDeg: [-10, 10] });
  const { width, height } = r.camera;

  it('puts the hip midpoint at the origin and scales a standing person to about ±1', () => {
    const n = normalizeImageLandmarks(r.image, width, height);
    expect(n[LM.leftHip * 3] + n[LM.rightHip * 3]).toBeCloseTo(0, 5);
    expect(n[LM.leftHip * 3 + 1] + n[LM.rightHip * 3 + 1]).toBeCloseTo(0, 5);
    let reach = 0;
    for (let i = 0; i < NUM_LANDMARKS; i++) reach = Math.max(reach, Math.hypot(n[i * 3], n[i * 3 + 1]));
    expect(reach).toBeLessThanOrEqual(1 + 1e-6);
    expect(reach).toBeGreaterThan(0.6);
    expect(n[LM.nose * 3 + 1]).toBeLessThan(-0.3); // image y stays down
  });

  it('is invariant to where the person is in the image and how large', () => {
    const base = normalizeImageLandmarks(r.image, width, height);
    const moved = r.image.map((v, i) => (i % 3 === 2 ? v * 2.5 : i % 3 === 0 ? v * 2.5 + 130 : v * 2.5 - 70));
    const n = normalizeImageLandmarks(moved, width * 2.5, height * 2.5);
    for (let i = 0; i < NUM_LANDMARKS * 3; i++) expect(n[i]).toBeCloseTo(base[i], 4);
  });

  it('takes BlazePose’s normalised output (x / width, y / height, z / width) to the same result', () => {
    const norm = r.image.map((v, i) => (i % 3 === 1 ? v / height : v / width));
    const a = normalizeImageLandmarks(norm, width, height, { normalizedInput: true });
    const b = normalizeImageLandmarks(r.image, width, height);
    for (let i = 0; i < NUM_LANDMARKS * 3; i++) expect(a[i]).toBeCloseTo(b[i], 4);
  });

  it('leaves masked points at zero and out of the centre and scale', () => {
    const rng = new Rng(6);
    const s = synthesizeLandmarks(randomStandingPose(rng), rng);
    const mask = new Array(NUM_LANDMARKS).fill(1);
    mask[LM.leftWrist] = 0;
    const wild = Float32Array.from(s.image);
    wild[LM.leftWrist * 3] = 1e6; // garbage in a masked slot must not matter
    const a = normalizeImageLandmarks(wild, s.camera.width, s.camera.height, { mask });
    expect(a[LM.leftWrist * 3]).toBe(0);
    const reach = Math.max(...Array.from({ length: NUM_LANDMARKS }, (_, i) => Math.hypot(a[i * 3], a[i * 3 + 1])));
    expect(reach).toBeLessThanOrEqual(1 + 1e-6);
    // Without hips it falls back to the centroid and still returns finite numbers.
    mask[LM.leftHip] = 0;
    const b = normalizeImageLandmarks(s.image, s.camera.width, s.camera.height, { mask });
    expect(b.every(Number.isFinite)).toBe(true);
    expect(normalizeImageLandmarks(s.image, 1, 1, { mask: new Array(NUM_LANDMARKS).fill(0) }).every((v) => v === 0)).toBe(true);
  });

  it('rejects wrong sizes', () => {
    expect(() => normalizeImageLandmarks(new Float32Array(10), 100, 100)).toThrow(RangeError);
    expect(() => normalizeImageLandmarks(new Float32Array(99), 0, 100)).toThrow(RangeError);
  });
});
