import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { landmarksFromPose } from './fromPose';
import { LANDMARK_MIRROR_MAP, LANDMARK_NAMES, NUM_LANDMARKS } from './names';
import { similarityProcrustes } from './procrustes';
import { synthesizeLandmarks } from './synthesize';
import { randomStandingPose, standingPose, warriorTwoPose } from './testPoses';
import { worldLandmarks } from './world';

/**
 * Checks against real BlazePose output from ../shared/fixtures (resolved from the repo root). A fresh
 * clone has no fixtures folder: the suites then skip and say why.
 */
const FIXTURES = fileURLToPath(new URL('../../../../../../shared/fixtures/', import.meta.url));
const GOLDEN = FIXTURES + 'images/blazepose-golden-pose.expected.json';
const MLKIT = FIXTURES + 'landmarks/mlkit-fitness-pose-samples.csv';
const haveGolden = existsSync(GOLDEN);
const haveMlkit = existsSync(MLKIT);
if (!haveGolden) console.warn(`landmarks fixture tests skipped: ${GOLDEN} is absent (../shared/fixtures is not checked out)`);
if (!haveMlkit) console.warn(`landmarks fixture tests skipped: ${MLKIT} is absent (../shared/fixtures is not checked out)`);

/** Our landmarks as BlazePose world landmarks for a person seen from the front. */
const toBlazeAxes = (body: Float32Array): Float32Array => worldLandmarks(body);

describe.skipIf(!haveGolden)('golden BlazePose world landmarks (Warrior II)', () => {
  const golden = haveGolden ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as { world_landmarks_m_xyz: number[][]; tolerance_world_m: number }) : null;
  const expected = golden ? golden.world_landmarks_m_xyz.flat() : [];

  it('our Warrior II matches after a similarity fit (mean < 0.1 m, every point within the fixture tolerance)', () => {
    expect(expected).toHaveLength(NUM_LANDMARKS * 3);
    const ours = toBlazeAxes(landmarksFromPose(warriorTwoPose()));
    const fit = similarityProcrustes(ours, expected);
    const worst = Array.from(fit.errors).reduce((b, e, i) => (e > b[1] ? [i, e] : b), [0, 0]);
    console.info(
      `golden Warrior II: mean ${fit.meanError.toFixed(4)} m, worst ${LANDMARK_NAMES[worst[0]]} ${worst[1].toFixed(3)} m, scale ${fit.scale.toFixed(3)}`,
    );
    expect(fit.meanError).toBeLessThan(0.1);
    expect(worst[1]).toBeLessThan(golden!.tolerance_world_m);
    // A plausible similarity: the golden person is within 15% of SMPL's size.
    expect(fit.scale).toBeGreaterThan(0.85);
    expect(fit.scale).toBeLessThan(1.15);
  });

  it('sides agree with the fixture: swapping left and right labels fits clearly worse', () => {
    const ours = toBlazeAxes(landmarksFromPose(warriorTwoPose()));
    const swapped = new Float32Array(ours.length);
    for (let i = 0; i < NUM_LANDMARKS; i++) for (let k = 0; k < 3; k++) swapped[i * 3 + k] = ours[LANDMARK_MIRROR_MAP[i] * 3 + k];
    const good = similarityProcrustes(ours, expected).meanError;
    const bad = similarityProcrustes(swapped, expected).meanError;
    expect(bad).toBeGreaterThan(good * 1.5);
  });

  it('discriminates poses: a plain standing pose fits the Warrior II much worse', () => {
    const warrior = similarityProcrustes(toBlazeAxes(landmarksFromPose(warriorTwoPose())), expected).meanError;
    const standing = similarityProcrustes(toBlazeAxes(landmarksFromPose(standingPose())), expected).meanError;
    expect(standing).toBeGreaterThan(warrior * 1.5);
  });
});

type Stats = Record<string, number>;

/** Scale-free statistics of one 33 × 3 landmark set; `dim` 3 uses x, y and z, 2 only x, y. */
function proportions(p: ArrayLike<number>, dim: 2 | 3): Stats {
  const d = (i: number, j: number): number => Math.hypot(p[i * 3] - p[j * 3], p[i * 3 + 1] - p[j * 3 + 1], dim === 3 ? p[i * 3 + 2] - p[j * 3 + 2] : 0);
  const m = (i: number, j: number): number[] => [0, 1, 2].map((k) => 0.5 * (p[i * 3 + k] + p[j * 3 + k]));
  const hip = m(23, 24);
  const sh = m(11, 12);
  const torso = Math.hypot(hip[0] - sh[0], hip[1] - sh[1], dim === 3 ? hip[2] - sh[2] : 0);
  return {
    'shoulder width / torso': d(11, 12) / torso,
    'hip width / shoulder width': d(23, 24) / d(11, 12),
    'upper arm / forearm': (d(11, 13) + d(12, 14)) / (d(13, 15) + d(14, 16)),
    'thigh / shin': (d(23, 25) + d(24, 26)) / (d(25, 27) + d(26, 28)),
    'shin / torso': (d(25, 27) + d(26, 28)) / 2 / torso,
    'heel–toe / shin': (d(29, 31) + d(30, 32)) / (d(25, 27) + d(26, 28)),
  };
}

function quantile(values: number[], f: number): number {
  const s = [...values].sort((a, b) => a - b);
  const x = f * (s.length - 1);
  const lo = Math.floor(x);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (x - lo);
}

describe.skipIf(!haveMlkit)('real BlazePose landmarks (ML Kit fitness samples)', () => {
  const rows = haveMlkit
    ? readFileSync(MLKIT, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(','))
    : [];
  const real = rows.map((r) => Float64Array.from(r.slice(2).map(Number)));
  const rng = new Rng(2024);
  const synthetic = Array.from({ length: 300 }, () => synthesizeLandmarks(randomStandingPose(rng), rng).image);

  function compare(dim: 2 | 3): { name: string; real: number[]; syn: number[] }[] {
    const r = real.map((p) => proportions(p, dim));
    const s = synthetic.map((p) => proportions(p, dim));
    return Object.keys(r[0]).map((name) => {
      const qs = [0.1, 0.5, 0.9];
      return { name, real: qs.map((q) => quantile(r.map((o) => o[name]), q)), syn: qs.map((q) => quantile(s.map((o) => o[name]), q)) };
    });
  }
  const fmt = (q: number[]): string => `${q[1].toFixed(2)} [${q[0].toFixed(2)}–${q[2].toFixed(2)}]`;
  const report = (dim: 2 | 3, rowsOut: ReturnType<typeof compare>): void =>
    console.info(`ML Kit vs synthetic, ${dim}-D image landmarks, median [10–90%]:\n` + rowsOut.map((c) => `  ${c.name.padEnd(28)} real ${fmt(c.real)}  synthetic ${fmt(c.syn)}`).join('\n'));

  it('reads 812 landmark sets of 33 points', () => {
    expect(real).toHaveLength(812);
    for (const p of real) expect(p).toHaveLength(NUM_LANDMARKS * 3);
  });

  it('limb and width proportions (x, y, z) agree: each median lies inside the other set’s 10–90% range', () => {
    const c = compare(3);
    report(3, c);
    for (const { name, real: r, syn: s } of c) {
      if (name === 'shin / torso' || name === 'shoulder width / torso') continue; // torso z is too noisy in the real set (see the 2-D test)
      expect(s[1], `synthetic median of ${name}`).toBeGreaterThan(r[0]);
      expect(s[1], `synthetic median of ${name}`).toBeLessThan(r[2]);
      expect(r[1], `real median of ${name}`).toBeGreaterThan(s[0]);
      expect(r[1], `real median of ${name}`).toBeLessThan(s[2]);
    }
  });

  it('projected (x, y) proportions fall in the real range: synthetic medians inside the real 10–90% range', () => {
    const c = compare(2);
    report(2, c);
    for (const { name, real: r, syn: s } of c) {
      expect(s[1], `synthetic median of ${name}`).toBeGreaterThan(r[0]);
      expect(s[1], `synthetic median of ${name}`).toBeLessThan(r[2]);
    }
  });
});
