/** One pose in any export format, as what a transport carries: text as is, binary formats in base64. */
import { amassNpz } from './amassNpz';
import { poseToBvh } from './bvh';
import { EXPORT_FORMATS, type ExportFormat, type ExportProvenance } from './provenance';
import { smplPoseJson } from './smplJson';

export interface PoseFileContent {
  mimeType: string;
  content: string;
  encoding: 'utf8' | 'base64';
}

/** Base64 of bytes with the platform's btoa (browsers and Node ≥ 16), in chunks so long files do not overflow the stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function poseFileContent(pose: ArrayLike<number>, format: ExportFormat, provenance: ExportProvenance): PoseFileContent {
  const mimeType = EXPORT_FORMATS[format].mimeType;
  switch (format) {
    case 'smpl-json':
      return { mimeType, content: smplPoseJson(pose, provenance), encoding: 'utf8' };
    case 'bvh':
      return { mimeType, content: poseToBvh(pose), encoding: 'utf8' };
    case 'amass-npz-72':
    case 'amass-npz-156': {
      const g = provenance.generation;
      const bytes = amassNpz(pose, format === 'amass-npz-72' ? 72 : 156, { provenance, ...(g ? { prompt: g.prompt, seed: g.seed, model: g.model } : {}) });
      return { mimeType, content: bytesToBase64(bytes), encoding: 'base64' };
    }
  }
}
