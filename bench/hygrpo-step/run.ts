/**
 * HyGRPO-step benchmark: candidates per second of one HyGRPO update (teacher-forced policy over the rollout's
 * sequences → hybrid loss → backward → global-norm clip → AdamW; our one compiled ONNX step) against a PyTorch peer
 * of the same model, loss and optimiser fed the identical batch, in the same run; and, on our side only, the rollout
 * that produces that batch (G candidates per query, the reference read, rewards and advantages), since a full step
 * is rollout + update.
 *
 *   node --import tsx bench/hygrpo-step/run.ts [--threads 2] [--rounds 4] [--warmup 2] [--runs 5] [--rollouts 3]
 *                                              [--preset overnight-cpu] [--mix text2pose|preset] [--draw 0]
 *                                              [--probe-steps 3] [--probe-lr 1e-4] [--foreach auto|on|off]
 *                                              [--smoke] [--no-peer] [--no-write]
 *
 * The batch: the preset's G and queries per step (overnight-cpu: 8 × 8 = 64 candidates), queries drawn by the run's
 * own draw (`drawQueries`, step `--draw`) from text→pose only (`--mix text2pose`, the default) or the preset's task
 * mix, candidates sampled by the shipped policy with the shipped retrieval model scoring them. Its feeds go to a
 * safetensors file the peer reads, so both sides update on the same numbers.
 *
 * Parity, before any timing (no speed is reported when it fails):
 * 1. The first update from the shipped weights (the run's first step: on-policy, π_θ = π_old = π_ref): loss,
 *    gradient norm and every diagnostic, and the weights after the AdamW step.
 * 2. A probe where every term is live: our trainer takes `--probe-steps` more steps on the batch at `--probe-lr`,
 *    so the policy moves away from π_old and π_ref (ratios leave 1, KL > 0, the clip engages); the peer starts from
 *    those weights and both report loss, gradient norm and diagnostics of the next step on the same batch.
 *
 * Timing: rounds alternate which side updates first (ABBA), each round warm-up then `--runs` timed updates per side
 * (the peer: one process per round, its first untimed step included in its warm-up); our rollouts are timed in
 * every round too. Medians and quartiles are over all timed steps of a side; the ratio is also given per round.
 * Writes its section into bench/RESULTS.md between the hygrpo-step markers unless --no-write or --smoke.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSafetensors, writeSafetensors } from '../../src/main/compute/graph/checkpoint';
import { slotName, type ParamStore, type StepResult } from '../../src/main/compute/graph';
import { configureRuntime, ortVersion, releaseAll, type HostTensor } from '../../src/main/compute/runtime';
import { shippedModelDir } from '../../src/main/compute/models/paths';
import { POLICY_DATA } from '../../src/main/compute/models/policy/config';
import { loadTokenizer } from '../../src/main/compute/text/tokenizer';
import { HYGRPO_PRESET_NAMES, hygrpoPreset, hygrpoSchedule, validateHyGRPOConfig, type HyGRPOConfig, type HyGRPOPresetName } from '../../src/main/compute/rl/config';
import { drawQueries, loadQueryPool } from '../../src/main/compute/rl/queries';
import type { Rollout } from '../../src/main/compute/rl/rollout';
import { parseBenchArgs, type BenchOptions } from '../lib/args';
import { cpuModel, load1, loadavg } from '../lib/machine';
import { errorLine, runMain } from '../lib/process';
import { writeSection } from '../lib/results-file';
import { median, pairedRatios, quantile, alternating } from '../lib/stats';
import { peerUnavailable } from '../train-step/peer';
import { OursHyGRPO } from './ours';
import { peerOptions, runHyGRPOPeer, type PeerFirstStep, type PeerResult } from './peer';

/**
 * Agreement asked of the loss, gradient norm and every diagnostic: |ours − torch| ≤ TOL·max(|torch|, 1). Relative for
 * numbers above 1; absolute below, because at the first, on-policy step the loss, the pose surrogate and the pose KL
 * are 0 up to float32 rounding of the sums they cancel out of (log-densities of order 10², a KL of 66 terms; measured
 * 5e-6 apart between the two sides), where a relative test would compare noise with noise.
 */
const TOL = 1e-4;
/**
 * Largest ‖m_ours − m_torch‖ / ‖m_torch‖ of Adam's first moment after the first step, m = (1 − β1)·(clipped gradient):
 * the whole backward pass and the clip, compared element by element. Float32 gradients summed over a batch of ~7,500
 * positions in different orders, so looser than the scalars.
 */
const GRAD_TOLERANCE = 1e-3;
/** Records per shard of the query build (see `benchConfig`). */
const QUERY_SHARD = 400;

interface Options extends BenchOptions {
  threads: number;
  warmup: number;
  runs: number;
  rollouts: number;
  preset: HyGRPOPresetName;
  mix: 'text2pose' | 'preset';
  draw: number;
  probeSteps: number;
  probeLr: number;
  foreach: 'auto' | 'on' | 'off';
  peer: boolean;
}

function parseArgs(argv: string[]): Options {
  return parseBenchArgs<Options>(argv, {
    defaults: {
      threads: 2,
      rounds: 4,
      warmup: 2,
      runs: 5,
      rollouts: 3,
      preset: 'overnight-cpu',
      mix: 'text2pose',
      draw: 0,
      probeSteps: 3,
      probeLr: 1e-4,
      foreach: 'auto',
      peer: true,
      write: true,
      smoke: false,
    },
    acceptWrite: true,
    smoke: { warmup: 1, runs: 2, rollouts: 1 },
    extra: (r, o) => {
      if (r.flag === '--threads') o.threads = r.int();
      else if (r.flag === '--warmup') o.warmup = r.int();
      else if (r.flag === '--runs') o.runs = r.int();
      else if (r.flag === '--rollouts') o.rollouts = r.int();
      else if (r.flag === '--probe-steps') o.probeSteps = r.int();
      else if (r.flag === '--draw') {
        const v = Number(r.value());
        if (!Number.isInteger(v) || v < 0) throw new Error('--draw needs a step number ≥ 0');
        o.draw = v;
      } else if (r.flag === '--probe-lr') {
        const v = Number(r.value());
        if (!(v > 0)) throw new Error('--probe-lr needs a positive number');
        o.probeLr = v;
      } else if (r.flag === '--preset') {
        const v = r.value();
        if (!(HYGRPO_PRESET_NAMES as readonly string[]).includes(v)) throw new Error(`--preset: one of ${HYGRPO_PRESET_NAMES.join(', ')}`);
        o.preset = v as HyGRPOPresetName;
      } else if (r.flag === '--mix') {
        const v = r.value();
        if (v !== 'text2pose' && v !== 'preset') throw new Error('--mix: text2pose or preset');
        o.mix = v;
      } else if (r.flag === '--foreach') {
        const v = r.value();
        if (v !== 'auto' && v !== 'on' && v !== 'off') throw new Error('--foreach: auto, on or off');
        o.foreach = v;
      } else return false;
      return true;
    },
  });
}

/**
 * The preset as a run would use it, except where the queries come from: the task mix may be narrowed to text→pose
 * (the issue's workload), and the pool is the first train examples of the policy's own build (same seed and count)
 * cut into shards of QUERY_SHARD records, because a run's default pool builds a whole 10,000-record shard first (over
 * three minutes on a loaded 2-core machine) and the benchmark needs 8 queries, not 5,000.
 */
function benchConfig(o: Options): HyGRPOConfig {
  const c = hygrpoPreset(o.preset);
  if (o.mix === 'text2pose') c.taskMix = { text2pose: 1 };
  // A pool of a quarter of the shard stays within the shard's train split (80%), so only shard 0 is built.
  c.data = { seed: POLICY_DATA.seed, count: POLICY_DATA.count, shardSize: QUERY_SHARD, pool: QUERY_SHARD / 4 };
  const check = validateHyGRPOConfig(c);
  if (!check.ok) throw new Error(`bench config invalid: ${check.errors.join('; ')}`);
  return check.config;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const sci = (x: number): string => (Number.isFinite(x) ? x.toExponential(2) : String(x));

interface Compared {
  label: string;
  ours: number;
  torch: number;
  ok: boolean;
}

function compare(label: string, ours: number, torch: number): Compared {
  return { label, ours, torch, ok: Math.abs(ours - torch) <= TOL * Math.max(Math.abs(torch), 1) };
}

function compareStep(u: StepResult, p: PeerFirstStep): Compared[] {
  const rows = [compare('loss', u.loss, p.loss), compare('grad_norm', u.gradNorm, p.grad_norm)];
  const names = new Set([...Object.keys(u.metrics), ...Object.keys(p.metrics)]);
  for (const n of [...names].sort()) rows.push(compare(n, u.metrics[n] ? Number(u.metrics[n].data[0]) : NaN, p.metrics[n] ?? NaN));
  return rows;
}

/** Every parameter of a store, copied (the trainer swaps its arrays each step). */
function snapshot(store: ParamStore): Record<string, HostTensor> {
  return Object.fromEntries(store.names().map((n) => [n, { ...store.tensor(n), data: store.tensor(n).data.slice() }]));
}

/** ‖a − b‖ / ‖b‖ over every named tensor of `a` (b must hold the same names and sizes). */
function relativeL2(a: Record<string, HostTensor>, b: Record<string, HostTensor>, what: string): number {
  let diff = 0;
  let norm = 0;
  for (const [n, t] of Object.entries(a)) {
    const x = t.data as Float32Array;
    const y = b[n]?.data as Float32Array | undefined;
    if (!y || y.length !== x.length) throw new Error(`${what}: ${n} missing from the peer's file or of another size`);
    for (let i = 0; i < x.length; i++) {
      diff += (x[i]! - y[i]!) ** 2;
      norm += y[i]! ** 2;
    }
  }
  return Math.sqrt(diff / norm);
}

/** Each parameter's after − before. */
function change(after: Record<string, HostTensor>, before: Record<string, HostTensor>): Record<string, HostTensor> {
  return Object.fromEntries(
    Object.entries(before).map(([n, b]) => {
      const a = after[n]!.data as Float32Array;
      return [n, { ...b, data: Float32Array.from(b.data as Float32Array, (v, i) => a[i]! - v) }];
    }),
  );
}

interface UpdateParity {
  /** Adam's first moment (the clipped gradient) after step 1, relative L2 (gated by GRAD_TOLERANCE). */
  moment: number;
  /**
   * The weight change of step 1, relative L2; reported, not gated: Adam's first step moves each weight by about
   * lr·g/(|g| + ε), which is ill-conditioned wherever the clipped gradient is near ε (here the LM head, whose gradient
   * is 0 up to rounding when the text advantages are 0 and π_θ = π_ref), so a rounding-level difference of g there
   * flips a whole lr-sized step.
   */
  weights: number;
}

interface RolloutTiming {
  total: number;
  sample: number;
  reference: number;
  reward: number;
}

/** The rollout's work: every candidate's tokens and pose (same seeds and weights must give the same candidates). */
const workOf = (r: Rollout): string => JSON.stringify(r.groups.map((g) => g.candidates.map((c) => [c.tokens, c.pose ? Array.from(c.pose) : null])));

const loadAtStart = load1();
const loadavgAtStart = loadavg();

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const cfg = benchConfig(o);
  const started = new Date();
  configureRuntime({ intraOpThreads: o.threads, interOpThreads: 1, graphOptimization: 'all' });
  const why = o.peer ? peerUnavailable() : 'disabled by --no-peer';
  if (why) console.log(`torch peer skipped: ${why}`);
  const tok = loadTokenizer();
  const policyDir = shippedModelDir('policy');
  const retrievalDir = shippedModelDir('retrieval');
  console.log(`load average at start ${loadavgAtStart} on ${os.availableParallelism()} CPUs`);

  const tPool = performance.now();
  const pool = loadQueryPool(cfg);
  const drawn = drawQueries(pool, cfg, o.draw);
  console.log(`query pool ${Object.values(pool).reduce((a, q) => a + q.length, 0)} examples (${fmt((performance.now() - tPool) / 1000)} s); ${drawn.length} queries drawn at step ${o.draw}`);
  const ours = await OursHyGRPO.load({ policyDir, retrievalDir, cfg, tokenizer: tok, threads: o.threads });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hygrpo-step-'));
  try {
    // The batch: one rollout (also the rollouts' warm-up); every later rollout must repeat its work.
    const ro = await ours.rollout(drawn);
    const work = workOf(ro);
    const batchFile = path.join(dir, 'batch.safetensors');
    writeSafetensors(batchFile, ro.feeds);
    const answerTokens = (ro.feeds.answer_mask!.data as Float32Array).reduce((a, b) => a + b, 0);
    const validRows = (ro.feeds.pose_valid!.data as Float32Array).reduce((a, b) => a + b, 0);
    const tasks = [...new Set(drawn.map((d) => d.query.task))].join(', ');
    console.log(
      `batch: B ${ro.B} (${drawn.length} queries × G ${cfg.groupSize}; ${tasks}), T ${ro.T}, ${answerTokens} answer tokens, ${validRows} candidates in V; ` +
        `rollout ${fmt(ro.seconds.sample * 1000, 0)} ms sampling, ${fmt(ro.seconds.reference * 1000, 0)} ms reference, ${fmt(ro.seconds.reward * 1000, 0)} ms rewards`,
    );

    // Parity 1: the first update from the shipped weights.
    const schedule = hygrpoSchedule(cfg);
    const before = snapshot(ours.trainer.store);
    const u1 = await ours.update(ro.feeds);
    const oursAfter1 = snapshot(ours.trainer.store);
    const oursMoment1 = Object.fromEntries(
      ours.trainer.store.names().map((n) => [n, { ...ours.trainer.store.tensor(n), data: ours.trainer.state.arrays.get(slotName(n, 'm'))!.slice() }]),
    );
    // Parity 2: move the policy at the probe lr, save those weights, and read the next step of both at them.
    const program = ours.trainer.program;
    for (let i = 0; i < o.probeSteps; i++) await program.run(ro.feeds, ours.trainer.store, ours.trainer.state, o.probeLr);
    const probeWeights = path.join(dir, 'probe.safetensors');
    writeSafetensors(probeWeights, snapshot(ours.trainer.store));
    const uProbe = await program.run(ro.feeds, ours.trainer.store, ours.trainer.state, o.probeLr);

    const timedSteps = o.rounds * (o.warmup + o.runs) + 1;
    const lrs = Array.from({ length: timedSteps }, (_, i) => schedule(i));
    const foreach = o.foreach === 'auto' ? null : o.foreach === 'on';
    const base = { model_dir: policyDir, batch: batchFile, options: peerOptions(cfg, lrs, foreach), threads: o.threads };
    let parity: { first: Compared[]; probe: Compared[]; update: UpdateParity } | null = null;
    let peerInfo: PeerResult | null = null;
    if (!why) {
      const weightsOut = path.join(dir, 'peer-after-1.safetensors');
      const p1 = await runHyGRPOPeer({ ...base, warmup: 0, runs: 0, weights_out: weightsOut });
      const peerAfter1 = readSafetensors(weightsOut).tensors;
      const update: UpdateParity = {
        moment: relativeL2(oursMoment1, Object.fromEntries(Object.keys(oursMoment1).map((n) => [n, peerAfter1[`${n}::m`]!])), 'first moments'),
        weights: relativeL2(change(oursAfter1, before), change(peerAfter1, before), 'weights'),
      };
      const p2 = await runHyGRPOPeer({ ...base, weights: probeWeights, options: peerOptions(cfg, [o.probeLr], foreach), warmup: 0, runs: 0 });
      parity = { first: compareStep(u1, p1.first), probe: compareStep(uProbe, p2.first), update };
      peerInfo = p1;
      for (const [name, rows] of [['first step (shipped weights)', parity.first], [`probe (after ${o.probeSteps} steps at lr ${o.probeLr})`, parity.probe]] as const) {
        console.log(`parity, ${name}:`);
        for (const r of rows) console.log(`  ${r.label.padEnd(16)} ours ${sci(r.ours).padStart(10)}  torch ${sci(r.torch).padStart(10)}  |diff| ${sci(Math.abs(r.ours - r.torch))}${r.ok ? '' : '  MISMATCH'}`);
      }
      console.log(
        `parity, first step: Adam's first moment (clipped gradient) ‖ours − torch‖/‖torch‖ ${sci(update.moment)}${update.moment <= GRAD_TOLERANCE ? '' : '  MISMATCH'}; ` +
          `weight change ${sci(update.weights)} (not gated, see UpdateParity)`,
      );
      const failed = [...parity.first, ...parity.probe].filter((r) => !r.ok).map((r) => r.label);
      if (!(update.moment <= GRAD_TOLERANCE)) failed.push('first moment');
      if (failed.length) {
        console.error(`parity FAILED (${failed.join(', ')}): the peer does not compute the same update, so no speed is reported`);
        process.exitCode = 1;
        return;
      }
      console.log(`parity ok (|diff| ≤ ${TOL}·max(|torch|, 1); first moment within ${GRAD_TOLERANCE})`);
    }

    // Timing.
    const oursSteps: number[] = [];
    const peerSteps: number[] = [];
    const oursRounds: { round: number; ms: number }[] = [];
    const peerRounds: { round: number; ms: number }[] = [];
    const rollouts: RolloutTiming[] = [];
    for (let round = 0; round < o.rounds; round++) {
      let line = `round ${round + 1}:`;
      for (let i = 0; i < o.rollouts; i++) {
        const t0 = performance.now();
        const r = await ours.rollout(drawn);
        const total = performance.now() - t0;
        if (workOf(r) !== work) throw new Error('a rollout with the same seeds and weights drew other candidates: the timed rollouts would not be the same work');
        rollouts.push({ total, sample: r.seconds.sample * 1000, reference: r.seconds.reference * 1000, reward: r.seconds.reward * 1000 });
      }
      line += ` rollout median ${fmt(median(rollouts.slice(-o.rollouts).map((r) => r.total)), 0)} ms;`;
      const doOurs = async (): Promise<void> => {
        for (let i = 0; i < o.warmup; i++) await ours.update(ro.feeds);
        const ts: number[] = [];
        for (let i = 0; i < o.runs; i++) {
          const t0 = performance.now();
          const u = await ours.update(ro.feeds);
          ts.push(performance.now() - t0);
          if (!Number.isFinite(u.loss)) throw new Error(`our loss became ${u.loss}`);
        }
        oursSteps.push(...ts);
        oursRounds.push({ round, ms: median(ts) });
        line += ` ours update median ${fmt(median(ts), 0)} ms;`;
      };
      const doPeer = async (): Promise<void> => {
        if (why) return;
        try {
          // warmup − 1: the peer's untimed first step is a warm-up step too.
          const p = await runHyGRPOPeer({ ...base, warmup: Math.max(0, o.warmup - 1), runs: o.runs });
          peerInfo = p;
          peerSteps.push(...p.step_ms);
          peerRounds.push({ round, ms: median(p.step_ms) });
          line += ` torch update median ${fmt(median(p.step_ms), 0)} ms;`;
        } catch (e) {
          // A broken peer must not hide our own numbers.
          line += ` torch failed: ${errorLine(e)};`;
        }
      };
      await alternating(round, doOurs, doPeer);
      console.log(line);
    }

    const section = report(o, cfg, ro, answerTokens, validRows, started, oursSteps, peerSteps, pairedRatios(oursRounds, peerRounds, (a) => a.ms, (b) => b.ms), rollouts, parity, peerInfo);
    console.log(`\n${section}`);
    if (o.write) console.log(`\nwrote ${writeSection('hygrpo-step', section)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await ours.release();
    await releaseAll();
  }
}

function report(
  o: Options,
  cfg: HyGRPOConfig,
  ro: Rollout,
  answerTokens: number,
  validRows: number,
  started: Date,
  oursSteps: number[],
  peerSteps: number[],
  ratios: number[],
  rollouts: RolloutTiming[],
  parity: { first: Compared[]; probe: Compared[]; update: UpdateParity } | null,
  peer: PeerResult | null,
): string {
  const B = ro.B;
  const q = (xs: number[]): string => `${fmt(median(xs), 0)} (${fmt(quantile(xs, 0.25), 0)}–${fmt(quantile(xs, 0.75), 0)})`;
  const perSec = (ms: number): string => fmt((B * 1000) / ms, 1);
  const oursMed = median(oursSteps);
  const peerMed = median(peerSteps);
  const roMed = median(rollouts.map((r) => r.total));
  const busy = loadAtStart > os.availableParallelism() / 2;
  const lines = [
    ...(busy
      ? [
          `**Taken on a loaded machine** (1-min load average ${fmt(loadAtStart, 2)} at the start on ${os.availableParallelism()} CPUs, other jobs running): both sides ran interleaved in the same invocation, so the ratio is fairer than either absolute figure; rerun on a quiet machine for absolute numbers.`,
          '',
        ]
      : []),
    '| | median ms (IQR) | candidates/s | timed steps |',
    '|---|---:|---:|---:|',
    `| update, ours (ONNX Runtime, one compiled step) | ${q(oursSteps)} | ${perSec(oursMed)} | ${oursSteps.length} |`,
  ];
  if (peerSteps.length) lines.push(`| update, torch peer (eager, autograd, torch.optim.AdamW) | ${q(peerSteps)} | ${perSec(peerMed)} | ${peerSteps.length} |`);
  lines.push(
    `| rollout, ours (sampling ${q(rollouts.map((r) => r.sample))}, reference ${q(rollouts.map((r) => r.reference))}, rewards ${q(rollouts.map((r) => r.reward))}) | ${q(rollouts.map((r) => r.total))} | ${perSec(roMed)} | ${rollouts.length} |`,
    `| full step, ours (rollout + update medians) | ${fmt(roMed + oursMed, 0)} | ${perSec(roMed + oursMed)} | — |`,
    '',
    peerSteps.length
      ? `- **Update throughput: ours ${perSec(oursMed)} vs torch ${perSec(peerMed)} candidates/s; ours / torch time ${fmt(oursMed / peerMed, 2)}** (below 1: ours faster; per-round paired ratios ${ratios.map((r) => fmt(r, 2)).join(', ')})`
      : '- No torch peer in this run.',
    `- Full HyGRPO step on our side: rollout ${fmt(roMed, 0)} ms + update ${fmt(oursMed, 0)} ms = ${fmt(roMed + oursMed, 0)} ms for ${B} candidates; the rollout is ${fmt((100 * roMed) / (roMed + oursMed), 0)}% of it`,
    `- Batch: preset \`${o.preset}\` (G ${cfg.groupSize} × ${cfg.queriesPerStep} queries = ${B} candidates; ε ${cfg.clip.low}/${cfg.clip.high}, β_text ${cfg.beta.text}, β_pose ${cfg.beta.pose}, clamps ±${cfg.klLogRatioClamp}/±${cfg.poseLogRatioClamp}, clip norm ${cfg.clipNorm}, weight decay ${cfg.weightDecay}, temperature ${cfg.sampling.temperature}, σ-scale ${cfg.sampling.sigmaScale}, ≤ ${cfg.sampling.maxNewTokens} new tokens), ` +
      `task mix ${o.mix === 'text2pose' ? 'text→pose only' : 'the preset’s'}, queries of \`drawQueries\` step ${o.draw}; the shipped policy and retrieval model. Padded to T ${ro.T}; ${answerTokens} answer tokens, ${validRows} candidates in V`,
    `- Peer: \`bench/peers/torch_hygrpo_step.py\` on \`bench/peers/policy_model.py\` (the model shared with the generate peer), the same checkpoint, the same feeds read from a safetensors file our rollout wrote, the loss written in torch (Gaussian terms by \`torch.linalg.solve_triangular\`), \`clip_grad_norm_\`, \`torch.optim.AdamW\`${o.foreach === 'auto' ? '' : ` (foreach ${o.foreach})`}; both sides follow the preset's lr schedule from step 0`,
  );
  if (parity) {
    const line = (rows: Compared[]): string => rows.map((r) => `${r.label} ${sci(r.ours)} vs ${sci(r.torch)}`).join('; ');
    lines.push(
      `- Parity (checked before timing; tolerance |diff| ≤ ${TOL}·max(|torch|, 1)), ours vs torch: first step from the shipped weights: ${line(parity.first)}; ` +
        `Adam's first moment after it (the clipped gradient, every element) ‖ours − torch‖/‖torch‖ ${sci(parity.update.moment)} (tolerance ${GRAD_TOLERANCE}); ` +
        `its weight change ${sci(parity.update.weights)} (not gated: ill-conditioned where the gradient is near Adam's ε). ` +
        `Probe after ${o.probeSteps} more of our steps at lr ${o.probeLr} (the peer starts from those weights): ${line(parity.probe)}`,
    );
  }
  lines.push(
    `- Method: ${o.rounds} rounds; per round ${o.rollouts} timed rollouts, then ${o.warmup} warm-up + ${o.runs} timed updates per side, the two sides' order alternating (ABBA); ` +
      `${o.threads} intra-op threads both sides (ORT sessions; torch.set_num_threads, OMP_NUM_THREADS). An update is one \`Trainer.step\` (feeds in, one session run, weights and moments back) vs zero_grad + forward + loss + backward + clip + AdamW step. ` +
      'Every rollout samples the unchanged shipped weights with the same seeds and is checked to draw the same candidates; the updates keep training on the same batch',
    `- Command: \`npm run bench:hygrpo-step\`${process.argv.length > 2 ? ` (run as \`${process.argv.slice(2).join(' ')}\`)` : ''}`,
    `- Date: ${started.toISOString()}; host: ${cpuModel()}, ${os.availableParallelism()} logical CPUs, Node ${process.version}; ONNX Runtime ${ortVersion()}` +
      (peer ? `, PyTorch ${peer.torch} (BLAS: ${peer.blas.join(', ') || 'none found'})` : '') +
      `; load average (1/5/15 min) at the start ${loadavgAtStart}, at the end ${loadavg()}`,
  );
  return lines.join('\n');
}

runMain(main, { stack: true });
