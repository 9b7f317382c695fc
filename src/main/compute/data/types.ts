/**
 * Types shared across the data engine (pose library, variation, importers, captioner, landmark synthesiser,
 * task datasets). Poses are SMPL body poses: 66 axis-angle numbers (pelvis global orientation + 21 joints),
 * radians, in the body model's frame (metres, Y up, facing +Z, the body's left at +X). See src/shared/body.
 */

export const POSE_CATEGORIES = [
  'standing',
  'walking',
  'running',
  'sitting',
  'kneeling',
  'squatting',
  'lying',
  'jumping',
  'yoga',
  'sports',
  'dance',
  'gesture',
  'fighting',
] as const;
export type PoseCategory = (typeof POSE_CATEGORIES)[number];

/** One authored, named pose of the library. */
export interface LibraryPose {
  /** Stable kebab-case id, e.g. 'kneel-left-knee'. Splits and provenance refer to it. */
  id: string;
  /** Display name, e.g. 'Kneeling on the left knee'. */
  name: string;
  category: PoseCategory;
  /** Lower-case keywords, e.g. ['kneeling', 'one knee', 'left']. */
  tags: string[];
  /** Other names people use for the pose, e.g. ['genuflect', 'proposal pose']. */
  synonyms: string[];
  /**
   * Action / pose-name phrases the captioner can turn into sentences, written after a subject,
   * e.g. ['is kneeling on the left knee', 'is down on one knee'].
   */
  actions: string[];
  /** 66 axis-angle numbers (radians). */
  pose: Float32Array;
}

/** A motion clip imported from a file, retargeted onto the SMPL skeleton. */
export interface MotionClip {
  /** From the file name or the file's own metadata. */
  name: string;
  format: 'bvh' | 'amass-npz';
  fps: number;
  frameCount: number;
  /** frameCount × 66 axis-angle numbers (radians), Y up, facing +Z at rest. */
  poses: Float32Array;
  /** frameCount × 3 root translation in metres (Y up). */
  trans: Float32Array;
  /** Non-fatal notes shown to the user, e.g. joints the rig lacks that were left at rest. */
  warnings: string[];
  /** Where each SMPL joint came from (source joint name or null), for the import report. */
  jointMap: Record<string, string | null>;
}

/** Why an import was refused: shown to the user as is, so it names the problem and, for text formats, the line. */
export interface ImportError {
  code: 'bad_format' | 'unsupported' | 'too_large' | 'empty';
  message: string;
  /** 1-based line of a text file where the problem is. */
  line?: number;
}

export type ImportResult = { ok: true; clip: MotionClip } | { ok: false; error: ImportError };
