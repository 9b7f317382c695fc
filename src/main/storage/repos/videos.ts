import type Database from 'better-sqlite3';
import { blobToFloat32, float32ToBlob, optBlobToFloat32, optFloat32ToBlob } from '../blob';
import { fromJson, newId, nowIso, storedNum, textRoundTrips, toBit, toJson, type JsonObject } from './common';

export interface VideoRecord {
  id: string;
  sessionId: string | null;
  file: string;
  sha256: string | null;
  frameCount: number;
  fps: number;
  width: number;
  height: number;
  metadata: JsonObject;
  createdAt: string;
}

export interface VideoInput {
  sessionId?: string | null;
  file: string;
  sha256?: string | null;
  frameCount: number;
  fps: number;
  width: number;
  height: number;
  metadata?: JsonObject;
}

/** The 3D pose estimated for one frame, its uncertainty, and the analyst's correction if any. */
export interface FrameEstimate {
  videoId: string;
  frame: number;
  timeS: number;
  pose: Float32Array;
  sigma: Float32Array | null;
  /** BlazePose landmarks, flattened (e.g. 33 × [x, y, z, visibility]). */
  landmarks: Float32Array | null;
  confidence: number | null;
  flagged: boolean;
  correctedPose: Float32Array | null;
}

export interface FrameEstimateInput {
  frame: number;
  timeS: number;
  pose: Float32Array | readonly number[];
  sigma?: Float32Array | readonly number[] | null;
  landmarks?: Float32Array | readonly number[] | null;
  confidence?: number | null;
  flagged?: boolean;
}

interface VideoRow {
  id: string;
  session_id: string | null;
  file: string;
  sha256: string | null;
  frame_count: number;
  fps: number;
  width: number;
  height: number;
  metadata: string;
  created_at: string;
}

interface FrameRow {
  video_id: string;
  frame: number;
  time_s: number;
  pose: Buffer;
  sigma: Buffer | null;
  landmarks: Buffer | null;
  confidence: number | null;
  flagged: number;
  corrected_pose: Buffer | null;
}

const toVideo = (r: VideoRow): VideoRecord => ({
  id: r.id,
  sessionId: r.session_id,
  file: r.file,
  sha256: r.sha256,
  frameCount: r.frame_count,
  fps: r.fps,
  width: r.width,
  height: r.height,
  metadata: fromJson(r.metadata),
  createdAt: r.created_at,
});

const toFrame = (r: FrameRow): FrameEstimate => ({
  videoId: r.video_id,
  frame: r.frame,
  timeS: r.time_s,
  pose: blobToFloat32(r.pose),
  sigma: optBlobToFloat32(r.sigma),
  landmarks: optBlobToFloat32(r.landmarks),
  confidence: r.confidence,
  flagged: r.flagged === 1,
  correctedPose: optBlobToFloat32(r.corrected_pose),
});

export interface VideosRepo {
  create(input: VideoInput): VideoRecord;
  get(id: string): VideoRecord | null;
  /** Newest first. */
  list(filter?: { sessionId?: string }): VideoRecord[];
  /** Deletes the video record and its frame estimates (not the file). */
  delete(id: string): boolean;
}

export interface FrameEstimatesRepo {
  /**
   * Inserts or replaces estimates (re-running inference on a frame replaces its estimate but keeps the
   * analyst's correction), all in one transaction.
   */
  upsertMany(videoId: string, frames: readonly FrameEstimateInput[]): number;
  get(videoId: string, frame: number): FrameEstimate | null;
  /** Frame order; `from`/`to` are inclusive frame numbers. */
  list(videoId: string, range?: { from?: number; to?: number }): FrameEstimate[];
  /** Sets (or clears, with null) the analyst's corrected pose. */
  correct(videoId: string, frame: number, pose: Float32Array | readonly number[] | null): boolean;
  setFlagged(videoId: string, frame: number, flagged: boolean): boolean;
  count(videoId: string): number;
  /** Stored and flagged estimates of a video, counted in SQL (a list of videos must not read every frame). */
  counts(videoId: string): { estimated: number; flagged: number };
}

export function videosRepos(db: Database.Database): {
  videos: VideosRepo;
  frameEstimates: FrameEstimatesRepo;
} {
  // Positional parameters: binding an array of values is cheaper than looking up an object's properties.
  const insert = db.prepare<
    [string, string | null, string, string | null, number, number, number, number, string, string]
  >(
    `INSERT INTO videos (id, session_id, file, sha256, frame_count, fps, width, height, metadata, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], VideoRow>(`SELECT * FROM videos WHERE id = ?`);
  const all = db.prepare<[], VideoRow>(`SELECT * FROM videos ORDER BY created_at DESC, rowid DESC`);
  const ofSession = db.prepare<[string], VideoRow>(
    `SELECT * FROM videos WHERE session_id = ? ORDER BY created_at DESC, rowid DESC`,
  );
  const del = db.prepare<[string]>(`DELETE FROM videos WHERE id = ?`);

  const upsert = db.prepare<
    [string, number, number, Buffer, Buffer | null, Buffer | null, number | null, 0 | 1]
  >(
    `INSERT INTO frame_estimates (video_id, frame, time_s, pose, sigma, landmarks, confidence, flagged)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (video_id, frame) DO UPDATE SET time_s = excluded.time_s, pose = excluded.pose,
       sigma = excluded.sigma, landmarks = excluded.landmarks, confidence = excluded.confidence,
       flagged = excluded.flagged`,
  );
  const frameGet = db.prepare<[string, number], FrameRow>(
    `SELECT * FROM frame_estimates WHERE video_id = ? AND frame = ?`,
  );
  const frameRange = db.prepare<[string, number, number], FrameRow>(
    `SELECT * FROM frame_estimates WHERE video_id = ? AND frame BETWEEN ? AND ? ORDER BY frame`,
  );
  const correct = db.prepare<[Buffer | null, string, number]>(
    `UPDATE frame_estimates SET corrected_pose = ? WHERE video_id = ? AND frame = ?`,
  );
  const flag = db.prepare<[number, string, number]>(
    `UPDATE frame_estimates SET flagged = ? WHERE video_id = ? AND frame = ?`,
  );
  const count = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM frame_estimates WHERE video_id = ?`,
  );
  const counts = db.prepare<[string], { n: number; f: number }>(
    `SELECT count(*) AS n, coalesce(sum(flagged), 0) AS f FROM frame_estimates WHERE video_id = ?`,
  );

  const upsertMany = db.transaction((videoId: string, frames: readonly FrameEstimateInput[]): number => {
    for (const f of frames) {
      upsert.run(
        videoId,
        f.frame,
        f.timeS,
        float32ToBlob(f.pose),
        optFloat32ToBlob(f.sigma),
        optFloat32ToBlob(f.landmarks),
        f.confidence ?? null,
        toBit(f.flagged),
      );
    }
    return frames.length;
  });

  const videos: VideosRepo = {
    create(input) {
      const id = newId();
      const sessionId = input.sessionId ?? null;
      const sha256 = input.sha256 ?? null;
      const { file, frameCount, fps, width, height } = input;
      const metadata = toJson(input.metadata);
      const createdAt = nowIso();
      insert.run(id, sessionId, file, sha256, frameCount, fps, width, height, metadata, createdAt);
      // Built from what was written; read back only when some text would not survive UTF-8 unchanged.
      if (!textRoundTrips(sessionId, file, sha256)) return toVideo(byId.get(id)!);
      return {
        id,
        sessionId,
        file,
        sha256,
        frameCount: storedNum(frameCount),
        fps: storedNum(fps),
        width: storedNum(width),
        height: storedNum(height),
        metadata: fromJson(metadata),
        createdAt,
      };
    },
    get(id) {
      const r = byId.get(id);
      return r ? toVideo(r) : null;
    },
    list(filter = {}) {
      return (filter.sessionId !== undefined ? ofSession.all(filter.sessionId) : all.all()).map(toVideo);
    },
    delete: (id) => del.run(id).changes > 0,
  };
  const frameEstimates: FrameEstimatesRepo = {
    upsertMany: (videoId, frames) => upsertMany(videoId, frames),
    get(videoId, frame) {
      const r = frameGet.get(videoId, frame);
      return r ? toFrame(r) : null;
    },
    list(videoId, range = {}) {
      return frameRange.all(videoId, range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER).map(toFrame);
    },
    correct: (videoId, frame, pose) =>
      correct.run(pose == null ? null : float32ToBlob(pose), videoId, frame).changes > 0,
    setFlagged: (videoId, frame, flagged) => flag.run(toBit(flagged), videoId, frame).changes > 0,
    count: (videoId) => count.get(videoId)!.n,
    counts(videoId) {
      const r = counts.get(videoId)!;
      return { estimated: r.n, flagged: r.f };
    },
  };
  return { videos, frameEstimates };
}
