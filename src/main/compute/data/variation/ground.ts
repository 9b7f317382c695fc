import { REST_JOINTS } from '../../../../shared/body';
import { CAPSULES, J, PLACED, placeCapsules, type BodyRegion } from './capsules';

/**
 * Ground sanity. The pose is stood on its lowest capsule point (translation is free in a pose
 * vector, so a pose can never float: something always touches y = 0). What can still be wrong is
 * WHAT touches: the support set is every capsule whose lowest point lies within `supportBand`
 * (5 cm) of the ground. It must contain a weight-bearing region (feet, shins/knees, thighs,
 * pelvis, hands, forearms/elbows, upper arms, back/torso); the head alone is not a support. A pose
 * whose torso points downward (pelvis above the neck by more than half the torso) while no leg
 * part or the pelvis touches the ground is "inverted" and refused unless `allowInverted`
 * (headstands, handstands, shoulder stands; a forward fold, downward dog or bridge is fine).
 * Static balance (the centre of mass over the support area) is reported but only enforced with
 * `requireBalance`, since jumps, runs and throws are legitimately off balance.
 */

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
const NC = PLACED.count;
const { ends, fkPos, radius: RADIUS } = PLACED;
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

/** Ground check of the capsules last placed by placeCapsules (internal). */
export function groundOfPlaced(opts: GroundOptions): GroundCheck {
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
