import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JOINT_NAMES, REST_JOINTS, jointAngles, jointLimitScore, jointPositions } from '../../../../../shared/body';
import { type BvhFile, parseBvh } from './parse';
import { type RetargetReport, SOLE_CLEARANCE, retargetBvh } from './retarget';
import { sourceFk } from './sourceFk';
import type { MotionClip } from '../../types';

/**
 * Acceptance on real files: the CMU clips and MakeHuman poses in ../shared/fixtures/bvh (read-only, outside
 * the repository). Skipped, with a note, where that folder is absent.
 */

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../..');
const FIXTURES = join(REPO_ROOT, '../shared/fixtures/bvh');
const HAVE_FIXTURES = existsSync(FIXTURES);
if (!HAVE_FIXTURES) console.warn(`[import fixtures] ${FIXTURES} is absent: BVH fixture tests are skipped`);

const J = (n: string): number => JOINT_NAMES.indexOf(n);
const LIMBS: [string, string][] = [
  ['left_hip', 'left_knee'], ['left_knee', 'left_ankle'], ['right_hip', 'right_knee'], ['right_knee', 'right_ankle'],
  ['left_shoulder', 'left_elbow'], ['left_elbow', 'left_wrist'], ['right_shoulder', 'right_elbow'], ['right_elbow', 'right_wrist'],
];
const SMPL_BONE = (a: string, b: string): number => Math.hypot(...[0, 1, 2].map((k) => REST_JOINTS[J(b) * 3 + k] - REST_JOINTS[J(a) * 3 + k]));
const SMPL_THIGH_SHIN = (SMPL_BONE('left_hip', 'left_knee') + SMPL_BONE('right_hip', 'right_knee')) / (SMPL_BONE('left_knee', 'left_ankle') + SMPL_BONE('right_knee', 'right_ankle'));
const SMPL_ARM_FOREARM = (SMPL_BONE('left_shoulder', 'left_elbow') + SMPL_BONE('right_shoulder', 'right_elbow')) / (SMPL_BONE('left_elbow', 'left_wrist') + SMPL_BONE('right_elbow', 'right_wrist'));

function load(path: string): { bvh: BvhFile; clip: MotionClip; report: RetargetReport } {
  const parsed = parseBvh(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error.message}`);
  const r = retargetBvh(parsed.bvh, path);
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  return { bvh: parsed.bvh, clip: r.clip, report: r.report };
}

/** Mean and max angle (degrees) between each retargeted limb bone and the source's, over every `step`-th frame. */
function limbDirectionError(bvh: BvhFile, clip: MotionClip, report: RetargetReport, step: number): { mean: number; max: number } {
  const W = report.worldFromFile;
  const pos = new Float64Array(bvh.joints.length * 3);
  const rot = new Float64Array(bvh.joints.length * 9);
  let sum = 0, n = 0, max = 0;
  for (let f = 0; f < clip.frameCount; f += step) {
    sourceFk(bvh, f, pos, rot);
    const jp = jointPositions(clip.poses.subarray(f * 66, f * 66 + 66), 1);
    for (const [a, b] of LIMBS) {
      const sa = report.sourceIndex[J(a)], sb = report.sourceIndex[J(b)];
      const d = [0, 1, 2].map((k) => pos[sb * 3 + k] - pos[sa * 3 + k]);
      const s = [0, 1, 2].map((r) => W[r * 3] * d[0] + W[r * 3 + 1] * d[1] + W[r * 3 + 2] * d[2]);
      const t = [0, 1, 2].map((k) => jp[J(b) * 3 + k] - jp[J(a) * 3 + k]);
      const cos = (s[0] * t[0] + s[1] * t[1] + s[2] * t[2]) / Math.hypot(...s) / Math.hypot(...t);
      const e = (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
      sum += e;
      n++;
      max = Math.max(max, e);
    }
  }
  return { mean: sum / n, max };
}

/** Up-ness (y of the unit pelvis→neck vector) of the source (body frame) and of the retargeted SMPL body. */
function uprightness(bvh: BvhFile, clip: MotionClip, report: RetargetReport, f: number): { source: number; smpl: number } {
  const pos = new Float64Array(bvh.joints.length * 3);
  sourceFk(bvh, f, pos, new Float64Array(bvh.joints.length * 9));
  const W = report.worldFromFile;
  const sp = report.sourceIndex[J('pelvis')], sn = report.sourceIndex[J('neck')];
  const d = [0, 1, 2].map((k) => pos[sn * 3 + k] - pos[sp * 3 + k]);
  const s = [0, 1, 2].map((r) => W[r * 3] * d[0] + W[r * 3 + 1] * d[1] + W[r * 3 + 2] * d[2]);
  const jp = jointPositions(clip.poses.subarray(f * 66, f * 66 + 66), 1);
  const t = [0, 1, 2].map((k) => jp[J('neck') * 3 + k] - jp[k]);
  return { source: s[1] / Math.hypot(...s), smpl: t[1] / Math.hypot(...t) };
}

/** Share of frames with more than 5° (summed) outside the joint limits. */
function limitViolationRate(clip: MotionClip): number {
  let bad = 0;
  for (let f = 0; f < clip.frameCount; f++) if (jointLimitScore(clip.poses.subarray(f * 66, f * 66 + 66)).total > 5) bad++;
  return bad / clip.frameCount;
}

describe.skipIf(!HAVE_FIXTURES)('BVH fixtures: CMU clips retargeted onto SMPL', () => {
  for (const name of ['131_01', '131_02', '131_03', 'cmu_01_01']) {
    it(`${name}: plausible bones, grounded, upright, limbs along the source's`, () => {
      const { bvh, clip, report } = load(join(FIXTURES, `${name}.bvh`));
      expect(clip.fps).toBe(120);
      expect(clip.frameCount).toBe(bvh.frameCount);
      expect(clip.poses.length).toBe(clip.frameCount * 66);
      expect(clip.poses.every(Number.isFinite)).toBe(true);
      expect(report.unitName).toMatch(/CMU/);
      expect(report.upAxis).toBe('+Y');

      // Bone lengths in metres after unit scaling, and proportions like SMPL's.
      const b = report.sourceBones;
      for (const len of [b.thigh, b.shin]) {
        expect(len).toBeGreaterThan(0.3);
        expect(len).toBeLessThan(0.6);
      }
      expect(b.thigh / b.shin / SMPL_THIGH_SHIN).toBeGreaterThan(0.75);
      expect(b.thigh / b.shin / SMPL_THIGH_SHIN).toBeLessThan(1.33);
      expect(b.upperArm! / b.forearm! / SMPL_ARM_FOREARM).toBeGreaterThan(0.67);
      expect(b.upperArm! / b.forearm! / SMPL_ARM_FOREARM).toBeLessThan(1.5);

      // Feet on the ground: in most frames the lowest foot joint is within 5 cm of standing height.
      const near = Array.from(report.footHeights).filter((h) => Math.abs(h - SOLE_CLEARANCE) < 0.05).length / clip.frameCount;
      expect(near).toBeGreaterThan(0.75);
      // …and it never sinks far below the floor.
      expect(Math.min(...report.footHeights)).toBeGreaterThan(SOLE_CLEARANCE - 0.06);

      // Upright where the source stands upright.
      let standing = 0, upright = 0;
      for (let f = 0; f < clip.frameCount; f += 10) {
        const u = uprightness(bvh, clip, report, f);
        if (u.source > 0.9) {
          standing++;
          if (u.smpl > 0.85) upright++;
        }
      }
      expect(standing).toBeGreaterThan(0);
      expect(upright / standing).toBeGreaterThan(0.95);

      // Limbs point where the source's point.
      const err = limbDirectionError(bvh, clip, report, 10);
      expect(err.mean).toBeLessThan(3);

      // Clips that travel (walking, stepping) bend the knees in turn.
      let path = 0;
      for (let f = 1; f < clip.frameCount; f++) path += Math.hypot(clip.trans[f * 3] - clip.trans[f * 3 - 3], clip.trans[f * 3 + 2] - clip.trans[f * 3 - 1]);
      if (path > 1.5) {
        let changes = 0, sign = 0;
        for (let f = 0; f < clip.frameCount; f += 4) {
          const p = clip.poses.subarray(f * 66, f * 66 + 66);
          const d = jointAngles(p, J('left_knee'))[0] - jointAngles(p, J('right_knee'))[0];
          if (Math.abs(d) < 10) continue;
          if (sign !== 0 && Math.sign(d) !== sign) changes++;
          sign = Math.sign(d);
        }
        expect(changes).toBeGreaterThanOrEqual(4);
      }

      const rate = limitViolationRate(clip);
      console.log(
        `[import fixtures] ${name}: ${clip.frameCount} frames @ ${clip.fps} fps, ${report.unitName} ×${report.unitScale.toFixed(6)} m, body scale ${report.bodyScale.toFixed(3)}, ` +
          `thigh ${b.thigh.toFixed(3)} m shin ${b.shin.toFixed(3)} m, feet near floor ${(near * 100).toFixed(0)}%, ` +
          `limb error ${err.mean.toFixed(2)}° (max ${err.max.toFixed(1)}°), frames >5° outside limits ${(rate * 100).toFixed(1)}%`,
      );
      // What is left outside the limits is mostly the source's own motion (131_02 looks down 35–40° while the
      // neck's limit allows 22° of flexion). The knees, though, are SMPL hinges by construction: never
      // bent backwards, never twisted.
      for (let f = 0; f < clip.frameCount; f += 7) {
        const p = clip.poses.subarray(f * 66, f * 66 + 66);
        for (const k of [J('left_knee'), J('right_knee')]) {
          const [x, y, z] = jointAngles(p, k);
          expect(x).toBeGreaterThanOrEqual(-1e-3);
          expect(x).toBeLessThanOrEqual(150 + 1e-3);
          expect(Math.abs(y) + Math.abs(z)).toBeLessThan(1e-3);
        }
      }
    });
  }
});

describe.skipIf(!HAVE_FIXTURES)('BVH fixtures: MakeHuman single-frame poses', () => {
  const dir = join(FIXTURES, 'makehuman-poses');
  const files = HAVE_FIXTURES && existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bvh')).sort() : [];
  it('finds the poses', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(`${file}: MakeHuman's rig (Z up, decimetres) maps with plausible bones and exact limbs`, () => {
      const { bvh, clip, report } = load(join(dir, file));
      expect(clip.frameCount).toBe(1);
      expect(clip.fps).toBe(24);
      expect(report.upAxis).toBe('+Z');
      expect(report.unitName).toBe('decimetres');
      expect(report.mirrored).toBe(false);
      for (const len of [report.sourceBones.thigh, report.sourceBones.shin]) {
        expect(len).toBeGreaterThan(0.3);
        expect(len).toBeLessThan(0.6);
      }
      expect(clip.jointMap.left_hip).toBe('upperleg01.L');
      expect(clip.jointMap.right_wrist).toBe('wrist.R');
      expect(clip.warnings).toEqual([]);
      // Grounded on the lowest joint: the feet when standing, the hands in gym01's handstand.
      const jp = jointPositions(clip.poses, 1);
      let lowest = Infinity;
      for (let j = 0; j < 24; j++) lowest = Math.min(lowest, jp[j * 3 + 1] + clip.trans[1]);
      expect(lowest).toBeCloseTo(SOLE_CLEARANCE, 5);
      if (!file.startsWith('gym') && !file.startsWith('fly')) expect(report.footHeights[0]).toBeLessThan(SOLE_CLEARANCE + 0.1);
      expect(limbDirectionError(bvh, clip, report, 1).mean).toBeLessThan(3);
      if (file.startsWith('standing')) expect(uprightness(bvh, clip, report, 0).smpl).toBeGreaterThan(0.9);
    });
  }
});
