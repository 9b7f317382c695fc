import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { lookAtCamera, projectCameraPoints, toCameraFrame } from './camera';
import { landmarksFromPose } from './fromPose';
import { LANDMARK_NAMES, LM, NUM_LANDMARKS } from './names';
import { OCCLUSION, synthesizeLandmarks } from './synthesize';
import { randomStandingPose, standingPose } from './testPoses';

const FACE = [0, 1, 2, 3, 4, 5, 6, 9, 10];
const noiseFree = { pixelNoise: 0, worldNoise: 0, occluderProb: 0 };

function mean(values: ArrayLike<number>, idx: readonly number[]): number {
  return idx.reduce((s, i) => s + values[i], 0) / idx.length;
}

describe('synthesizeLandmarks', () => {
  it('is deterministic for a seed, and different seeds differ', () => {
    const pose = randomStandingPose(new Rng(2));
    const a = synthesizeLandmarks(pose, new Rng(42), { missingProb: 0.1 });
    const b = synthesizeLandmarks(pose, new Rng(42), { missingProb: 0.1 });
    expect(Buffer.from(a.image.buffer)).toEqual(Buffer.from(b.image.buffer));
    expect(Buffer.from(a.world.buffer)).toEqual(Buffer.from(b.world.buffer));
    expect(Buffer.from(a.visibility.buffer)).toEqual(Buffer.from(b.visibility.buffer));
    expect(a.camera).toEqual(b.camera);
    const c = synthesizeLandmarks(pose, new Rng(43), { missingProb: 0.1 });
    expect(Buffer.from(c.image.buffer)).not.toEqual(Buffer.from(a.image.buffer));
    // Successive calls on one stream give new draws.
    const rng = new Rng(42);
    synthesizeLandmarks(pose, rng);
    expect(synthesizeLandmarks(pose, rng).camera).not.toEqual(a.camera);
  });

  it('gives world landmarks in BlazePose’s convention: hip-centred, y down, negative z toward the camera', () => {
    const cam = lookAtCamera({ width: 1000, height: 667, fovYDeg: 50, target: [0, -0.2, 0], distance: 3.5, yawDeg: 0, pitchDeg: 0 });
    const r = synthesizeLandmarks(standingPose(), new Rng(1), { ...noiseFree, camera: cam });
    const w = r.world;
    for (let k = 0; k < 3; k++) expect(0.5 * (w[LM.leftHip * 3 + k] + w[LM.rightHip * 3 + k])).toBeCloseTo(0, 5);
    expect(w[LM.leftShoulder * 3]).toBeGreaterThan(0.1); // the person's left on +x, as in the golden fixture
    expect(w[LM.nose * 3 + 1]).toBeLessThan(-0.5); // head above the hips: negative y
    expect(w[LM.nose * 3 + 2]).toBeLessThan(-0.05); // nose nearer the camera than the hips
    expect(w[LM.leftAnkle * 3 + 1]).toBeGreaterThan(0.6);
    // Same shape as the body-frame landmarks (a rotation of them).
    const body = landmarksFromPose(standingPose());
    const d = (a: ArrayLike<number>, i: number, j: number) => Math.hypot(a[i * 3] - a[j * 3], a[i * 3 + 1] - a[j * 3 + 1], a[i * 3 + 2] - a[j * 3 + 2]);
    for (const [i, j] of [[LM.leftShoulder, LM.leftElbow], [LM.nose, LM.rightAnkle], [LM.leftHip, LM.rightWrist]]) expect(d(w, i, j)).toBeCloseTo(d(body, i, j), 5);
  });

  it('projects exactly with no noise, with image z relative to the hips in x’s scale', () => {
    const cam = lookAtCamera({ width: 640, height: 480, fovYDeg: 60, target: [0, -0.3, 0], distance: 4, yawDeg: 25, pitchDeg: 8, rollDeg: 2 });
    const pose = randomStandingPose(new Rng(8));
    const r = synthesizeLandmarks(pose, new Rng(1), { ...noiseFree, camera: cam });
    const camPts = toCameraFrame(cam, landmarksFromPose(pose));
    const hipDepth = 0.5 * (camPts[LM.leftHip * 3 + 2] + camPts[LM.rightHip * 3 + 2]);
    const expected = projectCameraPoints(cam, camPts, hipDepth);
    for (let i = 0; i < NUM_LANDMARKS * 3; i++) expect(r.image[i]).toBeCloseTo(expected[i], 3);
    expect(r.image[LM.leftHip * 3 + 2] + r.image[LM.rightHip * 3 + 2]).toBeCloseTo(0, 3);
  });

  it('drops visibility for the face when the camera looks from behind', () => {
    const pose = standingPose();
    const front = lookAtCamera({ width: 800, height: 800, fovYDeg: 50, target: [0, -0.3, 0], distance: 4, yawDeg: 0, pitchDeg: 5 });
    const back = lookAtCamera({ width: 800, height: 800, fovYDeg: 50, target: [0, -0.3, 0], distance: 4, yawDeg: 180, pitchDeg: 5 });
    let vf = 0;
    let vb = 0;
    const rng = new Rng(4);
    for (let t = 0; t < 20; t++) {
      const f = synthesizeLandmarks(pose, rng, { occluderProb: 0, camera: front });
      const b = synthesizeLandmarks(pose, rng, { occluderProb: 0, camera: back });
      for (const i of FACE) {
        expect(f.occlusion[i]).toBe(OCCLUSION.visible);
        expect(b.occlusion[i], LANDMARK_NAMES[i]).toBe(OCCLUSION.self);
      }
      vf += mean(f.visibility, FACE) / 20;
      vb += mean(b.visibility, FACE) / 20;
    }
    expect(vf).toBeGreaterThan(0.85);
    expect(vb).toBeLessThan(0.5);
  });

  it('marks out-of-frame points with low visibility and presence', () => {
    // Aimed at the feet from close by: the head is out of the top of the frame.
    const cam = lookAtCamera({ width: 500, height: 500, fovYDeg: 40, target: [0, -1.0, 0], distance: 1.6, yawDeg: 0, pitchDeg: 0 });
    const r = synthesizeLandmarks(standingPose(), new Rng(3), { occluderProb: 0, camera: cam });
    expect(r.occlusion[LM.nose]).toBe(OCCLUSION.outOfFrame);
    expect(r.occlusion[LM.leftAnkle]).toBe(OCCLUSION.visible);
    expect(r.presence[LM.nose]).toBeLessThan(0.5);
    expect(r.visibility[LM.nose]).toBeLessThan(0.5);
    expect(r.image[LM.nose * 3 + 1]).toBeLessThan(0);
  });

  it('covers points with rectangle occluders and lowers their visibility', () => {
    const rng = new Rng(12);
    let covered = 0;
    let coveredVis = 0;
    for (let t = 0; t < 40; t++) {
      const r = synthesizeLandmarks(standingPose(), rng, { occluderProb: 1, yawDeg: [-20, 20] });
      expect(r.occluders.length).toBeGreaterThanOrEqual(1);
      for (let i = 0; i < NUM_LANDMARKS; i++)
        if (r.occlusion[i] === OCCLUSION.occluder) {
          covered++;
          coveredVis += r.visibility[i];
          const [x, y] = [r.image[i * 3], r.image[i * 3 + 1]];
          expect(r.occluders.some(([a, b, c, d]) => x >= a - 50 && x <= c + 50 && y >= b - 50 && y <= d + 50)).toBe(true);
        }
    }
    expect(covered).toBeGreaterThan(40);
    expect(coveredVis / covered).toBeLessThan(0.35);
  });

  it('adds pixel noise in proportion to the person’s size in the image', () => {
    const pose = standingPose();
    const spread = (pixelNoise: number, distance: number): number => {
      const cam = lookAtCamera({ width: 1000, height: 1000, fovYDeg: 50, target: [0, -0.3, 0], distance, yawDeg: 0, pitchDeg: 0 });
      const clean = synthesizeLandmarks(pose, new Rng(0), { ...noiseFree, camera: cam }).image;
      const rng = new Rng(77);
      let s = 0;
      let n = 0;
      for (let t = 0; t < 10; t++) {
        const r = synthesizeLandmarks(pose, rng, { occluderProb: 0, pixelNoise, camera: cam });
        for (const i of [LM.leftShoulder, LM.rightShoulder, LM.leftHip, LM.rightHip, LM.leftKnee, LM.rightKnee]) {
          s += (r.image[i * 3] - clean[i * 3]) ** 2 + (r.image[i * 3 + 1] - clean[i * 3 + 1]) ** 2;
          n += 2;
        }
      }
      return Math.sqrt(s / n);
    };
    const near = spread(0.01, 3);
    const far = spread(0.01, 6);
    expect(near / far).toBeGreaterThan(1.5);
    expect(near / far).toBeLessThan(2.6);
    expect(spread(0.02, 3) / near).toBeGreaterThan(1.5);
  });

  it('drops missing points to zero with zero visibility', () => {
    const r = synthesizeLandmarks(standingPose(), new Rng(5), { missingProb: 1 });
    expect(Array.from(r.missing)).toEqual(new Array(NUM_LANDMARKS).fill(1));
    expect(Array.from(r.image).every((v) => v === 0)).toBe(true);
    expect(Array.from(r.visibility).every((v) => v === 0)).toBe(true);
    const some = synthesizeLandmarks(standingPose(), new Rng(5), { missingProb: 0.3 });
    const dropped = Array.from(some.missing).filter(Boolean).length;
    expect(dropped).toBeGreaterThan(2);
    expect(dropped).toBeLessThan(25);
  });

  it('returns finite values for random poses and cameras', () => {
    const rng = new Rng(99);
    for (let t = 0; t < 30; t++) {
      const r = synthesizeLandmarks(randomStandingPose(rng), rng, { missingProb: 0.05 });
      for (const arr of [r.image, r.world, r.visibility, r.presence]) expect(arr.every(Number.isFinite)).toBe(true);
      for (const v of r.visibility) expect(v >= 0 && v <= 1).toBe(true);
    }
  });
});
