import { describe, expect, it } from 'vitest';
import { REST_JOINTS, jointIndex, setJointAngles } from '../../../shared/body';
import { measurePosecodes, posecodeAgreement } from '../data/captioner';
import { TEST_POSES } from '../data/captioner/testPoses';
import { hygrpoAdvantages } from './advantages';
import {
  DEFAULT_SPATIAL_FLOOR_M,
  REWARDS,
  REWARD_NAMES,
  cosine,
  formatReward,
  hasValidPoseSlot,
  plausibilityReward,
  rewardWeightProblems,
  scoreGroup,
  scoreGroups,
  spatialReward,
  type RewardCandidate,
} from './rewards';

const POSE_ANSWER = 'The SMPL pose of this person is <POSE>.';

function anglePose(spec: Record<string, readonly [number, number, number]>): Float32Array {
  const p = new Float32Array(66);
  for (const [name, deg] of Object.entries(spec)) setJointAngles(p, jointIndex(name), deg);
  return p;
}

describe('format reward (regular expression on the answer)', () => {
  it('pose tasks: exactly one <POSE> in a sentence, decoding ended', () => {
    expect(formatReward({ text: POSE_ANSWER, pose: null }, 'text2pose')).toBe(1);
    expect(formatReward({ text: 'Here is the pose: <POSE>.', pose: null }, 'landmarks2pose')).toBe(1);
    expect(formatReward({ text: 'Two poses <POSE> and <POSE>.', pose: null }, 'text2pose')).toBe(0);
    expect(formatReward({ text: 'The person kneels.', pose: null }, 'text2pose')).toBe(0);
    expect(formatReward({ text: 'The pose is <POSE> <JOINTS>.', pose: null }, 'text2pose')).toBe(0);
    expect(formatReward({ text: POSE_ANSWER, pose: null, ended: false }, 'text2pose')).toBe(0);
  });

  it('text tasks: some word, no slot token', () => {
    expect(formatReward({ text: 'The person is kneeling with both arms up.', pose: null }, 'pose2text')).toBe(1);
    expect(formatReward({ text: 'Yes.', pose: null }, 'pose-qa')).toBe(1);
    expect(formatReward({ text: 'It is <POSE>.', pose: null }, 'pose2text')).toBe(0);
    expect(formatReward({ text: '', pose: null }, 'pose-qa')).toBe(0);
    expect(formatReward({ text: ' . , ', pose: null }, 'pose2text')).toBe(0);
    expect(formatReward({ text: 'Yes', pose: null, ended: false }, 'pose-qa')).toBe(0);
  });

  it('V membership needs a pose task, a well-formed answer and a pose', () => {
    const pose = new Float32Array(66);
    expect(hasValidPoseSlot({ text: POSE_ANSWER, pose }, 'text2pose')).toBe(true);
    expect(hasValidPoseSlot({ text: POSE_ANSWER, pose: null }, 'text2pose')).toBe(false);
    expect(hasValidPoseSlot({ text: 'No pose.', pose }, 'text2pose')).toBe(false);
    expect(hasValidPoseSlot({ text: 'Kneeling.', pose }, 'pose2text')).toBe(false);
  });
});

describe('cosine', () => {
  it('uses both norms, is 0 for a zero vector, rejects mismatched lengths', () => {
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(cosine([2, 0, 0], [-3, 0, 0])).toBeCloseTo(-1, 15);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1], [1, 2])).toThrow(RangeError);
  });
});

describe('spatial reward (inverse mean joint error with a floor)', () => {
  it('is 1 at the target and floor/error for a body turned 180° about the vertical', () => {
    const target = new Float32Array(66);
    expect(spatialReward(target, target)).toBe(1);
    // Turning about Y maps a joint at (x, y, z) from the pelvis to (−x, y, −z): error 2·√(x² + z²) per joint.
    const turned = new Float32Array(66);
    turned[1] = Math.PI;
    let sum = 0;
    for (let j = 0; j < 22; j++) {
      const dx = REST_JOINTS[j * 3]! - REST_JOINTS[0]!;
      const dz = REST_JOINTS[j * 3 + 2]! - REST_JOINTS[2]!;
      sum += 2 * Math.hypot(dx, dz);
    }
    const error = sum / 22;
    expect(error).toBeGreaterThan(DEFAULT_SPATIAL_FLOOR_M);
    expect(spatialReward(turned, target)).toBeCloseTo(DEFAULT_SPATIAL_FLOOR_M / error, 5);
    expect(spatialReward(turned, target, 0.01)).toBeCloseTo(0.01 / error, 5);
  });

  it('is capped at 1 below the floor and falls as the error grows', () => {
    const target = new Float32Array(66);
    const tiny = anglePose({ left_knee: [1, 0, 0] });
    expect(spatialReward(tiny, target)).toBe(1);
    const bent = spatialReward(anglePose({ left_knee: [60, 0, 0] }), target);
    const moreBent = spatialReward(anglePose({ left_knee: [120, 0, 0] }), target);
    expect(bent).toBeLessThan(1);
    expect(moreBent).toBeLessThan(bent);
  });
});

describe('plausibility guard (joint limits + capsule self-intersection)', () => {
  it('is 1 for a clean pose, falls linearly with degrees outside the limits, 0 for interpenetration', () => {
    expect(plausibilityReward(TEST_POSES.standing())).toBe(1);
    // A knee bent 15° backwards (limit [0°, 150°]): 15° outside, half the 30° budget.
    const hyper = anglePose({ left_knee: [-15, 0, 0] });
    expect(plausibilityReward(hyper)).toBeCloseTo(0.5, 3);
    expect(plausibilityReward(hyper, 60)).toBeCloseTo(0.75, 3);
    expect(plausibilityReward(anglePose({ left_knee: [-45, 0, 0] }))).toBe(0);
    // The data engine's hand-inside-the-torso pose (capsules.test.ts).
    const handInTorso = anglePose({ left_shoulder: [60, -60, 90], left_elbow: [0, -130, 0] });
    expect(plausibilityReward(handInTorso)).toBe(0);
  });
});

describe('scoreGroup', () => {
  const kneeling = TEST_POSES.kneeling();
  const standing = TEST_POSES.standing();

  it('text→pose: R_d from format, R_c from semantic + posecode + plausibility over V only', () => {
    const posecodes = measurePosecodes(kneeling);
    const candidates: RewardCandidate[] = [
      { text: POSE_ANSWER, pose: kneeling, semanticCosine: 0.8 },
      { text: 'Here is the pose: <POSE>.', pose: standing, semanticCosine: 0.3 },
      { text: 'I cannot do that.', pose: null },
      { text: POSE_ANSWER, pose: standing, ended: false, semanticCosine: 0.9 },
    ];
    const weights = { format: 2, semantic: 1, posecode: 1, plausibility: 0.5 };
    const r = scoreGroup({ task: 'text2pose', posecodes }, candidates, weights);
    expect(r.valid).toEqual([true, true, false, false]);
    expect(Array.from(r.discrete)).toEqual([2, 2, 0, 0]);
    const standingAgreement = posecodeAgreement(posecodes, standing);
    expect(posecodeAgreement(posecodes, kneeling)).toBe(1);
    expect(standingAgreement).toBeLessThan(0.8);
    expect(plausibilityReward(kneeling)).toBe(1);
    expect(r.continuous[0]).toBeCloseTo(0.8 + 1 + 0.5, 12);
    expect(r.continuous[1]).toBeCloseTo(0.3 + standingAgreement + 0.5, 12);
    expect(Number.isNaN(r.continuous[2]!) && Number.isNaN(r.continuous[3]!)).toBe(true);
    expect(Array.from(r.components.format)).toEqual([1, 1, 0, 0]);
    expect(r.components.semantic[0]).toBe(0.8);
    expect(Number.isNaN(r.components.semantic[3]!)).toBe(true); // outside V: never scored
    // Not applicable to text→pose: spatial and text similarity stay NaN everywhere.
    expect(Array.from(r.components.spatial).every(Number.isNaN)).toBe(true);
    expect(Array.from(r.components.textSimilarity).every(Number.isNaN)).toBe(true);
  });

  it('semantic from embeddings when no cosine is given; a missing embedding is an error', () => {
    const q = { task: 'text2pose' as const, captionEmbedding: [1, 0, 0] };
    const r = scoreGroup(q, [{ text: POSE_ANSWER, pose: standing, poseEmbedding: [1, 1, 0] }], { plausibility: 0 });
    expect(r.continuous[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(() => scoreGroup(q, [{ text: POSE_ANSWER, pose: standing }])).toThrow(/embedding/);
  });

  it('landmarks→pose: spatial against the target; semantic does not apply', () => {
    const target = new Float32Array(66);
    const bent = anglePose({ left_knee: [90, 0, 0] });
    const r = scoreGroup({ task: 'landmarks2pose', targetPose: target }, [
      { text: POSE_ANSWER, pose: target },
      { text: POSE_ANSWER, pose: bent },
    ], { plausibility: 0 });
    expect(r.continuous[0]).toBe(1);
    expect(r.continuous[1]).toBeCloseTo(spatialReward(bent, target), 12);
    expect(r.continuous[1]).toBeLessThan(1);
    expect(Array.from(r.components.semantic).every(Number.isNaN)).toBe(true);
  });

  it('pose→text: R_d = format + text similarity; no continuous branch', () => {
    const r = scoreGroup({ task: 'pose2text', referenceTextEmbedding: [0, 1] }, [
      { text: 'The person kneels.', pose: null, textEmbedding: [0, 2] },
      { text: 'The person stands.', pose: null, textEmbedding: [1, 1] },
      { text: 'It is <POSE>.', pose: null, textEmbedding: [-1, 0] },
    ]);
    expect(r.discrete[0]).toBeCloseTo(2, 12);
    expect(r.discrete[1]).toBeCloseTo(1 + Math.SQRT1_2, 12);
    expect(r.discrete[2]).toBeCloseTo(0, 12);
    expect(r.valid).toEqual([false, false, false]);
    expect(Array.from(r.continuous).every(Number.isNaN)).toBe(true);
    // Without a reference answer text similarity does not apply; with weight 0 it is not computed.
    expect(Array.from(scoreGroup({ task: 'pose-qa' }, [{ text: 'Yes.', pose: null }]).discrete)).toEqual([1]);
    const off = scoreGroup({ task: 'pose2text', referenceTextEmbedding: [0, 1] }, [{ text: 'Kneels.', pose: null }], { textSimilarity: 0 });
    expect(Number.isNaN(off.components.textSimilarity[0]!)).toBe(true);
  });

  it('rejects unknown or negative weights', () => {
    expect(rewardWeightProblems({ format: 1, bogus: 1, semantic: -1 })).toHaveLength(2);
    expect(() => scoreGroup({ task: 'pose-qa' }, [{ text: 'Yes.', pose: null }], { format: Number.NaN })).toThrow(/finite/);
  });

  it('every registered reward says which branch it feeds', () => {
    expect(REWARD_NAMES.filter((n) => REWARDS[n].branch === 'discrete')).toEqual(['format', 'textSimilarity']);
    expect(REWARD_NAMES.every((n) => REWARDS[n].name === n)).toBe(true);
  });
});

describe('scoreGroups → hygrpoAdvantages', () => {
  it('lays groups end to end in the layout the advantages read', () => {
    const standing = TEST_POSES.standing();
    const group = (cos: number[]) => ({
      query: { task: 'text2pose' as const },
      candidates: cos.map((c, i): RewardCandidate => ({ text: i === 2 ? 'No.' : POSE_ANSWER, pose: standing, semanticCosine: c })),
    });
    const r = scoreGroups([group([0.1, 0.3, 0.9]), group([0.5, 0.5, 0.5])], { plausibility: 0 });
    expect(r.groupSize).toBe(3);
    expect(r.valid).toEqual([true, true, false, true, true, false]);
    expect(Array.from(r.discrete)).toEqual([1, 1, 0, 1, 1, 0]);
    const a = hygrpoAdvantages({ discrete: r.discrete, continuous: r.continuous, valid: r.valid, groupSize: r.groupSize });
    // Group 0's V = {0.1, 0.3}: mean 0.2, unbiased std √0.02.
    const s = Math.sqrt(0.02);
    expect(a.continuous[0]).toBeCloseTo(-0.1 / (s + 1e-4), 9);
    expect(a.continuous[1]).toBeCloseTo(0.1 / (s + 1e-4), 9);
    expect(a.continuous[2]).toBe(0);
    expect(Array.from(a.continuous.subarray(3))).toEqual([0, 0, 0]);
    expect(() => scoreGroups([group([0.1]), group([0.1, 0.2])])).toThrow(/same number/);
  });
});
