/**
 * The synthetic round trip: the cases the data engine makes (pure checks), and — with the shipped policy — a small
 * version of scripts/landmarks-roundtrip.ts: on held-out (test-split) library poses the refinement of μ against the
 * world landmarks must bring PA-MPJPE down from the policy's μ on the same poses. Skips, saying why, without the
 * policy checkpoint.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POSE_SIZE_BODY } from '../../../../shared/body';
import { buildContext } from '../../data/dataset/shard';
import { warriorTwoPose, standingPose } from '../../data/landmarks/testPoses';
import { Rng } from '../../data/random';
import { poseErrorsMm } from '../../eval/metrics';
import { loadTokenizer } from '../../text/tokenizer';
import { shippedModelDir } from '../paths';
import { POLICY_DATA } from '../policy/config';
import { PolicySampler } from '../policy/sampler';
import { landmarkRms } from './fit';
import { bestCandidateByLandmarks, liftForRoundTrip, roundTripCase } from './roundtrip';

describe('roundTripCase', () => {
  it('clean landmarks are exactly the target pose’s landmarks; noisy ones are not; same seed, same case', () => {
    const c = roundTripCase(warriorTwoPose(), new Rng(3).fork('case'));
    expect(c.target).toHaveLength(POSE_SIZE_BODY);
    // The target is the pose as the camera sees it, so its own landmarks (body frame → BlazePose frame) are the
    // camera's noise-free world landmarks.
    expect(landmarkRms(c.clean.world, c.target)).toBeLessThan(1e-4);
    expect(landmarkRms(c.noisy.world, c.target)).toBeGreaterThan(1e-3);
    expect(c.clean.width).toBe(c.noisy.width);
    const again = roundTripCase(warriorTwoPose(), new Rng(3).fork('case'));
    expect(Array.from(again.noisy.image)).toEqual(Array.from(c.noisy.image));
  });
});

describe('bestCandidateByLandmarks', () => {
  it('picks the candidate whose pose explains the world landmarks, skipping candidates without a pose', () => {
    const c = roundTripCase(warriorTwoPose(), new Rng(4));
    const candidates = [{ pose: null }, { pose: standingPose() }, { pose: c.target }];
    expect(bestCandidateByLandmarks(candidates, c.clean.world)).toBe(2);
    expect(bestCandidateByLandmarks([{ pose: null }], c.clean.world)).toBe(-1);
  });
});

const policyDir = shippedModelDir('policy');
const missing = !existsSync(path.join(policyDir, 'model.safetensors'));
if (missing) console.warn(`round-trip check skipped: no policy checkpoint in ${policyDir}`);

describe.skipIf(missing)('round trip with the shipped policy', () => {
  let sampler: PolicySampler | null = null;
  afterAll(async () => {
    await sampler?.release();
  });

  it('μ + refinement has a lower PA-MPJPE than the policy’s μ on held-out library poses (noisy landmarks)', async () => {
    sampler = await PolicySampler.load(policyDir, loadTokenizer(), { intraOpThreads: 1 });
    // Kept small for a unit test (the fit is the slow part); scripts/landmarks-roundtrip.ts runs the full set.
    const poses = buildContext(POLICY_DATA).pools.test.slice(0, 12);
    const mu: Float32Array[] = [];
    const refined: Float32Array[] = [];
    const targets: Float32Array[] = [];
    for (let i = 0; i < poses.length; i++) {
      const c = roundTripCase(poses[i]!.pose, new Rng(1).fork(`roundtrip:test:${i}`));
      // One candidate: μ does not depend on the σ draws, and the refinement starts from it.
      const l = await liftForRoundTrip(sampler, c.noisy, { samples: 1, seed: 1 + i, temperature: 1, sigmaScale: 1 });
      if (!l.mu || !l.refined) continue;
      mu.push(l.mu);
      refined.push(l.refined);
      targets.push(c.target);
    }
    expect(targets.length).toBeGreaterThanOrEqual(10);
    const flat = (xs: Float32Array[]) => Float32Array.from(xs.flatMap((x) => Array.from(x)));
    const eMu = poseErrorsMm(flat(mu), flat(targets), targets.length);
    const eFit = poseErrorsMm(flat(refined), flat(targets), targets.length);
    const better = eFit.paMpjpe.filter((v, i) => v < eMu.paMpjpe[i]!).length;
    console.info(
      `round trip, ${targets.length} test library poses: PA-MPJPE μ ${eMu.mean.paMpjpe.toFixed(1)} → refined ${eFit.mean.paMpjpe.toFixed(1)} mm ` +
        `(lower on ${better}/${targets.length}); MPJPE ${eMu.mean.mpjpe.toFixed(1)} → ${eFit.mean.mpjpe.toFixed(1)} mm`,
    );
    expect(eFit.mean.paMpjpe).toBeLessThan(eMu.mean.paMpjpe);
    expect(better).toBeGreaterThan(targets.length / 2);
  });
});
