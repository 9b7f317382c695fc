import type { ImportResult } from '../types';
import { importAmass } from './amass';
import { parseBvh } from './bvh/parse';
import { retargetBvh } from './bvh/retarget';

/**
 * Motion import: BVH files (any hierarchy and channel order, retargeted onto the SMPL skeleton) and
 * AMASS-style .npz files. Every entry point returns an ImportResult and never throws: a refused file
 * comes back as an ImportError (with the line for BVH), never as a partial clip.
 */

export { parseBvh, type BvhFile, type BvhJoint, type BvhChannel, BVH_MAX_FRAMES, BVH_MAX_JOINTS } from './bvh/parse';
export { retargetBvh, type RetargetReport, type RetargetResult, SOLE_CLEARANCE } from './bvh/retarget';
export { parseJointName, mapJointsByName } from './bvh/jointNames';
export { AMASS_MAX_FRAMES } from './amass';

/** Largest file the importers accept, bytes (a 20-minute 120 fps CMU BVH is ~60 MB). */
export const MAX_IMPORT_BYTES = 128 * 1024 * 1024;

function baseName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = last.lastIndexOf('.');
  return (dot > 0 ? last.slice(0, dot) : last) || 'motion';
}

function tooLarge(size: number): ImportResult {
  return {
    ok: false,
    error: { code: 'too_large', message: `the file is ${(size / 1048576).toFixed(1)} MB; at most ${MAX_IMPORT_BYTES / 1048576} MB can be imported` },
  };
}

/** Imports BVH text: parse, then retarget onto SMPL. */
export function importBvh(text: string, name = 'motion'): ImportResult {
  if (typeof text === 'string' && text.length > MAX_IMPORT_BYTES) return tooLarge(text.length);
  const parsed = parseBvh(text);
  if (!parsed.ok) return parsed;
  const r = retargetBvh(parsed.bvh, name);
  return r.ok ? { ok: true, clip: r.clip } : r;
}

/** Imports an AMASS-style .npz (poses, trans, betas, mocap_framerate). */
export function importAmassNpz(bytes: Uint8Array, name = 'motion'): ImportResult {
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: { code: 'bad_format', message: 'the .npz input is not bytes' } };
  if (bytes.length > MAX_IMPORT_BYTES) return tooLarge(bytes.length);
  return importAmass(bytes, name);
}

/** Imports a motion file by its extension (.bvh, .npz), or by its content when the extension says nothing. */
export function importMotionFile(fileName: string, bytes: Uint8Array): ImportResult {
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: { code: 'bad_format', message: 'the file contents are not bytes' } };
  if (bytes.length === 0) return { ok: false, error: { code: 'empty', message: 'the file is empty' } };
  if (bytes.length > MAX_IMPORT_BYTES) return tooLarge(bytes.length);
  const name = baseName(fileName);
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 64)).replace(/^\ufeff/, '').trimStart();
  const kind = ext === 'bvh' ? 'bvh' : ext === 'npz' ? 'npz' : isZip ? 'npz' : head.startsWith('HIERARCHY') ? 'bvh' : null;
  if (kind === 'bvh') return importBvh(new TextDecoder('utf-8').decode(bytes), name);
  if (kind === 'npz') return importAmassNpz(bytes, name);
  return {
    ok: false,
    error: { code: 'unsupported', message: `"${fileName}" is neither a BVH file (.bvh) nor an AMASS .npz archive` },
  };
}
