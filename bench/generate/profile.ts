/**
 * Where one generation's time goes, from ONNX Runtime's profiler: per decode step the JS-side wall time, ORT's
 * model_run, kernel time, kernel count and the gaps between kernels, the time outside ORT (the Node binding
 * converting feeds and copying every output, KV cache included, into fresh JS arrays) and the ops that take
 * the kernel time; the same for the prefill.
 *
 *   node --import tsx bench/generate/profile.ts [--model DIR] [--threads 2] [--samples 16] [--runs 5] [--top 10] [--write]
 *
 * --write puts the summary into bench/RESULTS.md between the generate-profile markers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureRuntime, releaseAll, type RuntimeSession } from '../../src/main/compute/runtime';
import { loadTokenizer } from '../../src/main/compute/text/tokenizer';
import { argValue } from '../lib/args';
import { ROOT } from '../lib/machine';
import { runMain } from '../lib/process';
import { writeSection } from '../lib/results-file';
import { median } from '../lib/stats';
import { TimedSampler } from './ours';
import { MAX_NEW_TOKENS, PROMPT } from './workload';

interface TraceEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

const MATMUL_OPS = new Set(['Gemm', 'MatMul', 'FusedMatMul', 'FusedGemm', 'MatMulNBits']);

interface SessionSummary {
  runs: number;
  runMs: number;
  kernelMs: number;
  matmulMs: number;
  kernels: number;
  medianGapUs: number;
  byOp: { op: string; ms: number; count: number }[];
}

/** Per-run figures of the last `runs` model_run events of one session's trace. */
function summarise(events: TraceEvent[], runs: number): SessionSummary {
  const timed = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').slice(-runs);
  const first = timed[0]?.ts ?? 0;
  const kernels = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts >= first);
  const byOp = new Map<string, { ms: number; count: number }>();
  let matmul = 0;
  for (const k of kernels) {
    const op = k.args?.op_name ?? '?';
    const o = byOp.get(op) ?? { ms: 0, count: 0 };
    o.ms += k.dur / 1000 / runs;
    o.count += 1 / runs;
    byOp.set(op, o);
    if (MATMUL_OPS.has(op)) matmul += k.dur / 1000 / runs;
  }
  const gaps: number[] = [];
  for (const r of timed) {
    const inRun = kernels.filter((k) => k.ts >= r.ts && k.ts <= r.ts + r.dur).sort((x, y) => x.ts - y.ts);
    for (let i = 1; i < inRun.length; i++) gaps.push(inRun[i]!.ts - (inRun[i - 1]!.ts + inRun[i - 1]!.dur));
  }
  return {
    runs: timed.length,
    runMs: timed.reduce((s, r) => s + r.dur, 0) / 1000 / runs,
    kernelMs: kernels.reduce((s, k) => s + k.dur, 0) / 1000 / runs,
    matmulMs: matmul,
    kernels: kernels.length / runs,
    medianGapUs: gaps.length ? median(gaps) : 0,
    byOp: [...byOp.entries()].map(([op, v]) => ({ op, ...v })).sort((x, y) => y.ms - x.ms),
  };
}

/**
 * Both programs' traces. Their sessions are created together, so the runtime cannot tell which new trace file
 * is whose; the decode session's is the one with more runs (one per step).
 */
function traces(sessions: RuntimeSession[], dir: string): { prefill: TraceEvent[]; decode: TraceEvent[] } {
  for (const s of sessions) s.endProfiling();
  const all = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as TraceEvent[]);
  if (all.length !== 2) throw new Error(`expected 2 trace files in ${dir}, found ${all.length}`);
  const runs = (t: TraceEvent[]): number => t.filter((e) => e.cat === 'Session' && e.name === 'model_run').length;
  const [a, b] = all as [TraceEvent[], TraceEvent[]];
  return runs(a) > runs(b) ? { prefill: b, decode: a } : { prefill: a, decode: b };
}

function opTable(s: SessionSummary, top: number): string[] {
  const lines = ['| op | ms per run | share of kernel time | kernels per run |', '|---|---:|---:|---:|'];
  for (const o of s.byOp.slice(0, top)) lines.push(`| ${o.op} | ${o.ms.toFixed(3)} | ${((100 * o.ms) / s.kernelMs).toFixed(1)}% | ${Math.round(o.count)} |`);
  const rest = s.byOp.slice(top);
  if (rest.length) {
    const ms = rest.reduce((a, o) => a + o.ms, 0);
    lines.push(`| ${rest.length} other op types | ${ms.toFixed(3)} | ${((100 * ms) / s.kernelMs).toFixed(1)}% | ${Math.round(rest.reduce((a, o) => a + o.count, 0))} |`);
  }
  return lines;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const model = path.resolve(argValue(argv, '--model', path.join(ROOT, 'resources', 'models', 'policy')));
  const threads = Number(argValue(argv, '--threads', '2'));
  const samples = Number(argValue(argv, '--samples', '16'));
  const runs = Number(argValue(argv, '--runs', '5'));
  const top = Number(argValue(argv, '--top', '10'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'generate-profile-'));
  // Process defaults reach the sampler's sessions (it only overrides the thread count).
  configureRuntime({ intraOpThreads: threads, interOpThreads: 1, graphOptimization: 'all', profilePrefix: path.join(dir, 'gen') });
  const ours = await TimedSampler.load(model, loadTokenizer(), threads);
  const opts = { samples, seed: 7, temperature: 1, sigmaScale: 1, maxNewTokens: MAX_NEW_TOKENS };
  for (let i = 0; i < 3; i++) await ours.generate(PROMPT, opts);
  const wall = { total: [] as number[], prefill: [] as number[], decodePerStep: [] as number[], host: [] as number[] };
  let steps = 0;
  for (let i = 0; i < runs; i++) {
    const { times } = await ours.generate(PROMPT, opts);
    steps = times.decodeSteps;
    wall.total.push(times.totalMs);
    wall.prefill.push(times.prefillMs);
    wall.decodePerStep.push(times.decodeMs / times.decodeSteps);
    wall.host.push(times.hostMs);
  }
  const t = traces([ours.programs.prefill.session, ours.programs.decode.session], dir);
  const pre = summarise(t.prefill, runs);
  const dec = summarise(t.decode, runs * steps);
  const c = ours.sampler.config;
  const cacheFloats = (keys: number) => 2 * c.layers * samples * c.dim * keys;
  const lines = [
    `Recorded ${new Date().toISOString()} by \`node --import tsx bench/generate/profile.ts${argv.includes('--write') ? ' --write' : ''}\` (${path.relative(ROOT, model) || model}, ${threads} threads, G ${samples}, ${runs} profiled generations of ${steps} decode steps after 3 warm-up; 1-min load average at the end ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} CPUs). ORT's profiler adds a little time per kernel.`,
    '',
    `- generation (JS wall, median): ${median(wall.total).toFixed(2)} ms = prefill ${median(wall.prefill).toFixed(2)} + decode ${steps} × ${median(wall.decodePerStep).toFixed(3)} + host ${median(wall.host).toFixed(2)} ms`,
    `- prefill: ORT model_run ${pre.runMs.toFixed(2)} ms, kernels ${pre.kernelMs.toFixed(2)} ms (matrix products ${pre.matmulMs.toFixed(2)} ms), ${Math.round(pre.kernels)} kernels, median gap between kernels ${pre.medianGapUs.toFixed(1)} µs`,
    `- decode step: JS wall ${median(wall.decodePerStep).toFixed(3)} ms; ORT model_run ${dec.runMs.toFixed(3)} ms; kernels ${dec.kernelMs.toFixed(3)} ms (matrix products ${dec.matmulMs.toFixed(3)} ms, ${((100 * dec.matmulMs) / dec.kernelMs).toFixed(0)}%); ` +
      `${Math.round(dec.kernels)} kernels, median gap ${dec.medianGapUs.toFixed(1)} µs; outside ORT (feed conversion, and copying the outputs, among them the whole KV cache of ${((4 * cacheFloats(1)) / 1e3).toFixed(0)} kB per cached position, into fresh JS arrays) ≈ ${(median(wall.decodePerStep) - dec.runMs).toFixed(3)} ms`,
    '',
    '#### Decode step',
    '',
    ...opTable(dec, top),
    '',
    '#### Prefill',
    '',
    ...opTable(pre, top),
  ];
  const text = lines.join('\n');
  console.log(text);
  if (argv.includes('--write')) console.log(`\nwrote ${writeSection('generate-profile', text)}`);
  await ours.release();
  fs.rmSync(dir, { recursive: true, force: true });
  await releaseAll();
}

runMain(main, { stack: true });
