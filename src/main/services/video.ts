/**
 * Videos: the caller decodes frames (the studio's page with the browser engine, the CLI with ffmpeg) and sends them
 * one call at a time; the compute process tracks them per stream (`video.track`, the stream id is the video's id)
 * and lifts each to SMPL; every estimate is stored in its own transaction as it arrives, so a cancelled or
 * interrupted analysis keeps what it stored. Why calls per frame rather than one long call: the frames come from the
 * caller's decoder, so the caller owns the loop — its progress is frames done over frames asked, and stopping is
 * simply sending no more (each frame call is itself cancellable).
 *
 * Stored landmarks (frame_estimates.landmarks): 33 × [x, y, z (analysed-frame pixels), visibility, wx, wy, wz
 * (world metres)].
 */
import { z } from 'zod';
import {
  VIDEO_FLAG_RULE,
  type LandmarkModel,
  type VideoFrameEstimate,
  type VideoSummary,
} from '../../shared/api/contract';
import { err, ok, type Result } from '../../shared/api/errors';
import { APP_NAME, amassNpzSequence, bytesToBase64, jointPositionsCsv, safeFileBase, type ExportProvenance } from '../../shared/export';
import type { FrameEstimate, Store, VideoRecord } from '../storage';
import type { HandlerTable } from './context';
import { fromStore } from './storage-guard';

export const LANDMARK_STRIDE = 7;
const NUM_LANDMARKS = 33;
/** BlazePose landmarks 11–32: shoulders, arms, hands, hips, legs, feet (0–10 are the face). */
const BODY_LANDMARKS = Array.from({ length: 22 }, (_, i) => i + 11);
const DEG = 180 / Math.PI;

const finite = z.number().finite();
/** What the compute process's `video.track` answers (checked: it is another process). */
const TrackResult = z.discriminatedUnion('found', [
  z.object({ found: z.literal(false), width: z.number().int(), height: z.number().int() }),
  z.object({
    found: z.literal(true),
    detected: z.boolean(),
    width: z.number().int(),
    height: z.number().int(),
    landmarks: z.object({ image: z.array(finite).length(99), world: z.array(finite).length(99), visibility: z.array(finite).length(33), score: finite }),
    pose: z.array(finite).length(66).nullable(),
    sigma: z.array(finite).length(22).nullable(),
    refined: z.boolean(),
    model: z.string(),
  }),
]);

const LiftResult = z.object({
  model: z.string(),
  candidates: z.array(z.object({ idx: z.number().int(), pose: z.array(finite).length(66).nullable(), sigma: z.array(finite).length(22).nullable(), formatValid: z.boolean() })),
});

const Metadata = z.object({ model: z.enum(['lite', 'full', 'heavy']).catch('full'), refine: z.boolean().catch(true) }).passthrough();

export function meanVisibility(visibility: ArrayLike<number>): number {
  let s = 0;
  for (const k of BODY_LANDMARKS) s += visibility[k] ?? 0;
  return s / BODY_LANDMARKS.length;
}

/** Mean per-joint σ in degrees. */
export function meanSigmaDeg(sigma: ArrayLike<number> | null): number | null {
  if (!sigma || sigma.length === 0) return null;
  let s = 0;
  for (let i = 0; i < sigma.length; i++) s += sigma[i]!;
  return (s / sigma.length) * DEG;
}

/** The flag rule (VIDEO_FLAG_RULE): high σ or low body visibility. */
export function flagReasons(sigmaDeg: number | null, bodyVisibility: number): ('high-sigma' | 'low-visibility')[] {
  const reasons: ('high-sigma' | 'low-visibility')[] = [];
  if (sigmaDeg !== null && sigmaDeg > VIDEO_FLAG_RULE.maxMeanSigmaDeg) reasons.push('high-sigma');
  if (bodyVisibility < VIDEO_FLAG_RULE.minBodyVisibility) reasons.push('low-visibility');
  return reasons;
}

export function packLandmarks(image: readonly number[], world: readonly number[], visibility: readonly number[]): Float32Array {
  const out = new Float32Array(NUM_LANDMARKS * LANDMARK_STRIDE);
  for (let k = 0; k < NUM_LANDMARKS; k++) {
    out.set([image[k * 3]!, image[k * 3 + 1]!, image[k * 3 + 2]!, visibility[k]!, world[k * 3]!, world[k * 3 + 1]!, world[k * 3 + 2]!], k * LANDMARK_STRIDE);
  }
  return out;
}

export function unpackLandmarks(packed: Float32Array | null): VideoFrameEstimate['landmarks'] {
  const image: number[] = [];
  const world: number[] = [];
  const visibility: number[] = [];
  for (let k = 0; k < NUM_LANDMARKS; k++) {
    const o = k * LANDMARK_STRIDE;
    const at = (i: number) => (packed && packed.length === NUM_LANDMARKS * LANDMARK_STRIDE ? packed[o + i]! : 0);
    image.push(at(0), at(1), at(2));
    visibility.push(at(3));
    world.push(at(4), at(5), at(6));
  }
  return { image, world, visibility };
}

function toEstimate(f: FrameEstimate): VideoFrameEstimate {
  const landmarks = unpackLandmarks(f.landmarks);
  const sigma = f.sigma && f.sigma.length === 22 ? Array.from(f.sigma) : null;
  const sigmaDeg = meanSigmaDeg(sigma);
  const bodyVisibility = f.confidence ?? meanVisibility(landmarks.visibility);
  return {
    frame: f.frame,
    timeS: f.timeS,
    pose: Array.from(f.correctedPose ?? f.pose),
    corrected: f.correctedPose !== null,
    sigma,
    meanSigmaDeg: sigmaDeg,
    landmarks,
    bodyVisibility,
    flagged: f.flagged,
    reasons: flagReasons(sigmaDeg, bodyVisibility),
  };
}

function toSummary(v: VideoRecord, counts: { estimated: number; flagged: number }): VideoSummary {
  const meta = Metadata.safeParse(v.metadata);
  return {
    id: v.id,
    sessionId: v.sessionId,
    name: v.file,
    fps: v.fps,
    frameCount: v.frameCount,
    width: v.width,
    height: v.height,
    model: (meta.success ? meta.data.model : 'full') as LandmarkModel,
    estimated: counts.estimated,
    flagged: counts.flagged,
    createdAt: v.createdAt,
  };
}

function loadVideo(store: Store, id: string, call: string): Result<{ video: VideoRecord; frames: FrameEstimate[] }> {
  const r = fromStore(call, () => {
    const video = store.videos.get(id);
    return video ? { video, frames: store.frameEstimates.list(id) } : null;
  });
  if (!r.ok) return r;
  return r.value ? ok(r.value) : err('not_found', `No video with id "${id}".`, { videoId: id });
}

function summaryOf(store: Store, id: string, call: string): Result<{ video: VideoSummary }> {
  const r = fromStore(call, () => {
    const video = store.videos.get(id);
    return video ? toSummary(video, store.frameEstimates.counts(id)) : null;
  });
  if (!r.ok) return r;
  return r.value ? ok({ video: r.value }) : err('not_found', `No video with id "${id}".`, { videoId: id });
}

export const videoHandlers: HandlerTable<'video.begin' | 'video.frame' | 'video.end' | 'video.list' | 'video.get' | 'video.candidates' | 'video.correct' | 'video.export'> = {
  'video.begin': (req, { store }) => {
    if (req.sessionId) {
      const s = fromStore('video.begin', () => store.sessions.get(req.sessionId!));
      if (!s.ok) return s;
      if (!s.value) return err('not_found', `No session with id "${req.sessionId}".`, { sessionId: req.sessionId });
    }
    const r = fromStore('video.begin', () =>
      store.videos.create({
        sessionId: req.sessionId ?? null,
        file: req.name,
        frameCount: req.frameCount,
        fps: req.fps,
        width: req.width,
        height: req.height,
        metadata: { model: req.model, refine: req.refine, ...(req.source ? { source: req.source } : {}) },
      }),
    );
    return r.ok ? ok({ video: toSummary(r.value, { estimated: 0, flagged: 0 }) }) : r;
  },

  'video.frame': async (req, { store, compute }, call) => {
    const found = fromStore('video.frame', () => store.videos.get(req.videoId));
    if (!found.ok) return found;
    const video = found.value;
    if (!video) return err('not_found', `No video with id "${req.videoId}".`, { videoId: req.videoId });
    if (req.frame >= video.frameCount) {
      return err('bad_request', `Frame ${req.frame} is past the video's ${video.frameCount} frames.`, { frame: req.frame, frameCount: video.frameCount });
    }
    const meta = Metadata.parse(video.metadata);
    const bytes = Buffer.from(req.image.data, 'base64');
    const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const image = req.image.format === 'jpeg' ? { format: 'jpeg' as const, data } : { format: 'rgba' as const, width: req.image.width, height: req.image.height, data };
    const timeS = req.frame / video.fps;
    const r = await compute.request(
      'video.track',
      { stream: video.id, model: meta.model, t: timeS, image, refine: meta.refine, seed: 1 },
      { onProgress: (p) => call.progress(p), signal: call.signal },
    );
    if (!r.ok) return r;
    const parsed = TrackResult.safeParse(r.value);
    if (!parsed.success) return err('internal', 'video.frame: the compute process sent an unreadable result.');
    const t = parsed.data;
    if (t.width !== video.width || t.height !== video.height) {
      return err('bad_request', `Frame ${req.frame} is ${t.width}×${t.height}; this video's frames are ${video.width}×${video.height}.`, { frame: req.frame });
    }
    if (!t.found || !t.pose) return ok({ frame: req.frame, found: false, detected: false, estimate: null });
    const bodyVisibility = meanVisibility(t.landmarks.visibility);
    const flagged = flagReasons(meanSigmaDeg(t.sigma), bodyVisibility).length > 0;
    const stored = fromStore('video.frame', () => {
      store.frameEstimates.upsertMany(video.id, [
        { frame: req.frame, timeS, pose: t.pose!, sigma: t.sigma, landmarks: packLandmarks(t.landmarks.image, t.landmarks.world, t.landmarks.visibility), confidence: bodyVisibility, flagged },
      ]);
      return store.frameEstimates.get(video.id, req.frame)!;
    });
    if (!stored.ok) return stored;
    return ok({ frame: req.frame, found: true, detected: t.detected, estimate: toEstimate(stored.value) });
  },

  'video.end': async (req, { store, compute }) => {
    const s = summaryOf(store, req.videoId, 'video.end');
    if (!s.ok) return s;
    // The tracker is only memory in the compute process; failing to drop it (a restarted process has none) is harmless.
    await compute.request('video.close', { stream: req.videoId });
    return s;
  },

  'video.list': (_req, { store }) => {
    const r = fromStore('video.list', () => store.videos.list().map((v) => toSummary(v, store.frameEstimates.counts(v.id))));
    return r.ok ? ok({ videos: r.value }) : r;
  },

  'video.get': (req, { store }) => {
    const r = loadVideo(store, req.id, 'video.get');
    if (!r.ok) return r;
    const { video, frames } = r.value;
    return ok({ video: toSummary(video, { estimated: frames.length, flagged: frames.filter((f) => f.flagged).length }), frames: frames.map(toEstimate) });
  },

  'video.candidates': async (req, { store, compute }, call) => {
    const v = fromStore('video.candidates', () => ({ video: store.videos.get(req.videoId), frame: store.frameEstimates.get(req.videoId, req.frame) }));
    if (!v.ok) return v;
    if (!v.value.video) return err('not_found', `No video with id "${req.videoId}".`, { videoId: req.videoId });
    if (!v.value.frame?.landmarks) return err('not_found', `Frame ${req.frame} has no estimate.`, { videoId: req.videoId, frame: req.frame });
    const lm = unpackLandmarks(v.value.frame.landmarks);
    const r = await compute.request(
      'video.lift',
      { ...lm, width: v.value.video.width, height: v.value.video.height, samples: req.samples, seed: req.seed },
      { onProgress: (p) => call.progress(p), signal: call.signal },
    );
    if (!r.ok) return r;
    const parsed = LiftResult.safeParse(r.value);
    return parsed.success ? ok(parsed.data) : err('internal', 'video.candidates: the compute process sent an unreadable result.');
  },

  'video.correct': (req, { store }) => {
    const r = fromStore('video.correct', () => {
      if (!store.videos.get(req.videoId)) return 'no-video' as const;
      if (!store.frameEstimates.correct(req.videoId, req.frame, req.pose ? req.pose.slice(0, 66) : null)) return 'no-frame' as const;
      return store.frameEstimates.get(req.videoId, req.frame);
    });
    if (!r.ok) return r;
    if (r.value === 'no-video') return err('not_found', `No video with id "${req.videoId}".`, { videoId: req.videoId });
    if (r.value === 'no-frame' || !r.value) return err('not_found', `Frame ${req.frame} has no estimate to correct.`, { videoId: req.videoId, frame: req.frame });
    return ok({ estimate: toEstimate(r.value) });
  },

  'video.export': (req, { store, app }) => {
    const r = loadVideo(store, req.videoId, 'video.export');
    if (!r.ok) return r;
    const { video, frames } = r.value;
    if (frames.length === 0) return err('bad_request', `“${video.file}” has no frame estimates to export.`, { videoId: video.id });
    const name = video.file.replace(/\.[A-Za-z0-9]{1,5}$/, '');
    const provenance: ExportProvenance = {
      app: APP_NAME,
      version: app.version,
      ...(video.sessionId ? { sessionId: video.sessionId } : {}),
      name,
      exportedAt: new Date().toISOString(),
    };
    const poses = frames.map((f) => f.correctedPose ?? f.pose);
    const base = safeFileBase(name, 'video');
    let file: { fileName: string; mimeType: string; content: string; encoding: 'utf8' | 'base64' };
    if (req.format === 'amass-npz') {
      // The analysis rate is the sequence's frame rate; frame_indices says which frames are there when some had nobody.
      const bytes = amassNpzSequence(poses, 72, { provenance, framerate: video.fps, frameIndices: frames.map((f) => f.frame) });
      file = { fileName: `${base}.npz`, mimeType: 'application/octet-stream', content: bytesToBase64(bytes), encoding: 'base64' };
    } else {
      const csv = jointPositionsCsv(frames.map((f, i) => ({ frame: f.frame, timeS: f.timeS, pose: poses[i]!, flagged: f.flagged })));
      file = { fileName: `${base}.csv`, mimeType: 'text/csv', content: csv, encoding: 'utf8' };
    }
    const recorded = fromStore('video.export', () =>
      store.exports.create({ sessionId: video.sessionId, file: file.fileName, format: `video-${req.format}`, provenance: { ...provenance, videoId: video.id, frames: frames.length } }),
    );
    if (!recorded.ok) return recorded;
    return ok(file);
  },
};
