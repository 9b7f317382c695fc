import { JOINT_NAMES, jointIndex } from '../../../../../shared/body';

/**
 * Which source joint plays which SMPL joint, found by name. Table driven and case-insensitive: a source name
 * is reduced to a side (left / right / none) and a compact lower-case base ("mixamorig:LeftUpLeg" → left
 * "upleg", "thigh_l" → left "thigh", "upperleg01.L" → left "upperleg01", "LHipJoint" → left "hipjoint",
 * "Bip01 L Calf" → left "calf"), then each SMPL joint takes the first unused source joint whose base is in
 * its ordered candidate list and that sits in the right place in the tree (a knee below its hip, a collar
 * above its shoulder).
 *
 * The candidate order settles names that mean different things in different rigs:
 * - CMU (cgspeed) "LeftShoulder" is the clavicle and "LeftArm" the shoulder joint, while the older CMU export
 *   (131_*.bvh) has LeftCollar → LeftShoulder → LeftElbow: the shoulder is resolved first (arm before shoulder),
 *   the collar then takes what is left above it.
 * - "LeftFoot" is the ankle in CMU/Mixamo but SMPL's "left_foot" is the ball of the foot: the ankle is resolved
 *   first (ankle before foot), so a rig that has both keeps SMPL's meaning.
 * - CMU's Neck sits at the base of the clavicles, lower than SMPL's neck joint; Neck1 (cgspeed) / Neck (131) /
 *   neck02 (MakeHuman) sit where SMPL's neck does.
 */

export type Side = 'L' | 'R' | '';

export interface ParsedName {
  side: Side;
  /** Lower-case letters and digits only, side and rig prefixes removed. */
  base: string;
}

// Words that can follow a bare one-letter side prefix ("lhand", "rhipjoint"); kept short so that
// names like "lowerback" or "root" are not misread as sided.
const SIDED_BASES = new Set([
  'hip', 'hipjoint', 'upleg', 'upperleg', 'thigh', 'leg', 'knee', 'shin', 'calf', 'lowerleg', 'foot', 'ankle', 'toe',
  'toes', 'toebase', 'ball', 'collar', 'clavicle', 'shoulder', 'arm', 'upperarm', 'uparm', 'forearm', 'lowerarm',
  'elbow', 'wrist', 'hand', 'fingers', 'thumb', 'fingerbase', 'palm',
]);

const RIG_PREFIXES = [/^mixamorig\d*/, /^bip0*1/, /^biped/, /^def/, /^orgs?/, /^character\d*/];

/** Splits a source joint name into side and base. */
export function parseJointName(raw: string): ParsedName {
  // Namespaces ("mixamorig:LeftArm", "Armature|Hips") carry no meaning for the joint.
  let name = raw.trim();
  const ns = Math.max(name.lastIndexOf(':'), name.lastIndexOf('|'));
  if (ns >= 0) name = name.slice(ns + 1);

  // Tokens: separators, and camelCase boundaries in the original spelling.
  const tokens = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((t) => t !== '')
    .map((t) => t.toLowerCase());
  let compactTokens = tokens.slice();
  // Drop rig prefixes ("bip01 l thigh", "mixamorig left arm").
  while (compactTokens.length > 1 && RIG_PREFIXES.some((re) => re.test(compactTokens[0]) && compactTokens[0].replace(re, '') === '')) {
    compactTokens = compactTokens.slice(1);
  }
  let side: Side = '';
  const sideOf = (t: string): Side => (t === 'left' || t === 'l' || t === 'lft' ? 'L' : t === 'right' || t === 'r' || t === 'rgt' ? 'R' : '');
  const rest: string[] = [];
  for (const t of compactTokens) {
    const s: Side = side === '' ? sideOf(t) : '';
    if (s !== '') side = s;
    else rest.push(t);
  }
  let base = rest.join('').replace(/[^a-z0-9]/g, '');
  if (side === '') {
    // Glued forms: "leftupleg", "handleft", "lhand".
    const m = /^(left|right)(.+)$/.exec(base) ?? /^(.+?)(left|right)$/.exec(base);
    if (m) {
      const [a, b] = m[1] === 'left' || m[1] === 'right' ? [m[1], m[2]] : [m[2], m[1]];
      side = a === 'left' ? 'L' : 'R';
      base = b;
    } else if (/^[lr]/.test(base) && SIDED_BASES.has(base.slice(1))) {
      side = base[0] === 'l' ? 'L' : 'R';
      base = base.slice(1);
    }
  }
  return { side, base };
}

/** How a candidate must relate to an already-mapped SMPL joint's source. */
interface Rule {
  smpl: string;
  side: Side;
  bases: string[];
  /** The mapped source must be a strict descendant ('below') or ancestor ('above') of this SMPL joint's source. */
  relation?: { to: string; kind: 'below' | 'above' };
}

const LEG = (s: 'left' | 'right', side: Side): Rule[] => [
  { smpl: `${s}_hip`, side, bases: ['upleg', 'upperleg', 'thigh', 'upperleg01', 'hip', 'femur', 'leg1', 'legupper'], relation: { to: 'pelvis', kind: 'below' } },
  { smpl: `${s}_knee`, side, bases: ['leg', 'knee', 'lowerleg', 'shin', 'calf', 'lowerleg01', 'crus', 'tibia', 'leg2', 'leglower'], relation: { to: `${s}_hip`, kind: 'below' } },
  { smpl: `${s}_ankle`, side, bases: ['ankle', 'foot', 'talus'], relation: { to: `${s}_knee`, kind: 'below' } },
  { smpl: `${s}_foot`, side, bases: ['toebase', 'toe', 'toes', 'ball', 'toe0', 'toe31', 'toe21', 'toe11', 'foot', 'footend'], relation: { to: `${s}_ankle`, kind: 'below' } },
];

const ARM = (s: 'left' | 'right', side: Side): Rule[] => [
  { smpl: `${s}_shoulder`, side, bases: ['arm', 'upperarm', 'uparm', 'upperarm01', 'humerus', 'arm1', 'armupper', 'shoulder'] },
  { smpl: `${s}_collar`, side, bases: ['collar', 'clavicle', 'shoulder', 'clav'], relation: { to: `${s}_shoulder`, kind: 'above' } },
  { smpl: `${s}_elbow`, side, bases: ['forearm', 'lowerarm', 'elbow', 'lowerarm01', 'lowarm', 'radius', 'arm2', 'armlower'], relation: { to: `${s}_shoulder`, kind: 'below' } },
  { smpl: `${s}_wrist`, side, bases: ['wrist', 'hand'], relation: { to: `${s}_elbow`, kind: 'below' } },
  // SMPL's hand joint sits ~8 cm past the wrist, where the fingers start.
  { smpl: `${s}_hand`, side, bases: ['fingerbase', 'hand', 'handmiddle1', 'middle1', 'finger31', 'middle01', 'fingers', 'palm', 'hand2'], relation: { to: `${s}_wrist`, kind: 'below' } },
];

/** Resolution order matters (see the module comment). */
const RULES: readonly Rule[] = [
  { smpl: 'pelvis', side: '', bases: ['hips', 'pelvis', 'hip', 'root', 'cog'] },
  { smpl: 'neck', side: '', bases: ['neck1', 'neck', 'neck02', 'neck01', 'lowerneck', 'neck2'], relation: { to: 'pelvis', kind: 'below' } },
  { smpl: 'head', side: '', bases: ['head', 'skull'], relation: { to: 'neck', kind: 'below' } },
  ...LEG('left', 'L'),
  ...LEG('right', 'R'),
  ...ARM('left', 'L'),
  ...ARM('right', 'R'),
];

export interface SourceJointRef {
  name: string;
  parent: number;
  /** End Sites are never mapped by name. */
  endSite?: boolean;
}

/**
 * source[j] for every SMPL joint j (24 entries; -1 where the rig has no such joint). The spine joints
 * (spine1..3) are never mapped by name: the retargeter places them along the source's pelvis→neck chain.
 */
export function mapJointsByName(joints: readonly SourceJointRef[]): Int32Array {
  const map = new Int32Array(JOINT_NAMES.length).fill(-1);
  const parsed = joints.map((j) => (j.endSite ? null : parseJointName(j.name)));
  const used = new Set<number>();
  const isBelow = (a: number, b: number): boolean => {
    // a strictly below b
    for (let p = joints[a].parent; p >= 0; p = joints[p].parent) if (p === b) return true;
    return false;
  };
  for (const rule of RULES) {
    const target = jointIndex(rule.smpl);
    let rel = -2;
    if (rule.relation) {
      rel = map[jointIndex(rule.relation.to)];
      // Without the anchor there is no structure to check against: accept by name alone.
    }
    let found = -1;
    for (const base of rule.bases) {
      for (let i = 0; i < joints.length && found < 0; i++) {
        const p = parsed[i];
        if (!p || used.has(i) || p.side !== rule.side || p.base !== base) continue;
        if (rule.relation && rel >= 0) {
          if (rule.relation.kind === 'below' ? !isBelow(i, rel) : !isBelow(rel, i)) continue;
        }
        found = i;
      }
      if (found >= 0) break;
    }
    // The pelvis defaults to the root: every rig has one, and it is almost always the hips.
    if (found < 0 && rule.smpl === 'pelvis' && joints.length > 0) found = 0;
    if (found >= 0) {
      map[target] = found;
      used.add(found);
    }
  }
  return map;
}
