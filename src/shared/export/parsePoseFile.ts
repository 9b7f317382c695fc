import { z } from 'zod';
import { JOINT_NAMES, POSE_SIZE_BODY, POSE_SIZE_FULL, poseTo72 } from '../body';
import { SMPL_POSE_FORMAT, SMPL_POSE_VERSION } from './smplJson';

/** Larger than any pose file the studio writes (a few kB) by a wide margin, small enough to parse at once. */
export const MAX_POSE_FILE_CHARS = 1_000_000;
/** Same bound as the API's PoseVector: a few turns is already far beyond any joint's range. */
const MAX_ABS_ANGLE = 20;

const Angle = z.number().finite().min(-MAX_ABS_ANGLE).max(MAX_ABS_ANGLE);
const BarePose = z
  .array(Angle)
  .max(POSE_SIZE_FULL)
  .refine((a) => a.length === POSE_SIZE_BODY || a.length === POSE_SIZE_FULL, {
    message: `a pose has ${POSE_SIZE_BODY} or ${POSE_SIZE_FULL} axis-angle values`,
  });

/** Our SMPL JSON (see smplJson.ts). Only what the import needs is required; the rest is checked if present. */
const SmplPoseFile = z.object({
  format: z.literal(SMPL_POSE_FORMAT),
  version: z.literal(SMPL_POSE_VERSION),
  poseAxisAngle: BarePose,
  jointNames: z
    .array(z.string().max(100))
    .max(64)
    .refine((names) => names.length === JOINT_NAMES.length && names.every((n, i) => n === JOINT_NAMES[i]), {
      message: 'the joints are not the 24 SMPL joints in SMPL order',
    })
    .optional(),
  provenance: z.object({ name: z.string().max(1000).optional() }).passthrough().optional(),
});

export interface ImportedPose {
  /** 72 axis-angle values. */
  pose: number[];
  /** From the file's provenance, if it has one. */
  name: string | null;
  source: 'smpl-json' | 'array';
}

export type ParsePoseResult = { ok: true; value: ImportedPose } | { ok: false; error: string };

function describe(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  // poseAxisAngle[3], provenance.name, [5]: the way the JSON would be indexed.
  const where = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `Not a valid ${what}: ${where ? `${where}: ` : ''}${issue.message}${more}.`;
}

/**
 * Reads a pose file: the studio's SMPL JSON, or a bare JSON array of 66 or 72 axis-angle numbers.
 * Never throws; a failure says what is wrong in words a user can act on.
 */
export function parsePoseFile(text: string): ParsePoseResult {
  if (typeof text !== 'string') return { ok: false, error: 'The file is not text.' };
  if (text.length > MAX_POSE_FILE_CHARS) {
    return { ok: false, error: `The file is too large for a pose file (${text.length} characters; at most ${MAX_POSE_FILE_CHARS}).` };
  }
  if (!text.trim()) return { ok: false, error: 'The file is empty.' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The file is not JSON: ${e instanceof Error ? e.message : String(e)}.` };
  }
  if (Array.isArray(data)) {
    const r = BarePose.safeParse(data);
    if (!r.success) return { ok: false, error: describe(r.error, 'pose array') };
    return { ok: true, value: { pose: Array.from(poseTo72(r.data, 1)), name: null, source: 'array' } };
  }
  if (data === null || typeof data !== 'object') {
    return { ok: false, error: `Expected a pose object or an array of ${POSE_SIZE_BODY} or ${POSE_SIZE_FULL} numbers, found ${data === null ? 'null' : typeof data}.` };
  }
  const format = (data as { format?: unknown }).format;
  if (format !== SMPL_POSE_FORMAT) {
    return {
      ok: false,
      error: `Not a Pose-RFT Studio pose file: "format" is ${format === undefined ? 'missing' : JSON.stringify(format).slice(0, 80)}, expected "${SMPL_POSE_FORMAT}".`,
    };
  }
  const r = SmplPoseFile.safeParse(data);
  if (!r.success) return { ok: false, error: describe(r.error, 'SMPL pose file') };
  const name = r.data.provenance?.name?.trim() || null;
  return { ok: true, value: { pose: Array.from(poseTo72(r.data.poseAxisAngle, 1)), name, source: 'smpl-json' } };
}
