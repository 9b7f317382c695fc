/**
 * The whole pipeline on the golden photo (../shared/fixtures): the 33 image landmarks within the fixture's pixel
 * tolerance and the 33 world landmarks within its metre tolerance (per coordinate), for each landmark model, as
 * MediaPipe's own test checks them; then the same photo as a three-frame "video", where frames 2 and 3 must be
 * tracked from the auxiliary points without the detector and stay within the tolerances. Skips, saying why, when
 * the fixtures or the converted models are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LANDMARK_NAMES } from '../../data/landmarks/names';
import { BlazePose, LANDMARK_MODELS, blazeposeModelPath, type LandmarkModelName, type PoseLandmarks } from './estimator';
import { decodeJpeg } from './jpeg';
import { PoseTracker } from './tracker';

const FIXTURES = fileURLToPath(new URL('../../../../../../shared/fixtures/images/', import.meta.url));
const JPG = FIXTURES + 'blazepose-golden-pose.jpg';
const JSON_FILE = FIXTURES + 'blazepose-golden-pose.expected.json';
const missingFixture = [JPG, JSON_FILE].find((f) => !existsSync(f));
const missingModel = ['detector' as const, ...LANDMARK_MODELS].map((m) => blazeposeModelPath(m)).find((f) => !existsSync(f));
const skip = missingFixture
  ? `${missingFixture} is absent (../shared/fixtures is not checked out)`
  : missingModel
    ? `${missingModel} is absent (run \`npm run models\`)`
    : null;
if (skip) console.warn(`BlazePose golden-photo check skipped: ${skip}`);

interface Expected {
  tolerance_px: number;
  tolerance_world_m: number;
  landmarks_px_xy: [number, number][];
  world_landmarks_m_xyz: [number, number, number][];
}

const expected = skip ? null : (JSON.parse(readFileSync(JSON_FILE, 'utf8')) as Expected);
const frame = skip ? null : decodeJpeg(readFileSync(JPG));

interface Errors {
  image: number[];
  world: number[];
}

function errors(p: PoseLandmarks, e: Expected): Errors {
  const image = e.landmarks_px_xy.map(([x, y], i) => Math.hypot(p.image[i * 3]! - x, p.image[i * 3 + 1]! - y));
  const world = e.world_landmarks_m_xyz.map((w, i) => Math.max(...w.map((v, k) => Math.abs(p.world[i * 3 + k]! - v))));
  return { image, world };
}

function worst(errs: number[], n = 3): string {
  return errs
    .map((e, i) => [e, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, n)
    .map(([e, i]) => `${LANDMARK_NAMES[i]} ${e.toFixed(e < 1 ? 3 : 1)}`)
    .join(', ');
}

function report(label: string, err: Errors): void {
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  console.info(
    `${label}: image worst ${worst(err.image)} px (mean ${mean(err.image).toFixed(1)}); ` +
      `world worst ${worst(err.world)} m (mean ${mean(err.world).toFixed(3)})`,
  );
}

describe.skipIf(!!skip)('BlazePose pipeline on the golden photo', () => {
  const loaded: BlazePose[] = [];
  afterAll(async () => {
    await Promise.all(loaded.map((b) => b.release()));
  });

  it.each(LANDMARK_MODELS.map((m) => [m]))('%s: 33 image and world landmarks within the fixture tolerances', async (m: LandmarkModelName) => {
    const bp = await BlazePose.load(m, { intraOpThreads: 1 });
    loaded.push(bp);
    const pose = await bp.estimate(frame!);
    expect(pose, 'a person is found').not.toBeNull();
    expect(pose!.score).toBeGreaterThan(0.5);
    const err = errors(pose!, expected!);
    report(`golden ${m}`, err);
    expect(Math.max(...err.image)).toBeLessThanOrEqual(expected!.tolerance_px);
    expect(Math.max(...err.world)).toBeLessThanOrEqual(expected!.tolerance_world_m);
  });

  it('tracking: frames after the first reuse the auxiliary-point ROI (no detector) and stay within the tolerances', async () => {
    const bp = loaded.find((b) => b.model === 'full') ?? (await BlazePose.load('full', { intraOpThreads: 1 }));
    if (!loaded.includes(bp)) loaded.push(bp);
    let detectorCalls = 0;
    const counting = {
      detect: (f: Parameters<BlazePose['detect']>[0]) => {
        detectorCalls++;
        return bp.detect(f);
      },
      landmarksInRoi: bp.landmarksInRoi.bind(bp),
    };
    const tracker = new PoseTracker(counting);
    const poses = [];
    for (let k = 0; k < 3; k++) poses.push(await tracker.next(frame!, k / 30));
    expect(detectorCalls).toBe(1);
    expect(poses.map((p) => p?.detected)).toEqual([true, false, false]);
    const err = errors(poses[2]!, expected!);
    report('golden full, third tracked frame', err);
    expect(Math.max(...err.image)).toBeLessThanOrEqual(expected!.tolerance_px);
    expect(Math.max(...err.world)).toBeLessThanOrEqual(expected!.tolerance_world_m);
    // The tracked ROI is the detector's ROI give or take the model's own estimate of the body: within 10% in size.
    expect(Math.abs(poses[2]!.roi.width / poses[0]!.roi.width - 1)).toBeLessThan(0.1);
  });
});
