/**
 * Our side of the storage benchmark, run as its own process per round (so its peak RSS is its own):
 *
 *   node --import tsx bench/storage/ours.ts --dir <empty dir> --spec '<WorkloadSpec JSON>'
 *
 * Each workload writes into a fresh database (openStore: WAL, synchronous NORMAL, foreign keys, the
 * studio's migrations) through the public repositories, and prints one JSON line (SideReport).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { openStore, type CandidateInput, type FrameEstimateInput, type Store } from '../../src/main/storage';
import { METRIC_NAMES, type SideReport, type WorkloadResult, type WorkloadSpec } from './workloads';

function arg(name: string): string {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`ours.ts needs ${name}`);
  return v;
}

/** Wall and CPU (user + system, this process) seconds since the call; CPU time is what the machine's load does not inflate. */
function startClock(): () => { seconds: number; cpuSeconds: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return () => {
    const c = process.cpuUsage(c0);
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
  };
}

const randomF32 = (n: number): Float32Array => {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
};
const pool = (count: number, n: number): Float32Array[] => Array.from({ length: count }, () => randomF32(n));

function withStore(dir: string, name: string, fn: (store: Store) => Omit<WorkloadResult, 'fileBytes'>): WorkloadResult {
  const store = openStore({ dataDir: path.join(dir, name) });
  let r: Omit<WorkloadResult, 'fileBytes'>;
  try {
    r = fn(store);
  } finally {
    store.close();
  }
  // Closing the last connection checkpoints the WAL into the main file and removes it.
  return { ...r, fileBytes: statSync(store.dbPath).size };
}

function metrics(store: Store, spec: WorkloadSpec): Omit<WorkloadResult, 'fileBytes'> {
  const run = store.trainingRuns.create({ name: 'bench', algorithm: 'hygrpo', config: { lr: 1e-5 }, seed: 1 });
  const names = METRIC_NAMES.slice(0, spec.metricsPerStep);
  const stop = startClock();
  for (let step = 0; step < spec.metricSteps; step++) {
    store.runMetrics.insertMany(
      run.id,
      names.map((name) => ({ step, name, value: Math.random() })),
    );
  }
  const { seconds, cpuSeconds } = stop();
  return { id: 'metrics', rows: spec.metricSteps * names.length, extraRows: 0, transactions: spec.metricSteps, seconds, cpuSeconds };
}

function candidates(store: Store, spec: WorkloadSpec): Omit<WorkloadResult, 'fileBytes'> {
  const session = store.sessions.create({ name: 'bench', kind: 'generate' });
  const poses = pool(spec.pool, spec.poseFloats);
  const mus = pool(spec.pool, spec.poseFloats);
  const sigmas = pool(spec.pool, spec.sigmaFloats);
  const G = spec.candidatesPerGeneration;
  let k = 0;
  const stop = startClock();
  for (let g = 0; g < spec.generations; g++) {
    const list: CandidateInput[] = [];
    for (let i = 0; i < G; i++, k++) {
      const j = k % spec.pool;
      list.push({
        pose: poses[j]!,
        mu: mus[j]!,
        sigma: sigmas[j]!,
        poseLogProb: -50 * Math.random(),
        rewards: { semantic: Math.random(), plausibility: Math.random(), total: Math.random() },
      });
    }
    store.generations.createWithCandidates(
      {
        sessionId: session.id,
        prompt: 'a person kneeling on one knee, arms raised',
        model: 'pose-rft-base',
        seed: g,
        settings: { G, temperature: 1, sigmaScale: 1 },
      },
      list,
    );
  }
  const { seconds, cpuSeconds } = stop();
  return {
    id: 'candidates',
    rows: spec.generations * G,
    extraRows: spec.generations,
    transactions: spec.generations,
    seconds,
    cpuSeconds,
  };
}

function frames(store: Store, spec: WorkloadSpec): Omit<WorkloadResult, 'fileBytes'> {
  const session = store.sessions.create({ name: 'bench', kind: 'video' });
  const video = store.videos.create({
    sessionId: session.id,
    file: 'clip.mp4',
    frameCount: spec.frames,
    fps: 30,
    width: 1280,
    height: 720,
  });
  const poses = pool(spec.pool, spec.poseFloats);
  const sigmas = pool(spec.pool, spec.sigmaFloats);
  const marks = pool(spec.pool, spec.landmarkFloats);
  let transactions = 0;
  const stop = startClock();
  for (let start = 0; start < spec.frames; start += spec.frameBatch) {
    const batch: FrameEstimateInput[] = [];
    for (let f = start; f < Math.min(spec.frames, start + spec.frameBatch); f++) {
      const j = f % spec.pool;
      batch.push({
        frame: f,
        timeS: f / 30,
        pose: poses[j]!,
        sigma: sigmas[j]!,
        landmarks: marks[j]!,
        confidence: Math.random(),
      });
    }
    store.frameEstimates.upsertMany(video.id, batch);
    transactions++;
  }
  const { seconds, cpuSeconds } = stop();
  return { id: 'frames', rows: spec.frames, extraRows: 0, transactions, seconds, cpuSeconds };
}

function sessions(store: Store, spec: WorkloadSpec): Omit<WorkloadResult, 'fileBytes'> {
  // Sessions keep float64 poses (the contract's number[]); the repository takes plain arrays.
  const poses = Array.from({ length: spec.pool }, () => Array.from(randomF32(spec.poseFloats)));
  const stop = startClock();
  for (let i = 0; i < spec.sessions; i++) {
    store.sessions.create({ name: `Session ${i}`, kind: 'pose', pose: poses[i % spec.pool]! });
  }
  const { seconds, cpuSeconds } = stop();
  return { id: 'sessions', rows: spec.sessions, extraRows: 0, transactions: spec.sessions, seconds, cpuSeconds };
}

function main(): void {
  const dir = arg('--dir');
  const spec = JSON.parse(arg('--spec')) as WorkloadSpec;
  const rssStartKb = Math.round(process.memoryUsage.rss() / 1024);
  // Open one store first so the addon is loaded and SQLite's version can be read off the status.
  const probe = openStore({ dataDir: path.join(dir, 'probe') });
  probe.close();
  const results = [
    withStore(dir, 'metrics', (s) => metrics(s, spec)),
    withStore(dir, 'candidates', (s) => candidates(s, spec)),
    withStore(dir, 'frames', (s) => frames(s, spec)),
    withStore(dir, 'sessions', (s) => sessions(s, spec)),
  ];
  const report: SideReport = {
    side: 'ours',
    sqlite: process.env.BENCH_SQLITE_VERSION ?? 'unknown',
    runtime: `Node ${process.version}`,
    rssStartKb,
    maxRssKb: process.resourceUsage().maxRSS,
    results,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main();
