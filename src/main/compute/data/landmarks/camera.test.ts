import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { lookAtCamera, projectCameraPoints, sampleCamera, toCameraFrame } from './camera';
import { landmarksFromPose } from './fromPose';
import { standingPose } from './testPoses';

function pixel(cam: ReturnType<typeof lookAtCamera>, p: [number, number, number], refDepth = 1): Float32Array {
  return projectCameraPoints(cam, toCameraFrame(cam, p), refDepth);
}

describe('lookAtCamera + projection', () => {
  it('reproduces hand-computed pixels for a frontal camera', () => {
    // Camera 3 m in front (+Z) of the origin, 60° vertical FOV on a 1000 × 500 image:
    // f = 250 / tan 30° = 433.0127; body (0.5, 0.2, 0) is camera (0.5, −0.2, 3) →
    // (500 + 433.0127·0.5/3, 250 − 433.0127·0.2/3) = (572.1688, 221.1325).
    const cam = lookAtCamera({ width: 1000, height: 500, fovYDeg: 60, target: [0, 0, 0], distance: 3, yawDeg: 0, pitchDeg: 0 });
    expect(cam.fx).toBeCloseTo(433.0127, 3);
    expect(cam.position).toEqual([0, 0, 3]);
    const uv = pixel(cam, [0.5, 0.2, 0], 3);
    expect(uv[0]).toBeCloseTo(572.1688, 3);
    expect(uv[1]).toBeCloseTo(221.1325, 3);
    expect(uv[2]).toBeCloseTo(0, 5);
    // 0.3 m nearer the camera: z = f·(2.7 − 3)/3 = −43.30 (negative = nearer), same scale as x.
    expect(pixel(cam, [0, 0, 0.3], 3)[2]).toBeCloseTo(-43.3013, 3);
  });

  it('sees the person’s front on the image’s left from the person’s left side (yaw 90°)', () => {
    const cam = lookAtCamera({ width: 800, height: 800, fovYDeg: 50, target: [0, 0, 0], distance: 4, yawDeg: 90, pitchDeg: 0 });
    expect(cam.position[0]).toBeCloseTo(4, 9);
    expect(pixel(cam, [0, 0, 0.5])[0]).toBeLessThan(400);
    expect(pixel(cam, [0, 0.5, 0])[1]).toBeLessThan(400); // up is up
  });

  it('pitch raises the camera and keeps the target at the image centre; roll turns the image about it', () => {
    const base = { width: 640, height: 480, fovYDeg: 55, target: [0.1, 0.2, -0.1] as [number, number, number], distance: 3, yawDeg: 30 };
    const up = lookAtCamera({ ...base, pitchDeg: 30 });
    expect(up.position[1]).toBeCloseTo(0.2 + 3 * Math.sin(Math.PI / 6), 9);
    const c = pixel(up, base.target);
    expect(c[0]).toBeCloseTo(320, 6);
    expect(c[1]).toBeCloseTo(240, 6);
    const level = lookAtCamera({ ...base, pitchDeg: 0 });
    const rolled = lookAtCamera({ ...base, pitchDeg: 0, rollDeg: 20 });
    const p: [number, number, number] = [0.4, 0.6, 0.1];
    const a = pixel(level, p);
    const b = pixel(rolled, p);
    const ra = Math.hypot(a[0] - 320, a[1] - 240);
    const rb = Math.hypot(b[0] - 320, b[1] - 240);
    expect(rb).toBeCloseTo(ra, 3); // pixels are Float32
    const turn = Math.atan2(b[1] - 240, b[0] - 320) - Math.atan2(a[1] - 240, a[0] - 320);
    expect(Math.abs(Math.abs(turn) - (20 * Math.PI) / 180)).toBeLessThan(1e-5);
  });

  it('has an orthonormal, right-handed rotation', () => {
    const cam = lookAtCamera({ width: 100, height: 100, fovYDeg: 40, target: [0, 0, 0], distance: 2, yawDeg: -123, pitchDeg: 17, rollDeg: -5 });
    const R = cam.rotation;
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let dot = 0;
        for (let k = 0; k < 3; k++) dot += R[a * 3 + k] * R[b * 3 + k];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 9);
      }
    const det = R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
    expect(det).toBeCloseTo(1, 9);
  });

  it('rejects degenerate cameras', () => {
    expect(() => lookAtCamera({ width: 0, height: 1, fovYDeg: 50, target: [0, 0, 0], distance: 1, yawDeg: 0, pitchDeg: 0 })).toThrow(RangeError);
    expect(() => lookAtCamera({ width: 10, height: 10, fovYDeg: 50, target: [0, 0, 0], distance: 1, yawDeg: 0, pitchDeg: 90 })).toThrow(RangeError);
  });
});

describe('sampleCamera', () => {
  const body = landmarksFromPose(standingPose());

  it('is deterministic for a seed and frames the person inside the image', () => {
    expect(sampleCamera(new Rng(5), body)).toEqual(sampleCamera(new Rng(5), body));
    expect(sampleCamera(new Rng(5), body)).not.toEqual(sampleCamera(new Rng(6), body));
    const rng = new Rng(9);
    for (let trial = 0; trial < 50; trial++) {
      const cam = sampleCamera(rng, body);
      const uv = projectCameraPoints(cam, toCameraFrame(cam, body), cam.distance);
      let inside = 0;
      for (let i = 0; i < 33; i++) if (uv[i * 3] >= 0 && uv[i * 3] < cam.width && uv[i * 3 + 1] >= 0 && uv[i * 3 + 1] < cam.height) inside++;
      expect(inside).toBeGreaterThanOrEqual(30);
      expect(cam.fovYDeg).toBeGreaterThanOrEqual(40);
      expect(cam.fovYDeg).toBeLessThanOrEqual(70);
      expect(Math.abs(cam.pitchDeg)).toBeLessThanOrEqual(35);
    }
  });

  it('honours the yaw range and image sizes it is given', () => {
    const rng = new Rng(1);
    for (let trial = 0; trial < 20; trial++) {
      const cam = sampleCamera(rng, body, { yawDeg: [170, 190], imageSizes: [[300, 200]] });
      expect(cam.yawDeg).toBeGreaterThanOrEqual(170);
      expect(cam.yawDeg).toBeLessThan(190);
      expect([cam.width, cam.height]).toEqual([300, 200]);
      expect(cam.position[2]).toBeLessThan(0); // behind the person
    }
  });
});
