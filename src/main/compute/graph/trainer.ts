/** Holds weights and optimizer state between steps and drives a compiled train step with an LR schedule. */
import type { HostTensor } from '../runtime';
import { type InferenceProgram, OptimizerState, type RuntimeOptions, type StepResult, type TrainStepOptions, type TrainStepProgram, compileInference, compileTrainStep } from './compile';
import type { Graph, Tensor } from './graph';
import { ParamStore } from './params';
import { constantLr } from './schedule';

export interface TrainerOptions extends TrainStepOptions, RuntimeOptions {
  /** lr for 0-based step (default: constant 1e-3). */
  schedule?: (step: number) => number;
  /** Existing weights (shared with inference programs); default: initialised from the graph with `seed`. */
  store?: ParamStore;
  seed?: number;
  /** Optimisation steps per session.run (default 1); use `steps(batches)` when > 1. */
  stepsPerRun?: number;
}

export class Trainer {
  readonly state: OptimizerState;
  readonly schedule: (step: number) => number;

  private constructor(
    readonly graph: Graph,
    readonly program: TrainStepProgram,
    readonly store: ParamStore,
    schedule: (step: number) => number,
  ) {
    this.state = new OptimizerState(graph.floatType).ensure(program.spec, store);
    this.schedule = schedule;
  }

  static async create(graph: Graph, o: TrainerOptions): Promise<Trainer> {
    const store = (o.store ?? new ParamStore(graph.floatType)).ensure(graph, o.seed ?? 0);
    // Flat parameter/moment buffers unless asked otherwise: far fewer kernels and output tensors per step.
    const program = await compileTrainStep(graph, { flat: true, ...o });
    return new Trainer(graph, program, store, o.schedule ?? constantLr(1e-3));
  }

  get stepCount(): number {
    return this.state.step;
  }

  /** Learning rate the next step will use. */
  get lr(): number {
    return this.schedule(this.state.step);
  }

  /** One optimisation step on `batch`. */
  step(batch: Record<string, HostTensor>): Promise<StepResult> {
    return this.program.run(batch, this.store, this.state, this.schedule(this.state.step));
  }

  /** `program.stepsPerRun` steps in one run (one batch each), with the schedule's learning rates. */
  steps(batches: readonly Record<string, HostTensor>[]): Promise<StepResult[]> {
    const lrs = batches.map((_, i) => this.schedule(this.state.step + i));
    return this.program.runSteps(batches, this.store, this.state, lrs);
  }

  /** An inference program over the same parameter store. */
  inference(outputs: Record<string, Tensor>, opts: RuntimeOptions = {}): Promise<InferenceProgram> {
    return compileInference(this.graph, outputs, opts);
  }

  release(): Promise<void> {
    return this.program.release();
  }
}
