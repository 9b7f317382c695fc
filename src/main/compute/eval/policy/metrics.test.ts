import { describe, expect, it } from 'vitest';
import { jointIndex, setJointAngles } from '../../../../shared/body';
import { measurePosecodes, type Posecode } from '../../data/captioner';
import { poseErrorsMm, sampleDiversityMm } from '../metrics';
import { argmax, averageRecall, captionF1, drawSimilarity, landmarksMetrics, poseToTextMetrics, questionMetrics, text2poseMetrics, type EvalCandidate } from './metrics';

// Two poses and one claim: A (zero pose) has a straight left knee, B bends it 90°, so B fails the claim.
const A = new Float32Array(66);
const B = new Float32Array(66);
setJointAngles(B, jointIndex('left_knee'), [90, 0, 0]);
const STRAIGHT: Posecode[] = [{ code: 'angle:left_knee', category: 'straight' }];
const cand = (pose: Float32Array | null, text = ''): EvalCandidate => ({ pose, mu: pose, text, formatValid: pose !== null });

// n = 7 captions embedded as unit vectors at angles 2πi/7 (2-d). Candidate poses embed either exactly as their
// caption (cos 1, ranked first) or opposite it (cos −1, ranked last of 7: a miss at K = 5, a hit at K = 10, 20).
const n = 7;
const d = 2;
const textEmb = new Float32Array(n * d);
for (let i = 0; i < n; i++) {
  textEmb[i * d] = Math.cos((2 * Math.PI * i) / n);
  textEmb[i * d + 1] = Math.sin((2 * Math.PI * i) / n);
}
/** Candidate embeddings [n·G, d]: sign(i, g) = +1 same as the caption, −1 opposite. */
function poseEmbOf(G: number, sign: (i: number, g: number) => number): Float32Array {
  const e = new Float32Array(n * G * d);
  for (let i = 0; i < n; i++) for (let g = 0; g < G; g++) for (let k = 0; k < d; k++) e[(i * G + g) * d + k] = sign(i, g) * textEmb[i * d + k]!;
  return e;
}

describe('text2poseMetrics (hand-made candidates and embeddings)', () => {
  // Prompts 0–5: candidate 0 = pose A embedded as its caption, candidate 1 = pose B embedded opposite.
  // Prompt 6: the other way round (A opposite, B as its caption): the retrieval pick (B) is not the oracle pick (A).
  const swapped = (i: number) => i === 6;
  const candidates = Array.from({ length: n }, () => [cand(A), cand(B)]);
  const poseEmb = poseEmbOf(2, (i, g) => ((g === 0) !== swapped(i) ? 1 : -1));
  const m = text2poseMetrics({ posecodes: Array.from({ length: n }, () => STRAIGHT), candidates, textEmb, poseEmb, dim: d }, { pool: 32, repeats: 2, seed: 1 });

  it('mean-of-G recall averages the G draws: draw 0 hits 6/7 at K = 5, draw 1 hits 1/7; both hit every prompt at K = 10', () => {
    expect(m.recall.meanOfG.full.t2p[5]).toBeCloseTo(0.5, 12);
    expect(m.recall.meanOfG.full.t2p[10]).toBe(1);
    expect(m.recall.meanOfG.full.p2t[5]).toBeCloseTo(0.5, 12);
    // pool 32 > 7 prompts: the pool is clipped to n, which is the full protocol.
    expect(m.recall.meanOfG.pooled.pool).toBe(7);
    expect(m.recall.meanOfG.pooled.t2p[5]).toBeCloseTo(0.5, 12);
  });

  it('best-of-G takes the highest retrieval cosine (all hits); the oracle takes the highest agreement (draw 0)', () => {
    expect(m.recall.bestOfG.full.t2p[5]).toBe(1);
    expect(m.recall.bestOfG.full.mRecall).toBe(1);
    expect(m.recall.oracleBestOfG.full.t2p[5]).toBeCloseTo(6 / 7, 12);
  });

  it('posecode agreement: mean-of-G 1/2, best-of-G 6/7 (prompt 6 picks B), oracle 1', () => {
    expect(m.posecodeAgreement.meanOfG).toBeCloseTo(0.5, 12);
    expect(m.posecodeAgreement.bestOfG).toBeCloseTo(6 / 7, 12);
    expect(m.posecodeAgreement.oracleBestOfG).toBe(1);
    expect(m.perPromptAgreement.meanOfG).toEqual(Array.from({ length: n }, () => 0.5));
    expect(m.perPromptAgreement.bestOfG).toEqual([1, 1, 1, 1, 1, 1, 0]);
  });

  it('diversity is the APD of each prompt’s poses, joint limits count every pose', () => {
    const both = new Float32Array(132);
    both.set(A, 0);
    both.set(B, 66);
    const apd = sampleDiversityMm(both, 2);
    expect(m.diversity!.apdMm).toBeCloseTo(apd.apd, 9);
    expect(m.diversity!.apdMm).toBeGreaterThan(50);
    expect(m.diversity!.prompts).toBe(7);
    expect(m.jointLimits).toEqual({ rate: 0, rateTol10: 0, meanExcessDeg: 0, poses: 14 });
    expect(m.jointLimitsMu).toEqual(m.jointLimits); // cand() gives μ = pose
    expect(m.withPose).toBe(1);
    expect(m.formatValid).toBe(1);
  });

  it('a candidate without a pose scores 0, ranks last in its draw (a miss at every K < n) and does not disturb the other prompts', () => {
    const cs = Array.from({ length: n }, (_, i) => [cand(i === 0 ? null : A), cand(A)]);
    const r = text2poseMetrics({ posecodes: Array.from({ length: n }, () => STRAIGHT), candidates: cs, textEmb, poseEmb: poseEmbOf(2, () => 1), dim: d }, { pool: 7, repeats: 1, seed: 1 });
    // draw 0: 6/7 at K = 5 (prompt 0 ranks 7th of 7); draw 1: 7/7.
    expect(r.recall.meanOfG.full.t2p[5]).toBeCloseTo((6 / 7 + 1) / 2, 12);
    expect(r.recall.meanOfG.full.p2t[5]).toBeCloseTo((6 / 7 + 1) / 2, 12);
    expect(r.recall.bestOfG.full.t2p[5]).toBe(1);
    expect(r.withPose).toBeCloseTo(13 / 14, 12);
    expect(r.posecodeAgreement.meanOfG).toBeCloseTo(13 / 14, 12);
    expect(r.jointLimits!.poses).toBe(13);
    expect(r.diversity!.prompts).toBe(6); // prompt 0 has one pose: no pair
  });

  it('G = 1 has no diversity; mismatched inputs are rejected', () => {
    const one = text2poseMetrics({ posecodes: Array.from({ length: n }, () => STRAIGHT), candidates: Array.from({ length: n }, () => [cand(A)]), textEmb, poseEmb: poseEmbOf(1, () => 1), dim: d }, { pool: 7, repeats: 1, seed: 1 });
    expect(one.diversity).toBeNull();
    expect(one.recall.meanOfG.full.mRecall).toBe(1);
    expect(() => text2poseMetrics({ posecodes: [STRAIGHT], candidates: [[cand(A)]], textEmb: textEmb.subarray(0, 2), poseEmb: textEmb.subarray(0, 2), dim: d }, { pool: 2, repeats: 1, seed: 1 })).toThrow(/at least 2 prompts/);
    expect(() => text2poseMetrics({ posecodes: [STRAIGHT], candidates: [[cand(A)], [cand(A)]], textEmb: textEmb.subarray(0, 4), poseEmb: textEmb.subarray(0, 4), dim: d }, { pool: 2, repeats: 1, seed: 1 })).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('drawSimilarity puts −∞ in the column of a missing pose; argmax skips −∞ and takes the first of ties', () => {
    const sim = drawSimilarity(textEmb.subarray(0, 4), textEmb.subarray(0, 4), [true, false], 2, d);
    expect(sim[0]).toBeCloseTo(1, 6);
    expect(sim[1]).toBe(-Infinity);
    expect(sim[3]).toBe(-Infinity);
    expect(argmax([-Infinity, 0.2, 0.7, 0.7])).toBe(2);
    expect(argmax([-Infinity, -Infinity])).toBe(-1);
  });

  it('averageRecall averages every K and mRecall', () => {
    const r = averageRecall([
      { ks: [5], t2p: { 5: 1 }, p2t: { 5: 0.5 }, mRecall: 0.75, n: 3 },
      { ks: [5], t2p: { 5: 0 }, p2t: { 5: 0.5 }, mRecall: 0.25, n: 3 },
    ]);
    expect(r).toEqual({ ks: [5], t2p: { 5: 0.5 }, p2t: { 5: 0.5 }, mRecall: 0.5, n: 3 });
  });
});

describe('landmarksMetrics', () => {
  it('mean-of-G over sampled poses, the head mean μ, and the oracle minimum, in mm', () => {
    const eB = poseErrorsMm(B, A, 1);
    const m = landmarksMetrics([A], [[{ pose: A, mu: A, text: '', formatValid: true }, { pose: B, mu: A, text: '', formatValid: true }, cand(null)]]);
    expect(m.mpjpe.meanOfG).toBeCloseTo(eB.mpjpe[0]! / 2, 9);
    expect(m.paMpjpe.meanOfG).toBeCloseTo(eB.paMpjpe[0]! / 2, 9);
    expect(m.mpjpe.mu).toBe(0);
    expect(m.mpjpe.oracleBestOfG).toBe(0);
    expect(m.withPose).toBeCloseTo(2 / 3, 12);
    expect(m.formatValid).toBeCloseTo(2 / 3, 12);
    expect(m.jointLimits!.poses).toBe(2);
  });

  it('weighs every prompt the same: per-prompt means first, then the mean over prompts with a pose', () => {
    const eB = poseErrorsMm(B, A, 1).mpjpe[0]!;
    const m = landmarksMetrics([A, A, A], [[cand(A), cand(B)], [cand(A), cand(null)], [cand(null), cand(null)]]);
    expect(m.mpjpe.meanOfG).toBeCloseTo((eB / 2 + 0) / 2, 9);
    expect(m.mpjpe.oracleBestOfG).toBe(0);
    expect(m.withPose).toBeCloseTo(3 / 6, 12);
  });

  it('counts joint-limit violations at 0° and 10° of tolerance', () => {
    const over = new Float32Array(66);
    setJointAngles(over, jointIndex('left_knee'), [-20, 0, 0]); // 20° past the knee's straight limit
    const slight = new Float32Array(66);
    setJointAngles(slight, jointIndex('left_knee'), [-5, 0, 0]);
    const m = landmarksMetrics([A], [[cand(over), cand(slight), cand(A), cand(B)]]);
    expect(m.jointLimits!.rate).toBe(0.5);
    expect(m.jointLimits!.rateTol10).toBe(0.25);
  });
});

describe('captionF1 and poseToTextMetrics', () => {
  it('precision counts satisfied claims, recall the measured posecodes whose code is claimed rightly', () => {
    const tA = measurePosecodes(A).length;
    const right = captionF1('The left knee is straight.', A);
    expect(right.precision).toBe(1);
    expect(right.recall).toBeCloseTo(1 / tA, 12);
    expect(right.f1).toBeCloseTo((2 * (1 / tA)) / (1 + 1 / tA), 12);
    expect(captionF1('The left knee is straight.', B)).toMatchObject({ precision: 0, recall: 0, f1: 0, claims: 1, unparsed: false });
    const tB = measurePosecodes(B).length;
    const half = captionF1('The left knee is straight and the right knee is straight.', B);
    expect(half.precision).toBe(0.5);
    expect(half.recall).toBeCloseTo(1 / tB, 12);
    expect(captionF1('Nothing to read here.', A)).toMatchObject({ precision: 0, recall: 0, f1: 0, claims: 0, unparsed: true });
  });

  it('averages candidates, takes the oracle maximum and scores the reference caption', () => {
    const good = captionF1('The left knee is straight.', A).f1;
    const m = poseToTextMetrics([{ pose: A, caption: 'The left knee is straight.' }], [[cand(null, 'The left knee is straight.'), cand(null, 'Gibberish.')]]);
    expect(m.f1.meanOfG).toBeCloseTo(good / 2, 12);
    expect(m.f1.oracleBestOfG).toBeCloseTo(good, 12);
    expect(m.reference.f1).toBeCloseTo(good, 12);
    expect(m.unparsedRate).toBe(0.5);
    expect(m.claimsPerCaption).toBe(0.5);
  });
});

describe('questionMetrics', () => {
  it('reads the first yes/no (or left/right) word; mean-of-G over candidates, majority per prompt', () => {
    const m = questionMetrics(
      ['yes', 'left'],
      [
        [cand(null, 'Yes, the left hand is above the head.'), cand(null, 'No. The left hand is below the head.'), cand(null, 'Yes.')],
        [cand(null, 'The right foot is higher.'), cand(null, 'I cannot tell.'), cand(null, 'The right one.')],
      ],
    );
    expect(m.accuracy.meanOfG).toBeCloseTo(2 / 6, 12);
    expect(m.accuracy.majority).toBe(0.5);
    expect(m.answered).toBeCloseTo(5 / 6, 12);
  });
});
