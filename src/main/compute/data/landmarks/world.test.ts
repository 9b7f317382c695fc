import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { lookAtCamera } from './camera';
import { landmarksFromPose } from './fromPose';
import { LM, NUM_LANDMARKS } from './names';
import { synthesizeLandmarks } from './synthesize';
import { randomStandingPose, standingPose } from './testPoses';
import { poseInCameraView, worldLandmarks } from './world';

describe('worldLandmarks', () => {
  it('without a camera: hip-centred, y down, nose towards the (frontal) camera', () => {
    const w = worldLandmarks(landmarksFromPose(standingPose()));
    expect(w[LM.leftHip * 3] + w[LM.rightHip * 3]).toBeCloseTo(0, 6);
    expect(w[LM.leftShoulder * 3]).toBeGreaterThan(0);
    expect(w[LM.nose * 3 + 1]).toBeLessThan(-0.5);
    expect(w[LM.nose * 3 + 2]).toBeLessThan(0);
  });

  it('with a camera equals the noise-free world landmarks of synthesizeLandmarks', () => {
    const rng = new Rng(21);
    const pose = randomStandingPose(rng);
    const r = synthesizeLandmarks(pose, rng, { pixelNoise: 0, worldNoise: 0, occluderProb: 0 });
    const w = worldLandmarks(landmarksFromPose(pose), r.camera);
    for (let i = 0; i < NUM_LANDMARKS * 3; i++) expect(w[i]).toBeCloseTo(r.world[i], 5);
  });
});

describe('poseInCameraView', () => {
  it('gives a pose whose frontal world landmarks are the camera’s world landmarks', () => {
    const rng = new Rng(5);
    for (let t = 0; t < 5; t++) {
      const pose = randomStandingPose(rng);
      pose[1] = rng.uniform(-3, 3); // any heading
      const cam = lookAtCamera({ width: 640, height: 480, fovYDeg: 50, target: [0, -0.2, 0], distance: 4, yawDeg: rng.uniform(-180, 180), pitchDeg: rng.uniform(-20, 20), rollDeg: rng.uniform(-5, 5) });
      const seen = worldLandmarks(landmarksFromPose(pose), cam);
      const viewed = worldLandmarks(landmarksFromPose(poseInCameraView(pose, cam)));
      for (let i = 0; i < NUM_LANDMARKS * 3; i++) expect(viewed[i]).toBeCloseTo(seen[i], 4);
      // Only the root changes.
      const moved = poseInCameraView(pose, cam);
      for (let i = 3; i < 66; i++) expect(moved[i]).toBe(pose[i]);
    }
  });

  it('is the identity for the frontal camera', () => {
    const pose = standingPose();
    pose[0] = 0.3;
    const cam = lookAtCamera({ width: 100, height: 100, fovYDeg: 50, target: [0, 0, 0], distance: 3, yawDeg: 0, pitchDeg: 0 });
    const v = poseInCameraView(pose, cam);
    for (let i = 0; i < 3; i++) expect(v[i]).toBeCloseTo(pose[i], 6);
  });
});
