/**
 * Our side of the generate benchmark: the shipped `PolicySampler`, unchanged, with its two ONNX programs' `run`
 * wrapped by timers so one generation splits into prefill (session.run of the prompt), decode (the session.run
 * of each step, pose head included, with the binding's copies of feeds and outputs) and host (everything else:
 * copying the prompt's cache to G rows, token draws, building feeds, the Gaussian samples).
 * The wrappers also record what the peer needs to replay the same work: the ids each decode step fed.
 */
import type { InferenceProgram } from '../../src/main/compute/graph';
import type { HostTensor } from '../../src/main/compute/runtime';
import { PolicySampler, type GenerationResult, type SampleOptions } from '../../src/main/compute/models/policy/sampler';
import type { TextTokenizer } from '../../src/main/compute/text/tokenizer';

export interface PhaseTimes {
  totalMs: number;
  prefillMs: number;
  decodeMs: number;
  /** total − prefill − decode. */
  hostMs: number;
  decodeSteps: number;
}

export interface Recording {
  /** Ids fed at each decode step, [steps][G]. */
  fed: number[][];
  /** The prefill's logits at the last prompt position (what the first tokens are drawn from). */
  prefillLastLogits: Float32Array;
  /** The decode graph's μ output for every row at the last step [G × 66]. */
  lastStepMu: Float32Array | null;
}

type Run = InferenceProgram['run'];

export class TimedSampler {
  private prefillMs = 0;
  private decodeMs = 0;
  private decodeSteps = 0;
  private recording: Recording | null = null;
  /** The sampler's two programs (for the profiler's traces). */
  readonly programs: { prefill: InferenceProgram; decode: InferenceProgram };

  private constructor(readonly sampler: PolicySampler) {
    // The sampler keeps its programs private (nothing else should run them); the benchmark only wraps them.
    const programs = sampler as unknown as { prefill: InferenceProgram; decode: InferenceProgram };
    this.programs = { prefill: programs.prefill, decode: programs.decode };
    const wrap = (program: InferenceProgram, onDone: (ms: number, feeds: Record<string, HostTensor>, out: Record<string, HostTensor>) => void): void => {
      const run: Run = program.run.bind(program);
      program.run = async (inputs, params, fetch) => {
        const t0 = performance.now();
        const out = await run(inputs, params, fetch);
        onDone(performance.now() - t0, inputs, out);
        return out;
      };
    };
    wrap(programs.prefill, (ms, _feeds, out) => {
      this.prefillMs += ms;
      if (this.recording) {
        const logits = out.logits!;
        const V = logits.dims[2]!;
        const P = logits.dims[1]!;
        this.recording.prefillLastLogits = (logits.data as Float32Array).slice((P - 1) * V, P * V);
      }
    });
    wrap(programs.decode, (ms, feeds, out) => {
      this.decodeMs += ms;
      this.decodeSteps++;
      if (this.recording) {
        this.recording.fed.push(Array.from(feeds.ids!.data as BigInt64Array, Number));
        this.recording.lastStepMu = (out.mu!.data as Float32Array).slice();
      }
    });
  }

  static async load(dir: string, tokenizer: TextTokenizer, threads: number): Promise<TimedSampler> {
    return new TimedSampler(await PolicySampler.load(dir, tokenizer, { intraOpThreads: threads }));
  }

  /** One timed generation. */
  async generate(prompt: string, o: SampleOptions): Promise<{ result: GenerationResult; times: PhaseTimes }> {
    this.prefillMs = 0;
    this.decodeMs = 0;
    this.decodeSteps = 0;
    const t0 = performance.now();
    const result = await this.sampler.generate(prompt, {}, o);
    const totalMs = performance.now() - t0;
    return {
      result,
      times: { totalMs, prefillMs: this.prefillMs, decodeMs: this.decodeMs, hostMs: totalMs - this.prefillMs - this.decodeMs, decodeSteps: this.decodeSteps },
    };
  }

  /** One generation that also records what a replay needs (not timed: recording copies outputs). */
  async record(prompt: string, o: SampleOptions): Promise<{ result: GenerationResult; recording: Recording }> {
    this.recording = { fed: [], prefillLastLogits: new Float32Array(0), lastStepMu: null };
    try {
      const result = await this.sampler.generate(prompt, {}, o);
      return { result, recording: this.recording };
    } finally {
      this.recording = null;
    }
  }

  release(): Promise<void> {
    return this.sampler.release();
  }
}
