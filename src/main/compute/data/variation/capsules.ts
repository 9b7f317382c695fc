import { forwardKinematics, jointIndex } from '../../../../shared/body';

/**
 * The body as capsules (segments with radii, SMPL neutral proportions) placed by forward
 * kinematics, and their self-intersections: pairs that are not allowed to touch are tested for
 * penetration depth (rA + rB − distance). Contact is fine (hands on hips, arms crossed, thighs
 * together): only depth beyond a tolerance counts, because capsules are a rough stand-in for soft
 * tissue. Built for filtering many poses: FK into reused buffers, a bounding-sphere broad phase,
 * no allocation unless something is found.
 */

/** Joint index by name, throwing on a typo (tables here are built at load time). */
export const J = (name: string): number => {
  const i = jointIndex(name);
  if (i < 0) throw new Error(`no joint ${name}`);
  return i;
};

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

/** The buffers placeCapsules fills (shared, overwritten by every call): read, never write. */
export const PLACED = { count: NC, radius: RADIUS, ends, fkPos, fkRot } as const;

/**
 * Places every capsule for a pose into the module's reused buffers (PLACED). Internal to the
 * plausibility checks, which read the buffers right after; not re-exported by the index.
 */
export function placeCapsules(pose: ArrayLike<number>): void {
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

/** Intersections of the capsules last placed by placeCapsules (internal, see there). */
export function intersectionsOfPlaced(maxDepth: number): Intersection[] {
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
