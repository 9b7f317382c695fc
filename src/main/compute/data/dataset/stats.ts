/**
 * Figures of a built dataset for the data report: counts, vocabulary, caption lengths, posecode frequencies,
 * pose diversity and joint-limit violations. Reads the files the build wrote (through the manifest), so it
 * describes what a trainer will actually see.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { forwardKinematics, jointLimitScore, normalizeHeading } from '../../../../shared/body';
import { Rng } from '../random';
import type { DatasetManifest } from './build';
import type { Split } from './config';
import type { ExampleRecord } from './record';

export interface Distribution {
  n: number;
  mean: number;
  median: number;
  p5: number;
  p95: number;
  min: number;
  max: number;
}

export interface DatasetStats {
  examples: number;
  perSplit: Record<Split, number>;
  perTask: Record<string, number>;
  perSource: Record<string, number>;
  /** Distinct lower-case words over prompts, answers and captions. */
  vocabulary: number;
  captionWords: Distribution;
  captionsWithAction: number;
  /** `code = category` → how many captions assert it, most frequent first. */
  posecodes: { key: string; count: number }[];
  /** Mean over random pairs of the mean per-joint distance (m) between heading-normalised, pelvis-centred poses. */
  diversity: Record<Split, number>;
  /** Fraction of poses with any joint beyond its limits, and the mean excess (degrees summed over axes). */
  limits: { violationRate: number; meanExcessDeg: number; poses: number };
}

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { n: 0, mean: NaN, median: NaN, p5: NaN, p95: NaN, min: NaN, max: NaN };
  const s = [...values].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(f * (s.length - 1))))];
  return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, median: q(0.5), p5: q(0.05), p95: q(0.95), min: s[0], max: s[s.length - 1] };
}

/** Heading-normalised, pelvis-centred joints (22 × 3) of each pose. */
function centredJoints(poses: Float32Array[]): Float32Array[] {
  return poses.map((p) => {
    const j = forwardKinematics(normalizeHeading(Float32Array.from(p)), 1).positions;
    const out = new Float32Array(22 * 3);
    for (let k = 0; k < 22; k++) for (let d = 0; d < 3; d++) out[k * 3 + d] = j[k * 3 + d] - j[d];
    return out;
  });
}

/** Average pairwise joint distance of a set of poses, estimated on up to `pairs` random pairs. */
export function averagePairwiseJointDistance(poses: Float32Array[], rng: Rng, pairs = 20000): number {
  if (poses.length < 2) return 0;
  const joints = centredJoints(poses);
  let sum = 0;
  for (let t = 0; t < pairs; t++) {
    const a = rng.int(joints.length);
    let b = rng.int(joints.length - 1);
    if (b >= a) b++;
    let d = 0;
    for (let k = 0; k < 22; k++) {
      const o = k * 3;
      d += Math.hypot(joints[a][o] - joints[b][o], joints[a][o + 1] - joints[b][o + 1], joints[a][o + 2] - joints[b][o + 2]);
    }
    sum += d / 22;
  }
  return sum / pairs;
}

export function datasetStats(dir: string, manifest: DatasetManifest, seed = 1): DatasetStats {
  const words = new Set<string>();
  const captionWords: number[] = [];
  const codes = new Map<string, number>();
  const perSource: Record<string, number> = {};
  const posesBySplit: Record<Split, Float32Array[]> = { train: [], val: [], test: [] };
  let captionsWithAction = 0;
  const addWords = (text: string) => {
    for (const w of text.toLowerCase().match(/[a-z']+/g) ?? []) words.add(w);
  };
  for (const part of manifest.shards) {
    const raw = readFileSync(path.join(dir, part.poses.path));
    const poses = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const lines = readFileSync(path.join(dir, part.jsonl.path), 'utf8').split('\n');
    for (const line of lines) {
      if (!line) continue;
      const r = JSON.parse(line) as ExampleRecord;
      perSource[r.source.kind] = (perSource[r.source.kind] ?? 0) + 1;
      addWords(r.prompt);
      addWords(r.answer);
      if (r.caption) {
        captionWords.push((r.caption.match(/\S+/g) ?? []).length);
        for (const c of (r.posecodes ?? []) as { code?: string; category?: string }[]) {
          const key = `${c.code} = ${c.category}`;
          codes.set(key, (codes.get(key) ?? 0) + 1);
        }
        if (r.source.kind === 'library' || r.source.kind === 'mirror' || r.source.kind === 'noise') captionsWithAction++;
      }
      posesBySplit[r.split].push(poses.subarray(r.poseRow * 66, r.poseRow * 66 + 66));
    }
  }
  const rng = new Rng(seed);
  const sample = (list: Float32Array[], n: number) => (list.length <= n ? list : rng.shuffle([...list]).slice(0, n));
  const diversity = {} as Record<Split, number>;
  for (const s of ['train', 'val', 'test'] as const) diversity[s] = averagePairwiseJointDistance(sample(posesBySplit[s], 2000), rng);
  const all = sample([...posesBySplit.train, ...posesBySplit.val, ...posesBySplit.test], 20000);
  let violating = 0;
  let excess = 0;
  for (const p of all) {
    const score = jointLimitScore(p);
    if (score.total > 0) violating++;
    excess += score.total;
  }
  return {
    examples: manifest.totals.examples,
    perSplit: manifest.totals.perSplit,
    perTask: manifest.totals.perTask,
    perSource,
    vocabulary: words.size,
    captionWords: distribution(captionWords),
    captionsWithAction,
    posecodes: [...codes.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    diversity,
    limits: { violationRate: all.length ? violating / all.length : 0, meanExcessDeg: all.length ? excess / all.length : 0, poses: all.length },
  };
}
