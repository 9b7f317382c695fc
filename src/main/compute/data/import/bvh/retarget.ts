import { JOINT_ANGLE_FRAMES, JOINT_NAMES, NUM_BODY_JOINTS, PARENTS, REST_JOINTS, jointIndex, jointPositions, matrixToAxisAngle } from '../../../../../shared/body';
import type { ImportError, MotionClip } from '../../types';
import {
  type M3,
  type V3,
  alignTwoVectors,
  angleBetween,
  apply,
  axisAngle,
  cross,
  dot,
  identity,
  lerp,
  minimalRotation,
  mul,
  mulBT,
  mulTA,
  norm,
  rotY,
  scale,
  sub,
  unit,
} from '../frameMath';
import { mapJointsByName } from './jointNames';
import type { BvhFile } from './parse';
import { sourceFk } from './sourceFk';

/**
 * Retargeting a parsed BVH clip onto the SMPL skeleton (src/shared/body), by joint-name mapping
 * (jointNames.ts) and bone-direction fitting:
 *
 * 1. The source is posed by its own FK each frame and brought into the body model's frame: the file's up axis
 *    (detected) becomes +Y, and a left-handed file (its left hip on the wrong side of its toes) is mirrored.
 * 2. Each SMPL joint's GLOBAL rotation is solved so its rest bone (SMPL child offset) points along the source
 *    bone, with twist from a second vector (TRIAD alignment):
 *    - limbs (collar, hip, shoulder, ankle, wrist, neck): the bone direction exactly; twist from the source
 *      joint that drives that bone, carrying a perpendicular reference from the source's rest pose;
 *    - hips and shoulders also take twist from the knee / elbow bend plane once the limb is bent (so the
 *      knee and elbow can stay the hinges SMPL's joint limits expect), and knees / elbows are solved as a
 *      rotation about their hinge axis only (clamped to the hinge's range);
 *    - the torso (pelvis, spine1..3) from two vectors — up the source spine and across the hips / shoulders —
 *      calibrated against the source's rest pose, since every rig's torso stands upright at rest but rigs
 *      disagree on where the hip and spine joints sit (CMU's hips are 4 cm in front of its spine);
 *    - SMPL's three spine joints are placed along the source's pelvis→neck chain at SMPL's own arc-length
 *      fractions, so any number of source spine joints works;
 *    - leaf joints (head, feet) and joints whose child the rig lacks copy the source's rotation relative to
 *      the parent bone's driver.
 * 3. Local rotations = parent⁻¹·global, as axis-angle (66 numbers per frame).
 * 4. Root translation: the source pelvis position in metres (unit detected from leg length: CMU's
 *    0.056444 m, inches, cm, mm, dm, feet, metres), scaled by SMPL's leg length over the source's so steps match
 *    the SMPL legs, re-centred so frame 0 starts above the origin, and raised so the clip's floor — the 10th
 *    percentile of each frame's lowest joint (a foot, unless the body stands on its hands or knees) — sits
 *    SOLE_CLEARANCE below it (y = 0 is the floor).
 */

/** Height of SMPL's ankle / ball-of-foot joints above the sole when standing, metres (the studio mannequin's foot box). */
export const SOLE_CLEARANCE = 0.068;

/** Length units a BVH file may be written in, metres per unit. CMU's are 1/0.45 inch. */
export const BVH_UNITS: readonly { name: string; metres: number }[] = [
  { name: 'metres', metres: 1 },
  { name: 'decimetres', metres: 0.1 },
  { name: 'centimetres', metres: 0.01 },
  { name: 'millimetres', metres: 0.001 },
  { name: 'inches', metres: 0.0254 },
  { name: 'feet', metres: 0.3048 },
  { name: 'CMU units (1/0.45 in)', metres: 0.0254 / 0.45 },
];

/** A typical adult's hip→knee→ankle length, metres: the unit whose leg is nearest this wins. */
const TYPICAL_LEG_M = 0.8;
const PLAUSIBLE_LEG_M: readonly [number, number] = [0.5, 1.2];

export type UpAxis = '+X' | '-X' | '+Y' | '-Y' | '+Z' | '-Z';

export interface RetargetReport {
  /** Metres per source unit, and the unit's name ('leg-length ratio' when no unit fitted). */
  unitScale: number;
  unitName: string;
  /** SMPL's leg length over the source's (after unit scaling): applied to the root translation. */
  bodyScale: number;
  upAxis: UpAxis;
  /** True when the file was left-handed and was mirrored. */
  mirrored: boolean;
  /** file frame → body model frame (row-major 3×3; a reflection when mirrored). */
  worldFromFile: number[];
  /** Source joint index for every SMPL joint (24 entries, -1 = none; spine1..3 are interpolated, see spineChain). */
  sourceIndex: number[];
  /** Source joints from the pelvis's source up to the neck's (or head's), along which spine1..3 are placed. */
  spineChain: number[];
  /** Source bone lengths in metres (median over sampled frames; both sides averaged); null where unmapped. */
  sourceBones: { thigh: number; shin: number; upperArm: number | null; forearm: number | null; torso: number };
  /** Per frame, the lowest foot joint's height above the floor (metres, after grounding; SOLE_CLEARANCE = on the floor). */
  footHeights: Float32Array;
}

export type RetargetResult = { ok: true; clip: MotionClip; report: RetargetReport } | { ok: false; error: ImportError };

const J = (name: string): number => jointIndex(name);
const DEG = Math.PI / 180;

function restVec(a: number, b: number): V3 {
  return sub(REST_JOINTS, REST_JOINTS, b * 3, a * 3);
}

function legLengthSmpl(): number {
  const side = (h: number, k: number, a: number): number => norm(restVec(h, k)) + norm(restVec(k, a));
  return 0.5 * (side(J('left_hip'), J('left_knee'), J('left_ankle')) + side(J('right_hip'), J('right_knee'), J('right_ankle')));
}
export const SMPL_LEG_LENGTH = legLengthSmpl();

function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function percentile(xs: ArrayLike<number>, p: number): number {
  const s = Array.from(xs).sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const i = Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))));
  return s[i];
}

function upAxisMatrix(axis: UpAxis): M3 {
  switch (axis) {
    case '+Y': return identity();
    case '-Y': return axisAngle([1, 0, 0], Math.PI);
    case '+Z': return axisAngle([1, 0, 0], -Math.PI / 2);
    case '-Z': return axisAngle([1, 0, 0], Math.PI / 2);
    case '+X': return axisAngle([0, 0, 1], Math.PI / 2);
    case '-X': return axisAngle([0, 0, 1], -Math.PI / 2);
  }
}

function dominantAxis(v: V3): { axis: UpAxis; strength: number } {
  const n = norm(v) || 1;
  let k = 0;
  for (let i = 1; i < 3; i++) if (Math.abs(v[i]) > Math.abs(v[k])) k = i;
  const sign = v[k] >= 0 ? '+' : '-';
  return { axis: `${sign}${'XYZ'[k]}` as UpAxis, strength: Math.abs(v[k]) / n };
}

function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

/** Hinge joints: the axis (SMPL local frame) about which a positive rotation flexes the joint, and its range. */
const HINGES: ReadonlyMap<number, { prox: number; child: number; axis: V3; max: number }> = new Map([
  [J('left_knee'), { prox: J('left_hip'), child: J('left_ankle'), axis: [1, 0, 0] as V3, max: 150 * DEG }],
  [J('right_knee'), { prox: J('right_hip'), child: J('right_ankle'), axis: [1, 0, 0] as V3, max: 150 * DEG }],
  [J('left_elbow'), { prox: J('left_shoulder'), child: J('left_wrist'), axis: [0, -1, 0] as V3, max: 150 * DEG }],
  [J('right_elbow'), { prox: J('right_shoulder'), child: J('right_wrist'), axis: [0, 1, 0] as V3, max: 150 * DEG }],
]);

/** Bone-fitted joints: SMPL joint → the child whose direction it takes. */
const LIMB_CHILD: ReadonlyMap<number, number> = new Map([
  [J('left_hip'), J('left_knee')],
  [J('right_hip'), J('right_knee')],
  [J('left_ankle'), J('left_foot')],
  [J('right_ankle'), J('right_foot')],
  [J('neck'), J('head')],
  [J('left_collar'), J('left_shoulder')],
  [J('right_collar'), J('right_shoulder')],
  [J('left_shoulder'), J('left_elbow')],
  [J('right_shoulder'), J('right_elbow')],
  [J('left_wrist'), J('left_hand')],
  [J('right_wrist'), J('right_hand')],
]);

const TORSO = [J('pelvis'), J('spine1'), J('spine2'), J('spine3')];
const COLLARS = new Set([J('left_collar'), J('right_collar')]);
const FEET = new Set([J('left_foot'), J('right_foot')]);

/** A perpendicular to `d` from the coordinate axis least aligned with it. */
function perpendicular(d: V3): V3 {
  const ax: V3[] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  let best = ax[0];
  for (const a of ax) if (Math.abs(dot(a, d)) < Math.abs(dot(best, d))) best = a;
  return unit(sub(best, scale(d, dot(best, d)))) as V3;
}

/**
 * The hinge flexion θ (in [0, max]) that makes the angle between the proximal bone `u` and the rotated distal
 * bone R(b, θ)·s equal `bend`: u·R(b,θ)·s = K + B cos θ + C sin θ, solved for θ; the nearest end of the range
 * when no θ reaches it (a source straighter than SMPL's rest knee, or bent past the limit).
 */
export function hingeAngleFor(uIn: V3, sIn: V3, b: V3, bend: number, max: number): number {
  const u = unit(uIn);
  const s = unit(sIn);
  if (!u || !s) return 0;
  const ub = dot(u, b);
  const sb = dot(s, b);
  const K = ub * sb;
  const B = dot(sub(u, scale(b, ub)), sub(s, scale(b, sb)));
  const C = dot(u, cross(b, s));
  const R = Math.hypot(B, C);
  if (R < 1e-9) return 0;
  const phi = Math.atan2(C, B);
  const x = Math.min(1, Math.max(-1, (Math.cos(bend) - K) / R));
  return Math.min(max, Math.max(0, phi + Math.acos(x)));
}

/** Rotates `r1` about `axis` (which r1 and r2 both map their primary vector onto) a fraction `w` of the way to `r2`. */
function blendTwist(r1: M3, r2: M3, axis: V3, w: number): M3 {
  if (w <= 0) return r1;
  if (w >= 1) return r2;
  const delta = mulBT(r2, r1);
  const aa = matrixToAxisAngle(delta);
  const angle = Math.hypot(aa[0], aa[1], aa[2]);
  const sign = aa[0] * axis[0] + aa[1] * axis[1] + aa[2] * axis[2] >= 0 ? 1 : -1;
  return mul(axisAngle(axis, sign * angle * w), r1);
}

/**
 * The local rotation taking `from` onto `to` whose standard-joint-angle reading (limits.ts: R_sja = R_t·R·R_tᵀ
 * = Rx(a)·Ry(b)·Rz(c)) has no z part — for the collars, whose z range is [0, 0]. Falls back to the minimal
 * rotation when no such rotation reaches `to`.
 */
export function swingWithoutTwist(joint: number, from: V3, to: V3): M3 {
  const Rt = Float64Array.from(JOINT_ANGLE_FRAMES[joint]);
  const f = apply(Rt, from);
  const t = apply(Rt, to);
  // Ry(b)·f must have t's x component, then Rx(a) turns the rest into place.
  const r = Math.hypot(f[0], f[2]);
  if (r < 1e-9 || Math.abs(t[0]) > r) return minimalRotation(from, to);
  const phi = Math.atan2(f[2], f[0]);
  const acos = Math.acos(Math.min(1, Math.max(-1, t[0] / r)));
  // cos b·f.x + sin b·f.z = r·cos(b − φ)… with Ry(b)·f = (cos b f.x + sin b f.z, f.y, −sin b f.x + cos b f.z).
  const candidates = [phi + acos, phi - acos].map((b) => Math.atan2(Math.sin(b), Math.cos(b)));
  const b = Math.abs(candidates[0]) <= Math.abs(candidates[1]) ? candidates[0] : candidates[1];
  const v: V3 = [Math.cos(b) * f[0] + Math.sin(b) * f[2], f[1], -Math.sin(b) * f[0] + Math.cos(b) * f[2]];
  const a = Math.atan2(v[1] * t[2] - v[2] * t[1], v[1] * t[1] + v[2] * t[2]);
  const sja = mul(axisAngle([1, 0, 0], a), axisAngle([0, 1, 0], b));
  return mulTA(Rt, mul(sja, Rt));
}

interface LimbSpec {
  j: number;
  child: number;
  src: number;
  srcChild: number;
  /** Source joint whose world rotation carries the bone's twist. */
  driver: number;
  restDir: V3;
  restRef: V3;
  /** restRef carried into the source's rest pose (body frame). */
  srcRef: V3;
}

/** Retargets a parsed BVH file onto SMPL. Never throws. */
export function retargetBvh(bvh: BvhFile, name: string): RetargetResult {
  try {
    return retargetUnsafe(bvh, name);
  } catch (e) {
    return { ok: false, error: { code: 'bad_format', message: `could not retarget the motion: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

function retargetUnsafe(bvh: BvhFile, name: string): RetargetResult {
  const joints = bvh.joints;
  const nj = joints.length;
  const map = mapJointsByName(joints);
  const required = ['pelvis', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'];
  const missing = required.filter((n) => map[J(n)] < 0);
  if (map[J('neck')] < 0 && map[J('head')] < 0) missing.push('neck or head');
  if (missing.length > 0) {
    const names = joints.filter((j) => !j.endSite).map((j) => j.name);
    return {
      ok: false,
      error: {
        code: 'unsupported',
        message: `cannot retarget: no source joint found for ${missing.join(', ')} (the file's joints: ${names.slice(0, 24).join(', ')}${names.length > 24 ? ', …' : ''})`,
      },
    };
  }
  const isBelow = (a: number, b: number): boolean => {
    for (let p = joints[a].parent; p >= 0; p = joints[p].parent) if (p === b) return true;
    return false;
  };

  const pos = new Float64Array(nj * 3);
  const rot = new Float64Array(nj * 9);
  const restPos = new Float64Array(nj * 3);
  sourceFk(bvh, -1, restPos, rot);
  const P = (arr: Float64Array, i: number): V3 => [arr[i * 3], arr[i * 3 + 1], arr[i * 3 + 2]];
  const S = (n: string): number => map[J(n)];
  const topSrc = S('neck') >= 0 ? S('neck') : S('head');

  // Spine chain: pelvis source … neck source (or head), walked up from the top.
  const chain: number[] = [];
  for (let k = topSrc; k >= 0; k = joints[k].parent) {
    chain.unshift(k);
    if (k === S('pelvis')) break;
  }
  if (chain[0] !== S('pelvis')) {
    return { ok: false, error: { code: 'unsupported', message: `cannot retarget: the neck "${joints[topSrc].name}" is not below the hips "${joints[S('pelvis')].name}"` } };
  }

  // --- Sampled frames: leg length (units), up axis -------------------------------------------------------
  const sampleCount = Math.min(bvh.frameCount, 64);
  const legs: number[] = [];
  const upVotes = new Map<UpAxis, number>();
  const legOf = (arr: Float64Array, side: 'left' | 'right'): number =>
    norm(sub(P(arr, S(`${side}_knee`)), P(arr, S(`${side}_hip`)))) + norm(sub(P(arr, S(`${side}_ankle`)), P(arr, S(`${side}_knee`))));
  const upOf = (arr: Float64Array): V3 => {
    const feet = lerp(P(arr, S('left_ankle')), P(arr, S('right_ankle')), 0.5);
    return sub(P(arr, topSrc), feet);
  };
  for (let s = 0; s < sampleCount; s++) {
    const f = sampleCount === 1 ? 0 : Math.round((s * (bvh.frameCount - 1)) / (sampleCount - 1));
    sourceFk(bvh, f, pos, rot);
    legs.push(0.5 * (legOf(pos, 'left') + legOf(pos, 'right')));
    const d = dominantAxis(upOf(pos));
    if (d.strength > 0.8) upVotes.set(d.axis, (upVotes.get(d.axis) ?? 0) + 1);
  }
  const warnings: string[] = [];
  // The rest pose says which way the rig stands; a long clip whose frames agree otherwise wins (a rig built
  // lying down and stood up by its root rotation).
  let upAxis = dominantAxis(upOf(restPos)).axis;
  for (const [axis, votes] of upVotes) {
    if (axis !== upAxis && sampleCount >= 10 && votes >= 0.7 * sampleCount) upAxis = axis;
  }
  let W = upAxisMatrix(upAxis);

  // Facing, and handedness: the body's left is at +X when it faces +Z (left × up = forward).
  const restW = (i: number): V3 => apply(W, P(restPos, i));
  const forwardOf = (lhip: V3, rhip: V3): V3 | null => {
    const lat = sub(lhip, rhip);
    return unit([-lat[2], 0, lat[0]]);
  };
  let fwd = forwardOf(restW(S('left_hip')), restW(S('right_hip')));
  let mirrored = false;
  if (fwd && S('left_foot') >= 0 && S('right_foot') >= 0) {
    const toes = lerp(sub(restW(S('left_foot')), restW(S('left_ankle'))), sub(restW(S('right_foot')), restW(S('right_ankle'))), 0.5);
    const flat: V3 = [toes[0], 0, toes[2]];
    if (norm(flat) > 1e-9 && dot(flat, fwd) < -0.3 * norm(flat)) {
      mirrored = true;
      W = mul(Float64Array.of(-1, 0, 0, 0, 1, 0, 0, 0, 1), W);
      fwd = forwardOf(restW(S('left_hip')), restW(S('right_hip')));
      warnings.push('The file is left-handed (its left side is mirrored); it was mirrored into a right-handed frame.');
    }
  }
  const Hrest = fwd ? rotY(Math.atan2(fwd[0], fwd[2])) : identity();
  const Wt = Float64Array.of(W[0], W[3], W[6], W[1], W[4], W[7], W[2], W[5], W[8]);
  /** A source world rotation, in the body frame: W·R·Wᵀ (a rotation even when W mirrors). */
  const rotW = (i: number): M3 => {
    const r = rot.subarray(i * 9, i * 9 + 9) as Float64Array;
    return mul(mul(W, r), Wt);
  };

  // --- Units --------------------------------------------------------------------------------------------
  const legUnits = median(legs);
  if (!(legUnits > 0)) return { ok: false, error: { code: 'bad_format', message: 'cannot retarget: the legs have zero length' } };
  let unitScale = NaN;
  let unitName = '';
  let bestErr = Infinity;
  for (const u of BVH_UNITS) {
    const err = Math.abs(Math.log((legUnits * u.metres) / TYPICAL_LEG_M));
    if (err < bestErr) {
      bestErr = err;
      unitScale = u.metres;
      unitName = u.name;
    }
  }
  const legM = legUnits * unitScale;
  if (legM < PLAUSIBLE_LEG_M[0] || legM > PLAUSIBLE_LEG_M[1]) {
    unitScale = SMPL_LEG_LENGTH / legUnits;
    unitName = 'leg-length ratio';
    warnings.push(`The file's length unit was not recognised (leg length ${legUnits.toPrecision(3)} units); it was scaled to SMPL's leg length.`);
  }
  const bodyScale = SMPL_LEG_LENGTH / (legUnits * unitScale);

  // --- Spine placement: SMPL's arc-length fractions along the source chain (rest lengths) -----------------
  const smplChain = [J('pelvis'), J('spine1'), J('spine2'), J('spine3'), S('neck') >= 0 ? J('neck') : J('head')];
  const smplArc = [0];
  for (let i = 1; i < smplChain.length; i++) smplArc.push(smplArc[i - 1] + norm(restVec(smplChain[i - 1], smplChain[i])));
  const srcArc = [0];
  for (let i = 1; i < chain.length; i++) srcArc.push(srcArc[i - 1] + norm(sub(P(restPos, chain[i]), P(restPos, chain[i - 1]))));
  const srcTotal = srcArc[srcArc.length - 1];
  if (!(srcTotal > 0)) return { ok: false, error: { code: 'bad_format', message: 'cannot retarget: the spine has zero length' } };
  const spineAt = [1, 2, 3].map((i) => {
    const target = (smplArc[i] / smplArc[smplArc.length - 1]) * srcTotal;
    let seg = 0;
    while (seg < chain.length - 2 && srcArc[seg + 1] < target) seg++;
    const len = srcArc[seg + 1] - srcArc[seg];
    return { seg, t: len > 0 ? Math.min(1, Math.max(0, (target - srcArc[seg]) / len)) : 0, frac: smplArc[i] / smplArc[smplArc.length - 1] };
  });

  // --- Torso vectors, the same recipe for SMPL's rest, the source's rest and each source frame -------------
  // Across the chest: the collar joints when they are apart (they move only with the chest), else the
  // shoulder joints (CMU starts both clavicles at one point).
  const shoulderPair = (): [number, number] | null => {
    const cl = S('left_collar'), cr = S('right_collar'), sl = S('left_shoulder'), sr = S('right_shoulder');
    const width = (a: number, b: number): number => norm(sub(P(restPos, a), P(restPos, b)));
    if (cl >= 0 && cr >= 0 && (sl < 0 || sr < 0 || width(cl, cr) > 0.3 * width(sl, sr))) return [cl, cr];
    if (sl >= 0 && sr >= 0) return [sl, sr];
    return null;
  };
  const srcShoulders = shoulderPair();
  type Getter = (i: number) => V3;
  const torsoVectors = (pelvis: V3, s: [V3, V3, V3], top: V3, latHip: V3, latSh: V3 | null): [V3, V3][] => {
    const lh = unit(latHip) ?? [1, 0, 0];
    const ls = (latSh && unit(latSh)) ?? lh;
    const latAt = (f: number): V3 => unit(lerp(lh, ls, f)) ?? lh;
    return [
      [lh, sub(s[0], pelvis)],
      [sub(s[1], s[0]), latAt(spineAt[0].frac)],
      [sub(s[2], s[1]), latAt(spineAt[1].frac)],
      [sub(top, s[2]), ls],
    ];
  };
  const srcTorso = (get: Getter): [V3, V3][] => {
    const pts = spineAt.map(({ seg, t }) => lerp(get(chain[seg]), get(chain[seg + 1]), t)) as [V3, V3, V3];
    return torsoVectors(
      get(S('pelvis')),
      pts,
      get(topSrc),
      sub(get(S('left_hip')), get(S('right_hip'))),
      srcShoulders ? sub(get(srcShoulders[0]), get(srcShoulders[1])) : null,
    );
  };
  const neckVectors = (get: Getter): [V3, V3] | null => {
    if (S('neck') < 0 || S('head') < 0 || !isBelow(S('head'), S('neck'))) return null;
    const lat = srcShoulders ? sub(get(srcShoulders[0]), get(srcShoulders[1])) : sub(get(S('left_hip')), get(S('right_hip')));
    return [sub(get(S('head')), get(S('neck'))), lat];
  };
  const ankleVectors = (side: 'left' | 'right') => (get: Getter): [V3, V3] | null => {
    const toe = S(`${side}_foot`);
    if (toe < 0 || !isBelow(toe, S(`${side}_ankle`))) return null;
    return [sub(get(toe), get(S(`${side}_ankle`))), sub(get(S(`${side}_ankle`)), get(S(`${side}_knee`)))];
  };
  // Rest-calibrated joints: the torso, neck and ankles stand the same way in every rig's rest pose (upright,
  // feet flat), while their joint placement differs, so they copy the source's rotation from its own rest:
  // G(t) = T(t)·T(rest)ᵀ·Hrest, T the frame of two source vectors.
  const calibrated = new Map<number, { vectors: (get: Getter) => [V3, V3] | null; rest: [V3, V3] }>();
  const addCalibrated = (j: number, vectors: (get: Getter) => [V3, V3] | null): void => {
    const rest = vectors(restW);
    if (rest && alignTwoVectors(rest[0], rest[1], rest[0], rest[1])) calibrated.set(j, { vectors, rest });
  };
  TORSO.forEach((j, k) => addCalibrated(j, (get) => srcTorso(get)[k]));
  addCalibrated(J('neck'), neckVectors);
  addCalibrated(J('left_ankle'), ankleVectors('left'));
  addCalibrated(J('right_ankle'), ankleVectors('right'));

  // --- Limb specs ----------------------------------------------------------------------------------------
  const hingeProx = new Map<number, number>(); // proximal joint → hinge joint
  for (const [h, spec] of HINGES) if (S(JOINT_NAMES[spec.prox]) >= 0 && S(JOINT_NAMES[h]) >= 0 && S(JOINT_NAMES[spec.child]) >= 0) hingeProx.set(spec.prox, h);
  const limbs = new Map<number, LimbSpec>();
  for (const [j, child] of LIMB_CHILD) {
    const src = map[j];
    let srcChild = map[child];
    if (src < 0 || srcChild < 0 || !isBelow(srcChild, src)) continue;
    // A child at the same place as its joint (CMU's LeftFingerBase sits on LeftHand) gives no direction:
    // follow the first child down until the bone has length.
    while (norm(sub(restW(srcChild), restW(src))) < 1e-6 * legUnits) {
      const next = joints.findIndex((jt) => jt.parent === srcChild);
      if (next < 0) break;
      srcChild = next;
    }
    const restDir = unit(restVec(j, child)) as V3;
    const hinge = hingeProx.get(j);
    const restRef = hinge !== undefined ? (unit(sub(HINGES.get(hinge)!.axis, scale(restDir, dot(HINGES.get(hinge)!.axis, restDir)))) as V3) : perpendicular(restDir);
    const srcRestDir = unit(apply(mulTA(Hrest, identity()), sub(restW(srcChild), restW(src))));
    if (!srcRestDir) continue;
    const srcRef = apply(Hrest, apply(minimalRotation(restDir, srcRestDir), restRef));
    limbs.set(j, { j, child, src, srcChild, driver: joints[srcChild].parent, restDir, restRef, srcRef });
  }
  /** For relative copies: the source joint whose rotation moves SMPL joint j's bone. */
  const driverOf = (j: number): number => {
    const l = limbs.get(j);
    if (l) return l.driver;
    const h = HINGES.get(j);
    if (h && map[h.child] >= 0) return joints[map[h.child]].parent;
    return map[j];
  };

  // --- Per frame ----------------------------------------------------------------------------------------
  const F = bvh.frameCount;
  const poses = new Float32Array(F * NUM_BODY_JOINTS * 3);
  const rootPos = new Float64Array(F * 3);
  const G: M3[] = new Array(24);
  const aa = new Float64Array(3);
  const pelvisSrc = S('pelvis');
  const hingeTheta = new Map<number, number>();
  for (let f = 0; f < F; f++) {
    sourceFk(bvh, f, pos, rot);
    hingeTheta.clear();
    const Pw = (i: number): V3 => apply(W, P(pos, i));
    for (let j = 0; j < NUM_BODY_JOINTS; j++) {
      const cal = calibrated.get(j);
      if (cal) {
        const v = cal.vectors(Pw);
        const R = v ? alignTwoVectors(cal.rest[0], cal.rest[1], v[0], v[1]) : null;
        if (R) {
          G[j] = mul(R, Hrest);
          continue;
        }
      }
      if (j === 0) {
        G[0] = Hrest;
        continue;
      }
      const parentG = G[PARENTS[j]];
      const limb = limbs.get(j);
      const hinge = HINGES.get(j);
      let g: M3 | null = null;
      if (hinge && hingeTheta.has(j)) {
        // Flexion about the hinge axis only, by the angle solved with the proximal joint.
        g = mul(parentG, axisAngle(hinge.axis, hingeTheta.get(j)!));
      } else if (limb) {
        const dt = sub(Pw(limb.srcChild), Pw(limb.src));
        const ref = apply(rotW(limb.driver), limb.srcRef);
        const hj = hingeProx.get(j);
        if (hj !== undefined) {
          // Hip / shoulder with its knee / elbow as a hinge: choose the flexion that gives the source's bend
          // angle, then turn the limb so the SMPL thigh and shin (arm and forearm) lie in the source's bend
          // plane — both bones then point exactly along the source's. When the limb is almost straight the
          // plane means nothing, and the twist comes from the source's rotation instead.
          const h = HINGES.get(hj)!;
          const ft = sub(Pw(map[h.child]), Pw(map[hj]));
          const ur = limb.restDir;
          const sr = unit(restVec(hj, h.child)) as V3;
          const byTwist = alignTwoVectors(ur, limb.restRef, dt, ref);
          const bend = angleBetween(dt, ft);
          let theta = 0;
          g = byTwist;
          if (Number.isFinite(bend) && byTwist) {
            theta = hingeAngleFor(ur, sr, h.axis, bend, h.max);
            const byPlane = alignTwoVectors(ur, apply(axisAngle(h.axis, theta), sr), dt, ft);
            const du = unit(dt);
            if (byPlane && du) g = blendTwist(byTwist, byPlane, du, smoothstep(5 * DEG, 20 * DEG, bend));
          }
          hingeTheta.set(hj, theta);
        }
        if (COLLARS.has(j)) {
          // Collars only swing (SMPL gives them no twist about the clavicle), and from where the source's
          // clavicle points at rest: rigs start it at the sternum (MakeHuman) or the spine (CMU, SMPL).
          const dl = unit(apply(mulTA(parentG, identity()), dt));
          const d0 = unit(apply(mulTA(Hrest, identity()), sub(restW(limb.srcChild), restW(limb.src))));
          g = dl && d0 ? mul(parentG, swingWithoutTwist(j, d0, dl)) : null;
        } else if (hj === undefined) g = alignTwoVectors(limb.restDir, limb.restRef, dt, ref);
      }
      if (!g) {
        // Leaf joints and joints without a usable child: the source's rotation relative to the bone above,
        // with its axes turned from the source's rest facing into SMPL's.
        const pj = PARENTS[j];
        const dParent = driverOf(pj);
        const dSelf = map[j];
        if (dParent >= 0 && dSelf >= 0 && isBelow(dSelf, dParent)) {
          let rel = mul(mulTA(Hrest, mulTA(rotW(dParent), rotW(dSelf))), Hrest);
          if (FEET.has(j)) {
            // SMPL's feet only flex (toes up / down) within their limits: keep that part.
            const v = apply(rel, [0, 0, 1]);
            const theta = Math.min(45 * DEG, Math.max(-60 * DEG, Math.atan2(-v[1], v[2])));
            rel = axisAngle([1, 0, 0], theta);
          }
          g = mul(parentG, rel);
        } else g = parentG;
      }
      G[j] = g;
    }
    const o = f * NUM_BODY_JOINTS * 3;
    for (let j = 0; j < NUM_BODY_JOINTS; j++) {
      const local = j === 0 ? G[0] : mulTA(G[PARENTS[j]], G[j]);
      matrixToAxisAngle(local, aa, 0, 0);
      poses[o + j * 3] = aa[0];
      poses[o + j * 3 + 1] = aa[1];
      poses[o + j * 3 + 2] = aa[2];
    }
    const pw = Pw(pelvisSrc);
    for (let a = 0; a < 3; a++) rootPos[f * 3 + a] = pw[a] * unitScale * bodyScale;
  }

  // --- Translation: SMPL pelvis at the source pelvis, re-centred and grounded --------------------------------
  const trans = new Float32Array(F * 3);
  for (let f = 0; f < F; f++) {
    // SMPL places the pelvis at REST_JOINTS[0] + trans; frame 0's pelvis goes above the origin.
    trans[f * 3] = rootPos[f * 3] - rootPos[0] - REST_JOINTS[0];
    trans[f * 3 + 1] = rootPos[f * 3 + 1] - REST_JOINTS[1];
    trans[f * 3 + 2] = rootPos[f * 3 + 2] - rootPos[2] - REST_JOINTS[2];
  }
  const feet = [J('left_ankle'), J('right_ankle'), J('left_foot'), J('right_foot')];
  const footMin = new Float32Array(F);
  // The floor is found from the lowest joint of any kind (the studio stands figures the same way), so a
  // handstand or a crawl rests on its hands and knees; in walking and standing clips that joint is a foot.
  const lowest = new Float32Array(F);
  const chunk = 512;
  for (let f0 = 0; f0 < F; f0 += chunk) {
    const n = Math.min(chunk, F - f0);
    const jp = jointPositions(poses.subarray(f0 * 66, (f0 + n) * 66), n);
    for (let b = 0; b < n; b++) {
      let m = Infinity;
      for (const j of feet) m = Math.min(m, jp[(b * 24 + j) * 3 + 1]);
      let all = Infinity;
      for (let j = 0; j < 24; j++) all = Math.min(all, jp[(b * 24 + j) * 3 + 1]);
      footMin[f0 + b] = m + trans[(f0 + b) * 3 + 1];
      lowest[f0 + b] = all + trans[(f0 + b) * 3 + 1];
    }
  }
  const floor = percentile(lowest, 0.1);
  const lift = SOLE_CLEARANCE - floor;
  for (let f = 0; f < F; f++) {
    trans[f * 3 + 1] += lift;
    footMin[f] += lift;
  }

  // A degenerate rig must not slip NaNs into the studio: refuse rather than return a broken clip.
  for (let i = 0; i < poses.length; i++) {
    if (!Number.isFinite(poses[i])) {
      return { ok: false, error: { code: 'bad_format', message: `cannot retarget: frame ${Math.floor(i / 66) + 1} gives no valid rotation for ${JOINT_NAMES[Math.floor((i % 66) / 3)]}` } };
    }
  }
  for (let i = 0; i < trans.length; i++) {
    if (!Number.isFinite(trans[i])) return { ok: false, error: { code: 'bad_format', message: `cannot retarget: frame ${Math.floor(i / 3) + 1} has no valid root position` } };
  }

  // --- Report ----------------------------------------------------------------------------------------------
  const jointMap: Record<string, string | null> = {};
  const unmapped: string[] = [];
  for (let j = 0; j < NUM_BODY_JOINTS; j++) {
    const jn = JOINT_NAMES[j];
    if (j === J('spine1') || j === J('spine2') || j === J('spine3')) {
      const at = spineAt[[J('spine1'), J('spine2'), J('spine3')].indexOf(j)];
      jointMap[jn] = `${joints[chain[at.seg]].name}→${joints[chain[at.seg + 1]].name} (${Math.round(at.t * 100)}%)`;
      continue;
    }
    jointMap[jn] = map[j] >= 0 ? joints[map[j]].name : null;
    if (map[j] < 0) unmapped.push(jn);
  }
  if (unmapped.length > 0) warnings.push(`No source joint for ${unmapped.join(', ')}: left at rest relative to the parent.`);
  const fps = 1 / bvh.frameTime;
  const sampleBones = (a: string, b: string): number | null => {
    const sides = ['left', 'right'].filter((s) => S(`${s}_${a}`) >= 0 && S(`${s}_${b}`) >= 0);
    if (sides.length === 0) return null;
    sourceFk(bvh, 0, pos, rot);
    return (sides.reduce((acc, s) => acc + norm(sub(P(pos, S(`${s}_${b}`)), P(pos, S(`${s}_${a}`)))), 0) / sides.length) * unitScale;
  };
  const report: RetargetReport = {
    unitScale,
    unitName,
    bodyScale,
    upAxis,
    mirrored,
    worldFromFile: Array.from(W),
    sourceIndex: Array.from(map),
    spineChain: chain,
    sourceBones: {
      thigh: sampleBones('hip', 'knee') ?? NaN,
      shin: sampleBones('knee', 'ankle') ?? NaN,
      upperArm: sampleBones('shoulder', 'elbow'),
      forearm: sampleBones('elbow', 'wrist'),
      torso: srcTotal * unitScale,
    },
    footHeights: footMin,
  };
  const clip: MotionClip = {
    name,
    format: 'bvh',
    fps: Math.abs(fps - Math.round(fps)) < 1e-3 * fps ? Math.round(fps) : fps,
    frameCount: F,
    poses,
    trans,
    warnings,
    jointMap,
  };
  return { ok: true, clip, report };
}

