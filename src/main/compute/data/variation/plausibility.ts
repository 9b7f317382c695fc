import { forwardKinematics, jointAngles, jointIndex, JOINT_LIMITS_DEG, JOINT_NAMES, LIMITED_JOINTS, REST_JOINTS, type LimitViolation } from '../../../../shared/body';

/**
 * Plausibility of a body pose (66 or 72 axis-angle numbers, SMPL neutral skeleton):
 *
 * 1. Joint limits: limitScore (jointLimitScore with both Euler readings; degrees outside the limits) against two
 *    thresholds, the total and the worst single axis.
 * 2. Self-intersection: the body as capsules (segments with radii) placed by forward kinematics;
 *    pairs that are not allowed to touch are tested for penetration depth (rA + rB − distance).
 *    Contact is fine (hands on hips, arms crossed, palms together, thighs together): only depth
 *    beyond a tolerance counts, because the capsules are a rough stand-in for soft tissue.
 * 3. Ground: the pose is stood on its lowest capsule point (translation is free in a pose vector,
 *    so a pose can never float: something always touches y = 0). What can still be wrong is WHAT
 *    touches: the support set is every capsule whose lowest point lies within `supportBand`
 *    (5 cm) of the ground. It must contain a weight-bearing region (feet, shins/knees, thighs,
 *    pelvis, hands, forearms/elbows, upper arms, back/torso); the head alone is not a support.
 *    A pose whose torso points downward (pelvis above the neck by more than half the torso) while
 *    no leg part or the pelvis touches the ground is "inverted" and refused unless `allowInverted`
 *    (headstands, handstands, shoulder stands; a forward fold, downward dog or bridge is fine). Static balance (the
 *    centre of mass over the support area) is reported but only enforced with `requireBalance`,
 *    since jumps, runs and throws are legitimately off balance.
 *
 * Built for filtering many poses: FK into reused buffers, no allocation unless something is found.
 */

const wrap180 = (d: number): number => (d > 180 ? d - 360 : d <= -180 ? d + 360 : d);
const excessOf = (v: number, lo: number, hi: number): number => (v < lo ? lo - v : v > hi ? v - hi : 0);
// Below this (degrees) an excess is float noise of the Euler decomposition.
const LIMIT_NOISE = 1e-3;

export interface LimitScore {
  /** degrees outside the limits, summed over joints and axes */
  total: number;
  violations: LimitViolation[];
}

/**
 * Joint-limit score that reads each joint's rotation with whichever of its two Euler XYZ
 * decompositions, (x, y, z) or (x ± 180, 180 − y, z ± 180), lies closer to the limits.
 * jointLimitScore (src/shared/body) only uses the one with y ∈ [−90, 90], so an elbow bent past
 * 90° (SJA y down to −150°, which the limits allow) reads there as x = z = ±180° and is flagged
 * by 360°; both decompositions are the same rotation, so taking the nearer one is exact.
 */
export function limitScore(pose: ArrayLike<number>): LimitScore {
  let total = 0;
  let violations: LimitViolation[] | null = null;
  for (const j of LIMITED_JOINTS) {
    const lim = JOINT_LIMITS_DEG[j];
    if (!lim) continue;
    const use = limitAngles(pose, j);
    for (let a = 0; a < 3; a++) {
      const e = excessOf(use[a], lim[a][0], lim[a][1]);
      if (e > LIMIT_NOISE) {
        total += e;
        (violations ??= []).push({ joint: JOINT_NAMES[j], axis: (['x', 'y', 'z'] as const)[a], value: use[a], limit: [lim[a][0], lim[a][1]] });
      }
    }
  }
  return { total, violations: violations ?? [] };
}

/**
 * Standard joint angles (degrees) of joint j read the way limitScore reads them: of the two Euler
 * decompositions of the same rotation, the one nearer the joint's limits (the usual one on ties).
 * setJointAngles(pose, j, limitAngles(pose, j)) reproduces the rotation.
 */
export function limitAngles(pose: ArrayLike<number>, j: number): [number, number, number] {
  const [x, y, z] = jointAngles(pose, j);
  const lim = JOINT_LIMITS_DEG[j];
  if (!lim) return [x, y, z];
  const x2 = wrap180(x + 180), y2 = wrap180(180 - y), z2 = wrap180(z + 180);
  const e1 = excessOf(x, lim[0][0], lim[0][1]) + excessOf(y, lim[1][0], lim[1][1]) + excessOf(z, lim[2][0], lim[2][1]);
  const e2 = excessOf(x2, lim[0][0], lim[0][1]) + excessOf(y2, lim[1][0], lim[1][1]) + excessOf(z2, lim[2][0], lim[2][1]);
  return e2 < e1 ? [x2, y2, z2] : [x, y, z];
}

export interface CapsuleEnd {
  /** joint whose position (and world rotation, for `off`) anchors this end */
  j: number;
  /** optional second joint: the end lies at P[j] + t·(P[k] − P[j]) */
  k?: number;
  t?: number;
  /** offset in joint j's world frame (metres, rest-pose axes), added after the lerp */
  off?: readonly [number, number, number];
}

export type BodyRegion = 'head' | 'torso' | 'pelvis' | 'upperArm' | 'forearm' | 'hand' | 'thigh' | 'shin' | 'foot';

export interface CapsuleSpec {
  name: string;
  region: BodyRegion;
  a: CapsuleEnd;
  b: CapsuleEnd;
  /** radius, metres (SMPL neutral proportions) */
  r: number;
}

const J = (name: string): number => {
  const i = jointIndex(name);
  if (i < 0) throw new Error(`no joint ${name}`);
  return i;
};

function side(s: 'left' | 'right'): CapsuleSpec[] {
  const x = s === 'left' ? 1 : -1;
  const hip = J(`${s}_hip`), knee = J(`${s}_knee`), ankle = J(`${s}_ankle`), foot = J(`${s}_foot`);
  const shoulder = J(`${s}_shoulder`), elbow = J(`${s}_elbow`), wrist = J(`${s}_wrist`), hand = J(`${s}_hand`);
  return [
    { name: `${s}_upper_arm`, region: 'upperArm', a: { j: shoulder }, b: { j: elbow }, r: 0.05 },
    { name: `${s}_forearm`, region: 'forearm', a: { j: elbow }, b: { j: wrist }, r: 0.04 },
    // The SMPL hand joint is the knuckles; the fingers reach ~1.6× as far from the wrist.
    { name: `${s}_hand`, region: 'hand', a: { j: wrist, k: hand, t: 0.35 }, b: { j: wrist, k: hand, t: 1.5 }, r: 0.035 },
    { name: `${s}_thigh`, region: 'thigh', a: { j: hip }, b: { j: knee }, r: 0.07 },
    { name: `${s}_shin`, region: 'shin', a: { j: knee }, b: { j: ankle }, r: 0.045 },
    // Heel below and behind the ankle, toes ahead of the ball joint: soles ~1.18 m below the pelvis line.
    { name: `${s}_foot`, region: 'foot', a: { j: ankle, off: [0, -0.05, -0.03] }, b: { j: foot, off: [0.005 * x, 0, 0.05] }, r: 0.035 },
  ];
}

/** The capsule body: 5 midline capsules, then 6 per side (left, right). */
export const CAPSULES: readonly CapsuleSpec[] = Object.freeze([
  { name: 'pelvis', region: 'pelvis', a: { j: J('left_hip') }, b: { j: J('right_hip') }, r: 0.09 },
  { name: 'abdomen', region: 'torso', a: { j: J('pelvis') }, b: { j: J('spine2') }, r: 0.11 },
  { name: 'chest', region: 'torso', a: { j: J('spine2'), off: [0, 0.02, 0] }, b: { j: J('spine3'), off: [0, 0.1, -0.01] }, r: 0.12 },
  {
    name: 'shoulders',
    region: 'torso',
    a: { j: J('left_collar'), k: J('left_shoulder'), t: 0.4 },
    b: { j: J('right_collar'), k: J('right_shoulder'), t: 0.4 },
    r: 0.075,
  },
  { name: 'head', region: 'head', a: { j: J('head'), off: [0, 0.04, 0.015] }, b: { j: J('head'), off: [0, 0.1, 0] }, r: 0.095 },
  ...side('left'),
  ...side('right'),
] as CapsuleSpec[]);

const NC = CAPSULES.length;
const capIndex = (name: string): number => CAPSULES.findIndex((c) => c.name === name);

/**
 * Pairs that are never tested: parts joined at a joint (parent/child), parts two links apart on
 * one limb (a fully bent knee or elbow presses foot to thigh, hand to upper arm), the torso's own
 * pieces, the head against the upper torso (chin to chest), upper arms and thighs against the
 * torso pieces they are attached to (their root sits inside that capsule by construction), and
 * the two hands.
 */
const SKIPPED: readonly (readonly [string, string])[] = [
  ['pelvis', 'abdomen'], ['pelvis', 'chest'], ['pelvis', 'shoulders'], ['abdomen', 'chest'], ['abdomen', 'shoulders'], ['chest', 'shoulders'],
  ['head', 'chest'], ['head', 'shoulders'],
  // Interlaced fingers put the two hand capsules inside each other; a hand through a hand is not
  // a pose error worth refusing.
  ['left_hand', 'right_hand'],
  ...(['left', 'right'] as const).flatMap((s) => [
    [`${s}_upper_arm`, 'shoulders'], [`${s}_upper_arm`, 'chest'],
    [`${s}_upper_arm`, `${s}_forearm`], [`${s}_upper_arm`, `${s}_hand`], [`${s}_forearm`, `${s}_hand`],
    [`${s}_thigh`, 'pelvis'], [`${s}_thigh`, 'abdomen'],
    [`${s}_thigh`, `${s}_shin`], [`${s}_thigh`, `${s}_foot`], [`${s}_shin`, `${s}_foot`],
  ] as [string, string][]),
];

/**
 * Extra depth (metres) tolerated for pairs that press into each other in ordinary poses: palms
 * together (a hand holding the other wrist, palms pressed together at the wrists), legs side by side (the capsules do not taper
 * towards knee and ankle, and the thighs' tops overlap at rest),
 * a forward fold (chest on thighs), feet tucked on or under the other leg (lotus, cross-legged).
 */
const EXTRA_TOLERANCE: readonly (readonly [string, string, number])[] = [
  ['left_hand', 'right_forearm', 0.02], ['right_hand', 'left_forearm', 0.02],
  ['left_thigh', 'right_thigh', 0.02],
  ['left_shin', 'right_shin', 0.02], ['left_foot', 'right_foot', 0.02],
  ['left_foot', 'right_thigh', 0.03], ['right_foot', 'left_thigh', 0.03],
  ['left_foot', 'right_shin', 0.02], ['right_foot', 'left_shin', 0.02],
  ['chest', 'left_thigh', 0.04], ['chest', 'right_thigh', 0.04],
  ['left_forearm', 'right_forearm', 0.01],
];

export const CAPSULE_PAIRS: readonly (readonly [number, number])[] = (() => {
  const skip = new Set(SKIPPED.map(([a, b]) => `${capIndex(a)}|${capIndex(b)}`).concat(SKIPPED.map(([a, b]) => `${capIndex(b)}|${capIndex(a)}`)));
  const pairs: [number, number][] = [];
  for (let i = 0; i < NC; i++) for (let k = i + 1; k < NC; k++) if (!skip.has(`${i}|${k}`)) pairs.push([i, k]);
  return Object.freeze(pairs.map((p) => Object.freeze(p)));
})();

const PAIR_A = Int32Array.from(CAPSULE_PAIRS.map((p) => p[0]));
const PAIR_B = Int32Array.from(CAPSULE_PAIRS.map((p) => p[1]));
const PAIR_EXTRA = Float64Array.from(
  CAPSULE_PAIRS.map(([a, b]) => {
    const e = EXTRA_TOLERANCE.find(([x, y]) => (capIndex(x) === a && capIndex(y) === b) || (capIndex(x) === b && capIndex(y) === a));
    return e ? e[2] : 0;
  }),
);

// Capsule ends packed for the hot loop: anchor joint, lerp joint (−1: none), t, offset xyz.
const END_J = new Int32Array(NC * 2);
const END_K = new Int32Array(NC * 2);
const END_T = new Float64Array(NC * 2);
const END_OFF = new Float64Array(NC * 6);
const RADIUS = Float64Array.from(CAPSULES.map((c) => c.r));
CAPSULES.forEach((c, i) => {
  [c.a, c.b].forEach((e, s) => {
    const q = i * 2 + s;
    END_J[q] = e.j;
    END_K[q] = e.k ?? -1;
    END_T[q] = e.t ?? 0;
    END_OFF[q * 3] = e.off?.[0] ?? 0;
    END_OFF[q * 3 + 1] = e.off?.[1] ?? 0;
    END_OFF[q * 3 + 2] = e.off?.[2] ?? 0;
  });
});

// Reused buffers: FK output and capsule end points (NC × 2 × 3).
const fkPos = new Float32Array(24 * 3);
const fkRot = new Float32Array(24 * 9);
const ends = new Float64Array(NC * 6);
const mids = new Float64Array(NC * 3);
const bound = new Float64Array(NC);

/** Poses capsule ends from the current FK buffers into `ends`. */
function placeCapsules(pose: ArrayLike<number>): void {
  forwardKinematics(pose, 1, { positions: fkPos, rotations: fkRot });
  for (let q = 0; q < NC * 2; q++) {
    const j = END_J[q];
    let x = fkPos[j * 3], y = fkPos[j * 3 + 1], z = fkPos[j * 3 + 2];
    const k = END_K[q];
    if (k >= 0) {
      const t = END_T[q];
      x += t * (fkPos[k * 3] - x);
      y += t * (fkPos[k * 3 + 1] - y);
      z += t * (fkPos[k * 3 + 2] - z);
    }
    const ox = END_OFF[q * 3], oy = END_OFF[q * 3 + 1], oz = END_OFF[q * 3 + 2];
    if (ox !== 0 || oy !== 0 || oz !== 0) {
      const r = j * 9;
      x += fkRot[r] * ox + fkRot[r + 1] * oy + fkRot[r + 2] * oz;
      y += fkRot[r + 3] * ox + fkRot[r + 4] * oy + fkRot[r + 5] * oz;
      z += fkRot[r + 6] * ox + fkRot[r + 7] * oy + fkRot[r + 8] * oz;
    }
    ends[q * 3] = x;
    ends[q * 3 + 1] = y;
    ends[q * 3 + 2] = z;
  }
  // Bounding spheres for the broad phase: centre at the segment's middle, radius half its length + r.
  for (let i = 0; i < NC; i++) {
    const o = i * 6;
    const dx = ends[o + 3] - ends[o], dy = ends[o + 4] - ends[o + 1], dz = ends[o + 5] - ends[o + 2];
    mids[i * 3] = ends[o] + 0.5 * dx;
    mids[i * 3 + 1] = ends[o + 1] + 0.5 * dy;
    mids[i * 3 + 2] = ends[o + 2] + 0.5 * dz;
    bound[i] = 0.5 * Math.sqrt(dx * dx + dy * dy + dz * dz) + RADIUS[i];
  }
}

/**
 * Squared distance between segments p1–q1 and p2–q2 (closest points by clamped parameters, the
 * standard construction: minimise over s, t ∈ [0, 1] with the degenerate cases handled).
 */
export function segmentDistanceSq(
  p1x: number, p1y: number, p1z: number, q1x: number, q1y: number, q1z: number,
  p2x: number, p2y: number, p2z: number, q2x: number, q2y: number, q2z: number,
): number {
  const d1x = q1x - p1x, d1y = q1y - p1y, d1z = q1z - p1z;
  const d2x = q2x - p2x, d2y = q2y - p2y, d2z = q2z - p2z;
  const rx = p1x - p2x, ry = p1y - p2y, rz = p1z - p2z;
  const a = d1x * d1x + d1y * d1y + d1z * d1z;
  const e = d2x * d2x + d2y * d2y + d2z * d2z;
  const f = d2x * rx + d2y * ry + d2z * rz;
  let s: number, t: number;
  const EPS = 1e-12;
  if (a <= EPS && e <= EPS) {
    s = 0;
    t = 0;
  } else if (a <= EPS) {
    s = 0;
    t = Math.min(1, Math.max(0, f / e));
  } else {
    const c = d1x * rx + d1y * ry + d1z * rz;
    if (e <= EPS) {
      t = 0;
      s = Math.min(1, Math.max(0, -c / a));
    } else {
      const b = d1x * d2x + d1y * d2y + d1z * d2z;
      const denom = a * e - b * b;
      s = denom > EPS ? Math.min(1, Math.max(0, (b * f - c * e) / denom)) : 0;
      t = (b * s + f) / e;
      if (t < 0) {
        t = 0;
        s = Math.min(1, Math.max(0, -c / a));
      } else if (t > 1) {
        t = 1;
        s = Math.min(1, Math.max(0, (b - c) / a));
      }
    }
  }
  const dx = p1x + d1x * s - (p2x + d2x * t);
  const dy = p1y + d1y * s - (p2y + d2y * t);
  const dz = p1z + d1z * s - (p2z + d2z * t);
  return dx * dx + dy * dy + dz * dz;
}

export interface Intersection {
  /** capsule names, in CAPSULES order */
  a: string;
  b: string;
  /** penetration depth, metres: rA + rB − distance between the segments */
  depth: number;
}

export interface IntersectionOptions {
  /** depth (metres) tolerated before a pair counts as intersecting; default 0.03 */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 0.03;

function intersectionsOfPlaced(maxDepth: number): Intersection[] {
  let found: Intersection[] | null = null;
  for (let p = 0; p < PAIR_A.length; p++) {
    const i = PAIR_A[p], k = PAIR_B[p];
    const lim = RADIUS[i] + RADIUS[k] - maxDepth - PAIR_EXTRA[p];
    if (lim <= 0) continue;
    // Broad phase: spheres around the two capsules must overlap by more than the tolerance.
    const reach = bound[i] + bound[k] - maxDepth - PAIR_EXTRA[p];
    const mx = mids[i * 3] - mids[k * 3], my = mids[i * 3 + 1] - mids[k * 3 + 1], mz = mids[i * 3 + 2] - mids[k * 3 + 2];
    if (mx * mx + my * my + mz * mz >= reach * reach) continue;
    const a = i * 6, b = k * 6;
    const d2 = segmentDistanceSq(
      ends[a], ends[a + 1], ends[a + 2], ends[a + 3], ends[a + 4], ends[a + 5],
      ends[b], ends[b + 1], ends[b + 2], ends[b + 3], ends[b + 4], ends[b + 5],
    );
    if (d2 < lim * lim) {
      (found ??= []).push({ a: CAPSULES[i].name, b: CAPSULES[k].name, depth: RADIUS[i] + RADIUS[k] - Math.sqrt(d2) });
    }
  }
  return found ?? [];
}

/**
 * Capsule pairs that penetrate deeper than the tolerance (maxDepth, plus a per-pair allowance for
 * parts that press together in ordinary poses). Empty for a clean pose.
 */
export function selfIntersections(pose: ArrayLike<number>, opts: IntersectionOptions = {}): Intersection[] {
  placeCapsules(pose);
  return intersectionsOfPlaced(opts.maxDepth ?? DEFAULT_MAX_DEPTH);
}

export interface PlacedCapsule {
  name: string;
  region: BodyRegion;
  a: [number, number, number];
  b: [number, number, number];
  r: number;
}

/** The capsules of a posed body (pelvis joint at its rest position, no grounding): for views and tests. */
export function bodyCapsules(pose: ArrayLike<number>): PlacedCapsule[] {
  placeCapsules(pose);
  return CAPSULES.map((c, i) => ({
    name: c.name,
    region: c.region,
    a: [ends[i * 6], ends[i * 6 + 1], ends[i * 6 + 2]],
    b: [ends[i * 6 + 3], ends[i * 6 + 4], ends[i * 6 + 5]],
    r: c.r,
  }));
}

export interface GroundCheck {
  ok: boolean;
  /** lowest capsule point in the posed (ungrounded) frame, metres; grounding subtracts it */
  lowestY: number;
  /** regions within supportBand of the ground, in a fixed order, no duplicates */
  support: BodyRegion[];
  /** torso (pelvis → neck) points downward and nothing of the legs or pelvis carries weight */
  inverted: boolean;
  /** horizontal distance (metres) from the centre of mass to the support area; 0 inside */
  comOutside: number;
  /** comOutside ≤ balanceMargin */
  balanced: boolean;
  /** centre of mass (x, z) and its height above the ground, metres (uniform-density capsules) */
  com: [number, number];
  comHeight: number;
  /** support area: bounding box [minX, maxX, minZ, maxZ] of the supporting capsule ends */
  supportBox: [number, number, number, number];
  reasons: string[];
}

export interface GroundOptions {
  /** how close to the lowest point a part must be to carry weight; default 0.05 m */
  supportBand?: number;
  /** accept poses with the torso upside down (headstand, handstand); default false */
  allowInverted?: boolean;
  /** fail when the centre of mass lies outside the support area by more than balanceMargin; default false */
  requireBalance?: boolean;
  /** default 0.1 m */
  balanceMargin?: number;
}

const REGION_ORDER: readonly BodyRegion[] = ['foot', 'shin', 'thigh', 'pelvis', 'torso', 'hand', 'forearm', 'upperArm', 'head'];
const REGION_BIT = new Map(REGION_ORDER.map((r, i) => [r, 1 << i]));
const CAP_REGION_BIT = Int32Array.from(CAPSULES.map((c) => REGION_BIT.get(c.region) ?? 0));
// Capsule volume (uniform density) as each part's mass for the centre of mass; lengths from the
// rest pose, since bones are rigid.
const CAP_MASS = (() => {
  placeCapsules(new Float32Array(66));
  return Float64Array.from(CAPSULES.map((c, i) => {
    const o = i * 6;
    const len = Math.hypot(ends[o + 3] - ends[o], ends[o + 4] - ends[o + 1], ends[o + 5] - ends[o + 2]);
    return c.r * c.r * (len + (4 / 3) * c.r);
  }));
})();
const LEG_BITS = ['foot', 'shin', 'thigh', 'pelvis'].reduce((b, r) => b | (REGION_BIT.get(r as BodyRegion) ?? 0), 0);
const PELVIS = J('pelvis');
const NECK = J('neck');
const TORSO_LEN = REST_JOINTS[NECK * 3 + 1] - REST_JOINTS[PELVIS * 3 + 1];

function groundOfPlaced(opts: GroundOptions): GroundCheck {
  const band = opts.supportBand ?? 0.05;
  let lowest = Infinity;
  for (let i = 0; i < NC; i++) {
    const y = Math.min(ends[i * 6 + 1], ends[i * 6 + 4]) - RADIUS[i];
    if (y < lowest) lowest = y;
  }
  let bits = 0;
  // Support area: bounding box (x, z) of the supporting capsules' lowest ends.
  let minX = Infinity, maxX = -Infinity, minZ = Infinity, maxZ = -Infinity;
  let comX = 0, comY = 0, comZ = 0, mass = 0;
  for (let i = 0; i < NC; i++) {
    const o = i * 6;
    const m = CAP_MASS[i];
    comX += m * 0.5 * (ends[o] + ends[o + 3]);
    comY += m * 0.5 * (ends[o + 1] + ends[o + 4]);
    comZ += m * 0.5 * (ends[o + 2] + ends[o + 5]);
    mass += m;
    for (let s = 0; s < 2; s++) {
      const q = o + s * 3;
      if (ends[q + 1] - RADIUS[i] <= lowest + band) {
        bits |= CAP_REGION_BIT[i];
        if (ends[q] < minX) minX = ends[q];
        if (ends[q] > maxX) maxX = ends[q];
        if (ends[q + 2] < minZ) minZ = ends[q + 2];
        if (ends[q + 2] > maxZ) maxZ = ends[q + 2];
      }
    }
    // A capsule lying flat can touch in its middle only if both ends are low, so the ends suffice.
  }
  comX /= mass;
  comY /= mass;
  comZ /= mass;
  const ox = comX < minX ? minX - comX : comX > maxX ? comX - maxX : 0;
  const oz = comZ < minZ ? minZ - comZ : comZ > maxZ ? comZ - maxZ : 0;
  const comOutside = Math.hypot(ox, oz);
  const balanced = comOutside <= (opts.balanceMargin ?? 0.1);
  const support = REGION_ORDER.filter((r) => (bits & (REGION_BIT.get(r) ?? 0)) !== 0);
  const torsoUp = (fkPos[NECK * 3 + 1] - fkPos[PELVIS * 3 + 1]) / TORSO_LEN;
  // Head-down with the legs carrying nothing: a forward fold, downward dog or bridge keeps its feet
  // (or knees) on the ground and is not inverted; a headstand, handstand or shoulder stand is.
  const inverted = torsoUp < -0.5 && (bits & LEG_BITS) === 0;
  const reasons: string[] = [];
  if (support.length === 1 && support[0] === 'head') reasons.push('only the head touches the ground');
  if (inverted && !opts.allowInverted) reasons.push(`the body is upside down (torso pointing down, resting on: ${support.join(', ')})`);
  if (opts.requireBalance && !balanced) reasons.push(`the centre of mass is ${(comOutside * 100).toFixed(0)} cm outside the support`);
  return {
    ok: reasons.length === 0,
    lowestY: lowest,
    support,
    inverted,
    comOutside,
    balanced,
    com: [comX, comZ],
    comHeight: comY - lowest,
    supportBox: [minX, maxX, minZ, maxZ],
    reasons,
  };
}

/** Ground/support sanity of a pose stood on its lowest point (see the module comment). */
export function groundCheck(pose: ArrayLike<number>, opts: GroundOptions = {}): GroundCheck {
  placeCapsules(pose);
  return groundOfPlaced(opts);
}

export interface PlausibilityOptions extends GroundOptions, IntersectionOptions {
  /** largest total degrees outside the joint limits (summed over joints and axes); default 10 */
  maxLimitTotal?: number;
  /** largest excess on any one joint axis, degrees; default 5 */
  maxLimitAxis?: number;
  /** skip the self-intersection test (e.g. for poses known to press together); default false */
  skipIntersections?: boolean;
  /** skip the ground test (clips with their own root translation); default false */
  skipGround?: boolean;
}

export interface Plausibility {
  ok: boolean;
  /** limitScore total: degrees outside the joint limits, summed */
  limitScore: number;
  violations: LimitViolation[];
  intersections: Intersection[];
  ground: GroundCheck;
  /** one human-readable line per failed check; empty when ok */
  reasons: string[];
}

export const DEFAULT_MAX_LIMIT_TOTAL = 10;
export const DEFAULT_MAX_LIMIT_AXIS = 5;

/** Joint limits, self-intersection and ground sanity in one call. */
export function plausibility(pose: ArrayLike<number>, opts: PlausibilityOptions = {}): Plausibility {
  const lim = limitScore(pose);
  const reasons: string[] = [];
  const maxTotal = opts.maxLimitTotal ?? DEFAULT_MAX_LIMIT_TOTAL;
  const maxAxis = opts.maxLimitAxis ?? DEFAULT_MAX_LIMIT_AXIS;
  if (lim.total > maxTotal) reasons.push(`joint limits exceeded by ${lim.total.toFixed(1)}° in total (max ${maxTotal}°)`);
  for (const v of lim.violations) {
    const e = v.value < v.limit[0] ? v.limit[0] - v.value : v.value - v.limit[1];
    if (e > maxAxis) reasons.push(`${v.joint} ${v.axis} is ${v.value.toFixed(1)}°, outside [${v.limit[0]}, ${v.limit[1]}] by more than ${maxAxis}°`);
  }
  placeCapsules(pose);
  const intersections = opts.skipIntersections ? [] : intersectionsOfPlaced(opts.maxDepth ?? DEFAULT_MAX_DEPTH);
  for (const x of intersections) reasons.push(`${x.a} and ${x.b} intersect by ${(x.depth * 100).toFixed(1)} cm`);
  const ground = groundOfPlaced(opts);
  if (!opts.skipGround) reasons.push(...ground.reasons);
  return { ok: reasons.length === 0, limitScore: lim.total, violations: lim.violations, intersections, ground, reasons };
}
