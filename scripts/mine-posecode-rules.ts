/**
 * Mines the captioner's statistical-redundancy rules: "if A (and B) then C", over a seeded,
 * mirror-closed set of plausible poses, and writes src/main/compute/data/captioner/mined-rules.json.
 * Deterministic: same code, same pose set → byte-identical file.
 *
 *   npx tsx scripts/mine-posecode-rules.ts [--poses N] [--seed S] [--out PATH]
 *
 * Facts are the said (non-ignored) categories of every elementary posecode, measured without
 * noise. A rule is kept when
 *   - pair:   P(C | A) ≥ 0.70, or triple: P(C | A, B) ≥ 0.80 while neither A nor B alone reaches 0.70;
 *   - the antecedent holds in at least MIN_SUPPORT of the poses (so a rule rests on many poses);
 *   - C is far likelier given the antecedent than overall (lift ≥ MIN_LIFT): a rule must carry
 *     information, not restate that C is common;
 *   - C is not a rare category (rare facts are always said) and A, B, C are different codes;
 *   - C only involves body regions (trunk, each arm, each leg) that the antecedent involves: the
 *     sampler's pose clusters (lying poses, say) correlate far-apart parts by accident, and a rule
 *     "the left shoulder is higher → the left foot is to the side" would silence true, unrelated facts.
 * Pose set: the variation module's soft-prior sampler (samplePose), plus each authored library pose
 * and VARIATIONS_PER_LIBRARY_POSE variations of it (varyPose); every pose is also added mirrored,
 * so the rules are left/right symmetric. The file's description records the set.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { JOINT_NAMES, mirrorPose } from '../src/shared/body';
import { Rng } from '../src/main/compute/data/random';
import { samplePose, varyPose } from '../src/main/compute/data/variation';
import { POSE_LIBRARY } from '../src/main/compute/data/library';
import { measureValues } from '../src/main/compute/data/captioner/measure';
import { binValue } from '../src/main/compute/data/captioner/operators';
import { CODES, NUM_CODES } from '../src/main/compute/data/captioner/table';
import type { MinedRulesFile, MinedRule } from '../src/main/compute/data/captioner/redundancy';

const PAIR_CONFIDENCE = 0.7;
const TRIPLE_CONFIDENCE = 0.8;
const MIN_SUPPORT = 0.01;
const MIN_LIFT = 1.5;
/** A triple must beat the better of its two pair confidences by this much to be worth keeping. */
const TRIPLE_GAIN = 0.1;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const count = Number(arg('poses', '6000'));
const seed = Number(arg('seed', '20251125'));
const out = arg('out', path.join(here, '../src/main/compute/data/captioner/mined-rules.json'));

// ---- Pose set -------------------------------------------------------------------------------
const rng = new Rng(seed);
const poses: Float32Array[] = [];
const sampler = rng.fork('samplePose');
for (let i = 0; i < count; i++) {
  const p = samplePose(sampler);
  poses.push(p, mirrorPose(p));
}
const VARIATIONS_PER_LIBRARY_POSE = 20;
const library = POSE_LIBRARY;
const varyRng = rng.fork('varyPose');
for (const base of library) {
  poses.push(base.pose, mirrorPose(base.pose));
  for (let v = 0; v < VARIATIONS_PER_LIBRARY_POSE; v++) {
    const p = varyPose(base, varyRng, library).pose;
    poses.push(p, mirrorPose(p));
  }
}
const sourceNote =
  `${count} samplePose poses (seed ${seed})` +
  `, ${library.length} library poses with ${VARIATIONS_PER_LIBRARY_POSE} varyPose variations each,` +
  ' and their mirrors';
const N = poses.length;

// ---- Facts as bitsets over poses ---------------------------------------------------------------
const WORDS = Math.ceil(N / 32);
const FACTS = NUM_CODES * 8;
const bits = new Uint32Array(FACTS * WORDS);
const counts = new Uint32Array(FACTS);
const values = new Float64Array(NUM_CODES);
for (let n = 0; n < N; n++) {
  measureValues(poses[n], values);
  for (let i = 0; i < NUM_CODES; i++) {
    const c = CODES[i];
    const k = binValue(values[i], c.thresholds);
    if (!c.said[k]) continue;
    const f = i * 8 + k;
    bits[f * WORDS + (n >>> 5)] |= 1 << (n & 31);
    counts[f]++;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
function and2(a: number, b: number): number {
  let s = 0;
  for (let w = 0; w < WORDS; w++) s += popcount(bits[a * WORDS + w] & bits[b * WORDS + w]);
  return s;
}
const abScratch = new Uint32Array(WORDS);
function and3(ab: Uint32Array, c: number): number {
  let s = 0;
  for (let w = 0; w < WORDS; w++) s += popcount(ab[w] & bits[c * WORDS + w]);
  return s;
}

const minCount = Math.max(20, Math.ceil(MIN_SUPPORT * N));
const facts = Array.from({ length: FACTS }, (_, f) => f).filter((f) => counts[f] >= minCount);
const conclusions = facts.filter((f) => !CODES[f >> 3].rare[f & 7]);
// Body regions of a code, as a bit set: 1 trunk (pelvis, spine, neck, head, collars, shoulders, hips,
// and the whole-body and head codes), 2/4 left/right arm, 8/16 left/right leg.
const regionOfJoint = (j: number): number => {
  const n = JOINT_NAMES[j] ?? 'torso';
  const side = n.startsWith('left_') ? 0 : n.startsWith('right_') ? 1 : -1;
  if (side >= 0 && /elbow|wrist|hand/.test(n)) return 2 << side;
  if (side >= 0 && /knee|ankle|foot/.test(n)) return 8 << side;
  return 1;
};
const regions = CODES.map((c) => (c.joints[0] < 0 ? 1 : c.joints.reduce((m, j) => (j >= 0 ? m | regionOfJoint(j) : m), 0)));
const covered = (c: number, ...ante: number[]): boolean => {
  const have = ante.reduce((m, f) => m | regions[f >> 3], 0);
  return (regions[c >> 3] & ~have) === 0;
};
const name = (f: number): [string, string] => [CODES[f >> 3].id, CODES[f >> 3].categories[f & 7]];
const round = (x: number): number => Math.round(x * 1000) / 1000;

// ---- Pair rules ----------------------------------------------------------------------------------
const rules: MinedRule[] = [];
const pairConf = new Map<number, number>();
for (const a of facts) {
  for (const c of conclusions) {
    if (a >> 3 === c >> 3) continue;
    const both = and2(a, c);
    const conf = both / counts[a];
    pairConf.set(a * FACTS + c, conf);
    if (conf >= PAIR_CONFIDENCE && conf / (counts[c] / N) >= MIN_LIFT && covered(c, a))
      rules.push({ if: [name(a)], then: name(c), confidence: round(conf), support: counts[a] });
  }
}
const pairCount = rules.length;

// ---- Triple rules --------------------------------------------------------------------------------
for (let ia = 0; ia < facts.length; ia++) {
  const a = facts[ia];
  for (let ib = ia + 1; ib < facts.length; ib++) {
    const b = facts[ib];
    if (a >> 3 === b >> 3) continue;
    let sup = 0;
    for (let w = 0; w < WORDS; w++) {
      abScratch[w] = bits[a * WORDS + w] & bits[b * WORDS + w];
      sup += popcount(abScratch[w]);
    }
    if (sup < minCount) continue;
    for (const c of conclusions) {
      if (c >> 3 === a >> 3 || c >> 3 === b >> 3 || !covered(c, a, b)) continue;
      const ca = pairConf.get(a * FACTS + c) ?? 0;
      const cb = pairConf.get(b * FACTS + c) ?? 0;
      if (ca >= PAIR_CONFIDENCE || cb >= PAIR_CONFIDENCE) continue;
      // Cheap bound: the triple's hits cannot exceed either pair's.
      if (Math.min(ca * counts[a], cb * counts[b]) < TRIPLE_CONFIDENCE * sup) continue;
      const conf = and3(abScratch, c) / sup;
      if (conf >= TRIPLE_CONFIDENCE && conf - Math.max(ca, cb) >= TRIPLE_GAIN && conf / (counts[c] / N) >= MIN_LIFT && covered(c, a, b))
        rules.push({ if: [name(a), name(b)], then: name(c), confidence: round(conf), support: sup });
    }
  }
}

const file: MinedRulesFile = {
  version: 1,
  description:
    `Statistical-redundancy rules for the posecode captioner, written by scripts/mine-posecode-rules.ts from ${sourceNote}. ` +
    `Pair rules P(C|A) >= ${PAIR_CONFIDENCE}, triple rules P(C|A,B) >= ${TRIPLE_CONFIDENCE}, antecedent support >= ${MIN_SUPPORT * 100}% of poses, lift >= ${MIN_LIFT}.`,
  poses: N,
  rules,
};
writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
console.log(`${N} poses, ${facts.length} frequent facts, ${pairCount} pair rules, ${rules.length - pairCount} triple rules → ${out}`);
