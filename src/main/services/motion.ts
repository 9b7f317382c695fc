import { gunzipSync } from 'node:zlib';
import { err, ok } from '../../shared/api/errors';
import { importMotionFile, MAX_IMPORT_BYTES } from '../compute/data/import';
import type { HandlerTable } from './context';

/** `count` frame numbers spread evenly over a clip of `frameCount` frames, first and last included. */
export function sampleFrameIndices(frameCount: number, count: number): number[] {
  if (frameCount <= 0 || count <= 0) return [];
  if (frameCount <= count) return Array.from({ length: frameCount }, (_, i) => i);
  if (count === 1) return [0];
  return Array.from({ length: count }, (_, i) => Math.round((i * (frameCount - 1)) / (count - 1)));
}

/** The file's bytes, or why they cannot be had; gzip is undone with the importer's size cap on the output. */
function decodeUpload(
  data: string,
  encoding: 'base64' | 'gzip',
): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  const raw = Buffer.from(data, 'base64');
  if (encoding === 'base64')
    return { ok: true, bytes: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) };
  try {
    const out = gunzipSync(raw, { maxOutputLength: MAX_IMPORT_BYTES + 1 });
    return { ok: true, bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      return {
        ok: false,
        message: `the file is larger than the importer's limit of ${MAX_IMPORT_BYTES} bytes`,
      };
    }
    return { ok: false, message: 'the upload is not valid gzip data' };
  }
}

export const motionHandlers: HandlerTable<'motion.import'> = {
  /**
   * The importers are pure and fast enough for a file of the size cap (they parse text or a zip of arrays
   * and retarget frame by frame), so the call runs here; only sampled frames travel back.
   */
  'motion.import': (req) => {
    const decoded = decodeUpload(req.data, req.encoding);
    if (!decoded.ok)
      return err('bad_request', `${req.fileName}: ${decoded.message}.`, { reason: 'too_large' });
    if (decoded.bytes.byteLength > MAX_IMPORT_BYTES) {
      return err(
        'bad_request',
        `${req.fileName}: the file is larger than the importer's limit of ${MAX_IMPORT_BYTES} bytes.`,
        {
          reason: 'too_large',
        },
      );
    }
    const result = importMotionFile(req.fileName, decoded.bytes);
    if (!result.ok) {
      const { code, message, line } = result.error;
      return err('bad_request', message, line === undefined ? { reason: code } : { reason: code, line });
    }
    const clip = result.clip;
    const frames = sampleFrameIndices(clip.frameCount, req.maxFrames).map((index) => ({
      index,
      time: index / clip.fps,
      pose: Array.from(clip.poses.subarray(index * 66, index * 66 + 66)),
    }));
    return ok({
      clip: {
        name: clip.name,
        format: clip.format,
        fps: clip.fps,
        frameCount: clip.frameCount,
        frames,
        warnings: [...clip.warnings],
        jointMap: { ...clip.jointMap },
      },
    });
  },
};
