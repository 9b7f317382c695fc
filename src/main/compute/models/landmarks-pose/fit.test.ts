import { describe, expect, it } from 'vitest';
import { jointAngles, jointIndex, jointLimitScore, setJointAngles } from '../../../../shared/body';
import { landmarksFromPose } from '../../data/landmarks/fromPose';
import { warriorTwoPose, standingPose } from '../../data/landmarks/testPoses';
import { worldLandmarks } from '../../data/landmarks/world';
import { LM } from '../../data/landmarks/names';
import { fitPoseToWorldLandmarks, poseLandmarks, worldToBodyFrame } from './fit';

const worldOf = (pose: Float32Array): Float32Array => worldLandmarks(landmarksFromPose(pose));

describe('worldToBodyFrame', () => {
  it('undoes the data engine’s body → BlazePose mapping (x, −y, −z about the hips)', () => {
    const pose = warriorTwoPose();
    const body = worldToBodyFrame(worldOf(pose));
    const direct = poseLandmarks(pose);
    for (let i = 0; i < body.length; i++) expect(body[i]).toBeCloseTo(direct[i]!, 5);
  });
});

/** A pinhole picture (f = 900 px, 1280 × 720, hips 3 m away) of body-frame landmarks. */
function pictureOf(body: Float64Array): { points: Float32Array; width: number; height: number } {
  const points = new Float32Array(body.length);
  for (let i = 0; i < body.length / 3; i++) {
    const z = 3 - body[i * 3 + 2]!;
    points[i * 3] = 640 + (900 * body[i * 3]!) / z;
    points[i * 3 + 1] = 360 - (900 * body[i * 3 + 1]!) / z;
  }
  return { points, width: 1280, height: 720 };
}

describe('fitPoseToWorldLandmarks', () => {
  it('with the image landmarks, a knee the world landmarks alone bend comes out straighter', () => {
    // Side-on to the camera, so the knee's bend lies in the picture plane.
    const truth = standingPose();
    truth[1] = Math.PI / 2;
    const world = worldOf(truth);
    // The world head can disagree with the image head in the picture plane itself (on the golden photo our world
    // landmarks bend the back knee to 160° in x, y where the image landmarks show 173°): move the knee 6 cm forward.
    world[LM.leftKnee * 3]! += 0.06;
    const picture = pictureOf(poseLandmarks(truth));
    const knee = jointIndex('left_knee');
    const worldOnly = fitPoseToWorldLandmarks(world, truth, { iterations: 40 });
    const withImage = fitPoseToWorldLandmarks(world, truth, { iterations: 40, image: picture });
    const bend = (p: Float32Array) => Math.abs(jointAngles(p, knee)[0]!);
    console.info(`knee bend fitted to a knee bent in the world landmarks only: world only ${bend(worldOnly.pose).toFixed(1)}°, with the image ${bend(withImage.pose).toFixed(1)}°`);
    expect(bend(worldOnly.pose)).toBeGreaterThan(10);
    expect(bend(withImage.pose)).toBeLessThan(0.7 * bend(worldOnly.pose));
  });

  it('rejects image landmarks of the wrong size', () => {
    expect(() => fitPoseToWorldLandmarks(worldOf(standingPose()), standingPose(), { image: { points: new Float32Array(10), width: 100, height: 100 } })).toThrow(/33 × 3 image/);
  });

  it('recovers the Warrior II from its own landmarks, starting from a standing pose', () => {
    const truth = warriorTwoPose();
    const fit = fitPoseToWorldLandmarks(worldOf(truth), standingPose(), { iterations: 60 });
    console.info(`fit from standing: RMS ${fit.rmsBefore.toFixed(3)} → ${fit.rmsAfter.toFixed(4)} m in ${fit.iterations} iterations, scale ${fit.scale.toFixed(3)}`);
    expect(fit.rmsBefore).toBeGreaterThan(0.15);
    expect(fit.rmsAfter).toBeLessThan(0.01);
    expect(fit.scale).toBeCloseTo(1, 2);
    // The bent knee comes back to within a few degrees.
    const knee = jointIndex('right_knee');
    expect(Math.abs(jointAngles(fit.pose, knee)[0]! - jointAngles(truth, knee)[0]!)).toBeLessThan(3);
  });

  it('finds the person’s size: landmarks of a 1.2× body give scale 1.2', () => {
    const world = worldOf(warriorTwoPose()).map((v) => v * 1.2);
    const fit = fitPoseToWorldLandmarks(world, warriorTwoPose(), { iterations: 5 });
    expect(fit.scale).toBeCloseTo(1.2, 3);
    expect(fit.rmsAfter).toBeLessThan(1e-3);
  });

  it('keeps the answer inside the joint limits even when the landmarks ask for a knee bent backwards', () => {
    const bad = standingPose();
    setJointAngles(bad, jointIndex('left_knee'), [-60, 0, 0]);
    const fit = fitPoseToWorldLandmarks(worldOf(bad), standingPose(), { iterations: 30 });
    expect(jointLimitScore(fit.pose).violations).toHaveLength(0);
  });

  it('a strong prior holds the pose at μ; a weak one lets the landmarks decide', () => {
    const mu = standingPose();
    const chol = { diag: new Float64Array(66).fill(0.1), off: new Float64Array(66) };
    const world = worldOf(warriorTwoPose());
    const strong = fitPoseToWorldLandmarks(world, mu, { prior: { mu, chol, weight: 1e8 }, iterations: 20 });
    const weak = fitPoseToWorldLandmarks(world, mu, { prior: { mu, chol, weight: 1e-4 }, iterations: 60 });
    const dist = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));
    expect(dist(strong.pose, mu)).toBeLessThan(0.01);
    expect(weak.rmsAfter).toBeLessThan(0.02);
  });
});
