import { describe, expect, it } from 'vitest';
import { landmarksFromPose } from '../../data/landmarks/fromPose';
import { warriorTwoPose } from '../../data/landmarks/testPoses';
import { worldLandmarks } from '../../data/landmarks/world';
import { estimateCamera, reprojectionResiduals, reprojectionRms, solvePlacement } from './camera';

const ONES = new Array(33).fill(1);
// BlazePose-convention world landmarks (camera orientation, about the hips) of a real pose.
const world = worldLandmarks(landmarksFromPose(warriorTwoPose()));

function photograph(f: number, t: readonly [number, number, number], width: number, height: number): Float32Array {
  const out = new Float32Array(99);
  for (let i = 0; i < 33; i++) {
    const z = world[i * 3 + 2]! + t[2];
    out[i * 3] = width / 2 + (f * (world[i * 3]! + t[0])) / z;
    out[i * 3 + 1] = height / 2 + (f * (world[i * 3 + 1]! + t[1])) / z;
  }
  return out;
}

describe('pinhole camera from world and image landmarks', () => {
  const t = [0.3, -0.1, 2.6] as const;
  const image = photograph(1100, t, 1280, 720);

  it('solvePlacement finds where the person stands, given the focal length', () => {
    const p = solvePlacement(world, image, ONES, { f: 1100, cx: 640, cy: 360 })!;
    p.t.forEach((v, k) => expect(v).toBeCloseTo(t[k]!, 6));
    const r = new Float64Array(66);
    reprojectionResiduals(world, image, { f: 1100, cx: 640, cy: 360 }, p, r);
    expect(Math.max(...r.map(Math.abs))).toBeLessThan(1e-6);
  });

  it('estimateCamera picks the focal length on its grid nearest the true one', () => {
    const cam = estimateCamera(world, image, ONES, 1280, 720);
    // Grid steps are 20^(1/47) ≈ 6.6 % apart.
    expect(Math.abs(Math.log(cam.f / 1100))).toBeLessThan(0.04);
    expect(reprojectionRms(world, image, ONES, cam)).toBeLessThan(0.01);
  });

  it('a wrong focal length reprojects worse than the right one', () => {
    expect(reprojectionRms(world, image, ONES, { f: 400, cx: 640, cy: 360 })).toBeGreaterThan(reprojectionRms(world, image, ONES, { f: 1100, cx: 640, cy: 360 }) + 0.005);
  });

  it('gives no placement for a degenerate system (all weights zero)', () => {
    expect(solvePlacement(world, image, new Array(33).fill(0), { f: 1100, cx: 640, cy: 360 })).toBeNull();
  });
});
