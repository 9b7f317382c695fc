/**
 * `blazepose.estimate`: one RGBA frame (a typed array crosses the process boundary as a structured clone) → the
 * person's 33 image and world landmarks, optionally lifted to SMPL poses by the policy and refined. One BlazePose per
 * landmark model stays loaded; a video page that tracks across frames will want a PoseTracker per stream instead.
 */
import { z } from 'zod';
import { BlazePose, LANDMARK_MODELS, type LandmarkModelName } from '../models/blazepose/estimator';
import { posesFromLandmarks } from '../models/landmarks-pose/lift';
import { shippedModelDir } from '../models/paths';
import { MethodError, type MethodRegistry, throwIfCancelled } from './registry';
import { shippedPolicy } from './shipped-models';

export const estimateParams = z
  .object({
    width: z.number().int().min(1).max(8192),
    height: z.number().int().min(1).max(8192),
    data: z.union([z.instanceof(Uint8ClampedArray), z.instanceof(Uint8Array)]),
    model: z.enum(LANDMARK_MODELS as unknown as [LandmarkModelName, ...LandmarkModelName[]]).default('full'),
    /** Also answer SMPL poses: G candidates from the policy and the refined mean pose. */
    lift: z.object({ samples: z.number().int().min(1).max(64), seed: z.number().int().min(0).max(0xffffffff) }).strict().optional(),
  })
  .strict()
  .refine((p) => p.data.length === p.width * p.height * 4, { message: 'data must hold width × height × 4 bytes (RGBA)' });

const loaded = new Map<LandmarkModelName, Promise<BlazePose>>();

/** The estimator of one landmark model, loaded once (shared with the video streams). */
export function blazepose(model: LandmarkModelName): Promise<BlazePose> {
  let p = loaded.get(model);
  if (!p) {
    p = BlazePose.load(model).catch((e: unknown) => {
      loaded.delete(model);
      throw new MethodError('not_found', e instanceof Error ? e.message : String(e));
    });
    loaded.set(model, p);
  }
  return p;
}

const plain = (a: ArrayLike<number>): number[] => Array.from(a);

export function registerBlazeposeMethods(registry: MethodRegistry): void {
  registry.register('blazepose.estimate', {
    params: estimateParams,
    run: async (req, ctx) => {
      const bp = await blazepose(req.model);
      throwIfCancelled(ctx.signal);
      const pose = await bp.estimate({ width: req.width, height: req.height, data: req.data });
      if (!pose) return { found: false as const };
      const landmarks = {
        image: plain(pose.image),
        world: plain(pose.world),
        visibility: plain(pose.visibility),
        presence: plain(pose.presence),
        score: pose.score,
        roi: pose.roi,
      };
      if (!req.lift) return { found: true as const, landmarks };
      throwIfCancelled(ctx.signal);
      ctx.progress(0.5, 'lifting');
      const policy = await shippedPolicy(shippedModelDir('policy'));
      const r = await posesFromLandmarks(policy.sampler, pose, { samples: req.lift.samples, seed: req.lift.seed, temperature: 0, sigmaScale: 1 });
      return {
        found: true as const,
        landmarks,
        model: policy.label,
        instruction: r.instruction,
        candidates: r.candidates.map((c) => ({ idx: c.index, pose: c.pose && plain(c.pose), mu: c.mu && plain(c.mu), sigma: c.sigma && plain(c.sigma), formatValid: c.formatValid })),
        refined: r.refined && { pose: plain(r.refined.pose), scale: r.refined.scale, rmsBefore: r.refined.rmsBefore, rmsAfter: r.refined.rmsAfter, from: r.refined.from },
      };
    },
  });
}
