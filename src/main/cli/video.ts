/**
 * `pose-studio video FILE`: ffmpeg decodes the video to raw RGBA frames on a pipe (downscaled so the long side is at
 * most --max-side, every k-th frame kept), and each goes through the studio's own `video.begin` / `video.frame` /
 * `video.end` calls — the same service, compute process and database as the Video page, so the analysis appears
 * there. Ctrl-C stops after the frame in flight; what was stored stays.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { VIDEO_LIMITS, type VideoSummary } from '../../shared/api/contract';
import { appVersion } from '../services/app-paths';
import { createBackend } from '../services/backend';
import type { ComputeSpawner } from '../services/compute-host';
import type { CliIO } from './io';

export interface VideoOptions {
  file: string;
  every: number;
  model: 'lite' | 'full' | 'heavy';
  maxSide: number;
  refine: boolean;
  dataDir: string;
  json: boolean;
  /** ffmpeg and ffprobe executables (tests point these at a missing path). */
  ffmpeg?: string;
  ffprobe?: string;
  spawnCompute?: ComputeSpawner;
  signal?: AbortSignal;
}

const Probe = z.object({
  streams: z
    .array(
      z.object({
        width: z.number().int().positive(),
        height: z.number().int().positive(),
        r_frame_rate: z.string(),
        nb_read_packets: z.string().optional(),
        duration: z.string().optional(),
      }),
    )
    .min(1),
});

interface ProbeInfo {
  width: number;
  height: number;
  fps: number;
  frames: number;
  durationS: number;
}

/** ffprobe's view of the first video stream (its frame count by counting packets, which every container has). */
function probe(ffprobe: string, file: string): ProbeInfo | string {
  const r = spawnSync(
    ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=width,height,r_frame_rate,nb_read_packets,duration', '-of', 'json', file],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.error) return (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : r.error.message;
  if (r.status !== 0) return `ffprobe could not read ${file}: ${r.stderr.trim().split('\n').pop() ?? 'unknown error'}`;
  let parsed;
  try {
    parsed = Probe.safeParse(JSON.parse(r.stdout));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) return `${file} has no video stream ffprobe can describe`;
  const s = parsed.data.streams[0]!;
  const [num, den] = s.r_frame_rate.split('/').map(Number);
  const fps = num! / (den || 1);
  const frames = Number(s.nb_read_packets ?? NaN);
  if (!(fps > 0 && fps <= 1000) || !(frames > 0)) return `${file}: ffprobe reports no usable frame rate or frame count`;
  return { width: s.width, height: s.height, fps, frames, durationS: Number(s.duration ?? frames / fps) || frames / fps };
}

const MISSING_FFMPEG = 'ffmpeg is not installed (ffmpeg and ffprobe must be on PATH to decode videos from the command line; e.g. `apt-get install ffmpeg`). The studio’s Video page decodes videos without it.';

export async function runVideo(o: VideoOptions, io: CliIO): Promise<number> {
  const ffmpeg = o.ffmpeg ?? 'ffmpeg';
  const info = probe(o.ffprobe ?? 'ffprobe', o.file);
  if (info === 'missing') {
    if (o.json) io.out(JSON.stringify({ event: 'error', error: { code: 'ffmpeg_missing', message: MISSING_FFMPEG } }));
    io.err(`pose-studio video: ${MISSING_FFMPEG}`);
    return 1;
  }
  if (typeof info === 'string') {
    if (o.json) io.out(JSON.stringify({ event: 'error', error: { code: 'bad_request', message: info } }));
    io.err(`pose-studio video: ${info}`);
    return 1;
  }
  const count = Math.ceil(info.frames / o.every);
  if (count > VIDEO_LIMITS.maxFrames) {
    io.err(`pose-studio video: ${count} frames to analyse is more than ${VIDEO_LIMITS.maxFrames}; keep fewer with --every ${Math.ceil(info.frames / VIDEO_LIMITS.maxFrames)}`);
    return 1;
  }
  const scale = Math.min(1, o.maxSide / Math.max(info.width, info.height));
  const width = Math.max(1, Math.round(info.width * scale));
  const height = Math.max(1, Math.round(info.height * scale));
  const frameBytes = width * height * 4;

  const backend = await createBackend({ dataDir: o.dataDir, mode: 'server', version: appVersion(), ...(o.spawnCompute ? { spawnCompute: o.spawnCompute } : {}) });
  const ff = spawn(ffmpeg, ['-v', 'error', '-nostdin', '-i', o.file, '-vf', `scale=${width}:${height}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let ffErr = '';
  ff.stderr.on('data', (d: Buffer) => (ffErr = (ffErr + d.toString()).slice(-4000)));
  let spawnError: Error | null = null;
  // A failed spawn ends the frame stream with its error, which the loop below then throws.
  ff.once('error', (e) => {
    spawnError = e;
    ff.stdout.destroy(e);
  });
  try {
    const begun = await backend.invoke('video.begin', {
      name: path.basename(o.file).slice(0, 255),
      fps: info.fps / o.every,
      frameCount: count,
      width,
      height,
      source: { width: info.width, height: info.height, durationS: info.durationS },
      model: o.model,
      refine: o.refine,
    });
    if (!begun.ok) {
      io.err(`pose-studio video: ${begun.error.code}: ${begun.error.message}`);
      return 1;
    }
    const videoId = (begun.value as { video: VideoSummary }).video.id;
    if (o.json) io.out(JSON.stringify({ event: 'begin', videoId, frames: count, width, height, fps: info.fps / o.every }));

    let pending: Buffer = Buffer.alloc(0);
    let source = 0;
    let done = 0;
    let failure: string | null = null;
    const stream = ff.stdout[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    for (;;) {
      if (o.signal?.aborted) break;
      const next = await stream.next();
      if (next.done) break;
      pending = pending.length ? Buffer.concat([pending, next.value]) : next.value;
      while (pending.length >= frameBytes && !o.signal?.aborted && !failure) {
        const frame = pending.subarray(0, frameBytes);
        pending = Buffer.from(pending.subarray(frameBytes));
        const index = source++;
        if (index % o.every !== 0) continue;
        const k = index / o.every;
        if (k >= count) continue;
        const r = await backend.invoke(
          'video.frame',
          { videoId, frame: k, image: { format: 'rgba', width, height, data: frame.toString('base64') } },
          o.signal ? { signal: o.signal } : {},
        );
        if (!r.ok) {
          if (r.error.code !== 'cancelled') failure = `${r.error.code}: ${r.error.message}`;
          break;
        }
        done++;
        const v = r.value as { found: boolean; detected: boolean; estimate: { flagged: boolean; meanSigmaDeg: number | null; bodyVisibility: number } | null };
        const line = { event: 'progress', frame: k, done, of: count, fraction: done / count, found: v.found, detected: v.detected, flagged: v.estimate?.flagged ?? false };
        if (o.json) io.out(JSON.stringify(line));
        else io.err(`  ${Math.round((done / count) * 100)}% frame ${k + 1}/${count}${v.found ? (v.estimate?.flagged ? ' flagged' : '') : ' nobody found'}`);
      }
      if (failure || o.signal?.aborted) break;
    }
    if (failure || o.signal?.aborted) ff.kill('SIGTERM');
    const exit = await new Promise<number | null>((resolve) =>
      spawnError || ff.exitCode !== null || ff.signalCode !== null ? resolve(ff.exitCode) : ff.once('exit', (c) => resolve(c)),
    );
    const end = await backend.invoke('video.end', { videoId });
    const summary = end.ok ? (end.value as { video: VideoSummary }).video : null;
    if (!failure && !o.signal?.aborted && exit !== 0) failure = `ffmpeg failed (exit ${exit}): ${ffErr.trim() || 'no message'}`;
    const cancelled = o.signal?.aborted === true;
    if (o.json) io.out(JSON.stringify({ event: 'done', ok: !failure, cancelled, ...(failure ? { error: failure } : {}), video: summary }));
    else if (summary) io.out(`Video ${summary.id} “${summary.name}”: ${summary.estimated} of ${summary.frameCount} frames estimated, ${summary.flagged} flagged${cancelled ? ' (cancelled; what was analysed is stored)' : ''}.`);
    if (failure) {
      io.err(`pose-studio video: ${failure}`);
      return 1;
    }
    return cancelled ? 130 : 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`pose-studio video: ${MISSING_FFMPEG}`);
      return 1;
    }
    throw e;
  } finally {
    if (!spawnError && ff.exitCode === null && ff.signalCode === null) ff.kill('SIGKILL');
    await backend.close();
  }
}
