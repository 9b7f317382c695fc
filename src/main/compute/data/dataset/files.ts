/**
 * Writing a dataset: shard files per split and the manifest. Files are written to a temporary name and renamed,
 * so an interrupted build never leaves a file that looks complete, and the manifest is written last: a directory
 * without manifest.json is not a dataset.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ShardPart } from './record';

export interface WrittenFile {
  /** Relative to the dataset directory, '/'-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface WrittenShardPart {
  shard: number;
  split: ShardPart['split'];
  examples: number;
  jsonl: WrittenFile;
  poses: WrittenFile & { shape: [number, number] };
  landmarks: (WrittenFile & { shape: [number, number] }) | null;
  /** Examples per task in this part. */
  tasks: Record<string, number>;
}

function writeAtomic(dir: string, rel: string, data: Uint8Array | string): WrittenFile {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  writeFileSync(`${full}.partial`, bytes);
  renameSync(`${full}.partial`, full);
  return { path: rel.split(path.sep).join('/'), bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function littleEndian(a: Float32Array): Uint8Array {
  // Typed arrays use the machine's byte order; the format is little-endian everywhere.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new DataView(new ArrayBuffer(a.byteLength));
  a.forEach((v, i) => out.setFloat32(i * 4, v, true));
  return new Uint8Array(out.buffer);
}

export function shardName(shard: number): string {
  return `shard-${String(shard).padStart(5, '0')}`;
}

/** Writes one split's part of a shard: `<split>/shard-NNNNN.{jsonl,poses.f32,landmarks.f32}`. */
export function writeShardPart(dir: string, shard: number, part: ShardPart): WrittenShardPart {
  const base = path.join(part.split, shardName(shard));
  const tasks: Record<string, number> = {};
  for (const r of part.records) tasks[r.task] = (tasks[r.task] ?? 0) + 1;
  const jsonl = part.records.map((r) => JSON.stringify(r)).join('\n') + (part.records.length ? '\n' : '');
  const nLandmarks = part.landmarks.length / (33 * 4);
  return {
    shard,
    split: part.split,
    examples: part.records.length,
    jsonl: writeAtomic(dir, `${base}.jsonl`, jsonl),
    poses: { ...writeAtomic(dir, `${base}.poses.f32`, littleEndian(part.poses)), shape: [part.poses.length / 66, 66] },
    landmarks: nLandmarks > 0 ? { ...writeAtomic(dir, `${base}.landmarks.f32`, littleEndian(part.landmarks)), shape: [nLandmarks, 33 * 4] } : null,
    tasks,
  };
}

/** Writes manifest.json (pretty, stable key order as given) last. */
export function writeManifest(dir: string, manifest: unknown): WrittenFile {
  return writeAtomic(dir, 'manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
}
