import { describe, expect, it } from 'vitest';
import { JOINT_NAMES, PARENTS, REST_JOINTS, axisAngleToMatrix, jointAngles, jointPositions, matMul3, matrixToAxisAngle } from '../../../../../shared/body';
import { parseBvh } from './parse';
import { SOLE_CLEARANCE, hingeAngleFor, retargetBvh, swingWithoutTwist } from './retarget';

/**
 * Round trips through BVH: SMPL poses are written as a BVH file of SMPL's own skeleton (in centimetres, with a
 * different channel order per limb, optionally Z up), imported, and the retargeted poses are compared with the
 * originals by forward kinematics.
 */

type M = Float64Array;
const mat = (aa: ArrayLike<number>, o = 0): M => axisAngleToMatrix(aa, new Float64Array(9), o, 0);
const mul = (a: M, b: M): M => matMul3(a, b, new Float64Array(9));
const tr = (a: M): M => Float64Array.of(a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]);
const DEG = 180 / Math.PI;

/** Euler angles (degrees) of R for R = R_a·R_b·R_c in the named order. */
function euler(r: M, order: 'ZYX' | 'XYZ' | 'YXZ'): [number, number, number] {
  const c = (v: number): number => Math.max(-1, Math.min(1, v));
  if (order === 'ZYX') return [Math.atan2(r[3], r[0]) * DEG, -Math.asin(c(r[6])) * DEG, Math.atan2(r[7], r[8]) * DEG];
  if (order === 'XYZ') return [Math.atan2(-r[5], r[8]) * DEG, Math.asin(c(r[2])) * DEG, Math.atan2(-r[1], r[0]) * DEG];
  return [Math.atan2(r[2], r[8]) * DEG, -Math.asin(c(r[5])) * DEG, Math.atan2(r[3], r[4]) * DEG];
}

const ORDER_OF = (j: number): 'ZYX' | 'XYZ' | 'YXZ' => (JOINT_NAMES[j].includes('hip') || JOINT_NAMES[j].includes('knee') ? 'YXZ' : JOINT_NAMES[j].includes('elbow') || JOINT_NAMES[j].includes('shoulder') ? 'XYZ' : 'ZYX');

/**
 * A BVH file of SMPL's 24-joint skeleton (cm) playing the given poses (66 each) and pelvis positions (m).
 * `up` 'Z' writes it Z up (rest offsets and motion turned +90° about X).
 */
function smplBvh(poses: Float32Array[], pelvis: [number, number, number][], up: 'Y' | 'Z' | 'left-handed' = 'Y'): string {
  // Z up: everything turned +90° about X; left-handed: x negated (a reflection, as a left-handed exporter writes it).
  const Q = up === 'Z' ? mat([Math.PI / 2, 0, 0]) : up === 'left-handed' ? Float64Array.of(-1, 0, 0, 0, 1, 0, 0, 0, 1) : mat([0, 0, 0]);
  const rotV = (v: number[]): number[] => [0, 1, 2].map((r) => Q[r * 3] * v[0] + Q[r * 3 + 1] * v[1] + Q[r * 3 + 2] * v[2]);
  const children = (j: number): number[] => PARENTS.map((p, c) => (p === j ? c : -1)).filter((c) => c >= 0);
  const ends: Record<string, number[]> = { head: [0, 10, 2], left_foot: [0, -2, 6], right_foot: [0, -2, 6], left_hand: [8, 0, 0], right_hand: [-8, 0, 0] };
  const lines: string[] = ['HIERARCHY'];
  const fmt = (v: number[]): string => v.map((x) => x.toFixed(6)).join(' ');
  const write = (j: number, depth: number): void => {
    const pad = '  '.repeat(depth);
    const off = j === 0 ? [0, 0, 0] : [0, 1, 2].map((a) => (REST_JOINTS[j * 3 + a] - REST_JOINTS[PARENTS[j] * 3 + a]) * 100);
    lines.push(`${pad}${j === 0 ? 'ROOT' : 'JOINT'} ${JOINT_NAMES[j]}`, `${pad}{`, `${pad}  OFFSET ${fmt(rotV(off))}`);
    const ord = ORDER_OF(j);
    const rotCh = ord.split('').map((a) => `${a}rotation`).join(' ');
    lines.push(`${pad}  CHANNELS ${j === 0 ? `6 Xposition Yposition Zposition ${rotCh}` : `3 ${rotCh}`}`);
    for (const c of children(j)) write(c, depth + 1);
    const end = ends[JOINT_NAMES[j]];
    if (end) lines.push(`${pad}  End Site`, `${pad}  {`, `${pad}    OFFSET ${fmt(rotV(end))}`, `${pad}  }`);
    lines.push(`${pad}}`);
  };
  write(0, 0);
  lines.push('MOTION', `Frames: ${poses.length}`, 'Frame Time: 0.0333333');
  poses.forEach((pose, f) => {
    const vals: number[] = [];
    const visit = (j: number): void => {
      let r = j < 22 ? mat(pose, j * 3) : mat([0, 0, 0]);
      // Z up: the rest skeleton already stands turned by Q, so every rotation is seen as Q·R·Qᵀ.
      r = mul(mul(Q, r), tr(Q));
      if (j === 0) vals.push(...rotV(pelvis[f].map((x) => x * 100)));
      vals.push(...euler(r, ORDER_OF(j)));
      for (const c of children(j)) visit(c);
    };
    visit(0);
    lines.push(vals.map((v) => v.toFixed(6)).join(' '));
  });
  return lines.join('\n') + '\n';
}

/** Deterministic test poses: torso, hips, shoulders, neck, wrists turn on all axes; knees and elbows are hinges. */
function testPoses(): Float32Array[] {
  const out: Float32Array[] = [];
  for (let k = 0; k < 8; k++) {
    const p = new Float32Array(66);
    const s = (a: number, b: number): number => 0.35 * Math.sin(1.7 * k + a) * Math.cos(0.9 * k + b);
    for (const j of [0, 1, 2, 3, 6, 9, 12, 13, 14, 15, 16, 17, 20, 21, 7, 8]) for (let a = 0; a < 3; a++) p[j * 3 + a] = s(j, a);
    p[4 * 3] = 0.2 + 0.9 * Math.abs(Math.sin(k)); // left knee (x)
    p[5 * 3] = 0.1 + 1.1 * Math.abs(Math.cos(k));
    p[18 * 3 + 1] = -(0.2 + 1.0 * Math.abs(Math.sin(k + 1))); // left elbow (−y)
    p[19 * 3 + 1] = 0.3 + 0.8 * Math.abs(Math.cos(k + 2));
    out.push(p);
  }
  return out;
}

function boneDirError(a: Float32Array, b: Float32Array, bones: [number, number][]): number {
  let worst = 0;
  for (const [p, c] of bones) {
    const u = [0, 1, 2].map((i) => a[c * 3 + i] - a[p * 3 + i]);
    const v = [0, 1, 2].map((i) => b[c * 3 + i] - b[p * 3 + i]);
    const cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / Math.hypot(...u) / Math.hypot(...v);
    worst = Math.max(worst, Math.acos(Math.min(1, cos)) * DEG);
  }
  return worst;
}

const LIMBS: [number, number][] = [[1, 4], [4, 7], [2, 5], [5, 8], [16, 18], [18, 20], [17, 19], [19, 21]];

describe('retargetBvh: SMPL → BVH → SMPL round trip', () => {
  const poses = testPoses();
  const pelvis = poses.map((_, f) => [0.1 * f, 0.95 - 0.01 * f, -0.05 * f] as [number, number, number]);

  for (const up of ['Y', 'Z', 'left-handed'] as const) {
    it(`recovers limb directions exactly and joint positions closely (${up} up)`, () => {
      const parsed = parseBvh(smplBvh(poses, pelvis, up));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const r = retargetBvh(parsed.bvh, 'roundtrip');
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.report.upAxis).toBe(up === 'Z' ? '+Z' : '+Y');
      expect(r.report.mirrored).toBe(up === 'left-handed');
      if (up === 'left-handed') expect(r.clip.warnings.join(' ')).toMatch(/left-handed/);
      expect(r.report.unitName).toBe('centimetres');
      expect(r.report.bodyScale).toBeCloseTo(1, 3);
      expect(r.clip.frameCount).toBe(poses.length);
      expect(r.clip.fps).toBe(30);
      expect(r.clip.jointMap.left_knee).toBe('left_knee');
      for (let f = 0; f < poses.length; f++) {
        const want = jointPositions(poses[f], 1);
        const got = jointPositions(r.clip.poses.subarray(f * 66, f * 66 + 66), 1);
        expect(boneDirError(want, got, LIMBS)).toBeLessThan(0.5);
        let sum = 0;
        for (let j = 0; j < 22; j++) sum += Math.hypot(...[0, 1, 2].map((a) => want[j * 3 + a] - want[a] - (got[j * 3 + a] - got[a])));
        // The spine's twist is shared out between spine1..3 (from the hips' and chest's lateral lines),
        // so joints are close but not bit-exact.
        expect(sum / 22).toBeLessThan(0.02);
      }
      // Root motion in metres, re-centred on frame 0: the pelvis moves as written.
      const p0 = [0, 2].map((a) => r.clip.trans[a]);
      for (let f = 1; f < poses.length; f++) {
        expect(r.clip.trans[f * 3] - p0[0]).toBeCloseTo(pelvis[f][0] - pelvis[0][0], 4);
        expect(r.clip.trans[f * 3 + 2] - p0[1]).toBeCloseTo(pelvis[f][2] - pelvis[0][2], 4);
        expect(r.clip.trans[f * 3 + 1] - r.clip.trans[1]).toBeCloseTo(pelvis[f][1] - pelvis[0][1], 4);
      }
    });
  }

  it('grounds the clip: its floor (10th percentile of the lowest joint) sits SOLE_CLEARANCE below it', () => {
    const parsed = parseBvh(smplBvh(poses, pelvis));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const r = retargetBvh(parsed.bvh, 'x');
    if (!r.ok) throw new Error(r.error.message);
    const n = r.clip.frameCount;
    const jp = jointPositions(r.clip.poses, n);
    const lowest: number[] = [];
    for (let f = 0; f < n; f++) {
      let m = Infinity;
      for (let j = 0; j < 24; j++) m = Math.min(m, jp[(f * 24 + j) * 3 + 1]);
      lowest.push(m + r.clip.trans[f * 3 + 1]);
      // footHeights agree with FK + trans.
      const foot = Math.min(...[7, 8, 10, 11].map((j) => jp[(f * 24 + j) * 3 + 1])) + r.clip.trans[f * 3 + 1];
      expect(r.report.footHeights[f]).toBeCloseTo(foot, 5);
    }
    lowest.sort((a, b) => a - b);
    expect(lowest[Math.round(0.1 * (n - 1))]).toBeCloseTo(SOLE_CLEARANCE, 5);
  });

  it('refuses a rig without legs, naming what is missing', () => {
    const bvh = 'HIERARCHY\nROOT Hips\n{\nOFFSET 0 0 0\nCHANNELS 3 Zrotation Xrotation Yrotation\nJOINT Spine\n{\nOFFSET 0 10 0\nCHANNELS 3 Zrotation Xrotation Yrotation\nJOINT Head\n{\nOFFSET 0 10 0\nCHANNELS 3 Zrotation Xrotation Yrotation\nEnd Site\n{\nOFFSET 0 5 0\n}\n}\n}\n}\nMOTION\nFrames: 1\nFrame Time: 0.1\n0 0 0 0 0 0 0 0 0\n';
    const parsed = parseBvh(bvh);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const r = retargetBvh(parsed.bvh, 'x');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unsupported');
    expect(r.error.message).toMatch(/left_hip.*right_ankle/);
    expect(r.error.message).toMatch(/Hips, Spine, Head/);
  });

  it('warns about SMPL joints the rig lacks and leaves them at rest', () => {
    // Drop the arms below the collars: shoulders, elbows, wrists and hands have no source.
    const text = smplBvh(poses.slice(0, 1), pelvis.slice(0, 1));
    const parsed = parseBvh(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const keep = parsed.bvh.joints.map((j) => !/shoulder|elbow|wrist|hand/.test(j.name));
    const joints = parsed.bvh.joints.filter((_, i) => keep[i]);
    const remap = new Map<number, number>();
    parsed.bvh.joints.forEach((_, i) => keep[i] && remap.set(i, remap.size));
    let channels = 0;
    const motion: number[] = [];
    const newJoints = joints.map((j) => {
      const oldStart = j.channelStart;
      const nj = { ...j, parent: j.parent < 0 ? -1 : remap.get(j.parent)!, channelStart: channels };
      for (let c = 0; c < j.channels.length; c++) motion.push(parsed.bvh.motion[oldStart + c]);
      channels += j.channels.length;
      return nj;
    });
    const r = retargetBvh({ ...parsed.bvh, joints: newJoints, channelCount: channels, motion: Float32Array.from(motion) }, 'armless');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.clip.jointMap.left_elbow).toBeNull();
    expect(r.clip.warnings.join(' ')).toMatch(/No source joint for .*left_shoulder.*left_elbow/);
    // Left at rest relative to the parent.
    for (const j of [16, 17, 18, 19, 20, 21]) for (let a = 0; a < 3; a++) expect(Math.abs(r.clip.poses[j * 3 + a])).toBeLessThan(1e-6);
  });
});

describe('hingeAngleFor', () => {
  it('finds the flexion giving the wanted angle between the bones, clamped to the range', () => {
    const u: [number, number, number] = [0.09, -0.995, 0];
    const s: [number, number, number] = [-0.03, -0.99, -0.11];
    const b: [number, number, number] = [1, 0, 0];
    for (const bendDeg of [20, 45, 90, 130]) {
      const theta = hingeAngleFor(u, s, b, bendDeg / DEG, Math.PI);
      const rs = Array.from({ length: 3 }, (_, r) => {
        const m = mat([theta, 0, 0]);
        return m[r * 3] * s[0] + m[r * 3 + 1] * s[1] + m[r * 3 + 2] * s[2];
      });
      const cos = (u[0] * rs[0] + u[1] * rs[1] + u[2] * rs[2]) / Math.hypot(...u) / Math.hypot(...rs);
      expect(Math.acos(cos) * DEG).toBeCloseTo(bendDeg, 4);
      expect(theta).toBeGreaterThan(0);
    }
    expect(hingeAngleFor(u, s, b, 0, Math.PI)).toBe(hingeAngleFor(u, s, b, 0.01 / DEG, Math.PI)); // below reach → nearest end
    expect(hingeAngleFor(u, s, b, 179 / DEG, 150 / DEG)).toBeCloseTo(150 / DEG, 9);
  });
});

describe('swingWithoutTwist', () => {
  it('turns the collar bone onto the target with no standard-joint-angle twist (z = 0)', () => {
    for (const joint of [13, 14]) {
      const from = [0, 1, 2].map((a) => REST_JOINTS[(joint + 3) * 3 + a] - REST_JOINTS[joint * 3 + a]) as [number, number, number];
      const n = Math.hypot(...from);
      const f = from.map((x) => x / n) as [number, number, number];
      for (let k = 0; k < 12; k++) {
        const aa = [0.4 * Math.sin(k), 0.3 * Math.cos(2 * k), 0.35 * Math.sin(3 * k + 1)];
        const target = Array.from({ length: 3 }, (_, r) => {
          const m = mat(aa);
          return m[r * 3] * f[0] + m[r * 3 + 1] * f[1] + m[r * 3 + 2] * f[2];
        }) as [number, number, number];
        const R = swingWithoutTwist(joint, f, target);
        for (let r = 0; r < 3; r++) expect(R[r * 3] * f[0] + R[r * 3 + 1] * f[1] + R[r * 3 + 2] * f[2]).toBeCloseTo(target[r], 9);
        const pose = new Float64Array(66);
        matrixToAxisAngle(R, pose, 0, joint * 3);
        expect(Math.abs(jointAngles(pose, joint)[2])).toBeLessThan(1e-6);
      }
    }
  });
});
