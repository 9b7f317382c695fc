/**
 * "Ours" in the train-step benchmark: the model built from our layers, compiled with autodiff + AdamW into
 * one ONNX training-step graph, one session.run per step.
 */
import { f32, i64, type HostTensor, type RuntimeSettings } from '../../src/main/compute/runtime';
import { Graph, OptimizerState, ParamStore, compileTrainStep, mul, reduceMean, sub, type Tensor, type TrainStepProgram } from '../../src/main/compute/graph';
import { MLP, Rng, Scope, TransformerLM, lmLoss } from '../../src/main/compute/graph/layers';
import { CONFIGS, type ConfigId, LR, WEIGHT_DECAY } from './configs';

export interface OursTrainer {
  /** Parameter count (for comparing with the peer's). */
  readonly params: number;
  /** Element count of each trained param, in `program.spec.trainedNames` order. */
  readonly unpackedSizes: number[];
  /** `stepsPerRun` optimisation steps (one session.run); resolves to the last step's loss. */
  step(): Promise<number>;
  readonly stepsPerRun: number;
  /** The compiled program (graph spec, session) for profiling. */
  readonly program: TrainStepProgram;
  dispose(): Promise<void>;
}

function build(id: ConfigId): { g: Graph; loss: Tensor; batch: Record<string, HostTensor>; clip: number | null } {
  const c = CONFIGS[id];
  const rng = new Rng(1234);
  const g = new Graph();
  if (c.kind === 'lm') {
    const lm = new TransformerLM({ vocab: c.vocab, dim: c.d, heads: c.heads, layers: c.layers, maxLen: c.seq, mlpRatio: c.mlp, positions: 'learned' });
    const ids = g.input('ids', [c.batch, c.seq], 'int64');
    const targets = g.input('targets', [c.batch, c.seq], 'int64');
    const loss = lmLoss(lm.apply(new Scope(g), ids).logits, targets);
    const tokens = Array.from({ length: c.batch * (c.seq + 1) }, () => rng.int(c.vocab));
    const row = (b: number, from: number): number[] => tokens.slice(b * (c.seq + 1) + from, b * (c.seq + 1) + from + c.seq);
    const batch = {
      ids: i64(Array.from({ length: c.batch }, (_, b) => row(b, 0)).flat(), [c.batch, c.seq]),
      targets: i64(Array.from({ length: c.batch }, (_, b) => row(b, 1)).flat(), [c.batch, c.seq]),
    };
    return { g, loss, batch, clip: c.clip };
  }
  const [inDim, outDim] = [c.sizes[0]!, c.sizes[c.sizes.length - 1]!];
  const x = g.input('x', [c.batch, inDim]);
  const y = g.input('y', [c.batch, outDim]);
  const err = sub(new MLP(c.sizes, { activation: 'gelu' }).apply(new Scope(g).child('mlp'), x), y);
  const loss = reduceMean(mul(err, err));
  const batch = {
    x: f32(Float32Array.from({ length: c.batch * inDim }, () => rng.normal()), [c.batch, inDim]),
    y: f32(Float32Array.from({ length: c.batch * outDim }, () => rng.normal()), [c.batch, outDim]),
  };
  return { g, loss, batch, clip: null };
}

export interface OursOptions {
  /** Runtime options (profiling, spinning) over the benchmark's own. */
  settings?: RuntimeSettings;
  /** Flat parameter/moment buffers (the default; false: one input per parameter, for A/B comparisons). */
  flat?: boolean;
  /** Pack only params of at most this many values (default: all). */
  flatMaxSize?: number;
  /** Optimisation steps per session.run (default 1): `step()` then performs that many steps. */
  stepsPerRun?: number;
}

export async function createOurs(id: ConfigId, threads: number, opts: OursOptions = {}): Promise<OursTrainer> {
  const settings = opts.settings ?? {};
  const { g, loss, batch, clip } = build(id);
  const program: TrainStepProgram = await compileTrainStep(g, {
    loss,
    optimizer: { kind: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: WEIGHT_DECAY },
    ...(clip !== null ? { clipNorm: clip } : {}),
    // PyTorch's AdamW over model.parameters() decays every parameter; do the same for a like-for-like step.
    decay: () => true,
    flat: opts.flat ?? true,
    ...(opts.flatMaxSize !== undefined ? { flatMaxSize: opts.flatMaxSize } : {}),
    stepsPerRun: opts.stepsPerRun ?? 1,
    settings: { intraOpThreads: threads, interOpThreads: 1, graphOptimization: 'all', ...settings },
  });
  const store = ParamStore.init(g, 0);
  const state = new OptimizerState('float32').ensure(program.spec, store);
  return {
    params: store.size(),
    unpackedSizes: program.spec.trainedNames.map((n) => store.get(n).data.length),
    program,
    stepsPerRun: program.stepsPerRun,
    step: async () => {
      const k = program.stepsPerRun;
      const r = await program.runSteps(Array.from({ length: k }, () => batch), store, state, Array.from({ length: k }, () => LR));
      return r[k - 1]!.loss;
    },
    dispose: () => program.release(),
  };
}
