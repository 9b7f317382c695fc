/** Where an exported file came from; written into the file (SMPL JSON) and into the exports table. */
export interface ExportProvenance {
  app: string;
  version: string;
  sessionId?: string;
  /** The pose's name as the user gave it. */
  name: string;
  /** ISO 8601 time of the export. */
  exportedAt: string;
}

export const APP_NAME = 'Pose-RFT Studio';

export type ExportFormat = 'smpl-json' | 'bvh';

export const EXPORT_FORMATS: Readonly<Record<ExportFormat, { extension: string; mimeType: string; label: string }>> =
  Object.freeze({
    'smpl-json': { extension: 'json', mimeType: 'application/json', label: 'SMPL pose (JSON)' },
    bvh: { extension: 'bvh', mimeType: 'application/x-bvh', label: 'BVH (one frame)' },
  });

/**
 * A file name for an exported pose: the pose's name with characters that are unsafe in file names on any
 * of Windows, macOS or Linux replaced, bounded in length, plus the format's extension.
 */
export function exportFileName(name: string, format: ExportFormat): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 80)
    .trim();
  // A name with nothing readable left (only separators or control characters) becomes "pose".
  const base = /[\p{L}\p{N}]/u.test(cleaned) ? cleaned : 'pose';
  return `${base}.${EXPORT_FORMATS[format].extension}`;
}
