/**
 * The synthetic round trip of the landmarks → SMPL lift: a known pose → the landmarks the data engine synthesises
 * for it (its own camera, noise, occluder and visibility model, exactly as it makes landmarks2pose training
 * examples) → the policy's candidates, the model-side best of them, and the refined mean pose → errors against the
 * known pose. Because the ground truth is known, this measures the lift itself, apart from BlazePose.
 */
import { POSE_SIZE_BODY } from '../../../../shared/body';
import { poseInCameraView, synthesizeLandmarks } from '../../data/landmarks';
import type { Rng } from '../../data/random';
import type { Candidate, PolicySampler } from '../policy/sampler';
import { landmarkRms } from './fit';
import { posesFromLandmarks, refineCandidate, type LiftOptions, type ObservedLandmarks } from './lift';

export interface RoundTripCase {
  /**
   * The pose as the camera sees it (root turned so the camera is its frontal viewer, `poseInCameraView`): what a
   * landmarks→pose model can recover, and the target of the data engine's landmarks2pose examples.
   */
  target: Float32Array;
  /** The engine's landmarks with its noise, occluders and visibility model (its defaults). */
  noisy: ObservedLandmarks;
  /**
   * The same camera with no position noise and no occluders. Visibility is still drawn from the self-occlusion and
   * image-border states: it is the engine's model of BlazePose's confidence, not measurement noise.
   */
  clean: ObservedLandmarks;
}

const observed = (lm: ReturnType<typeof synthesizeLandmarks>): ObservedLandmarks => ({
  image: lm.image,
  world: lm.world,
  visibility: lm.visibility,
  width: lm.camera.width,
  height: lm.camera.height,
});

/** One round-trip case from a pose (66 or 72 numbers); the draws come from `rng` in a fixed order. */
export function roundTripCase(pose: ArrayLike<number>, rng: Rng): RoundTripCase {
  const noisy = synthesizeLandmarks(pose, rng);
  const clean = synthesizeLandmarks(pose, rng, { camera: noisy.camera, pixelNoise: 0, worldNoise: 0, occluderProb: 0 });
  return { target: poseInCameraView(pose, noisy.camera).slice(0, POSE_SIZE_BODY), noisy: observed(noisy), clean: observed(clean) };
}

/**
 * The candidate whose pose best explains the observed world landmarks (lowest scale-fitted landmark RMS): a choice a
 * user of the lift could make, since it reads only the observation. −1 when no candidate has a pose.
 */
export function bestCandidateByLandmarks(candidates: readonly Pick<Candidate, 'pose'>[], world: ArrayLike<number>): number {
  let best = -1;
  let bestRms = Infinity;
  candidates.forEach((c, i) => {
    if (!c.pose) return;
    const rms = landmarkRms(world, c.pose);
    if (rms < bestRms) {
      bestRms = rms;
      best = i;
    }
  });
  return best;
}

export interface LiftedPoses {
  /** The mean pose the refinement starts from (the first valid candidate's μ, as `posesFromLandmarks` picks it). */
  mu: Float32Array | null;
  /** The sampled pose of the candidate that best explains the world landmarks. */
  bestOfG: Float32Array | null;
  /** Every candidate's sampled pose (for the oracle best-of-G, which reads the ground truth). */
  samples: Float32Array[];
  /** μ refined against the world and image landmarks (`fit.ts`), as the studio does. */
  refined: Float32Array | null;
  /** μ refined against the world landmarks alone (the refinement before it read the image landmarks). */
  refinedWorldOnly: Float32Array | null;
}

/** The lift's answers for one observation (G candidates, the refinement of μ). */
export async function liftForRoundTrip(sampler: PolicySampler, lm: ObservedLandmarks, o: LiftOptions): Promise<LiftedPoses> {
  const r = await posesFromLandmarks(sampler, lm, { ...o, refine: true });
  const start = r.refined ? r.candidates[r.refined.from]! : null;
  const mu = start?.mu ?? null;
  const best = bestCandidateByLandmarks(r.candidates, lm.world);
  return {
    mu,
    bestOfG: best >= 0 ? r.candidates[best]!.pose : null,
    samples: r.candidates.flatMap((c) => (c.pose ? [c.pose] : [])),
    refined: r.refined?.pose ?? null,
    refinedWorldOnly: start ? refineCandidate(start, lm, sampler.config.minStd, { ...o, useImage: false }).pose : null,
  };
}
