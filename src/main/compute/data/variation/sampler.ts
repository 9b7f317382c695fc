import {
  axisAngleToQuat,
  jointIndex,
  JOINT_LIMITS_DEG,
  JOINT_NAMES,
  NUM_BODY_JOINTS,
  quatMultiply,
  quatToAxisAngle,
  setJointAngles,
} from '../../../../shared/body';
import type { Rng } from '../random';
import { groundCheck, type GroundCheck } from './ground';
import { plausibility, type PlausibilityOptions } from './plausibility';

/**
 * A soft prior over body poses, sampled in the standard-joint-angle frames (degrees) and turned
 * into axis-angle with setJointAngles. Each joint axis has a small mixture of normals truncated to
 * the joint's limits, centred on natural angles: knees and elbows mostly a little bent with
 * occasional deep bends, the spine near straight, hips mostly under the body with sitting and
 * lifting modes, shoulders spread over their range. Left-side priors are written once; the right
 * side uses the mirror image (same x, negated y and z, as the limits are laid out).
 *
 * Samples are drawn until `plausibility` accepts one. Each retry narrows the spread a little, so a
 * sampler can never loop forever: the prior's centre (PRIOR_MODE_POSE) is itself plausible.
 */

/** One component of an axis prior: weight, mean and standard deviation in degrees. */
export interface PriorComponent {
  w: number;
  mu: number;
  sd: number;
}

/** Per joint (left side for limbs), per axis x, y, z: a mixture; [] means the axis stays at 0. */
export type JointPrior = readonly [readonly PriorComponent[], readonly PriorComponent[], readonly PriorComponent[]];

const C = (w: number, mu: number, sd: number): PriorComponent => ({ w, mu, sd });
const FIXED: readonly PriorComponent[] = [];

/**
 * The prior by joint name (midline joints and the left side; axis meanings from AXIS_MOTIONS).
 * Hip x: lift, negative forward. Knee x: bend. Shoulder x: raise, negative up (+90 hangs the arm
 * down); shoulder y: swing, negative forward. Elbow y: bend, negative. Spine x: bend, positive
 * forward.
 */
export const POSE_PRIOR: Readonly<Record<string, JointPrior>> = Object.freeze({
  spine1: [[C(1, 2, 6)], [C(1, 0, 4)], [C(1, 0, 7)]],
  spine2: [[C(1, 2, 6)], [C(1, 0, 4)], [C(1, 0, 7)]],
  spine3: [[C(1, 1, 5)], [C(1, 0, 4)], [C(1, 0, 6)]],
  neck: [[C(1, 2, 8)], [C(1, 0, 5)], [C(1, 0, 10)]],
  head: [[C(1, 2, 8)], [C(1, 0, 6)], [C(1, 0, 12)]],
  left_hip: [[C(0.7, -8, 15), C(0.2, -55, 25), C(0.1, -95, 20)], [C(0.8, 4, 8), C(0.2, 30, 18)], [C(1, 0, 12)]],
  left_knee: [[C(0.6, 8, 8), C(0.28, 50, 25), C(0.12, 105, 25)], FIXED, FIXED],
  left_ankle: [[C(1, 4, 10)], [C(1, 0, 6)], [C(1, 0, 7)]],
  left_foot: [[C(1, 0, 8)], FIXED, [C(1, 0, 5)]],
  left_collar: [[C(1, 0, 6)], [C(1, -2, 6)], FIXED],
  left_shoulder: [[C(0.5, 65, 18), C(0.3, 10, 30), C(0.2, -55, 25)], [C(1, -15, 30)], [C(1, 0, 25)]],
  left_elbow: [FIXED, [C(0.5, -15, 12), C(0.35, -65, 25), C(0.15, -115, 18)], FIXED],
  left_wrist: [[C(1, 0, 18)], [C(1, 0, 10)], [C(1, 0, 20)]],
} as Record<string, JointPrior>);

export type SideCoupling = 'independent' | 'mirror' | 'opposite';
export type LegMode = 'stand' | 'free' | 'crouch';

const DEFAULT_LEGS: Record<LegMode, number> = { stand: 0.55, free: 0.33, crouch: 0.12 };
/** Hip flexion and knee bend (x axes) of the crouch mode, left side; both legs follow it together. */
const CROUCH: Readonly<Record<'hip' | 'knee', PriorComponent>> = { hip: C(1, -80, 20), knee: C(1, 105, 20) };

export interface SampleOptions {
  /**
   * How the right limbs relate to the left: drawn independently, as a near copy of the left
   * (symmetric poses), or with hips and shoulders swinging in opposition (gait-like). Either a
   * fixed choice or weights; default { independent: 0.5, mirror: 0.3, opposite: 0.2 }.
   */
  coupling?: SideCoupling | Partial<Record<SideCoupling, number>>;
  /** sd (degrees) of the right side around its coupled value; default 8 */
  couplingJitter?: number;
  /**
   * Global orientation: weights of upright (root identity), leaning (tilted ~N(0, 12°)) and lying
   * (on the back, front or a side); default { upright: 0.85, lean: 0.1, lying: 0.05 }.
   */
  orientation?: Partial<Record<'upright' | 'lean' | 'lying', number>>;
  /** turn the body to a uniform random heading; default false (facing +Z, as the policy sees poses) */
  randomYaw?: boolean;
  /**
   * Weights of how the legs are drawn: 'stand' (both on their main component), 'free' (the whole
   * prior: raised, spread, sitting components, each leg on its own) and 'crouch' (both hips and knees
   * deeply bent together: squats, crouches, sitting). Drawn per leg from the whole prior, about 40%
   * of samples came out one-legged (kicks and arabesques); people mostly stand on both feet.
   * Default { stand: 0.55, free: 0.33, crouch: 0.12 }.
   */
  legs?: Partial<Record<LegMode, number>>;
  /** multiplies every prior sd; default 1 */
  spread?: number;
  /** samples tried before falling back to the prior's centre; default 60 */
  maxTries?: number;
  /**
   * Tilt the whole body (as a person shifts their weight) so its centre of mass sits over the
   * support, then require static balance; default true. Without it most one-legged draws would
   * topple sideways.
   */
  balance?: boolean;
  /** passed to plausibility (thresholds, inverted poses, …); requireBalance defaults to `balance` */
  plausibility?: PlausibilityOptions;
}

export interface SampleResult {
  pose: Float32Array;
  /** samples drawn, this one included */
  tries: number;
  /** false only when every try was refused and the prior's centre was returned */
  accepted: boolean;
}

const DEFAULT_COUPLING: Record<SideCoupling, number> = { independent: 0.5, mirror: 0.3, opposite: 0.2 };
const DEFAULT_ORIENTATION = { upright: 0.85, lean: 0.1, lying: 0.05 };
// Each refused try multiplies the spread by this, pulling later tries toward the natural centre.
const SHRINK = 0.96;

interface PackedJoint {
  joint: number;
  /** signs applied to the left-side prior: right joints negate y and z (mirror-consistent frames) */
  sign: readonly [number, number, number];
  prior: JointPrior;
  limits: readonly (readonly [number, number])[];
  /** index of the left partner in PACKED for right joints, else −1 */
  partner: number;
  /** axes that swing in opposition under 'opposite' coupling */
  opposeAxes: readonly number[];
  /** hip or knee: drawn by the leg mode */
  leg: 'hip' | 'knee' | null;
}

const PACKED: readonly PackedJoint[] = (() => {
  const out: PackedJoint[] = [];
  for (let j = 1; j < NUM_BODY_JOINTS; j++) {
    const name = JOINT_NAMES[j];
    const isRight = name.startsWith('right_');
    const key = isRight ? 'left_' + name.slice(6) : name;
    const prior = POSE_PRIOR[key];
    const lim = JOINT_LIMITS_DEG[j];
    if (!prior || !lim) throw new Error(`no prior for ${name}`);
    const base = key.replace(/^left_/, '');
    out.push({
      joint: j,
      sign: isRight ? [1, -1, -1] : [1, 1, 1],
      prior,
      limits: lim,
      partner: isRight ? out.findIndex((p) => p.joint === jointIndex(key)) : -1,
      opposeAxes: base === 'hip' ? [0] : base === 'shoulder' ? [1] : [],
      leg: base === 'hip' || base === 'knee' ? base : null,
    });
  }
  return out;
})();

/** A normal draw truncated to [lo, hi] (rejection, then clamping after a few misses so it always ends). */
export function truncatedNormal(rng: Rng, mu: number, sd: number, lo: number, hi: number): number {
  if (lo >= hi) return lo;
  if (sd <= 0) return Math.min(hi, Math.max(lo, mu));
  for (let k = 0; k < 8; k++) {
    const v = mu + sd * rng.normal();
    if (v >= lo && v <= hi) return v;
  }
  return rng.uniform(lo, hi);
}

function drawMixture(rng: Rng, comps: readonly PriorComponent[], sign: number, lo: number, hi: number, spread: number): number {
  if (comps.length === 0) return Math.min(hi, Math.max(lo, 0));
  let c = comps[0];
  if (comps.length > 1) {
    let u = rng.next() * comps.reduce((s, x) => s + x.w, 0);
    for (const x of comps) {
      u -= x.w;
      c = x;
      if (u < 0) break;
    }
  }
  return truncatedNormal(rng, sign * c.mu, c.sd * spread, lo, hi);
}

function pickCoupling(rng: Rng, c: SampleOptions['coupling']): SideCoupling {
  if (typeof c === 'string') return c;
  const w = { ...DEFAULT_COUPLING, ...(c ?? {}) };
  const kinds: SideCoupling[] = ['independent', 'mirror', 'opposite'];
  return rng.weighted(kinds, kinds.map((k) => Math.max(0, w[k])));
}

const angles = new Float64Array(NUM_BODY_JOINTS * 3);

/** Draws joint angles (SJA degrees) for joints 1..21 into `angles` and writes the pose. */
function drawBody(rng: Rng, pose: Float32Array, opts: SampleOptions, spread: number): void {
  const coupling = pickCoupling(rng, opts.coupling);
  const jitter = (opts.couplingJitter ?? 8) * spread;
  const lw = { ...DEFAULT_LEGS, ...(opts.legs ?? {}) };
  const modes: LegMode[] = ['stand', 'free', 'crouch'];
  const legMode = rng.weighted(modes, modes.map((m) => Math.max(0, lw[m])));
  for (const pj of PACKED) {
    const j = pj.joint;
    for (let a = 0; a < 3; a++) {
      const [lo, hi] = pj.limits[a];
      const all = pj.prior[a];
      let comps = all;
      if (pj.leg && legMode === 'crouch' && a === 0) comps = [CROUCH[pj.leg]];
      else if (pj.leg && legMode !== 'free' && all.length > 1) comps = [all.reduce((m, x) => (x.w > m.w ? x : m), all[0])];
      const legCoupling: SideCoupling = pj.leg && legMode === 'crouch' ? 'mirror' : coupling;
      let v: number;
      if (pj.partner >= 0 && legCoupling !== 'independent' && comps.length > 0) {
        // Right side from the left one: mirror-consistent frames, so the same anatomical motion is (x, −y, −z).
        const left = angles[PACKED[pj.partner].joint * 3 + a] * pj.sign[a];
        let target = left;
        if (legCoupling === 'opposite' && pj.opposeAxes.includes(a)) {
          // Swing about the heaviest component's mean (standing for hips): one leg forward, one back.
          const top = comps.reduce((m, x) => (x.w > m.w ? x : m), comps[0]);
          target = 2 * pj.sign[a] * top.mu - left;
        }
        v = truncatedNormal(rng, target, jitter, lo, hi);
      } else {
        v = drawMixture(rng, comps, pj.sign[a], lo, hi, spread);
      }
      angles[j * 3 + a] = v;
    }
    setJointAngles(pose, j, [angles[j * 3], angles[j * 3 + 1], angles[j * 3 + 2]]);
  }
}

const DEG = Math.PI / 180;

/** Root axis-angle for the chosen orientation (before any yaw). */
function drawRoot(rng: Rng, pose: Float32Array, opts: SampleOptions): void {
  const w = { ...DEFAULT_ORIENTATION, ...(opts.orientation ?? {}) };
  const kind = rng.weighted(['upright', 'lean', 'lying'] as const, [w.upright, w.lean, w.lying].map((x) => Math.max(0, x)));
  let rx = 0, rz = 0;
  if (kind === 'lean') {
    rx = 12 * DEG * rng.normal();
    rz = 12 * DEG * rng.normal();
  } else if (kind === 'lying') {
    // back (pitch −90°), front (+90°), left or right side (roll ±90°), each with a little tilt.
    const which = rng.int(4);
    const tilt = () => 8 * DEG * rng.normal();
    if (which < 2) {
      rx = (which === 0 ? -90 : 90) * DEG + tilt();
      rz = tilt();
    } else {
      rz = (which === 2 ? 90 : -90) * DEG + tilt();
      rx = tilt();
    }
  }
  // A tilt about x then z, as one rotation R = Rz·Rx expressed as axis-angle through a quaternion.
  const cx = Math.cos(rx / 2), sx = Math.sin(rx / 2), cz = Math.cos(rz / 2), sz = Math.sin(rz / 2);
  let qw = cz * cx, qx = cz * sx, qy = sz * sx, qz = sz * cx;
  if (opts.randomYaw) {
    const yaw = rng.uniform(-Math.PI, Math.PI);
    const cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
    // (cy, 0, sy, 0) ⊗ q
    [qw, qx, qy, qz] = [cy * qw - sy * qy, cy * qx + sy * qz, cy * qy + sy * qw, cy * qz - sy * qx];
  }
  const s = Math.hypot(qx, qy, qz);
  const f = s < 1e-12 ? 2 : (2 * Math.atan2(s, qw)) / s;
  pose[0] = f * qx;
  pose[1] = f * qy;
  pose[2] = f * qz;
}

/** The prior's centre: every axis at its heaviest component's mean (clamped to the limits). */
export const PRIOR_MODE_POSE: Float32Array = (() => {
  const p = new Float32Array(NUM_BODY_JOINTS * 3);
  for (const pj of PACKED) {
    const deg = [0, 1, 2].map((a) => {
      const comps = pj.prior[a];
      if (comps.length === 0) return 0;
      const top = comps.reduce((m, x) => (x.w > m.w ? x : m), comps[0]);
      return Math.min(pj.limits[a][1], Math.max(pj.limits[a][0], pj.sign[a] * top.mu));
    });
    setJointAngles(p, pj.joint, deg);
  }
  return p;
})();

const tq = new Float64Array(4);
const rq = new Float64Array(4);
const oq = new Float64Array(4);

/**
 * Tilts the root so the centre of mass moves over the middle of the support area: a rigid turn by
 * a small angle θ moves the centre of mass, h above the support, sideways by about θ·h. A few
 * rounds, since the support itself moves as the body turns. Returns the final ground check.
 */
export function balancePose(pose: Float32Array, rounds = 3): GroundCheck {
  let g = groundCheck(pose);
  for (let r = 0; r < rounds && g.comOutside > 0.02; r++) {
    const [minX, maxX, minZ, maxZ] = g.supportBox;
    const dx = 0.5 * (minX + maxX) - g.com[0];
    const dz = 0.5 * (minZ + maxZ) - g.com[1];
    const h = Math.max(0.3, g.comHeight);
    // Rz(φ) moves a point above the pivot toward −x for φ > 0; Rx(ψ) moves it toward +z.
    const phi = Math.max(-0.5, Math.min(0.5, -dx / h));
    const psi = Math.max(-0.5, Math.min(0.5, dz / h));
    const cz = Math.cos(phi / 2), sz = Math.sin(phi / 2), cx = Math.cos(psi / 2), sx = Math.sin(psi / 2);
    // tilt = Rx(ψ)·Rz(φ) as a quaternion, applied in the world frame: root' = tilt·root
    tq[0] = cx * cz; tq[1] = sx * cz; tq[2] = -sx * sz; tq[3] = cx * sz;
    axisAngleToQuat(pose, rq, 0, 0);
    quatMultiply(tq, rq, oq);
    quatToAxisAngle(oq, pose, 0, 0);
    g = groundCheck(pose);
  }
  return g;
}

/** One plausible pose from the prior, with how many draws it took. */
export function samplePoseWithInfo(rng: Rng, opts: SampleOptions = {}): SampleResult {
  const maxTries = opts.maxTries ?? 60;
  const balance = opts.balance ?? true;
  const pOpts: PlausibilityOptions = { requireBalance: balance, ...(opts.plausibility ?? {}) };
  const base = opts.spread ?? 1;
  let spread = base;
  for (let t = 1; t <= maxTries; t++) {
    const pose = new Float32Array(NUM_BODY_JOINTS * 3);
    drawBody(rng, pose, opts, spread);
    drawRoot(rng, pose, opts);
    if (balance) balancePose(pose);
    if (plausibility(pose, pOpts).ok) return { pose, tries: t, accepted: true };
    spread *= SHRINK;
  }
  return { pose: Float32Array.from(PRIOR_MODE_POSE), tries: maxTries, accepted: false };
}

/** One plausible body pose (66 axis-angle numbers) from the soft prior. */
export function samplePose(rng: Rng, opts: SampleOptions = {}): Float32Array {
  return samplePoseWithInfo(rng, opts).pose;
}
