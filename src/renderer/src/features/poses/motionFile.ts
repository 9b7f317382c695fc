/** Motion files the importer reads, by extension. */
export const MOTION_FILE_ACCEPT = '.bvh,.npz';

export type EncodedMotionFile =
  { ok: true; data: string; encoding: 'base64' | 'gzip'; bytes: number } | { ok: false; message: string };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/** Standard base64 of bytes, built in chunks so large files do not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A motion file's bytes ready for `motion.import`: refused here when over the importer's cap, gzipped when that
 * makes it smaller (BVH text shrinks four- to eightfold, which keeps large clips under the transport's message
 * size), then base64.
 */
export async function encodeMotionFile(
  file: Blob & { name: string },
  maxBytes: number,
): Promise<EncodedMotionFile> {
  if (file.size === 0) return { ok: false, message: `${file.name} is empty.` };
  if (file.size > maxBytes) {
    return {
      ok: false,
      message: `${file.name} is ${formatBytes(file.size)}; the importer takes files up to ${formatBytes(maxBytes)}.`,
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (typeof CompressionStream !== 'undefined') {
    const packed = await gzip(bytes);
    if (packed.length < bytes.length * 0.9)
      return { ok: true, data: toBase64(packed), encoding: 'gzip', bytes: bytes.length };
  }
  return { ok: true, data: toBase64(bytes), encoding: 'base64', bytes: bytes.length };
}

/** "Line 12: …" for importer errors that name a line, unless the message already says where. */
export function importErrorText(message: string, details: unknown): string {
  const line = (details as { line?: unknown } | undefined)?.line;
  if (typeof line !== 'number' || /\bline \d+/i.test(message)) return message;
  return `Line ${line}: ${message}`;
}

/** "2.05 s" / "1:02.5" for a time in seconds. */
export function formatClipTime(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  const m = Math.floor(seconds / 60);
  return `${m}:${(seconds - m * 60).toFixed(1).padStart(4, '0')}`;
}
