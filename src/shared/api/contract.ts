import { z } from 'zod';

/**
 * The one definition of every call and event between the renderer and the backend.
 * The Electron preload bridge, the ipcMain handlers, the HTTP routes and the WebSocket
 * protocol are all derived from these tables; nothing talks to the backend any other way.
 */

const Id = z.string().min(1).max(64);
/** 72 axis-angle values (24 SMPL joints) or 66 (pelvis + 21 body joints); radians. */
export const PoseVector = z
  .array(z.number().finite().min(-20).max(20))
  .refine((a) => a.length === 66 || a.length === 72, { message: 'a pose has 66 or 72 axis-angle values' });

export const ComputeInfo = z.object({
  ort: z.string(),
  /** Execution providers this build of ONNX Runtime offers. */
  providers: z.array(z.string()),
  /** Execution providers the sessions were created with, in priority order. */
  active: z.array(z.string()),
  threads: z.object({ intraOp: z.number().int(), interOp: z.number().int() }),
  pid: z.number().int(),
  restarts: z.number().int(),
  /** The compute process proves it can run ONNX Runtime by running a tiny model at start-up. */
  selfTest: z.object({ ok: z.boolean(), ms: z.number(), detail: z.string() }),
});
export type ComputeInfo = z.infer<typeof ComputeInfo>;

export const Health = z.object({
  ok: z.boolean(),
  version: z.string(),
  compute: z.object({
    ort: z.string(),
    providers: z.array(z.string()),
    active: z.array(z.string()),
    threads: z.number().int(),
  }),
});
export type Health = z.infer<typeof Health>;

export const Session = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['pose', 'generate', 'video', 'finetune']),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The session's current pose, if it has one (the Pose lab keeps one per session). */
  pose: z.array(z.number()).nullable(),
  editCount: z.number().int(),
});
export type Session = z.infer<typeof Session>;

export const Edit = z.object({
  id: Id,
  sessionId: Id,
  createdAt: z.string(),
  note: z.string(),
  pose: z.array(z.number()),
});
export type Edit = z.infer<typeof Edit>;

export const MigrationStatus = z.object({
  id: z.number().int(),
  name: z.string(),
  hash: z.string(),
  appliedAt: z.string().nullable(),
});

export const StorageStatus = z.object({
  dataDir: z.string(),
  dbPath: z.string(),
  integrity: z.string(),
  journalMode: z.string(),
  foreignKeys: z.boolean(),
  migrations: z.array(MigrationStatus),
  sizeBytes: z.number(),
});
export type StorageStatus = z.infer<typeof StorageStatus>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'server']),
  dataDir: z.string(),
  platform: z.string(),
  node: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** How far a long-running call has got; sent while it runs (calls marked `progress: true` only). */
export const Progress = z.object({ fraction: z.number().min(0).max(1), message: z.string().max(1000) });
export type Progress = z.infer<typeof Progress>;

/** What a caller may pass beside the request: progress for long-running calls, and a way to cancel. */
export interface CallOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export const SpeedTestRow = z.object({
  /** Square matrices: size × size times size × size. */
  size: z.number().int(),
  threads: z.number().int(),
  /** 2·size³ floating-point operations over the median run time. */
  gflops: z.number(),
  /** Median wall time of one MatMul run, milliseconds. */
  ms: z.number(),
});
export type SpeedTestRow = z.infer<typeof SpeedTestRow>;

export const SpeedTestResult = z.object({
  ort: z.string(),
  /** Execution provider the MatMul sessions ran on. */
  provider: z.string(),
  repeats: z.number().int(),
  rows: z.array(SpeedTestRow),
});
export type SpeedTestResult = z.infer<typeof SpeedTestResult>;

export const SPEED_TEST_LIMITS = { sizes: 6, minSize: 16, maxSize: 2048, repeats: 20, threads: 4, maxThreads: 64 } as const;

export const ExportFormat = z.enum(['smpl-json', 'bvh', 'amass-npz-72', 'amass-npz-156']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** A file's content for the caller to save where the user chooses (the backend writes no file itself). */
export const ExportedFile = z.object({
  fileName: z.string().min(1).max(255),
  mimeType: z.string(),
  /** The text itself ('utf8'), or the bytes in base64 for binary formats such as .npz ('base64'). */
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
});
export type ExportedFile = z.infer<typeof ExportedFile>;

/** One authored pose of the studio's pose library (src/main/compute/data/library). */
export const LibraryPoseEntry = z.object({
  /** Stable kebab-case id. */
  id: z.string(),
  name: z.string(),
  /** One of the library's categories (standing, walking, …, fighting). */
  category: z.string(),
  tags: z.array(z.string()),
  synonyms: z.array(z.string()),
  /** Action phrases written after a subject ("is kneeling on the left knee"). */
  actions: z.array(z.string()),
  /** 66 axis-angle numbers (radians): pelvis orientation + 21 body joints. */
  pose: z.array(z.number()).length(66),
});
export type LibraryPoseEntry = z.infer<typeof LibraryPoseEntry>;

export const LibraryCategoryCount = z.object({ id: z.string(), count: z.number().int().nonnegative() });
export type LibraryCategoryCount = z.infer<typeof LibraryCategoryCount>;

/** One asserted fact of a posecode caption: a code (e.g. 'angle:left_knee') and its category ('completely bent'). */
export const PosecodeEntry = z.object({ code: z.string(), category: z.string() });
export type PosecodeEntry = z.infer<typeof PosecodeEntry>;

export const PoseCaption = z.object({
  text: z.string(),
  /** The posecodes the caption asserts. */
  posecodes: z.array(PosecodeEntry),
  /** Fraction of those posecodes the pose satisfies (deterministic, 0–1). */
  agreement: z.number().min(0).max(1),
});
export type PoseCaption = z.infer<typeof PoseCaption>;

/**
 * Limits of `motion.import`. `maxBytes` is the importer's own cap (MAX_IMPORT_BYTES, checked equal in the
 * service tests); the file travels base64-encoded, optionally gzipped first to fit the transport's message size.
 */
export const MOTION_IMPORT_LIMITS = { maxBytes: 128 * 1024 * 1024, maxFrames: 240, defaultFrames: 24 } as const;

export const MotionFrame = z.object({
  /** 0-based frame number in the file. */
  index: z.number().int().nonnegative(),
  /** Seconds from the clip's start. */
  time: z.number().nonnegative(),
  /** 66 axis-angle numbers (radians), retargeted onto the SMPL skeleton. */
  pose: z.array(z.number()).length(66),
});
export type MotionFrame = z.infer<typeof MotionFrame>;

export const ImportedClip = z.object({
  name: z.string(),
  format: z.enum(['bvh', 'amass-npz']),
  fps: z.number().positive(),
  frameCount: z.number().int().positive(),
  /** Frames sampled evenly over the clip (first and last included), at most the request's `maxFrames`. */
  frames: z.array(MotionFrame),
  /** Non-fatal notes from the importer (joints left at rest, guessed units…). */
  warnings: z.array(z.string()),
  /** Where each SMPL joint came from: the source joint's name, or null when the rig has none. */
  jointMap: z.record(z.string(), z.string().nullable()),
});
export type ImportedClip = z.infer<typeof ImportedClip>;

/**
 * The data engine's variation kinds (src/main/compute/data/variation VARIATION_KINDS; the service tests check
 * the two lists agree). noise: small rotation noise; interpolate: per-joint slerp toward another library pose;
 * limb-swap: limbs taken from another pose; mirror: the left–right mirror image; sample: limbs redrawn from the
 * procedural sampler's prior.
 */
export const VARIATION_KINDS = ['noise', 'interpolate', 'limb-swap', 'mirror', 'sample'] as const;
export const VariationKind = z.enum(VARIATION_KINDS);
export type VariationKind = z.infer<typeof VariationKind>;

/** Limits shared by `library.variations` and `library.sample`. */
export const POSE_GENERATOR_LIMITS = { maxCount: 48 } as const;

const Seed = z.number().int().min(0).max(0xffffffff);

/** One generated variation of a library pose, with where it came from. */
export const PoseVariation = z.object({
  /** 66 axis-angle numbers (radians). */
  pose: z.array(z.number()).length(66),
  kind: VariationKind,
  /** Library ids it derives from, the base pose first; a mirrored pose's id ends in '~mirror'. */
  sources: z.array(z.string()),
  /** What was done: noise stdDeg; interpolation t and partner (`with`); swapped limbs; `fallback` when no variation passed the filter and the base came back. */
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string())])),
  /** The named pose it still is (light noise: the base's name; mirror: the mirrored name, sides swapped). */
  name: z.string().optional(),
  /** Whether it passes the plausibility filter (joint limits, self-intersection, ground). */
  plausible: z.boolean(),
});
export type PoseVariation = z.infer<typeof PoseVariation>;

/** One pose drawn from the procedural sampler. */
export const SampledPose = z.object({
  pose: z.array(z.number()).length(66),
  /** Draws it took until one passed the plausibility filter. */
  tries: z.number().int().nonnegative(),
  /** False when no draw passed and the sampler returned its own plausible centre pose instead. */
  accepted: z.boolean(),
});
export type SampledPose = z.infer<typeof SampledPose>;

/** Limits of `library.describeSearch`. */
export const DESCRIBE_SEARCH_LIMITS = { maxChars: 500, maxResults: 500, defaultResults: 24 } as const;

/** A library pose (or a mirror image of one) ranked against a description by the retrieval model. */
export const DescribedPose = z.object({
  /** The library id, or the library id + '~mirror' for its mirror image (as `library.variations` names it). */
  id: z.string(),
  /** The library pose it is, or is the mirror image of. */
  baseId: z.string(),
  mirrored: z.boolean(),
  /** The pose's name; a mirror's has its side words swapped ("Kneeling on the right knee"). */
  name: z.string(),
  category: z.string(),
  /** Cosine similarity of the description's and the pose's embeddings, in [-1, 1]; higher is a better match. */
  score: z.number().min(-1).max(1),
  /** 66 axis-angle numbers (radians). */
  pose: z.array(z.number()).length(66),
});
export type DescribedPose = z.infer<typeof DescribedPose>;

/** Limits and defaults of `generate.run`. */
export const GENERATE_LIMITS = {
  maxPromptChars: 2000,
  maxSamples: 64,
  defaultSamples: 16,
  maxTemperature: 2,
  defaultTemperature: 1,
  maxSigmaScale: 3,
  defaultSigmaScale: 1,
} as const;

/** The shipped policies: the Gaussian-head default and the deterministic-head ablation. */
export const PolicyModelName = z.enum(['policy', 'policy-deterministic']);
export type PolicyModelName = z.infer<typeof PolicyModelName>;

export const GenerationSettings = z.object({
  samples: z.number().int().min(1).max(GENERATE_LIMITS.maxSamples),
  /** Softmax temperature of the answer's tokens (0: greedy). */
  temperature: z.number().min(0).max(GENERATE_LIMITS.maxTemperature),
  /** Multiplies the Gaussian head's standard deviations (0: every candidate's pose is its mean μ). */
  sigmaScale: z.number().min(0).max(GENERATE_LIMITS.maxSigmaScale),
  /**
   * Each drawn pose was moved onto the nearest joint angles inside the body model's limits (joint by joint, axis
   * by axis) before it was scored and stored; false: the Gaussian draws as they are.
   */
  withinLimits: z.boolean(),
});
export type GenerationSettings = z.infer<typeof GenerationSettings>;

/** One sampled answer of a generation. */
export const GenerationCandidate = z.object({
  id: Id,
  /** Position in the group (0-based; candidate k of a seed is the same whatever the group size). */
  idx: z.number().int().nonnegative(),
  /** The answer's text, `<POSE>` where the pose sits. */
  text: z.string(),
  /** 66 axis-angle values (radians); null when the answer holds no pose. */
  pose: z.array(z.number()).length(66).nullable(),
  /** The Gaussian head's mean (the deterministic head's output). */
  mu: z.array(z.number()).length(66).nullable(),
  /** Per-joint σ (22, radians, √(trace Σ_j / 3), before the σ-scale); null for the deterministic head. */
  sigma: z.array(z.number()).length(22).nullable(),
  /** log-probability of the answer's tokens under the sampling distribution. */
  textLogProb: z.number(),
  /** log-density of the Gaussian draw under N(μ, s²Σ) (before any move into the joint limits); null when there is none (deterministic head, σ-scale 0, no pose). */
  poseLogProb: z.number().nullable(),
  /** The answer ended and holds exactly one pose slot in a sentence. */
  formatValid: z.boolean(),
  /** Named scores, e.g. { semantic: cosine of prompt and pose in the retrieval model's space }. */
  rewards: z.record(z.string(), z.number()),
  /** The user's ranking, 1 = best; null when unranked. */
  rank: z.number().int().min(1).nullable(),
  picked: z.boolean(),
});
export type GenerationCandidate = z.infer<typeof GenerationCandidate>;

export const Generation = z.object({
  id: Id,
  sessionId: Id.nullable(),
  prompt: z.string(),
  /** The model's name and its checkpoint's short hash, e.g. "policy@3f2a9c1d". */
  model: z.string(),
  seed: z.number().int(),
  settings: GenerationSettings,
  createdAt: z.string(),
  candidates: z.array(GenerationCandidate),
});
export type Generation = z.infer<typeof Generation>;

export const GenerationSummary = z.object({
  id: Id,
  prompt: z.string(),
  model: z.string(),
  seed: z.number().int(),
  createdAt: z.string(),
  candidates: z.number().int().nonnegative(),
  /** idx of the picked candidate, if any. */
  pickedIdx: z.number().int().nonnegative().nullable(),
});
export type GenerationSummary = z.infer<typeof GenerationSummary>;

/** A 66-float SMPL body pose (pelvis orientation + 21 joints, axis-angle radians), as Generate candidates carry. */
const BodyPose = z.array(z.number()).length(66);

/**
 * What the engine measures at a checkpoint: the held-out text→pose set scored at the Gaussian head's mean (μ) and
 * at one sample, and the fixed probe prompts rendered with fixed seeds, so checkpoints of a run can be compared
 * pose by pose.
 */
export const CheckpointEvaluation = z.object({
  step: z.number().int().nonnegative(),
  // Null where nothing could be measured (no retrieval model for the semantic scores, no pose drawn); JSON has no NaN.
  heldOut: z.object({
    items: z.number().int().nonnegative(),
    semanticMu: z.number().nullable(),
    posecodeMu: z.number().nullable(),
    semanticSample: z.number().nullable(),
    violationRate: z.number().nullable(),
    formatRate: z.number().nullable(),
  }),
  /** mu / sample: null when the answer had no pose slot. */
  probes: z.array(z.object({ prompt: z.string(), seed: z.number().int(), mu: BodyPose.nullable(), sample: BodyPose.nullable(), semanticMu: z.number().nullable() })),
  seconds: z.number().nonnegative(),
});
export type CheckpointEvaluation = z.infer<typeof CheckpointEvaluation>;

/**
 * A run's state as the studio shows it: the stored status, except that a run recorded as running whose process
 * is gone (the studio or the CLI was closed or killed) reads as 'interrupted'. Cancelled, failed and interrupted
 * runs resume from their last checkpoint.
 */
export const FinetuneRunStatus = z.enum(['pending', 'running', 'completed', 'failed', 'cancelled', 'interrupted']);
export type FinetuneRunStatus = z.infer<typeof FinetuneRunStatus>;

/** A HyGRPO run config as JSON; its shape is checked by the engine's validator (errors as "path: message" lines). */
export const HyGRPOConfigJson = z.record(z.string(), z.unknown());

export const FinetuneRun = z.object({
  id: Id,
  name: z.string(),
  status: FinetuneRunStatus,
  error: z.string().nullable(),
  config: HyGRPOConfigJson,
  /** Steps the run is configured for. */
  steps: z.number().int().nonnegative(),
  /** Last step with recorded metrics (0 before the first). */
  step: z.number().int().nonnegative(),
  /** Step of the newest checkpoint, where a resume continues from; null when none was written. */
  checkpointStep: z.number().int().nonnegative().nullable(),
  /** Stopped before the end (cancelled, failed or interrupted): resume continues after the last checkpoint. */
  resumable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type FinetuneRun = z.infer<typeof FinetuneRun>;

/** One step's metrics by name (null: not defined at that step, e.g. a reward no candidate got). */
export const FinetuneStepMetrics = z.object({ step: z.number().int().positive(), values: z.record(z.string(), z.number().nullable()) });
export type FinetuneStepMetrics = z.infer<typeof FinetuneStepMetrics>;

export const FinetuneCheckpoint = z.object({
  id: Id,
  runId: Id,
  step: z.number().int().nonnegative(),
  sha256: z.string(),
  /** Scalar metrics of the step the checkpoint was written at. */
  metrics: z.record(z.string(), z.number().nullable()),
  /** The engine's evaluation at this checkpoint, when it ran one. */
  evaluation: CheckpointEvaluation.nullable(),
  /** This checkpoint is the policy Generate uses. */
  active: z.boolean(),
  createdAt: z.string(),
});
export type FinetuneCheckpoint = z.infer<typeof FinetuneCheckpoint>;

/** The policy Generate's "policy" model uses: the shipped one, or a promoted checkpoint. */
export const ActivePolicy = z.object({
  source: z.enum(['shipped', 'checkpoint']),
  /** The name generations record the policy by (before its "@sha8"). */
  name: z.string(),
  checkpointId: Id.nullable(),
  runId: Id.nullable(),
  runName: z.string().nullable(),
  step: z.number().int().nullable(),
});
export type ActivePolicy = z.infer<typeof ActivePolicy>;

export const FinetunePreset = z.object({ name: z.string(), description: z.string(), config: HyGRPOConfigJson });
export type FinetunePreset = z.infer<typeof FinetunePreset>;
/**
 * Limits of video ingestion. Frames arrive one call at a time, downscaled by the caller (the studio draws the video
 * element to a canvas with its long side at most `maxSide`), as JPEG or raw RGBA bytes in base64.
 */
export const VIDEO_LIMITS = {
  /** Analysed frames per video (e.g. a minute at 30 frames a second). */
  maxFrames: 3600,
  /** Long side of an analysed frame, pixels. */
  maxSide: 1024,
  /** Bytes of one JPEG frame. */
  maxJpegBytes: 2 * 1024 * 1024,
  /** Analysis frame rate. */
  maxFps: 120,
  maxCandidates: 64,
  defaultCandidates: 8,
} as const;

/**
 * Flag rule of a frame estimate: the policy is unsure (mean per-joint σ above `maxMeanSigmaDeg`; the clearly seen
 * golden photo gives 14.5°, so 20° is about 40 % above a good frame) or BlazePose barely sees the body (mean
 * visibility of the 22 body landmarks from the shoulders down below `minBodyVisibility`, the threshold at which
 * MediaPipe itself stops drawing a landmark).
 */
export const VIDEO_FLAG_RULE = { maxMeanSigmaDeg: 20, minBodyVisibility: 0.5 } as const;

export const LandmarkModel = z.enum(['lite', 'full', 'heavy']);
export type LandmarkModel = z.infer<typeof LandmarkModel>;

const base64Of = (maxBytes: number) =>
  z
    .string()
    .min(4)
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data must be base64');

/** Decoded bytes of a base64 string without decoding it. */
export function base64ByteLength(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

const Side = z.number().int().min(1).max(VIDEO_LIMITS.maxSide);
/** One video frame, already downscaled by the caller. */
export const VideoFrameImage = z.discriminatedUnion('format', [
  z.object({ format: z.literal('jpeg'), data: base64Of(VIDEO_LIMITS.maxJpegBytes) }).strict(),
  z
    .object({ format: z.literal('rgba'), width: Side, height: Side, data: base64Of(VIDEO_LIMITS.maxSide * VIDEO_LIMITS.maxSide * 4) })
    .strict()
    .refine((f) => base64ByteLength(f.data) === f.width * f.height * 4, { message: 'rgba data must hold width × height × 4 bytes' }),
]);
export type VideoFrameImage = z.infer<typeof VideoFrameImage>;

export const VideoSummary = z.object({
  id: Id,
  sessionId: Id.nullable(),
  /** The file's name as the user opened it. */
  name: z.string(),
  /** Analysis frame rate (frame k is at k / fps seconds). */
  fps: z.number().positive(),
  /** Frames to analyse. */
  frameCount: z.number().int().nonnegative(),
  /** Size of the analysed frames (the landmarks' pixel space). */
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  model: LandmarkModel,
  /** Frames with a stored estimate (a frame where nobody was found has none). */
  estimated: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type VideoSummary = z.infer<typeof VideoSummary>;

/** The estimate of one analysed frame. */
export const VideoFrameEstimate = z.object({
  frame: z.number().int().nonnegative(),
  timeS: z.number().nonnegative(),
  /** 66 axis-angle numbers (radians): the refined pose (or the policy's μ), or the analyst's correction. */
  pose: z.array(z.number()).length(66),
  /** Whether `pose` is the analyst's correction. */
  corrected: z.boolean(),
  /** Per-joint σ of the policy's Gaussian (22, radians); null when the policy gave none. */
  sigma: z.array(z.number()).length(22).nullable(),
  meanSigmaDeg: z.number().nullable(),
  /** BlazePose: 33 × (x, y, z) in the analysed frame's pixels, 33 × (x, y, z) world metres, 33 visibilities. */
  landmarks: z.object({ image: z.array(z.number()).length(99), world: z.array(z.number()).length(99), visibility: z.array(z.number()).length(33) }),
  /** Mean visibility of the 22 body landmarks from the shoulders down. */
  bodyVisibility: z.number(),
  flagged: z.boolean(),
  /** Why it is flagged (empty when it is not). */
  reasons: z.array(z.enum(['high-sigma', 'low-visibility'])),
});
export type VideoFrameEstimate = z.infer<typeof VideoFrameEstimate>;

export const VideoExportFormat = z.enum(['amass-npz', 'csv']);
export type VideoExportFormat = z.infer<typeof VideoExportFormat>;

const Empty = z.object({}).strict();
const call = <Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
  doc: string,
  opts: { progress?: boolean } = {},
) => ({
  request,
  response,
  doc,
  /** Long-running: reports progress while it runs and honours cancellation. */
  progress: opts.progress ?? false,
});

export const calls = {
  'app.info': call(Empty, AppInfo, 'Version, transport mode and data directory.'),
  'compute.info': call(Empty, ComputeInfo, 'ONNX Runtime version, execution providers and threads.'),
  'compute.speedTest': call(
    z
      .object({
        sizes: z
          .array(z.number().int().min(SPEED_TEST_LIMITS.minSize).max(SPEED_TEST_LIMITS.maxSize))
          .min(1)
          .max(SPEED_TEST_LIMITS.sizes)
          .optional(),
        repeats: z.number().int().min(1).max(SPEED_TEST_LIMITS.repeats).optional(),
        threads: z.array(z.number().int().min(1).max(SPEED_TEST_LIMITS.maxThreads)).min(1).max(SPEED_TEST_LIMITS.threads).optional(),
      })
      .strict(),
    SpeedTestResult,
    'MatMul throughput (GFLOP/s) of the compute process per matrix size and thread count; long-running.',
    { progress: true },
  ),
  'storage.status': call(Empty, StorageStatus, 'Database integrity, journal mode and migrations.'),
  'sessions.list': call(
    z.object({ kind: Session.shape.kind.optional() }).strict(),
    z.object({ sessions: z.array(Session) }),
    'All sessions, newest first.',
  ),
  'sessions.get': call(z.object({ id: Id }).strict(), Session, 'One session.'),
  'sessions.create': call(
    z
      .object({
        name: z.string().trim().min(1).max(200),
        kind: Session.shape.kind.default('pose'),
        pose: PoseVector.optional(),
      })
      .strict(),
    Session,
    'Create a session, optionally with a starting pose.',
  ),
  'sessions.rename': call(
    z.object({ id: Id, name: z.string().trim().min(1).max(200) }).strict(),
    Session,
    'Rename a session.',
  ),
  'sessions.delete': call(z.object({ id: Id }).strict(), z.object({ deleted: z.boolean() }), 'Delete a session and its edits.'),
  'edits.save': call(
    z.object({ sessionId: Id, pose: PoseVector, note: z.string().max(500).default('') }).strict(),
    Edit,
    "Record an edit of a session's pose; it becomes the session's current pose.",
  ),
  'edits.list': call(z.object({ sessionId: Id }).strict(), z.object({ edits: z.array(Edit) }), "A session's edits, oldest first."),
  'poses.export': call(
    z
      .object({
        pose: PoseVector,
        format: ExportFormat,
        name: z.string().trim().min(1).max(200),
        sessionId: Id.optional(),
      })
      .strict(),
    ExportedFile,
    'A pose as a file (SMPL JSON or one-frame BVH) for the caller to save; records the export and its provenance.',
  ),
  'library.list': call(
    Empty,
    z.object({ poses: z.array(LibraryPoseEntry), categories: z.array(LibraryCategoryCount) }),
    'The authored pose library in its own order, with each category that has poses and how many (category order).',
  ),
  'motion.import': call(
    z
      .object({
        /** The file's name; its extension (.bvh or .npz) picks the importer. */
        fileName: z.string().trim().min(1).max(255),
        /** The file's bytes, base64 (of the gzipped bytes when `encoding` is 'gzip'). */
        data: z
          .string()
          .min(1)
          .max(Math.ceil(MOTION_IMPORT_LIMITS.maxBytes / 3) * 4)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'data must be base64'),
        encoding: z.enum(['base64', 'gzip']).default('base64'),
        maxFrames: z.number().int().min(1).max(MOTION_IMPORT_LIMITS.maxFrames).default(MOTION_IMPORT_LIMITS.defaultFrames),
      })
      .strict(),
    z.object({ clip: ImportedClip }),
    'Imports a BVH or AMASS .npz motion file, retargeted onto the SMPL skeleton, and returns frames sampled evenly over it. A file the importer refuses answers bad_request with its reason; details: { reason, line? } (line: 1-based, BVH).',
  ),
  'library.caption': call(
    z
      .object({
        /** A library pose by id: its name, category, tags and actions may join the caption. */
        id: z.string().min(1).max(100).optional(),
        /** Or any pose. */
        pose: PoseVector.optional(),
        /** Same seed, same caption; another seed rolls another wording and choice of facts. */
        seed: z.number().int().min(0).max(0xffffffff),
      })
      .strict()
      .refine((r) => (r.id === undefined) !== (r.pose === undefined), {
        message: 'give either id or pose, not both',
      }),
    PoseCaption,
    'An automatic posecode caption of a library pose (id) or of any pose, with the posecodes it asserts and how many the pose satisfies.',
  ),
  'library.variations': call(
    z
      .object({
        /** The base pose: a library id, or a library id + '~mirror' for its mirror image. */
        id: z.string().min(1).max(100),
        /** Which kinds to draw from (default: all, at the engine's default weights). */
        kinds: z.array(VariationKind).min(1).max(VARIATION_KINDS.length).optional(),
        count: z.number().int().min(1).max(POSE_GENERATOR_LIMITS.maxCount),
        /** Same seed, same variations; the first n of a larger count are the same as a count of n. */
        seed: Seed,
      })
      .strict(),
    z.object({ variations: z.array(PoseVariation) }),
    'Variations of a library pose from the data engine (noise, interpolation and limb swaps with poses of the whole library and its mirrors, mirroring, limbs resampled), each with its provenance and plausibility. Unknown id: not_found.',
  ),
  'library.sample': call(
    z
      .object({
        count: z.number().int().min(1).max(POSE_GENERATOR_LIMITS.maxCount),
        seed: Seed,
        /** 'upright': the root drawn upright (balancing over the feet may still tilt it); 'any' (default): the sampler's own mix, some leaning or lying. */
        orientation: z.enum(['upright', 'any']).default('any'),
      })
      .strict(),
    z.object({ poses: z.array(SampledPose) }),
    'Poses from the procedural sampler (a soft prior within joint limits, filtered for plausibility); same seed, same poses.',
  ),
  'library.describeSearch': call(
    z
      .object({
        /** A free-text description of a pose ("kneeling with both arms raised"). */
        text: z.string().trim().min(1).max(DESCRIBE_SEARCH_LIMITS.maxChars),
        /** At most this many results, best first. */
        limit: z.number().int().min(1).max(DESCRIBE_SEARCH_LIMITS.maxResults).default(DESCRIBE_SEARCH_LIMITS.defaultResults),
        /** Only poses of this library category. */
        category: z.string().min(1).max(64).optional(),
        /** Whether mirror images of library poses take part (default true); a symmetric pose has none. */
        mirrors: z.boolean().default(true),
      })
      .strict(),
    z.object({
      results: z.array(DescribedPose),
      /** How many poses matched the filters (the results are the best `limit` of them). */
      total: z.number().int().nonnegative(),
      /** What the model embedded: the description phrased like its training captions ("kneeling" → "The person is kneeling."). */
      query: z.string(),
      /** Which retrieval model ranked them. */
      model: z.string(),
    }),
    'The library poses and their mirror images ranked by how well they match a description, by cosine similarity in the retrieval model’s shared text–pose space. No installed retrieval model: not_found.',
  ),
  'generate.run': call(
    z
      .object({
        /** What to pose ("kneeling with both arms raised"); sent to the model inside a text→pose instruction. */
        prompt: z.string().trim().min(1).max(GENERATE_LIMITS.maxPromptChars),
        samples: z.number().int().min(1).max(GENERATE_LIMITS.maxSamples).default(GENERATE_LIMITS.defaultSamples),
        temperature: z.number().min(0).max(GENERATE_LIMITS.maxTemperature).default(GENERATE_LIMITS.defaultTemperature),
        sigmaScale: z.number().min(0).max(GENERATE_LIMITS.maxSigmaScale).default(GENERATE_LIMITS.defaultSigmaScale),
        /** Keep every drawn pose inside the joint limits (the default); false returns the raw Gaussian draws. */
        withinLimits: z.boolean().default(true),
        /** Absent: a fresh random seed (returned in the result, so the generation can be repeated). */
        seed: z.number().int().min(0).max(0xffffffff).optional(),
        model: PolicyModelName.default('policy'),
        sessionId: Id.optional(),
      })
      .strict(),
    Generation,
    'G candidate poses for a description, sampled from the policy in one batch, scored by the semantic reward and stored. No installed policy: not_found.',
    { progress: true },
  ),
  'generate.list': call(
    z
      .object({ limit: z.number().int().min(1).max(500).default(50), sessionId: Id.optional() })
      .strict(),
    z.object({ items: z.array(GenerationSummary) }),
    'Earlier generations, newest first.',
  ),
  'generate.get': call(z.object({ id: Id }).strict(), Generation, 'One stored generation with its candidates. Unknown id: not_found.'),
  'generate.rank': call(
    z
      .object({
        generationId: Id,
        /** Candidate ids, best first; candidates not listed become unranked. */
        ranking: z.array(Id).max(GENERATE_LIMITS.maxSamples),
      })
      .strict(),
    Generation,
    "Sets the user's ranking of a generation's candidates (1 = best). An id of another generation or a repeated id: bad_request.",
  ),
  'generate.pick': call(
    z.object({ generationId: Id, candidateId: Id.nullable() }).strict(),
    Generation,
    'Marks one candidate as the kept pose (null: none); at most one per generation.',
  ),
  'generate.export': call(
    z.object({ candidateId: Id, format: ExportFormat }).strict(),
    ExportedFile,
    "A candidate's pose as a file, with the prompt, seed and model in its metadata; records the export. A candidate without a pose: bad_request.",
  ),
  'finetune.presets': call(Empty, z.object({ presets: z.array(FinetunePreset) }), 'The HyGRPO presets (quick-cpu, overnight-cpu, gpu) with what each is for.'),
  'finetune.validate': call(
    z.object({ config: HyGRPOConfigJson }).strict(),
    z.object({ ok: z.boolean(), errors: z.array(z.string()) }),
    'Checks a run config with the engine’s validator; problems as "path: message" lines.',
  ),
  'finetune.start': call(
    z.object({ config: HyGRPOConfigJson, name: z.string().trim().min(1).max(200).optional() }).strict(),
    FinetuneRun,
    'Starts a HyGRPO run in the training process and answers once it is recorded as running. An invalid config: bad_request with details.errors; another run active: conflict.',
  ),
  'finetune.stop': call(
    z.object({ runId: Id }).strict(),
    FinetuneRun,
    'Stops the active run after its current step; it is recorded as cancelled and can be resumed from its last checkpoint. A run that is not running here: conflict.',
  ),
  'finetune.resume': call(
    z.object({ runId: Id }).strict(),
    FinetuneRun,
    'Continues a cancelled, failed or interrupted run after its last checkpoint (steps after it are dropped and run again). Another run active, or the run completed or running: conflict.',
  ),
  'finetune.list': call(Empty, z.object({ runs: z.array(FinetuneRun) }), 'Every HyGRPO run, newest first.'),
  'finetune.get': call(
    z.object({ runId: Id, fromStep: z.number().int().min(0).default(0) }).strict(),
    z.object({ run: FinetuneRun, metrics: z.array(FinetuneStepMetrics) }),
    'A run and its per-step metrics from fromStep on (a live view asks for the steps after the last it has).',
  ),
  'finetune.checkpoints': call(
    z.object({ runId: Id }).strict(),
    z.object({ checkpoints: z.array(FinetuneCheckpoint) }),
    'A run’s checkpoints in step order, with their metrics and evaluation.',
  ),
  'finetune.promote': call(
    z.object({ checkpointId: Id.nullable() }).strict(),
    ActivePolicy,
    'Makes a checkpoint (its weights checked against the recorded sha256) the policy Generate uses; null goes back to the shipped policy.',
  ),
  'finetune.activePolicy': call(Empty, ActivePolicy, 'The policy Generate uses now.'),
  'video.begin': call(
    z
      .object({
        name: z.string().trim().min(1).max(255),
        fps: z.number().positive().max(VIDEO_LIMITS.maxFps),
        frameCount: z.number().int().min(1).max(VIDEO_LIMITS.maxFrames),
        width: Side,
        height: Side,
        /** The source's own size and duration, kept as metadata. */
        source: z.object({ width: z.number().int().min(1).max(16384), height: z.number().int().min(1).max(16384), durationS: z.number().nonnegative().max(86400) }).strict().optional(),
        model: LandmarkModel.default('full'),
        /** Fit each frame's μ to the world landmarks (default true). */
        refine: z.boolean().default(true),
        sessionId: Id.optional(),
      })
      .strict(),
    z.object({ video: VideoSummary }),
    'Creates a video record to analyse; frames then arrive one by one through video.frame, and video.end closes the stream.',
  ),
  'video.frame': call(
    z
      .object({ videoId: Id, frame: z.number().int().min(0).max(VIDEO_LIMITS.maxFrames - 1), image: VideoFrameImage })
      .strict(),
    z.object({ frame: z.number().int(), found: z.boolean(), detected: z.boolean(), estimate: VideoFrameEstimate.nullable() }),
    "Tracks one frame of a video (BlazePose with the stream's tracker: the detector only when the track is lost), lifts it to SMPL (the policy's μ and Σ, refined) and stores the estimate. A frame where nobody is found stores nothing (found: false).",
  ),
  'video.end': call(z.object({ videoId: Id }).strict(), z.object({ video: VideoSummary }), "Closes a video's tracking stream (what was stored stays)."),
  'video.list': call(Empty, z.object({ videos: z.array(VideoSummary) }), 'Analysed videos, newest first.'),
  'video.get': call(z.object({ id: Id }).strict(), z.object({ video: VideoSummary, frames: z.array(VideoFrameEstimate) }), 'A video with its frame estimates in frame order. Unknown id: not_found.'),
  'video.candidates': call(
    z
      .object({
        videoId: Id,
        frame: z.number().int().min(0).max(VIDEO_LIMITS.maxFrames - 1),
        samples: z.number().int().min(1).max(VIDEO_LIMITS.maxCandidates).default(VIDEO_LIMITS.defaultCandidates),
        seed: Seed.default(1),
      })
      .strict(),
    z.object({
      model: z.string(),
      candidates: z.array(z.object({ idx: z.number().int(), pose: z.array(z.number()).length(66).nullable(), sigma: z.array(z.number()).length(22).nullable(), formatValid: z.boolean() })),
    }),
    "G candidate poses for one stored frame, drawn from the policy given the frame's stored landmarks. A frame without an estimate: not_found.",
    { progress: true },
  ),
  'video.correct': call(
    z
      .object({
        videoId: Id,
        frame: z.number().int().min(0).max(VIDEO_LIMITS.maxFrames - 1),
        /** 66 axis-angle numbers (a 72-number pose is cut to the body's 66); null clears the correction. */
        pose: PoseVector.nullable(),
      })
      .strict(),
    z.object({ estimate: VideoFrameEstimate }),
    "Sets the analyst's corrected pose of a stored frame (a candidate, or a pose edited in the Pose lab), or clears it with null; the estimate itself is kept, and exports use the correction. A frame without an estimate: not_found.",
  ),
  'video.export': call(
    z.object({ videoId: Id, format: VideoExportFormat }).strict(),
    ExportedFile,
    "The video's pose sequence as an AMASS-style .npz (poses, trans, mocap_framerate) or a CSV of forward-kinematics joint positions; corrected poses win. A video without estimates: bad_request.",
  ),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a caller passes (defaults may be omitted). */
export type CallRequest<N extends CallName> = z.input<Calls[N]['request']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedRequest<N extends CallName> = z.output<Calls[N]['request']>;
export type CallResponse<N extends CallName> = z.output<Calls[N]['response']>;

export const ComputeStatusEvent = z.object({
  state: z.enum(['starting', 'ready', 'crashed', 'restarting', 'stopped']),
  pid: z.number().int().nullable(),
  restarts: z.number().int(),
  message: z.string(),
});

export const events = {
  'compute.status': ComputeStatusEvent,
  'sessions.changed': z.object({ id: Id, change: z.enum(['created', 'updated', 'deleted']) }),
  /** A run's life as it happens: each recorded step (with its metrics), each checkpoint, each change of status. */
  'finetune.progress': z.object({
    runId: Id,
    type: z.enum(['step', 'checkpoint', 'status']),
    status: FinetuneRunStatus,
    step: z.number().int().nonnegative(),
    steps: z.number().int().nonnegative(),
    metrics: z.record(z.string(), z.number().nullable()).optional(),
  }),
  'finetune.activePolicy': ActivePolicy,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}
/** Whether a call is long-running (sends progress, worth a cancel button). */
export function isProgressCall(name: string): boolean {
  return isCallName(name) && calls[name].progress;
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
