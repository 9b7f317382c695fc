/**
 * `pose-studio data build`: generates a dataset as shards (per split: JSONL + Float32 arrays) and a manifest.
 * Shards are independent jobs (each forks its own random stream from the seed), so the files are byte-identical
 * whatever the number of workers, and the manifest, written last, lists every file with its sha256.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { POSE_LIBRARY } from '../library';
import { CAPTIONER_VERSION } from '../captioner';
import { configProblems, SPLITS, type DatasetBuildConfig, type Split } from './config';
import { writeManifest, writeShardPart, type WrittenShardPart } from './files';
import { runPool } from './pool';
import { buildContext, buildShard } from './shard';

export const DATASET_FORMAT = 'pose-rft-dataset';
export const DATASET_FORMAT_VERSION = 1;

export interface DatasetManifest {
  format: typeof DATASET_FORMAT;
  formatVersion: number;
  config: DatasetBuildConfig;
  engine: { captioner: string; library: { poses: number; sha256: string } };
  layout: Record<string, string>;
  librarySplits: Record<Split, string[]>;
  totals: { examples: number; perSplit: Record<Split, number>; perTask: Record<string, number> };
  shards: WrittenShardPart[];
}

export interface BuildProgress {
  shardsDone: number;
  shards: number;
  examplesDone: number;
}

export interface BuildOptions {
  /** Worker threads; 0 builds on this thread. */
  workers: number;
  /** The built worker script (out/main/data-worker.js); required when workers > 0. */
  workerUrl?: URL;
  /** Replace an existing dataset in `outDir`. */
  force?: boolean;
  onProgress?: (p: BuildProgress) => void;
}

/** Everything one shard job needs; what a worker receives. */
export interface ShardJob {
  config: DatasetBuildConfig;
  outDir: string;
  shard: number;
}

let cachedContext: { key: string; ctx: ReturnType<typeof buildContext> } | null = null;

/** Builds and writes one shard (the worker's whole job). */
export function runShardJob(job: ShardJob): WrittenShardPart[] {
  const key = JSON.stringify(job.config);
  if (!cachedContext || cachedContext.key !== key) cachedContext = { key, ctx: buildContext(job.config) };
  return buildShard(job.config, job.shard, cachedContext.ctx).map((part) => writeShardPart(job.outDir, job.shard, part));
}

function librarySha(): string {
  const h = createHash('sha256');
  for (const p of POSE_LIBRARY) {
    h.update(p.id);
    h.update(Buffer.from(p.pose.buffer, p.pose.byteOffset, p.pose.byteLength));
  }
  return h.digest('hex');
}

export class DatasetBuildError extends Error {
  override readonly name = 'DatasetBuildError';
}

export async function buildDataset(config: DatasetBuildConfig, outDir: string, opts: BuildOptions): Promise<DatasetManifest> {
  const problems = configProblems(config);
  if (problems.length) throw new DatasetBuildError(`invalid build config: ${problems.join('; ')}`);
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    if (!opts.force) throw new DatasetBuildError(`${outDir} is not empty; choose another directory or pass --force to replace it`);
    rmSync(outDir, { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });

  const shards = Math.ceil(config.count / config.shardSize);
  const jobs = Array.from({ length: shards }, (_, shard) => ({ index: shard, input: { config, outDir, shard } satisfies ShardJob }));
  let shardsDone = 0;
  let examplesDone = 0;
  opts.onProgress?.({ shardsDone, shards, examplesDone });
  const results = await runPool<ShardJob, WrittenShardPart[]>({
    jobs,
    workers: Math.min(opts.workers, shards),
    workerUrl: opts.workerUrl,
    runInline: runShardJob,
    onDone: (_i, parts) => {
      shardsDone++;
      examplesDone += parts.reduce((n, p) => n + p.examples, 0);
      opts.onProgress?.({ shardsDone, shards, examplesDone });
    },
  });

  const written = [...results.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, parts]) => parts);
  const perSplit = { train: 0, val: 0, test: 0 } as Record<Split, number>;
  const perTask: Record<string, number> = {};
  for (const part of written) {
    perSplit[part.split] += part.examples;
    for (const [t, n] of Object.entries(part.tasks)) perTask[t] = (perTask[t] ?? 0) + n;
  }
  const ctx = buildContext(config);
  const librarySplits = Object.fromEntries(SPLITS.map((s) => [s, [...ctx.librarySplits].filter(([, v]) => v === s).map(([k]) => k).sort()])) as Record<
    Split,
    string[]
  >;
  const manifest: DatasetManifest = {
    format: DATASET_FORMAT,
    formatVersion: DATASET_FORMAT_VERSION,
    config,
    engine: { captioner: CAPTIONER_VERSION, library: { poses: POSE_LIBRARY.length, sha256: librarySha() } },
    layout: {
      '<split>/shard-NNNNN.jsonl': 'one ExampleRecord per line (src/main/compute/data/dataset/record.ts)',
      '<split>/shard-NNNNN.poses.f32': 'float32 little-endian [rows, 66]: SMPL body pose, axis-angle radians (pelvis + 21 joints)',
      '<split>/shard-NNNNN.landmarks.f32': 'float32 little-endian [rows, 132]: 33 BlazePose landmarks × (x, y, z, visibility), normalised',
    },
    librarySplits,
    totals: { examples: perSplit.train + perSplit.val + perSplit.test, perSplit, perTask },
    shards: written,
  };
  writeManifest(outDir, manifest);
  return manifest;
}
