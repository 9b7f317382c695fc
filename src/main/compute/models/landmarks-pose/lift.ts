/**
 * BlazePose landmarks → SMPL poses: the policy's landmarks→pose task reads the image landmarks exactly as the data
 * engine wrote them for training (normalised by normalizeImageLandmarks, visibility as the fourth number, the first
 * landmarks prompt template) and answers G candidate poses, each with μ and per-joint Σ; optionally the mean pose is
 * then refined against the world and image landmarks (fit.ts), with the policy's Gaussian as its prior.
 */
import { NUM_LANDMARKS } from '../../data/landmarks/names';
import { normalizeImageLandmarks } from '../../data/landmarks/normalize';
import { LANDMARK_ROW } from '../../data/dataset/record';
import { LANDMARK_PROMPTS } from '../../data/tasks/templates';
import { projectToLimits } from '../../data/variation';
import { choleskyFromRaw } from '../policy/gaussian-ref';
import type { Candidate, PolicySampler } from '../policy/sampler';
import { fitPoseToWorldLandmarks, type FitResult } from './fit';

/** The instruction the policy was trained on for this task (the data engine's first landmarks template). */
export const LANDMARKS_TO_POSE_INSTRUCTION = LANDMARK_PROMPTS[0]!;

/** What the lift needs from a BlazePose result. */
export interface ObservedLandmarks {
  /** 33 × 3 pixels (z in x's pixel scale). */
  image: ArrayLike<number>;
  /** 33 × 3 metres, BlazePose world convention. */
  world: ArrayLike<number>;
  visibility: ArrayLike<number>;
  width: number;
  height: number;
}

/** The 33 × (x, y, z, visibility) row the policy reads, as the data engine builds landmarks2pose examples. */
export function policyLandmarkRow(o: Pick<ObservedLandmarks, 'image' | 'visibility' | 'width' | 'height'>): Float32Array {
  const norm = normalizeImageLandmarks(o.image, o.width, o.height);
  const row = new Float32Array(LANDMARK_ROW);
  for (let k = 0; k < NUM_LANDMARKS; k++) {
    row[k * 4] = norm[k * 3]!;
    row[k * 4 + 1] = norm[k * 3 + 1]!;
    row[k * 4 + 2] = norm[k * 3 + 2]!;
    row[k * 4 + 3] = o.visibility[k]!;
  }
  return row;
}

export interface LiftOptions {
  samples: number;
  seed: number;
  temperature: number;
  sigmaScale: number;
  /** Fit the mean pose to the world landmarks (default true). */
  refine?: boolean;
  /** Weight of the policy's Gaussian in the fit (default 0.05: the landmarks decide what they see). */
  priorWeight?: number;
  iterations?: number;
  /** Fit the image landmarks too, under a weak-perspective camera (default true; see FitOptions.image). */
  useImage?: boolean;
}

export type RefineOptions = Pick<LiftOptions, 'priorWeight' | 'iterations' | 'useImage'>;

/** The candidate's μ fitted to the observed landmarks, with the candidate's Gaussian as the prior. */
export function refineCandidate(start: Candidate, lm: ObservedLandmarks, minStd: number, o: RefineOptions = {}): FitResult {
  if (!start.mu) throw new RangeError('the candidate has no mean pose to refine');
  const prior = start.cholRaw ? { mu: start.mu, chol: choleskyFromRaw(start.cholRaw, minStd), weight: o.priorWeight ?? 0.05 } : undefined;
  return fitPoseToWorldLandmarks(lm.world, projectToLimits(start.mu), {
    iterations: o.iterations ?? 60,
    ...(prior ? { prior } : {}),
    ...((o.useImage ?? true) ? { image: { points: lm.image, width: lm.width, height: lm.height } } : {}),
  });
}

export interface LiftResult {
  candidates: Candidate[];
  /** The refined mean pose (joint limits respected), or null when refinement is off or no candidate has a pose. */
  refined: (FitResult & { from: number }) | null;
  instruction: string;
}

export async function posesFromLandmarks(sampler: PolicySampler, lm: ObservedLandmarks, o: LiftOptions): Promise<LiftResult> {
  const g = await sampler.generate(LANDMARKS_TO_POSE_INSTRUCTION, { landmarks: policyLandmarkRow(lm) }, {
    samples: o.samples,
    seed: o.seed,
    temperature: o.temperature,
    sigmaScale: o.sigmaScale,
    expects: 'pose',
  });
  let refined: LiftResult['refined'] = null;
  const start = g.candidates.find((c) => c.formatValid && c.mu) ?? g.candidates.find((c) => c.mu);
  if ((o.refine ?? true) && start?.mu) refined = { ...refineCandidate(start, lm, sampler.config.minStd, o), from: start.index };
  return { candidates: g.candidates, refined, instruction: LANDMARKS_TO_POSE_INSTRUCTION };
}
