/**
 * Generate benchmark: latency of sampling G = 16 candidates for one text→pose prompt with the policy (prefill of
 * the prompt, KV-cached decoding of all candidates at once, pose head at `<POSE>`, Gaussian samples on the host),
 * its FLOP count set against the MatMul peak ORT reaches here, and the same model and checkpoint in PyTorch
 * replaying the same work, in the same run.
 *
 *   node --import tsx bench/generate/run.ts [--model DIR] [--threads 2] [--samples 16] [--rounds 2] [--warmup 5]
 *                                           [--runs 25] [--seed 7] [--temperature 1] [--sigma 1]
 *                                           [--smoke] [--no-peer] [--no-write]
 *
 * Rounds alternate ours and the peer (ABBA), each round warm-up generations then `--runs` timed ones, so load
 * drift hits both sides alike; medians and p90 are over all timed generations of a side. Every generation uses
 * the same seed, so each one does the same work: the tokens, steps and pose-head reads the peer replays.
 * Writes its figures into bench/RESULTS.md between the generate markers unless --no-write or --smoke.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureRuntime, ortVersion, releaseAll } from '../../src/main/compute/runtime';
import type { PolicyModelConfig, PolicyTrainConfig } from '../../src/main/compute/models/policy/config';
import type { GenerationResult, SampleOptions } from '../../src/main/compute/models/policy/sampler';
import { encodePrompt, MODALITY_FEATURES } from '../../src/main/compute/models/policy/sequence';
import { loadTokenizer } from '../../src/main/compute/text/tokenizer';
import { parseBenchArgs, type BenchOptions } from '../lib/args';
import { cpuModel, load1, ROOT } from '../lib/machine';
import { errorLine, runMain } from '../lib/process';
import { writeSection } from '../lib/results-file';
import { median, pairedRatios, alternating } from '../lib/stats';
import { measureMatmulPeak, type PeakResult } from '../train-step/peak';
import { decodeLinearFlopsPerRow, generationFlops, weightMatrixFlopsPerRow, type GenerationFlops } from './flops';
import { TimedSampler, type PhaseTimes, type Recording } from './ours';
import { runGeneratePeer, type PeerResult, type PeerSpec } from './peer';
import { CAPTION, MAX_NEW_TOKENS, PROMPT } from './workload';
import { peerUnavailable, runPeerPeak, type PeerPeak } from '../train-step/peer';

/** The issue's target for the median latency (warm, 2 cores). */
const TARGET_MS = 20;
/** Largest |ours − peer| allowed for the outputs that show the peer runs the same model. */
const MATCH_TOLERANCE = 1e-3;

interface Options extends BenchOptions {
  model: string;
  threads: number;
  samples: number;
  warmup: number;
  runs: number;
  seed: number;
  temperature: number;
  sigma: number;
  peer: boolean;
}

function parseArgs(argv: string[]): Options {
  return parseBenchArgs<Options>(argv, {
    defaults: {
      model: path.join(ROOT, 'resources', 'models', 'policy'),
      threads: 2,
      samples: 16,
      rounds: 2,
      warmup: 5,
      runs: 25,
      seed: 7,
      temperature: 1,
      sigma: 1,
      peer: true,
      write: true,
      smoke: false,
    },
    acceptWrite: true,
    smoke: { warmup: 1, runs: 3 },
    extra: (r, o) => {
      const num = (): number => {
        const v = Number(r.value());
        if (!Number.isFinite(v) || v < 0) throw new Error(`${r.flag} needs a non-negative number`);
        return v;
      };
      if (r.flag === '--model') o.model = path.resolve(r.value());
      else if (r.flag === '--threads') o.threads = r.int();
      else if (r.flag === '--samples') o.samples = r.int();
      else if (r.flag === '--warmup') o.warmup = r.int();
      else if (r.flag === '--runs') o.runs = r.int();
      else if (r.flag === '--seed') o.seed = r.int();
      else if (r.flag === '--temperature') o.temperature = num();
      else if (r.flag === '--sigma') o.sigma = num();
      else return false;
      return true;
    },
  });
}

/** Nearest-rank percentile (p in 0..100). */
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const gflop = (f: number): string => `${(f / 1e9).toFixed(3)} GFLOP`;

function readModelConfig(dir: string): PolicyModelConfig {
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) throw new Error(`no policy checkpoint at ${dir} (train one with scripts/train-policy.ts, or pass --model DIR)`);
  const c = JSON.parse(fs.readFileSync(file, 'utf8')) as PolicyTrainConfig | PolicyModelConfig;
  return 'model' in c ? c.model : c;
}

/** Same-seed generations must repeat the recorded work exactly, or the peer's replay would not be the same work. */
function sameWork(a: GenerationResult, b: GenerationResult): boolean {
  return a.steps === b.steps && a.candidates.every((c, i) => c.tokens.join(',') === b.candidates[i]!.tokens.join(','));
}

interface Check {
  label: string;
  diff: number;
}

function peerChecks(ref: GenerationResult, rec: Recording, peer: PeerResult): Check[] {
  const checks: Check[] = [{ label: 'prefill logits at the last prompt position', diff: maxAbsDiff(rec.prefillLastLogits, peer.prefill_last_logits) }];
  const first = ref.candidates.findIndex((c) => c.mu !== null);
  if (first >= 0) {
    const peerMu = peer.mus[first];
    checks.push({ label: `μ of candidate ${first}${first === 0 ? ' (the first)' : ' (the first with a <POSE>; candidate 0 has none)'}`, diff: peerMu ? maxAbsDiff(ref.candidates[first]!.mu!, peerMu) : Infinity });
  }
  if (rec.lastStepMu && peer.last_step_mu) checks.push({ label: 'μ output of all rows at the last decode step', diff: maxAbsDiff(rec.lastStepMu, peer.last_step_mu) });
  return checks;
}

const loadAtStart = load1();

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const config = readModelConfig(o.model);
  configureRuntime({ intraOpThreads: o.threads, interOpThreads: 1, graphOptimization: 'all' });
  const tok = loadTokenizer();
  const why = o.peer ? peerUnavailable() : 'disabled by --no-peer';
  if (why) console.log(`torch peer skipped: ${why}`);

  const ours = await TimedSampler.load(o.model, tok, o.threads);
  const sample: SampleOptions = { samples: o.samples, seed: o.seed, temperature: o.temperature, sigmaScale: o.sigma, maxNewTokens: MAX_NEW_TOKENS };
  const prompt = encodePrompt(tok, PROMPT);
  const P = prompt.ids.length;

  // The FLOP count must describe this checkpoint: its weight matrices give the per-row linear work directly.
  const fromWeights = weightMatrixFlopsPerRow(ours.sampler.store.names().map((n) => [n, ours.sampler.store.tensor(n).dims] as [string, readonly number[]]));
  const analytic = decodeLinearFlopsPerRow(config);
  if (fromWeights !== analytic) throw new Error(`analytic linear FLOPs per row ${analytic} ≠ ${fromWeights} from the checkpoint's weight matrices`);

  for (let i = 0; i < o.warmup; i++) await ours.generate(PROMPT, sample);
  const { result: ref, recording } = await ours.record(PROMPT, sample);
  const steps = ref.steps;
  const allEnded = steps < MAX_NEW_TOKENS;
  // A candidate ended (drew <eos>) unless it was still going when the step budget ran out.
  const ended = ref.candidates.filter((c) => allEnded || c.tokens.length < steps).length;
  const generated = ref.candidates.reduce((s, c) => s + c.tokens.length, 0) + ended;
  const flops = generationFlops(config, P, o.samples, steps);
  console.log(
    `model ${path.relative(ROOT, o.model) || o.model}: d ${config.dim}, ${config.layers} layers, ${config.heads} heads, vocab ${config.vocab}, ${config.head} head; ` +
      `prompt ${P} tokens (caption ${tok.encode(CAPTION).length}); G ${o.samples}, temperature ${o.temperature}, σ-scale ${o.sigma}, seed ${o.seed}`,
  );
  console.log(
    `work per generation: 1 prefill of ${P} tokens, ${steps} decode steps × ${o.samples} rows; ${generated} tokens drawn (${ended} of them <eos>); ` +
      `${ref.candidates.filter((c) => c.formatValid).length}/${o.samples} answers well-formed, ${ref.candidates.filter((c) => c.mu).length} with a <POSE>`,
  );
  console.log(
    `FLOPs (matmul only): ${gflop(flops.total)} = prefill ${gflop(flops.prefill)} + decode ${gflop(flops.decode)} ` +
      `(linears ${gflop(flops.decodeLinear)}, of which pose heads ${gflop(flops.decodePoseHead)}; attention ${gflop(flops.decodeAttention)}); ` +
      `per-row linear count checked against the checkpoint's weight matrices (${fromWeights} FLOPs/row)`,
  );

  const peak = await measureMatmulPeak({ sizes: [256, 512, 1024], threads: o.threads, runs: o.smoke ? 3 : 10 });
  console.log(`ORT MatMul peak (${o.threads} threads, float32, best of runs): ${peak.sizes.map((s) => `${s.n}³ ${fmt(s.gflops)}`).join(', ')} GFLOP/s`);
  let torchPeak: PeerPeak | null = null;
  if (!why) {
    try {
      torchPeak = await runPeerPeak(peak.sizes.map((s) => s.n), { threads: o.threads, runs: o.smoke ? 3 : 10 });
      console.log(`torch.mm ceiling (same threads): ${torchPeak.sizes.map((s) => `${s.n}³ ${fmt(s.gflops)}`).join(', ')} GFLOP/s`);
    } catch (e) {
      console.log(`torch MatMul peak failed: ${errorLine(e)}`);
    }
  }

  const spec: PeerSpec = {
    model_dir: o.model,
    prompt_ids: prompt.ids,
    fed: recording.fed,
    draws: steps + (allEnded ? 1 : 0),
    G: o.samples,
    temperature: o.temperature,
    sigma_scale: o.sigma,
    seed: o.seed,
    pose_id: tok.specials.pose,
    features: MODALITY_FEATURES,
    threads: o.threads,
    warmup: o.warmup,
    runs: o.runs,
  };

  const oursTimes: PhaseTimes[] = [];
  const oursRounds: { round: number; ms: number }[] = [];
  const peerRounds: { round: number; ms: number }[] = [];
  const peerTimes: PeerResult['times'] = { total_ms: [], prefill_ms: [], decode_ms: [], host_ms: [] };
  let peerLast: PeerResult | null = null;
  for (let round = 0; round < o.rounds; round++) {
    let oursPart = '';
    let peerPart = '';
    const doOurs = async (): Promise<void> => {
      for (let i = 0; i < o.warmup; i++) await ours.generate(PROMPT, sample);
      const times: number[] = [];
      for (let i = 0; i < o.runs; i++) {
        const g = await ours.generate(PROMPT, sample);
        if (!sameWork(g.result, ref)) throw new Error('a same-seed generation differed from the recorded one');
        oursTimes.push(g.times);
        times.push(g.times.totalMs);
      }
      oursRounds.push({ round, ms: median(times) });
      oursPart = `ours median ${fmt(median(times), 2)} ms`;
    };
    const doPeer = async (): Promise<void> => {
      if (why) return;
      try {
        const p = await runGeneratePeer(spec);
        peerLast = p;
        for (const k of Object.keys(peerTimes) as (keyof PeerResult['times'])[]) peerTimes[k].push(...p.times[k]);
        peerRounds.push({ round, ms: median(p.times.total_ms) });
        peerPart = `, torch median ${fmt(median(p.times.total_ms), 2)} ms`;
      } catch (e) {
        // A broken peer must not hide our own numbers.
        peerPart = `, torch failed: ${errorLine(e)}`;
      }
    };
    await alternating(round, doOurs, doPeer);
    console.log(`round ${round + 1}: ${oursPart}${peerPart}`);
  }

  const checks = peerLast ? peerChecks(ref, recording, peerLast) : [];
  for (const c of checks) console.log(`peer check: max |ours − torch| ${c.label}: ${c.diff.toExponential(2)}${c.diff <= MATCH_TOLERANCE ? '' : ` > ${MATCH_TOLERANCE}: NOT the same model`}`);

  const section = report(o, config, P, steps, generated, flops, peak, torchPeak, oursTimes, oursRounds, peerTimes, peerRounds, peerLast, checks);
  console.log(`\n${section}`);
  if (o.write) console.log(`\nwrote ${writeSection('generate', section)}`);
  await ours.release();
  await releaseAll();
  if (checks.some((c) => !(c.diff <= MATCH_TOLERANCE))) {
    console.error('the torch peer does not reproduce our outputs: its timings are not of the same model');
    process.exitCode = 1;
  }
}

function report(
  o: Options,
  config: PolicyModelConfig,
  P: number,
  steps: number,
  generated: number,
  flops: GenerationFlops,
  peak: PeakResult,
  torchPeak: PeerPeak | null,
  oursTimes: PhaseTimes[],
  oursRounds: { round: number; ms: number }[],
  peerTimes: PeerResult['times'],
  peerRounds: { round: number; ms: number }[],
  peer: PeerResult | null,
  checks: Check[],
): string {
  const med = (k: keyof PhaseTimes): number => median(oursTimes.map((t) => t[k]));
  const total = med('totalMs');
  const p90 = percentile(oursTimes.map((t) => t.totalMs), 90);
  const peerTotals = peerTimes.total_ms;
  const peerTotal = median(peerTotals);
  const peerP90 = percentile(peerTotals, 90);
  const peerMed = (k: keyof PeerResult['times']): number => median(peerTimes[k]);
  const achieved = (f: number, ms: number): number => f / (ms / 1000) / 1e9;
  const pct = (g: number): string => `${fmt((100 * g) / peak.gflops)}%`;
  const ratios = pairedRatios(oursRounds, peerRounds, (a) => a.ms, (b) => b.ms);
  const row = (name: string, t: number, q: number, pre: number, dec: number, host: number): string =>
    `| ${name} | ${fmt(t, 2)} | ${fmt(q, 2)} | ${fmt(pre, 2)} | ${fmt(dec, 2)} (${fmt(dec / steps, 3)}/step) | ${fmt(host, 2)} | ${fmt(achieved(flops.total, t))} | ${pct(achieved(flops.total, t))} | ${fmt(achieved(flops.decode, dec))} |`;
  // The load at the end counts this benchmark's own threads; at the start it is other processes only.
  const busy = loadAtStart > os.availableParallelism() / 2;
  const lines = [
    ...(busy
      ? [`**Taken under load** (1-min load average ${fmt(loadAtStart)} at the start on ${os.availableParallelism()} CPUs): these figures show that everything runs and matches, they are not a result; rerun on a quiet machine.`, '']
      : []),
    '| side | median ms | p90 ms | prefill ms | decode ms | host ms | GFLOP/s (whole) | % of MatMul peak | decode GFLOP/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('ours (ONNX Runtime)', total, p90, med('prefillMs'), med('decodeMs'), med('hostMs')),
  ];
  if (peerTotals.length) lines.push(row('torch peer', peerTotal, peerP90, peerMed('prefill_ms'), peerMed('decode_ms'), peerMed('host_ms')));
  lines.push(
    '',
    `- **Median latency of ${o.samples} candidates: ${fmt(total, 2)} ms** (target ≤ ${TARGET_MS} ms: ${total <= TARGET_MS ? 'met' : 'missed'}); ` +
      (peerTotals.length
        ? `torch ${fmt(peerTotal, 2)} ms; **ours / torch latency ${fmt(total / peerTotal, 2)}** (below 1: ours faster; per-round paired ratios ${ratios.map((r) => fmt(r, 2)).join(', ')})`
        : 'no torch peer in this run'),
    `- Work: prompt "${PROMPT.slice(0, 48)}…" = ${P} tokens with <bos>/<sep>; ${o.samples} candidates, temperature ${o.temperature}, σ-scale ${o.sigma}, seed ${o.seed} (the same for every generation, so each does identical work); ` +
      `${steps} decode steps × ${o.samples} rows, ${generated} tokens generated (answers + <eos>)`,
    `- FLOPs per generation (matrix products only, multiply-add = 2): ${gflop(flops.total)} = prefill ${gflop(flops.prefill)} (B = 1 over ${P} tokens: linears, LM head on every position, full ${P}×${P} QKᵀ and A·V) + ` +
      `decode ${gflop(flops.decode)} (per step and row: the ${config.layers} blocks' linears, modality projection, LM head and both pose-head MLPs (${gflop(flops.decodePoseHead)} in all: the decode graph evaluates them for every row at every step); ` +
      `QKᵀ and A·V over P + s + 1 keys at step s: ${gflop(flops.decodeAttention)}). Not counted: LayerNorm, softmax, GELU, rotary, residual adds, embedding gather, cache concatenation, host work`,
    `- MatMul peak: ONNX Runtime float32 square products, ${o.threads} threads, best of ${o.smoke ? 3 : 10} runs per size: ${peak.sizes.map((s) => `${s.n}³ ${fmt(s.gflops)}`).join(', ')} GFLOP/s; "% of MatMul peak" uses the best (${peak.n}³, ${fmt(peak.gflops)} GFLOP/s) for both rows` +
      (torchPeak ? `; torch.mm's ceiling measured the same way: ${torchPeak.sizes.map((s) => `${s.n}³ ${fmt(s.gflops)}`).join(', ')} GFLOP/s` : ''),
    `- Method: ${o.rounds} alternating rounds (ABBA) × (${o.warmup} warm-up + ${o.runs} timed generations) per side, ${o.threads} intra-op threads both sides (ORT sessions; torch.set_num_threads); ` +
      'medians and p90 over all timed generations of a side. Phases: prefill = the prompt\'s session.run (torch: its forward), decode = the step session.runs with the pose head and the binding\'s copies of the KV cache in and out (torch: forward + heads), host = the rest (cache copy to G rows, token draws, feeds, Gaussian samples)',
    `- Peer: \`bench/peers/torch_generate.py\`, the same checkpoint read from model.safetensors + config.json, the same prompt ids, and it feeds the ids our decode steps fed (drawing its own tokens each step as ours does, so the sampling cost is there too): same steps, rows and pose-head reads. ` +
      (checks.length ? `Outputs match ours: ${checks.map((c) => `${c.label} max |diff| ${c.diff.toExponential(1)}`).join('; ')} (tolerance ${MATCH_TOLERANCE})` : 'not run'),
    `- Date: ${new Date().toISOString()}; host: ${cpuModel()}, ${os.availableParallelism()} logical CPUs, Node ${process.version}; ONNX Runtime ${ortVersion()}` +
      (peer ? `, PyTorch ${peer.torch} (BLAS: ${peer.blas.join(', ') || 'none found'})` : '') +
      `; 1-min load average at the start ${fmt(loadAtStart)}, at the end ${fmt(load1())} (other processes share this machine)`,
  );
  return lines.join('\n');
}

runMain(main, { stack: true });
