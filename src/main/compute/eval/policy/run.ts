/**
 * The policy evaluation runner: G candidates per held-out prompt from a policy sampler, the retrieval model's
 * embeddings for text→pose, then the metric assembly of metrics.ts. Also the reference rows every policy is read
 * against (ground-truth poses, random library poses, the training data's joint-limit rate).
 */
import { POSE_SIZE_BODY } from '../../../../shared/body';
import { POSE_LIBRARY } from '../../data/library';
import { Rng } from '../../data/random';
import type { TaskKind } from '../../data/dataset/config';
import { mirrorLibraryPose, projectToLimits } from '../../data/variation';
import type { PoseHeadKind } from '../../models/policy/config';
import type { GenerationResult, SampleOptions } from '../../models/policy/sampler';
import type { ModalityInputs } from '../../models/policy/sequence';
import { recordPosecodes, type EvalItem, type PolicyEvalData } from './data';
import {
  jointLimitSummary,
  landmarksMetrics,
  poseToTextMetrics,
  questionMetrics,
  text2poseMetrics,
  type EvalCandidate,
  type JointLimitSummary,
  type LandmarksMetrics,
  type PooledProtocol,
  type PoseToTextMetrics,
  type QuestionMetrics,
  type RecallSummary,
  type Text2PoseMetrics,
} from './metrics';

/** What the runner needs of a policy (PolicySampler has it). */
export interface PolicyGenerator {
  readonly config: { head: PoseHeadKind };
  generate(prompt: string, inputs: ModalityInputs, o: SampleOptions): Promise<GenerationResult>;
}

/** What the runner needs of the retrieval model (RetrievalEncoder has it): unit embeddings. */
export interface TextPoseEmbedder {
  readonly dim: number;
  embedTexts(texts: readonly string[]): Promise<Float32Array>;
  embedPoses(poses: Float32Array, n: number): Promise<Float32Array>;
}

export interface PolicyEvalSettings extends PooledProtocol {
  /** Candidates per prompt (G). */
  samples: number;
  temperature: number;
  sigmaScale: number;
}

/** The protocol's defaults: G = 16, temperature 1, σ-scale 1, seed 1; pooled recall in pools of 32, 10 repeats. */
export const DEFAULT_EVAL_SETTINGS: PolicyEvalSettings = { samples: 16, temperature: 1, sigmaScale: 1, seed: 1, pool: 32, repeats: 10 };

export interface EvalProgress {
  task: TaskKind;
  done: number;
  total: number;
}

export interface PolicyEvalResult {
  head: PoseHeadKind;
  settings: PolicyEvalSettings;
  text2pose: Text2PoseMetrics | null;
  /**
   * The same text→pose candidates with every pose and μ moved into the joint limits, as the studio shows them by
   * default (`generate.run`'s withinLimits); recall is taken on the moved poses' own embeddings.
   */
  text2poseWithinLimits: Text2PoseMetrics | null;
  /**
   * Gaussian head only: the same candidates with each pose replaced by the head's mean μ (what σ-scale 0 gives) —
   * the like-for-like comparison with the deterministic head, whose μ is trained by the same loss.
   */
  text2poseMu: Text2PoseMetrics | null;
  landmarks2pose: LandmarksMetrics | null;
  pose2text: PoseToTextMetrics | null;
  questions: QuestionMetrics | null;
  /** Generation and scoring time per task. */
  seconds: Record<TaskKind, number>;
}

/** A candidate as the studio shows it by default: pose and μ moved into the joint limits. */
function withinLimits(c: EvalCandidate): EvalCandidate {
  return { ...c, pose: c.pose && projectToLimits(c.pose), mu: c.mu && projectToLimits(c.mu) };
}

function toCandidates(r: GenerationResult): EvalCandidate[] {
  return r.candidates.map((c) => ({ pose: c.pose, mu: c.mu, text: c.text, formatValid: c.formatValid }));
}

async function generateAll(
  sampler: PolicyGenerator,
  task: TaskKind,
  items: readonly EvalItem[],
  s: PolicyEvalSettings,
  onProgress?: (p: EvalProgress) => void,
): Promise<EvalCandidate[][]> {
  const out: EvalCandidate[][] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const inputs: ModalityInputs = task === 'landmarks2pose' ? { landmarks: it.landmarks! } : task === 'text2pose' ? {} : { pose: it.pose };
    // Prompt i gets seed + i whatever the model, so two models are compared on the same random streams.
    const r = await sampler.generate(it.record.prompt, inputs, { samples: s.samples, seed: (s.seed + i) >>> 0, temperature: s.temperature, sigmaScale: s.sigmaScale });
    out.push(toCandidates(r));
    onProgress?.({ task, done: i + 1, total: items.length });
  }
  return out;
}

/** Unit embeddings of every candidate pose, row i·G + g (zero rows where a candidate has no pose). */
async function embedCandidates(retrieval: TextPoseEmbedder, candidates: readonly (readonly EvalCandidate[])[]): Promise<Float32Array> {
  const G = candidates[0]?.length ?? 0;
  const where: number[] = [];
  const poses: Float32Array[] = [];
  candidates.forEach((cs, i) =>
    cs.forEach((c, g) => {
      if (c.pose) {
        where.push(i * G + g);
        poses.push(c.pose);
      }
    }),
  );
  const d = retrieval.dim;
  const out = new Float32Array(candidates.length * G * d);
  if (poses.length === 0) return out;
  const flat = new Float32Array(poses.length * POSE_SIZE_BODY);
  poses.forEach((p, k) => flat.set(p.subarray(0, POSE_SIZE_BODY), k * POSE_SIZE_BODY));
  const emb = await retrieval.embedPoses(flat, poses.length);
  where.forEach((row, k) => out.set(emb.subarray(k * d, (k + 1) * d), row * d));
  return out;
}

function captionOf(it: EvalItem): string {
  if (it.record.caption === undefined) throw new Error(`example ${it.record.id} has no caption`);
  return it.record.caption;
}

/** Runs every task of `data` with at least two (text→pose) or one (others) prompts; tasks without prompts give null. */
export async function evaluatePolicy(
  sampler: PolicyGenerator,
  retrieval: TextPoseEmbedder,
  data: PolicyEvalData,
  settings: PolicyEvalSettings = DEFAULT_EVAL_SETTINGS,
  onProgress?: (p: EvalProgress) => void,
): Promise<PolicyEvalResult> {
  const seconds: Record<TaskKind, number> = { text2pose: 0, landmarks2pose: 0, pose2text: 0, 'pose-qa': 0 };
  const timed = async <T>(task: TaskKind, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      seconds[task] = (performance.now() - t0) / 1000;
    }
  };
  const t = data.tasks;

  const text2poseBoth =
    t.text2pose.length >= 2
      ? await timed('text2pose', async () => {
          const cands = await generateAll(sampler, 'text2pose', t.text2pose, settings, onProgress);
          const textEmb = await retrieval.embedTexts(t.text2pose.map(captionOf));
          const posecodes = t.text2pose.map((it) => recordPosecodes(it.record));
          const metricsOf = async (cs: EvalCandidate[][]) =>
            text2poseMetrics({ posecodes, candidates: cs, textEmb, poseEmb: await embedCandidates(retrieval, cs), dim: retrieval.dim }, settings);
          return {
            raw: await metricsOf(cands),
            withinLimits: await metricsOf(cands.map((cs) => cs.map(withinLimits))),
            mu: sampler.config.head === 'gaussian' ? await metricsOf(cands.map((cs) => cs.map((c) => ({ ...c, pose: c.pose && c.mu })))) : null,
          };
        })
      : null;
  const text2pose = text2poseBoth?.raw ?? null;
  const text2poseWithinLimits = text2poseBoth?.withinLimits ?? null;
  const text2poseMu = text2poseBoth?.mu ?? null;

  const landmarks2pose =
    t.landmarks2pose.length >= 1
      ? await timed('landmarks2pose', async () =>
          landmarksMetrics(
            t.landmarks2pose.map((it) => it.pose),
            await generateAll(sampler, 'landmarks2pose', t.landmarks2pose, settings, onProgress),
          ),
        )
      : null;

  const pose2text =
    t.pose2text.length >= 1
      ? await timed('pose2text', async () =>
          poseToTextMetrics(
            t.pose2text.map((it) => ({ pose: it.pose, caption: captionOf(it) })),
            await generateAll(sampler, 'pose2text', t.pose2text, settings, onProgress),
          ),
        )
      : null;

  const questions =
    t['pose-qa'].length >= 1
      ? await timed('pose-qa', async () =>
          questionMetrics(
            t['pose-qa'].map((it) => {
              if (it.record.truth === undefined) throw new Error(`question ${it.record.id} has no truth`);
              return it.record.truth;
            }),
            await generateAll(sampler, 'pose-qa', t['pose-qa'], settings, onProgress),
          ),
        )
      : null;

  return { head: sampler.config.head, settings: { ...settings }, text2pose, text2poseWithinLimits, text2poseMu, landmarks2pose, pose2text, questions, seconds };
}

export interface PoseSetReference {
  recall: RecallSummary;
  posecodeAgreement: number;
  jointLimits: JointLimitSummary | null;
}

export interface ReferenceRows {
  /** The test captions' own poses (agreement 1 by construction; recall is the retrieval model's own). */
  groundTruth: PoseSetReference;
  /** One uniformly drawn library pose (authored or mirrored) per caption, ignoring the text. */
  randomLibrary: PoseSetReference & { seed: number; library: number };
  /** The training split's text→pose targets. */
  trainingData: { jointLimits: JointLimitSummary | null };
}

function poseSetReference(posecodes: ReturnType<typeof recordPosecodes>[], poses: Float32Array[], textEmb: Float32Array, poseEmb: Float32Array, dim: number, p: PooledProtocol): PoseSetReference {
  const m = text2poseMetrics({ posecodes, candidates: poses.map((pose) => [{ pose, mu: pose, text: '', formatValid: true }]), textEmb, poseEmb, dim }, p);
  return { recall: m.recall.meanOfG, posecodeAgreement: m.posecodeAgreement.meanOfG, jointLimits: m.jointLimits };
}

/** The reference rows of the table (needs at least two text→pose prompts). */
export async function evaluateReferences(retrieval: TextPoseEmbedder, data: PolicyEvalData, p: PooledProtocol): Promise<ReferenceRows> {
  const items = data.tasks.text2pose;
  const n = items.length;
  if (n < 2) throw new RangeError('the reference rows need at least 2 text→pose prompts');
  const posecodes = items.map((it) => recordPosecodes(it.record));
  const textEmb = await retrieval.embedTexts(items.map(captionOf));
  const embed = async (poses: Float32Array[]) => {
    const flat = new Float32Array(poses.length * POSE_SIZE_BODY);
    poses.forEach((q, k) => flat.set(q.subarray(0, POSE_SIZE_BODY), k * POSE_SIZE_BODY));
    return retrieval.embedPoses(flat, poses.length);
  };
  const gt = items.map((it) => it.pose);
  const library = POSE_LIBRARY.flatMap((q) => [q.pose, mirrorLibraryPose(q).pose]);
  const rng = new Rng(p.seed).fork('random-library');
  const random = items.map(() => library[rng.int(library.length)]!);
  return {
    groundTruth: poseSetReference(posecodes, gt, textEmb, await embed(gt), retrieval.dim, p),
    randomLibrary: { ...poseSetReference(posecodes, random, textEmb, await embed(random), retrieval.dim, p), seed: p.seed, library: library.length },
    trainingData: { jointLimits: jointLimitSummary(data.trainingPoses, data.trainingCount) },
  };
}
