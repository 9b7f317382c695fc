/**
 * Video streams: `video.track` runs one frame of a stream through a PoseTracker kept per stream id (so frames after
 * the first reuse the previous frame's ROI and skip the detector, and the landmarks are One-Euro smoothed), then
 * lifts it to SMPL with the policy (one candidate at temperature 0: μ and per-joint Σ) and, by default, refines μ
 * against the world landmarks. `video.close` drops a stream's tracker; `video.lift` answers G candidates for landmarks
 * stored earlier (the Video page's "show candidates" on a flagged frame needs no frame again).
 */
import jpeg from 'jpeg-js';
import { z } from 'zod';
import { LANDMARK_MODELS, type LandmarkModelName } from '../models/blazepose/estimator';
import type { RgbaFrame } from '../models/blazepose/frame';
import { PoseTracker } from '../models/blazepose/tracker';
import { posesFromLandmarks } from '../models/landmarks-pose/lift';
import { projectToLimits } from '../data/variation';
import { blazepose } from './blazepose-methods';
import { MethodError, type MethodRegistry, throwIfCancelled } from './registry';
import { shippedModelDir } from '../models/paths';
import { shippedPolicy } from './shipped-models';

/** Long side of a frame the compute process accepts (the contract's VIDEO_LIMITS.maxSide). */
export const MAX_FRAME_SIDE = 1024;
/** Streams kept at once; the least recently used is dropped beyond this (a page that never closed its stream). */
export const MAX_STREAMS = 8;

const Model = z.enum(LANDMARK_MODELS as unknown as [LandmarkModelName, ...LandmarkModelName[]]);
const Bytes = z.union([z.instanceof(Uint8Array), z.instanceof(Uint8ClampedArray)]);
const Side = z.number().int().min(1).max(MAX_FRAME_SIDE);

export const trackParams = z
  .object({
    stream: z.string().min(1).max(128),
    model: Model.default('full'),
    /** Seconds from the clip's start; a time not after the previous frame's restarts the track (a seek). */
    t: z.number().finite().min(0),
    image: z.discriminatedUnion('format', [
      z.object({ format: z.literal('jpeg'), data: Bytes }).strict(),
      z
        .object({ format: z.literal('rgba'), width: Side, height: Side, data: Bytes })
        .strict()
        .refine((f) => f.data.length === f.width * f.height * 4, { message: 'rgba data must hold width × height × 4 bytes' }),
    ]),
    refine: z.boolean().default(true),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
  })
  .strict();

const Finite = z.number().finite();
export const liftParams = z
  .object({
    image: z.array(Finite).length(99),
    world: z.array(Finite).length(99),
    visibility: z.array(Finite).length(33),
    width: Side,
    height: Side,
    samples: z.number().int().min(1).max(64),
    seed: z.number().int().min(0).max(0xffffffff),
  })
  .strict();

interface Stream {
  model: LandmarkModelName;
  tracker: PoseTracker;
  lastT: number;
  used: number;
}

const streams = new Map<string, Stream>();
let clock = 0;

/** The JPEG decoded with a resolution cap, so a crafted header cannot make the process allocate gigabytes. */
function decodeFrame(image: z.output<typeof trackParams>['image']): RgbaFrame {
  if (image.format === 'rgba') return { width: image.width, height: image.height, data: image.data };
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(image.data, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: (MAX_FRAME_SIDE * MAX_FRAME_SIDE) / 1e6, maxMemoryUsageInMB: 64 });
  } catch (e) {
    throw new MethodError('bad_request', `video.track: the frame is not a readable JPEG (${e instanceof Error ? e.message : String(e)})`);
  }
  if (img.width > MAX_FRAME_SIDE || img.height > MAX_FRAME_SIDE) {
    throw new MethodError('bad_request', `video.track: frames are at most ${MAX_FRAME_SIDE} pixels a side, got ${img.width}×${img.height}`);
  }
  return { width: img.width, height: img.height, data: img.data };
}

async function streamFor(id: string, model: LandmarkModelName): Promise<Stream> {
  let s = streams.get(id);
  if (!s || s.model !== model) {
    s = { model, tracker: new PoseTracker(await blazepose(model)), lastT: -Infinity, used: 0 };
    streams.set(id, s);
    if (streams.size > MAX_STREAMS) {
      const oldest = [...streams.entries()].sort((a, b) => a[1].used - b[1].used)[0]!;
      streams.delete(oldest[0]);
    }
  }
  s.used = ++clock;
  return s;
}

/** Streams open now (tests check that closing frees them). */
export function openStreams(): number {
  return streams.size;
}

const plain = (a: ArrayLike<number>): number[] => Array.from(a);

export function registerVideoMethods(registry: MethodRegistry): void {
  registry.register('video.track', {
    params: trackParams,
    run: async (req, ctx) => {
      const frame = decodeFrame(req.image);
      const s = await streamFor(req.stream, req.model);
      throwIfCancelled(ctx.signal);
      // One-Euro filters need increasing time; an earlier or repeated time is a seek, so the track starts again.
      if (req.t <= s.lastT) s.tracker.reset();
      s.lastT = req.t;
      const pose = await s.tracker.next(frame, req.t);
      if (!pose) return { found: false as const, width: frame.width, height: frame.height };
      throwIfCancelled(ctx.signal);
      ctx.progress(0.5, 'lifting');
      const policy = await shippedPolicy(shippedModelDir('policy'));
      const r = await posesFromLandmarks(policy.sampler, pose, { samples: 1, seed: req.seed, temperature: 0, sigmaScale: 1, refine: req.refine });
      const c = r.candidates[0];
      const mu = c?.mu ? projectToLimits(c.mu) : null;
      const best = r.refined?.pose ?? mu;
      return {
        found: true as const,
        detected: pose.detected,
        width: frame.width,
        height: frame.height,
        landmarks: { image: plain(pose.image), world: plain(pose.world), visibility: plain(pose.visibility), score: pose.score },
        pose: best && plain(best),
        sigma: c?.sigma ? plain(c.sigma) : null,
        refined: r.refined !== null,
        model: policy.label,
      };
    },
  });

  registry.register('video.close', {
    params: z.object({ stream: z.string().min(1).max(128) }).strict(),
    run: (req) => ({ closed: streams.delete(req.stream) }),
  });

  registry.register('video.lift', {
    params: liftParams,
    run: async (req, ctx) => {
      const policy = await shippedPolicy(shippedModelDir('policy'));
      throwIfCancelled(ctx.signal);
      ctx.progress(0.1, 'sampling candidates');
      const r = await posesFromLandmarks(policy.sampler, req, { samples: req.samples, seed: req.seed, temperature: 1, sigmaScale: 1, refine: false });
      return {
        model: policy.label,
        candidates: r.candidates.map((c) => ({ idx: c.index, pose: c.pose ? plain(projectToLimits(c.pose)) : null, sigma: c.sigma ? plain(c.sigma) : null, formatValid: c.formatValid })),
      };
    },
  });
}
