// Video ingestion through the built CLI (ffmpeg decodes a clip made here from the golden photo) and the served
// studio reading the stored estimates back, drawing candidates for a frame and exporting the sequence.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoFrameEstimate, VideoSummary } from '../../src/shared/api/contract';
import { clipUnavailable, makeGoldenClip } from '../../e2e/videoClip';
import { ensureBuilt, httpCall, runCliBuilt, serve, tempDir, type ServedStudio } from './helpers';

const unavailable = clipUnavailable();
if (unavailable) console.warn(`video CLI tests skipped: ${unavailable}`);

describe.skipIf(!!unavailable)('pose-studio video', () => {
  const dataDir = tempDir('pose-video-data-');
  let clip = '';
  let studio: ServedStudio | null = null;

  beforeAll(() => {
    ensureBuilt();
    clip = makeGoldenClip(tempDir('pose-video-clip-'));
  }, 300_000);
  afterAll(async () => {
    await studio?.stop();
  });

  let videoId = '';
  it('tracks every 4th frame of a 12-frame clip, one JSON line per frame, and stores the estimates', async () => {
    const r = await runCliBuilt(['video', clip, '--every', '4', '--model', 'lite', '--json', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ event: 'begin', frames: 3, width: 480, height: 320, fps: 2.5 });
    const progress = lines.filter((l) => l.event === 'progress');
    expect(progress.map((p) => p.frame)).toEqual([0, 1, 2]);
    expect(progress.map((p) => p.found)).toEqual([true, true, true]);
    // The tracker: the detector on the first frame only.
    expect(progress.map((p) => p.detected)).toEqual([true, false, false]);
    const done = lines.at(-1) as { event: string; ok: boolean; video: VideoSummary };
    expect(done).toMatchObject({ event: 'done', ok: true, cancelled: false });
    expect(done.video).toMatchObject({ name: path.basename(clip), frameCount: 3, estimated: 3, model: 'lite' });
    videoId = done.video.id;
  }, 600_000);

  it('says clearly that ffmpeg is missing', async () => {
    const r = await runCliBuilt(['video', clip, '--json', '--data-dir', dataDir], { PATH: tempDir('pose-empty-path-') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ffmpeg is not installed/);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ event: 'error', error: { code: 'ffmpeg_missing' } });
  });

  it('serves the stored frames, candidates for a frame, and the sequence as .npz and CSV', async () => {
    expect(videoId).not.toBe('');
    studio = await serve(dataDir);
    const got = await httpCall(studio.url, 'video.get', { id: videoId });
    expect(got.status).toBe(200);
    const { frames } = got.body.value as { frames: VideoFrameEstimate[] };
    expect(frames.map((f) => f.frame)).toEqual([0, 1, 2]);
    expect(frames.map((f) => f.timeS)).toEqual([0, 0.4, 0.8]);
    for (const f of frames) {
      expect(f.sigma).toHaveLength(22);
      expect(f.bodyVisibility).toBeGreaterThan(0.5);
      // The person is fully in view: BlazePose sees the body, the arms stay horizontal within the pan.
      expect(f.landmarks.image[15 * 3]).toBeGreaterThan(0);
      expect(f.reasons.includes('low-visibility')).toBe(false);
      expect(f.flagged).toBe(f.reasons.length > 0);
    }
    // The nose moves left and up in the frame as the window pans right and down (50, 33 px/s at 480/900 scale).
    expect(frames[2]!.landmarks.image[0]!).toBeLessThan(frames[0]!.landmarks.image[0]!);
    expect(frames[2]!.landmarks.image[1]!).toBeLessThan(frames[0]!.landmarks.image[1]!);

    const cands = await httpCall(studio.url, 'video.candidates', { videoId, frame: 1, samples: 3, seed: 5 });
    expect(cands.status, JSON.stringify(cands.body)).toBe(200);
    expect((cands.body.value as { candidates: unknown[] }).candidates).toHaveLength(3);
    const none = await httpCall(studio.url, 'video.candidates', { videoId, frame: 7, samples: 3 });
    expect(none.body.error?.code).toBe('not_found');

    // The analyst takes candidate #2 for frame 1: the frame reads as corrected, exports use it, clearing restores.
    const chosen = (cands.body.value as { candidates: { pose: number[] | null }[] }).candidates.find((c) => c.pose)!.pose!;
    const corrected = await httpCall(studio.url, 'video.correct', { videoId, frame: 1, pose: chosen });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const est = (corrected.body.value as { estimate: VideoFrameEstimate }).estimate;
    expect(est.corrected).toBe(true);
    est.pose.forEach((v, i) => expect(v).toBeCloseTo(chosen[i]!, 5));
    // The estimate's landmarks and σ stay as they were.
    expect(est.landmarks).toEqual(frames[1]!.landmarks);
    const csvCorrected = (await httpCall(studio.url, 'video.export', { videoId, format: 'csv' })).body.value as { content: string };
    const cleared = await httpCall(studio.url, 'video.correct', { videoId, frame: 1, pose: null });
    const back = (cleared.body.value as { estimate: VideoFrameEstimate }).estimate;
    expect(back.corrected).toBe(false);
    expect(back.pose).toEqual(frames[1]!.pose);
    const csvEstimated = (await httpCall(studio.url, 'video.export', { videoId, format: 'csv' })).body.value as { content: string };
    const row = (text: string, k: number) => text.trim().split('\n')[k + 1];
    expect(row(csvCorrected.content, 1)).not.toBe(row(csvEstimated.content, 1));
    expect(row(csvCorrected.content, 0)).toBe(row(csvEstimated.content, 0));
    expect((await httpCall(studio.url, 'video.correct', { videoId, frame: 7, pose: null })).body.error?.code).toBe('not_found');
    expect((await httpCall(studio.url, 'video.correct', { videoId, frame: 1, pose: [1, 2, 3] })).body.error?.code).toBe('bad_request');

    const csv = await httpCall(studio.url, 'video.export', { videoId, format: 'csv' });
    const csvFile = csv.body.value as { fileName: string; content: string };
    expect(csvFile.fileName).toBe('golden-pan.csv');
    const rows = csvFile.content.trim().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]!.split(',')).toHaveLength(3 + 22 * 3);
    expect(rows[0]).toMatch(/^frame,time_s,flagged,pelvis_x,pelvis_y,pelvis_z,/);
    expect(rows[2]!.split(',')[1]).toBe('0.400000');

    const npz = await httpCall(studio.url, 'video.export', { videoId, format: 'amass-npz' });
    const bytes = Buffer.from((npz.body.value as { content: string }).content, 'base64');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes(Buffer.from("'shape': (3, 72)"))).toBe(true);
  }, 300_000);
});
