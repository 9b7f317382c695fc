/**
 * The queries HyGRPO samples answers for: examples of the train split of a seeded build, grouped by task, and the
 * draw of one step's queries. A step's draw is a pure function of (seed, step): a resumed run needs no saved
 * cursor beyond its step number to draw exactly what the uninterrupted run would have drawn.
 */
import { POSE_SIZE_BODY } from '../../../shared/body';
import type { Posecode } from '../data/captioner';
import { TASK_KINDS, type DatasetBuildConfig, type TaskKind } from '../data/dataset/config';
import { LANDMARK_ROW } from '../data/dataset/record';
import { Rng } from '../data/random';
import { POLICY_DATA } from '../models/policy/config';
import { policyExamples, poseTarget } from '../models/policy/examples';
import type { ModalityInputs } from '../models/policy/sequence';
import type { HyGRPOConfig } from './config';

export interface RLQuery {
  /** The dataset record's id (stable across builds with the same config). */
  id: string;
  task: TaskKind;
  prompt: string;
  inputs: ModalityInputs;
  /** text→pose, pose→text: the caption (what the semantic reward compares the pose with). */
  caption?: string;
  posecodes?: readonly Posecode[];
  /** landmarks→pose: the pose the landmarks were rendered from, in the frame the policy answers in. */
  targetPose?: Float32Array;
  /** pose→text and questions: the reference answer (what the text-similarity reward compares with). */
  referenceAnswer?: string;
}

export type QueryPool = Record<TaskKind, RLQuery[]>;

/** The build the queries come from: the config's `data`, over the policy's own build. */
export function queryBuild(cfg: HyGRPOConfig): DatasetBuildConfig {
  const d = cfg.data;
  if (!d) return POLICY_DATA;
  return { ...POLICY_DATA, seed: d.seed, count: d.count, shardSize: d.shardSize, ...(d.tasks ? { tasks: d.tasks, taskWeights: Object.fromEntries(d.tasks.map((t) => [t, POLICY_DATA.taskWeights?.[t] ?? 1])) } : {}) };
}

/** The first `pool` training examples of the build (default 5,000), as queries by task. */
export function loadQueryPool(cfg: HyGRPOConfig): QueryPool {
  const ex = policyExamples(queryBuild(cfg), 'train', { limit: cfg.data?.pool ?? 5000 });
  const pool: QueryPool = { text2pose: [], landmarks2pose: [], pose2text: [], 'pose-qa': [] };
  for (let i = 0; i < ex.n; i++) {
    const r = ex.records[i]!;
    const pose = ex.poses.slice(i * POSE_SIZE_BODY, (i + 1) * POSE_SIZE_BODY);
    const q: RLQuery = { id: r.id, task: r.task, prompt: r.prompt, inputs: { pose } };
    if (r.landmarkRow !== undefined) q.inputs.landmarks = ex.landmarks.slice(i * LANDMARK_ROW, (i + 1) * LANDMARK_ROW);
    if (r.caption !== undefined) q.caption = r.caption;
    if (r.posecodes !== undefined) q.posecodes = r.posecodes as Posecode[];
    if (r.task === 'landmarks2pose') q.targetPose = poseTarget(ex, i);
    if (r.task === 'pose2text' || r.task === 'pose-qa') q.referenceAnswer = r.answer;
    pool[r.task].push(q);
  }
  return pool;
}

export interface DrawnQuery {
  query: RLQuery;
  /** Seed of the sampler for this query's G candidates. */
  seed: number;
}

/**
 * Step `step`'s (0-based) queries: each picks a task by the mix (among tasks the pool holds), then an example
 * uniformly, with its own sampling seed. Throws when no drawn task has an example.
 */
export function drawQueries(pool: QueryPool, cfg: Pick<HyGRPOConfig, 'seed' | 'taskMix' | 'queriesPerStep'>, step: number): DrawnQuery[] {
  const tasks = TASK_KINDS.filter((t) => (cfg.taskMix[t] ?? 0) > 0 && pool[t].length > 0);
  if (tasks.length === 0) throw new Error(`the query pool holds no example of the tasks the mix draws (${Object.keys(cfg.taskMix).join(', ')})`);
  const weights = tasks.map((t) => cfg.taskMix[t]!);
  const rng = new Rng(cfg.seed).fork(`queries-${step}`);
  return Array.from({ length: cfg.queriesPerStep }, () => {
    const task = rng.weighted(tasks, weights);
    return { query: rng.pick(pool[task]), seed: rng.int(0x100000000) };
  });
}
