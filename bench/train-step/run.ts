/**
 * Train-step benchmark: our compiled ONNX training step versus the PyTorch peer, same models, loss and
 * optimiser, same thread count, alternating runs so drift in machine load hits both sides alike.
 *
 *   npm run bench:train-step -- [--threads N] [--rounds 3] [--warmup 3] [--steps 10] [--configs a,b,c]
 *                               [--smoke] [--no-peer] [--no-write] [--multi b:4,a:4]
 *
 * --multi adds rows for our step compiled with K optimisation steps per session.run (default b:4), timed
 * in the same rounds as the single-step graph and compared with the same torch runs.
 *
 * Writes the table into bench/RESULTS.md between the train-step markers unless --no-write or --smoke.
 */
import os from 'node:os';
import { configureRuntime, ortVersion, releaseAll, runtimeReport } from '../../src/main/compute/runtime';
import { CONFIGS, type ConfigId, trainStepFlops } from './configs';
import { createOurs } from './ours';
import { parseBenchArgs, type BenchOptions } from '../lib/args';
import { cpuModel, load1 } from '../lib/machine';
import { errorLine, runMain } from '../lib/process';
import { writeSection } from '../lib/results-file';
import { median, alternating } from '../lib/stats';
import { PEAK_SIZES, betterPeak, measureMatmulPeak, type PeakResult } from './peak';
import { peerUnavailable, runPeer, runPeerPeak, type PeerPeak } from './peer';

interface Options extends BenchOptions {
  threads: number;
  warmup: number;
  steps: number;
  configs: ConfigId[];
  peer: boolean;
  /** Extra rows: our step with K optimisation steps per session.run, per config (e.g. b:4). */
  multi: Partial<Record<ConfigId, number>>;
}

function parseArgs(argv: string[]): Options {
  return parseBenchArgs<Options>(argv, {
    defaults: {
      threads: os.availableParallelism(),
      rounds: 3,
      warmup: 3,
      steps: 10,
      configs: ['a', 'b', 'c'],
      peer: true,
      write: true,
      smoke: false,
      multi: { b: 4 },
    },
    acceptWrite: true,
    smoke: { warmup: 1, steps: 2 },
    extra: (r, o) => {
      if (r.flag === '--threads') o.threads = r.int();
      else if (r.flag === '--warmup') o.warmup = r.int();
      else if (r.flag === '--steps') o.steps = r.int();
      else if (r.flag === '--configs') {
        const ids = r.value().split(',');
        for (const id of ids) if (!(id in CONFIGS)) throw new Error(`unknown config "${id}" (a, b or c)`);
        o.configs = ids as ConfigId[];
      } else if (r.flag === '--multi') {
        o.multi = {};
        for (const item of r.value().split(',').filter(Boolean)) {
          const [id, k] = item.split(':');
          if (!id || !(id in CONFIGS) || !Number.isInteger(Number(k)) || Number(k) < 2) throw new Error(`--multi expects id:K items (K ≥ 2), got "${item}"`);
          o.multi[id as ConfigId] = Number(k);
        }
      } else return false;
      return true;
    },
  });
}

interface ConfigResult {
  id: ConfigId;
  oursSps: number[];
  peerSps: number[];
  oursLoss: [number, number];
  peerLoss: [number, number] | null;
  oursParams: number;
  peerParams: number | null;
  /** Our step with K steps per session.run (if requested for this config). */
  multi: { k: number; sps: number[]; loss: [number, number] } | null;
}

async function runOursRound(id: ConfigId, o: Options, trainer: Awaited<ReturnType<typeof createOurs>>) {
  // A trainer with K steps per run does K optimisation steps per call: about the same number of steps in all.
  const k = trainer.stepsPerRun;
  let first = NaN;
  let last = NaN;
  for (let i = 0; i < Math.ceil(o.warmup / k); i++) {
    last = await trainer.step();
    if (Number.isNaN(first)) first = last;
  }
  const times: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(o.steps / k)); i++) {
    const t0 = performance.now();
    last = await trainer.step();
    times.push(performance.now() - t0);
  }
  return { sps: (k * CONFIGS[id].batch) / (median(times) / 1000), first, last };
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function table(results: ConfigResult[], peak: PeakResult): string {
  const rows = [
    '| config | ours samples/s | torch samples/s | ours / torch | ours GFLOP/s | % of MatMul peak | loss ours (first→last) | loss torch (first→last) |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of results) {
    const c = CONFIGS[r.id];
    const ours = median(r.oursSps);
    const peer = r.peerSps.length ? median(r.peerSps) : NaN;
    const gflops = (trainStepFlops(c) / c.batch) * ours / 1e9;
    rows.push(
      `| (${r.id}) ${c.name} | ${fmt(ours)} | ${fmt(peer)} | ${fmt(ours / peer, 2)} | ${fmt(gflops)} | ${fmt((100 * gflops) / peak.gflops)}% | ${fmt(r.oursLoss[0], 3)} → ${fmt(r.oursLoss[1], 3)} | ${r.peerLoss ? `${fmt(r.peerLoss[0], 3)} → ${fmt(r.peerLoss[1], 3)}` : '—'} |`,
    );
    if (r.multi) {
      const m = median(r.multi.sps);
      const mg = ((trainStepFlops(c) / c.batch) * m) / 1e9;
      rows.push(
        `| (${r.id}) same, ours with ${r.multi.k} steps per session.run | ${fmt(m)} | ${fmt(peer)} | ${fmt(m / peer, 2)} | ${fmt(mg)} | ${fmt((100 * mg) / peak.gflops)}% | … → ${fmt(r.multi.loss[1], 3)} | |`,
      );
    }
  }
  return rows.join('\n');
}

function peakLine(peak: PeakResult, peer: PeerPeak | null): string {
  const sizes = peak.sizes.map((s) => {
    const t = peer?.sizes.find((p) => p.n === s.n);
    return `${s.n}³: ORT ${fmt(s.gflops)}${t ? ` / torch ${fmt(t.gflops)}` : ''}`;
  });
  return `- MatMul ceilings, float32 GFLOP/s, best of 10 runs per size, better of a measurement before and after the configs, same threads: ${sizes.join('; ')}. "% of MatMul peak" uses ORT's best size (${peak.n}³, ${fmt(peak.gflops)} GFLOP/s).`;
}

function environment(o: Options, peak: PeakResult, peerPeak: PeerPeak | null, torchVersion: string | null, blas: string[]): string {
  const cpu = cpuModel();
  const rep = runtimeReport();
  return [
    `- Date: ${new Date().toISOString()}; host: ${cpu} (/proc/cpuinfo model name), ${os.availableParallelism()} logical CPUs, Node ${process.version}; 1-min load average at the start ${loadAtStart.toFixed(1)}, at the end ${load1().toFixed(1)} (other processes share this machine)`,
    `- ONNX Runtime ${ortVersion()} (providers used: ${rep.active.join(', ') || 'cpu'}), PyTorch ${torchVersion ?? 'not run'}${torchVersion ? ` (Debian build; BLAS libraries loaded: ${blas.length ? blas.join(', ') : 'none found'})` : ''}`,
    `- Threads: ${o.threads} on both sides (ORT intra-op threads; torch.set_num_threads); ${o.rounds} alternating rounds × (${o.warmup} warm-up + ${o.steps} timed steps); samples/s = batch / median step time, median over rounds (ABBA order)`,
    peakLine(peak, peerPeak),
    '- Loss columns are a sanity check only: our trainer keeps training across rounds (the 4-steps-per-run trainer does more steps per round), while each torch round is a fresh process; both start from the same first loss level and fall.',
    '- GFLOP/s counts matmul FLOPs only: forward (per token and layer 24·d² for QKV/out/MLP + 4·seq·d for QKᵀ and AV, plus 2·d·vocab for the LM head; MLP: 2·in·out per layer and sample) × 3 for forward + backward.',
  ].join('\n');
}

const loadAtStart = load1();

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  configureRuntime({ intraOpThreads: o.threads, interOpThreads: 1, graphOptimization: 'all' });
  const why = o.peer ? peerUnavailable() : 'disabled by --no-peer';
  if (why) console.log(`torch peer skipped: ${why}`);
  console.log(`threads ${o.threads}, rounds ${o.rounds}, warm-up ${o.warmup}, steps ${o.steps}${o.smoke ? ' (smoke run: not a result)' : ''}`);

  const runs = o.smoke ? 3 : 10;
  const measurePeerPeak = async (): Promise<PeerPeak | null> => {
    if (why) return null;
    try {
      return await runPeerPeak(PEAK_SIZES, { threads: o.threads, runs });
    } catch (e) {
      console.log(`torch MatMul peak failed: ${errorLine(e)}`);
      return null;
    }
  };
  let peak = await measureMatmulPeak({ threads: o.threads, runs });
  let peerPeak = await measurePeerPeak();
  if (peerPeak) console.log(`torch loaded BLAS: ${peerPeak.blas.join(', ') || 'none found'}`);
  console.log(peakLine(peak, peerPeak));

  const results: ConfigResult[] = [];
  let torchVersion: string | null = null;
  let blas: string[] = [];
  for (const id of o.configs) {
    const trainer = await createOurs(id, o.threads);
    const multiK = o.multi[id];
    const multiTrainer = multiK ? await createOurs(id, o.threads, { stepsPerRun: multiK }) : null;
    const r: ConfigResult = {
      id,
      oursSps: [],
      peerSps: [],
      oursLoss: [NaN, NaN],
      peerLoss: null,
      oursParams: trainer.params,
      peerParams: null,
      multi: multiK ? { k: multiK, sps: [], loss: [NaN, NaN] } : null,
    };
    for (let round = 0; round < o.rounds; round++) {
      // ABBA order (ours first on even rounds, torch first on odd ones) so load drift within a round cancels.
      let oursPart = '';
      let peerPart = '';
      const doOurs = async (): Promise<void> => {
        const ours = await runOursRound(id, o, trainer);
        r.oursSps.push(ours.sps);
        if (round === 0) r.oursLoss[0] = ours.first;
        r.oursLoss[1] = ours.last;
        oursPart = `ours ${fmt(ours.sps)} samples/s`;
        if (multiTrainer && r.multi) {
          const mr = await runOursRound(id, o, multiTrainer);
          r.multi.sps.push(mr.sps);
          if (round === 0) r.multi.loss[0] = mr.first;
          r.multi.loss[1] = mr.last;
          oursPart += ` (${r.multi.k} steps/run: ${fmt(mr.sps)})`;
        }
      };
      const doPeer = async (): Promise<void> => {
        if (why) return;
        try {
          const p = await runPeer(id, { threads: o.threads, warmup: o.warmup, steps: o.steps });
          torchVersion = p.torch;
          blas = p.blas ?? [];
          r.peerSps.push(p.samples_per_s);
          r.peerLoss = [r.peerLoss?.[0] ?? p.first_loss, p.last_loss];
          r.peerParams = p.params;
          peerPart = `, torch ${fmt(p.samples_per_s)} samples/s`;
        } catch (e) {
          // A broken peer (e.g. torch not importable) must not hide our own numbers.
          peerPart = `, torch failed: ${errorLine(e)}`;
        }
      };
      await alternating(round, doOurs, doPeer);
      console.log(`(${id}) round ${round + 1}: ${oursPart}${peerPart}`);
    }
    if (r.peerParams !== null && r.peerParams !== r.oursParams) {
      console.warn(`(${id}) parameter counts differ: ours ${r.oursParams}, torch ${r.peerParams}`);
    }
    await trainer.dispose();
    await multiTrainer?.dispose();
    results.push(r);
  }

  // Measure the peak again after the configs and keep the better one: transient load only ever lowers it.
  peak = betterPeak(peak, await measureMatmulPeak({ threads: o.threads, runs }));
  const peerPeak2 = await measurePeerPeak();
  if (peerPeak && peerPeak2) {
    peerPeak = { ...peerPeak, sizes: peerPeak.sizes.map((s) => {
      const t = peerPeak2.sizes.find((p) => p.n === s.n);
      return t && t.gflops > s.gflops ? t : s;
    }) };
  } else peerPeak = peerPeak ?? peerPeak2;
  const section = `${table(results, peak)}\n\n${environment(o, peak, peerPeak, torchVersion, blas)}`;
  console.log(`\n${section}`);
  if (o.write) console.log(`\nwrote ${writeSection('train-step', section)}`);
  await releaseAll();
}

runMain(main, { stack: true });
