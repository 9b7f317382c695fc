/** Where an exported file came from; written into the file (SMPL JSON) and into the exports table. */
export interface ExportProvenance {
  app: string;
  version: string;
  sessionId?: string;
  /** The pose's name as the user gave it. */
  name: string;
  /** ISO 8601 time of the export. */
  exportedAt: string;
  /** Set when the pose was generated: what was asked, with which seed, by which model. */
  generation?: { prompt: string; seed: number; model: string };
}

export const APP_NAME = 'Pose-RFT Studio';

export type ExportFormat = 'smpl-json' | 'bvh' | 'amass-npz-72' | 'amass-npz-156';

export interface ExportFormatInfo {
  extension: string;
  mimeType: string;
  label: string;
  /** The file is bytes (a Uint8Array), not text: it cannot travel or be saved as a string. */
  binary: boolean;
}

export const EXPORT_FORMATS: Readonly<Record<ExportFormat, Readonly<ExportFormatInfo>>> = Object.freeze({
  'smpl-json': { extension: 'json', mimeType: 'application/json', label: 'SMPL pose (JSON)', binary: false },
  bvh: { extension: 'bvh', mimeType: 'application/x-bvh', label: 'BVH (one frame)', binary: false },
  'amass-npz-72': { extension: 'npz', mimeType: 'application/octet-stream', label: 'AMASS .npz (SMPL, 72)', binary: true },
  'amass-npz-156': { extension: 'npz', mimeType: 'application/octet-stream', label: 'AMASS .npz (SMPL+H, 156)', binary: true },
});

/**
 * A name made safe as a file name on any of Windows, macOS or Linux: unsafe characters replaced, bounded in
 * length; a name with nothing readable left (only separators or control characters) becomes `fallback`.
 */
export function safeFileBase(name: string, fallback = 'pose'): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 80)
    .trim();
  return /[\p{L}\p{N}]/u.test(cleaned) ? cleaned : fallback;
}

/** A file name for an exported pose: its name made safe (safeFileBase) plus the format's extension. */
export function exportFileName(name: string, format: ExportFormat): string {
  return `${safeFileBase(name)}.${EXPORT_FORMATS[format].extension}`;
}
