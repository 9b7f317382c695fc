/**
 * Builds one shard of a dataset: for each example, a split, a task and a source pose, then the task's prompt,
 * answer and arrays. Pure apart from the library it reads: the same (config, shard) always gives the same parts.
 */
import { POSE_LIBRARY } from '../library';
import { caption } from '../captioner';
import { normalizeImageLandmarks, poseInCameraView, synthesizeLandmarks } from '../landmarks';
import { Rng } from '../random';
import type { LibraryPose } from '../types';
import { mirrorLibraryPose, samplePose, varyPose } from '../variation';
import { drawQuestion } from '../tasks/questions';
import { describePrompt, landmarksPrompt, poseAnswer, questionPrompt, textToPosePrompt } from '../tasks/templates';
import { SPLITS, type DatasetBuildConfig, type Split, type TaskKind } from './config';
import { LANDMARK_ROW, POSE_ROW, type ExampleRecord, type ShardPart, type SourceKind } from './record';
import { assignLibrarySplits, drawSplit, sourceGroup } from './splits';

/** Library poses (and their mirrors) available to each split. */
export interface BuildContext {
  pools: Record<Split, LibraryPose[]>;
  librarySplits: Map<string, Split>;
}

export function buildContext(config: DatasetBuildConfig, library: readonly LibraryPose[] = POSE_LIBRARY): BuildContext {
  const librarySplits = assignLibrarySplits(library, config.splits, config.seed);
  const pools: Record<Split, LibraryPose[]> = { train: [], val: [], test: [] };
  for (const p of library) {
    const split = librarySplits.get(sourceGroup(p.id))!;
    pools[split].push(p, mirrorLibraryPose(p));
  }
  return { pools, librarySplits };
}

interface SourcePose {
  pose: Float32Array;
  group: string;
  kind: SourceKind;
  ids: string[];
  /** Set when the pose still is the named library pose (as authored, mirrored or lightly perturbed). */
  named?: LibraryPose;
}

function drawSource(rng: Rng, split: Split, ctx: BuildContext, config: DatasetBuildConfig, sampleKey: string): SourcePose {
  const pool = ctx.pools[split];
  const { library, varied, sampled } = config.sources;
  const kind = pool.length === 0 ? 'sampled' : rng.weighted(['library', 'varied', 'sampled'] as const, [library, varied, sampled]);
  if (kind === 'library') {
    const p = rng.pick(pool);
    return { pose: Float32Array.from(p.pose), group: sourceGroup(p.id), kind: p.id.includes('~') ? 'mirror' : 'library', ids: [p.id], named: p };
  }
  if (kind === 'varied') {
    const base = rng.pick(pool);
    const v = varyPose(base, rng, pool);
    const ids = v.provenance.sources;
    // `named` is set only while the variation still is a named pose (light noise, or the mirrored library pose).
    return { pose: v.pose, group: sourceGroup(ids[0]), kind: v.provenance.kind as SourceKind, ids, named: v.named };
  }
  return { pose: samplePose(rng), group: `sample:${sampleKey}`, kind: 'sample', ids: [] };
}

function captionOf(src: SourcePose, rng: Rng, config: DatasetBuildConfig) {
  const [lo, hi] = config.captionCodes;
  const maxCodes = lo + rng.int(hi - lo + 1);
  const n = src.named;
  const named = n ? { name: n.name, category: n.category, tags: n.tags, action: n.actions.length ? rng.pick(n.actions) : undefined } : {};
  return caption(src.pose, rng, { ...named, maxCodes });
}

/** The examples of one shard, split by split (every split is present, possibly empty). */
export function buildShard(config: DatasetBuildConfig, shard: number, ctx: BuildContext): ShardPart[] {
  const rng = new Rng(config.seed).fork(`shard:${shard}`);
  const start = shard * config.shardSize;
  const end = Math.min(config.count, start + config.shardSize);
  const weights = config.tasks.map((t) => config.taskWeights?.[t] ?? 1);
  const acc = new Map<Split, { records: ExampleRecord[]; poses: number[][]; landmarks: Float32Array[] }>(
    SPLITS.map((s) => [s, { records: [], poses: [], landmarks: [] }]),
  );

  for (let i = start; i < end; i++) {
    const split = drawSplit(rng, config.splits);
    const task: TaskKind = config.tasks.length === 1 ? config.tasks[0] : rng.weighted(config.tasks, weights);
    const src = drawSource(rng, split, ctx, config, `${shard}:${i}`);
    const out = acc.get(split)!;
    const record: ExampleRecord = {
      id: `${config.seed}-${i}`,
      task,
      split,
      group: src.group,
      source: { kind: src.kind, ids: src.ids },
      prompt: '',
      answer: '',
      poseRow: out.poses.length,
    };
    switch (task) {
      case 'text2pose': {
        const c = captionOf(src, rng, config);
        record.caption = c.text;
        record.posecodes = c.posecodes;
        record.prompt = textToPosePrompt(c.text, rng);
        record.answer = poseAnswer(rng);
        break;
      }
      case 'pose2text': {
        const c = captionOf(src, rng, config);
        record.caption = c.text;
        record.posecodes = c.posecodes;
        record.prompt = describePrompt(rng);
        record.answer = c.text;
        break;
      }
      case 'landmarks2pose': {
        const lm = synthesizeLandmarks(src.pose, rng);
        // What an image shows is the pose relative to the camera: the target turns the body so the camera is its
        // frontal viewer (only the root changes), which is what a landmarks→pose model can recover.
        src.pose = poseInCameraView(src.pose, lm.camera);
        const norm = normalizeImageLandmarks(lm.image, lm.camera.width, lm.camera.height);
        const row = new Float32Array(LANDMARK_ROW);
        for (let k = 0; k < 33; k++) {
          row[k * 4] = norm[k * 3];
          row[k * 4 + 1] = norm[k * 3 + 1];
          row[k * 4 + 2] = norm[k * 3 + 2];
          row[k * 4 + 3] = lm.visibility[k];
        }
        record.landmarkRow = out.landmarks.length;
        out.landmarks.push(row);
        record.prompt = landmarksPrompt(rng);
        record.answer = poseAnswer(rng);
        break;
      }
      case 'pose-qa': {
        const q = drawQuestion(src.pose, rng);
        if (!q) {
          // No clear fact on this pose (rare): describe it instead of asking a question with a doubtful answer.
          const c = captionOf(src, rng, config);
          record.task = 'pose2text';
          record.caption = c.text;
          record.posecodes = c.posecodes;
          record.prompt = describePrompt(rng);
          record.answer = c.text;
          break;
        }
        record.prompt = questionPrompt(q.question, rng);
        record.answer = q.answer;
        record.fact = q.fact;
        record.truth = q.truth;
        break;
      }
    }
    out.poses.push(Array.from(src.pose.subarray(0, POSE_ROW)));
    out.records.push(record);
  }

  return SPLITS.map((split) => {
    const a = acc.get(split)!;
    const poses = new Float32Array(a.poses.length * POSE_ROW);
    a.poses.forEach((p, k) => poses.set(p, k * POSE_ROW));
    const landmarks = new Float32Array(a.landmarks.length * LANDMARK_ROW);
    a.landmarks.forEach((l, k) => landmarks.set(l, k * LANDMARK_ROW));
    return { split, records: a.records, poses, landmarks };
  });
}
