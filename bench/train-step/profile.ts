/**
 * Profiles our train step with ONNX Runtime's profiler: which ops take the time, how many kernels one step
 * launches, how much of a step is kernel time, time between kernels inside ORT, and time outside ORT (the
 * Node binding converting feeds and copying outputs into fresh JS arrays).
 *
 *   node --import tsx bench/train-step/profile.ts [--configs a,b,c] [--threads N] [--steps 5] [--top 12]
 *                                                 [--per-param] [--keep] [--write]
 *
 * Prints a Markdown summary per config (used for the explanation in bench/RESULTS.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { releaseAll } from '../../src/main/compute/runtime';
import { CONFIGS, type ConfigId } from './configs';
import { createOurs } from './ours';
import { argValue } from '../lib/args';
import { isMainModule, runMain } from '../lib/process';
import { writeSection } from '../lib/results-file';
import { median } from '../lib/stats';

interface TraceEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string; output_size?: string };
}

export interface ProfileSummary {
  id: ConfigId;
  /** Kernel ms per step by category: matrix products, the optimizer's full-size passes, everything else. */
  categories: { matmul: number; optimizer: number; other: number };
  /** Bytes of outputs the step returns to JS (weights + moments + scalars). */
  outputBytes: number;
  steps: number;
  wallMs: number;
  runMs: number;
  kernelMs: number;
  kernelsPerStep: number;
  /** Median gap between one kernel's end and the next one's start, inside a run (µs). */
  medianGapUs: number;
  byOp: { op: string; ms: number; count: number }[];
}

/** Reduces an ORT trace (kernel events of `steps` runs after warm-up) to per-step figures. */
const MATMUL_OPS = new Set(['Gemm', 'MatMul', 'FusedMatMul', 'FusedGemm']);

/**
 * `updateSizes`: element counts of the tensors the optimizer updates (flat buffers or single params); a
 * non-matmul kernel whose output has one of these sizes (in bytes, float32) counts as optimizer work.
 */
export function summarise(
  id: ConfigId,
  events: TraceEvent[],
  steps: number,
  wallMs: number,
  updateSizes: readonly number[],
  outputBytes: number,
): ProfileSummary {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').slice(-steps);
  const first = runs[0]?.ts ?? 0;
  const kernels = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts >= first);
  const byOp = new Map<string, { ms: number; count: number }>();
  const optBytes = new Set(updateSizes.map((n) => String(4 * n)));
  const categories = { matmul: 0, optimizer: 0, other: 0 };
  for (const k of kernels) {
    const op = k.args?.op_name ?? '?';
    const cat = MATMUL_OPS.has(op) ? 'matmul' : optBytes.has(k.args?.output_size ?? '') ? 'optimizer' : 'other';
    categories[cat] += k.dur / 1000 / steps;
    const o = byOp.get(op) ?? { ms: 0, count: 0 };
    o.ms += k.dur / 1000 / steps;
    o.count += 1 / steps;
    byOp.set(op, o);
  }
  const gaps: number[] = [];
  for (const r of runs) {
    const inRun = kernels.filter((k) => k.ts >= r.ts && k.ts <= r.ts + r.dur).sort((x, y) => x.ts - y.ts);
    for (let i = 1; i < inRun.length; i++) gaps.push(inRun[i]!.ts - (inRun[i - 1]!.ts + inRun[i - 1]!.dur));
  }
  return {
    id,
    categories,
    outputBytes,
    steps,
    wallMs,
    runMs: median(runs.map((r) => r.dur / 1000)),
    kernelMs: kernels.reduce((s, k) => s + k.dur, 0) / 1000 / steps,
    kernelsPerStep: kernels.length / steps,
    medianGapUs: gaps.length ? median(gaps) : 0,
    byOp: [...byOp.entries()].map(([op, v]) => ({ op, ...v })).sort((x, y) => y.ms - x.ms),
  };
}

const pct = (x: number, total: number): string => `${((100 * x) / total).toFixed(0)}%`;

export function formatSummary(s: ProfileSummary, top: number): string {
  const c = CONFIGS[s.id];
  const lines = [
    `### (${s.id}) ${c.name}`,
    '',
    `- step wall time (JS, median) ${s.wallMs.toFixed(1)} ms; ORT model_run ${s.runMs.toFixed(1)} ms; kernel time ${s.kernelMs.toFixed(1)} ms/step`,
    `- ${Math.round(s.kernelsPerStep)} kernels per step; median gap between kernels ${s.medianGapUs.toFixed(1)} µs; outside ORT (feeds + copying ${(s.outputBytes / 1e6).toFixed(1)} MB of outputs into JS arrays) ≈ ${(s.wallMs - s.runMs).toFixed(1)} ms`,
    `- kernel time by category: matrix products ${s.categories.matmul.toFixed(1)} ms (${pct(s.categories.matmul, s.kernelMs)}), optimizer update passes ${s.categories.optimizer.toFixed(1)} ms (${pct(s.categories.optimizer, s.kernelMs)}), other elementwise / normalisation / attention / data movement ${s.categories.other.toFixed(1)} ms (${pct(s.categories.other, s.kernelMs)})`,
    '',
    '| op | ms/step | share of kernel time | kernels/step |',
    '|---|---:|---:|---:|',
  ];
  for (const o of s.byOp.slice(0, top)) {
    lines.push(`| ${o.op} | ${o.ms.toFixed(2)} | ${((100 * o.ms) / s.kernelMs).toFixed(1)}% | ${Math.round(o.count)} |`);
  }
  const rest = s.byOp.slice(top);
  if (rest.length) {
    const ms = rest.reduce((a, o) => a + o.ms, 0);
    lines.push(`| ${rest.length} other op types | ${ms.toFixed(2)} | ${((100 * ms) / s.kernelMs).toFixed(1)}% | ${Math.round(rest.reduce((a, o) => a + o.count, 0))} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string, dflt: string): string => argValue(argv, name, dflt);
  const ids = arg('--configs', 'a,b,c').split(',') as ConfigId[];
  const threads = Number(arg('--threads', String(os.availableParallelism())));
  const steps = Number(arg('--steps', '5'));
  const top = Number(arg('--top', '12'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'train-step-profile-'));
  const sections: string[] = [];
  for (const id of ids) {
    const trainer = await createOurs(id, threads, { settings: { profilePrefix: path.join(dir, `step-${id}`) }, flat: !argv.includes('--per-param') });
    for (let i = 0; i < 3; i++) await trainer.step();
    const wall: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      await trainer.step();
      wall.push(performance.now() - t0);
    }
    const file = trainer.program.session.endProfiling();
    if (!file) throw new Error('no profile written');
    const events = JSON.parse(fs.readFileSync(file, 'utf8')) as TraceEvent[];
    const spec = trainer.program.spec;
    const packed = new Set(spec.packs.flatMap((p) => p.members.map((m) => m.name)));
    const updateSizes = [...spec.packs.map((p) => p.total), ...trainer.unpackedSizes.filter((_, i) => !packed.has(spec.trainedNames[i]!))];
    const outputBytes = 4 * trainer.params * (1 + spec.slots.length);
    const text = formatSummary(summarise(id, events, steps, median(wall), updateSizes, outputBytes), top);
    sections.push(text);
    console.log(`${text}\n`);
    await trainer.dispose();
  }
  if (argv.includes('--write')) {
    const header = `Recorded ${new Date().toISOString()} by \`node --import tsx bench/train-step/profile.ts --write\` (${threads} threads, ${steps} profiled steps after 3 warm-up; load average at the end ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} CPUs). ORT's profiler adds a little time per kernel, so these step times are above the benchmark's.`;
    console.log(`wrote ${writeSection('train-step-profile', `${header}\n\n${sections.join('\n\n')}`)}`);
  }
  if (argv.includes('--keep')) console.log(`traces kept in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  await releaseAll();
}

if (isMainModule(import.meta.url)) runMain(main, { stack: true });
