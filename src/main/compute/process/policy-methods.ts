/**
 * The policy's methods: `policy.generate` samples G candidates for a description in one batch (prefill once, then
 * one cached decode step per token for all G) and scores each candidate's pose with the semantic reward (cosine of
 * the description and the pose in the retrieval model's space). A user's description is put in the text→pose
 * instruction the policy was trained on, phrased like its training captions.
 */
import path from 'node:path';
import { z } from 'zod';
import { POSE_SIZE_BODY } from '../../../shared/body';
import { projectToLimits } from '../data/variation';
import { shippedModelDir } from '../models/paths';
import type { Candidate } from '../models/policy/sampler';
import { semanticRewards } from '../models/retrieval/reward';
import { textToPoseInstruction } from '../models/policy/instructions';
import { captionStyleQuery } from '../search/query-phrasing';
import { MethodError, type MethodRegistry, throwIfCancelled } from './registry';
import { shippedPolicy, shippedRetrieval } from './shipped-models';

export const POLICY_NAMES = ['policy', 'policy-deterministic'] as const;

export const generateParams = z
  .object({
    prompt: z.string().trim().min(1).max(2000),
    samples: z.number().int().min(1).max(256),
    temperature: z.number().min(0).max(2),
    sigmaScale: z.number().min(0).max(3),
    /** Move each drawn pose into the joint limits before scoring (see GenerationSettings.withinLimits). */
    withinLimits: z.boolean().default(true),
    seed: z.number().int().min(0).max(0xffffffff),
    model: z.enum(POLICY_NAMES),
    /**
     * A promoted fine-tuning checkpoint to sample from instead of the named model (the backend resolves which one
     * is active); `name` is what the label shows before "@sha8".
     */
    checkpoint: z
      .object({
        dir: z.string().min(1).max(4096).refine((d) => path.isAbsolute(d), 'checkpoint.dir must be an absolute path'),
        name: z.string().regex(/^[\w.-]{1,80}$/, 'checkpoint.name: letters, digits, . _ - only'),
      })
      .strict()
      .optional(),
  })
  .strict();

/** One candidate as it crosses the process boundary (plain arrays). */
export interface GeneratedCandidate {
  idx: number;
  text: string;
  pose: number[] | null;
  mu: number[] | null;
  sigma: number[] | null;
  textLogProb: number;
  poseLogProb: number | null;
  formatValid: boolean;
  rewards: Record<string, number>;
}

export interface GenerateResult {
  candidates: GeneratedCandidate[];
  /** directory@sha8 of the policy's weights. */
  model: string;
  /** The instruction the policy read. */
  instruction: string;
  promptTokens: number;
  seconds: number;
}

export { textToPoseInstruction } from '../models/policy/instructions';

export interface PolicyMethodOptions {
  /** Directory holding the policy checkpoints by name (default: resources/models). */
  modelsDir?: string;
  retrievalDir?: string;
}

const plain = (a: Float32Array | null): number[] | null => (a ? Array.from(a) : null);

export function registerPolicyMethods(registry: MethodRegistry, o: PolicyMethodOptions = {}): void {
  registry.register('policy.generate', {
    params: generateParams,
    run: async (req, ctx): Promise<GenerateResult> => {
      const dir = req.checkpoint?.dir ?? (o.modelsDir ? `${o.modelsDir}/${req.model}` : shippedModelDir(req.model));
      const policy = await shippedPolicy(dir, req.checkpoint?.name);
      throwIfCancelled(ctx.signal);
      ctx.progress(0.05, 'sampling');
      const instruction = textToPoseInstruction(req.prompt);
      const g = await policy.sampler.generate(instruction, {}, {
        samples: req.samples,
        seed: req.seed,
        temperature: req.temperature,
        sigmaScale: req.sigmaScale,
        expects: 'pose',
      });
      throwIfCancelled(ctx.signal);
      ctx.progress(0.8, 'scoring');
      // A Gaussian draw near a limit crosses it about half the time (a knee bent sideways, an elbow past straight);
      // an artist wants the nearest pose the body can make. The draw's log-density stays that of the raw draw.
      const shown = (pose: Float32Array): Float32Array => (req.withinLimits ? projectToLimits(pose) : pose);
      const withPose = g.candidates
        .filter((c): c is Candidate & { pose: Float32Array } => c.pose !== null)
        .map((c) => ({ ...c, pose: shown(c.pose) }));
      const posed = new Map(withPose.map((c) => [c.index, c.pose]));
      const semantic = new Map<number, number>();
      if (withPose.length) {
        const enc = await shippedRetrieval(o.retrievalDir).catch((e: unknown) => {
          // Generating works without the retrieval model; the candidates then carry no semantic score.
          if (e instanceof MethodError && e.code === 'not_found') return null;
          throw e;
        });
        if (enc) {
          const poses = new Float32Array(withPose.length * POSE_SIZE_BODY);
          withPose.forEach((c, i) => poses.set(c.pose, i * POSE_SIZE_BODY));
          const r = await semanticRewards(enc, withPose.map(() => captionStyleQuery(req.prompt)), poses);
          withPose.forEach((c, i) => semantic.set(c.index, r[i]!));
        }
      }
      ctx.progress(1, 'done');
      return {
        candidates: g.candidates.map((c) => ({
          idx: c.index,
          text: c.text,
          pose: plain(posed.get(c.index) ?? null),
          mu: plain(c.mu),
          sigma: plain(c.sigma),
          textLogProb: c.textLogProb,
          poseLogProb: c.poseLogProb,
          formatValid: c.formatValid,
          rewards: semantic.has(c.index) ? { semantic: semantic.get(c.index)! } : ({} as Record<string, number>),
        })),
        model: policy.label,
        instruction,
        promptTokens: g.promptTokens,
        seconds: g.seconds,
      };
    },
  });
}
