/**
 * Storage benchmark: inserts per second of the studio's storage layer (openStore + repositories, through
 * better-sqlite3) against Python's sqlite3 module writing the same rows into the same schema with the same
 * pragmas and transaction batching (bench/peers/sqlite_inserts.py).
 *
 *   npm run bench:storage -- [--rounds 5] [--smoke] [--no-peer] [--no-write]
 *
 * Every round runs each side in its own fresh process and fresh database files, alternating which side
 * goes first (ABBA), and the table reports medians over rounds. Writes bench/storage/RESULTS.md unless
 * --no-write or --smoke.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrations } from '../../src/main/storage';
import { parseBenchArgs } from '../lib/args';
import { ROOT, hostLine, loadavg, packageVersion } from '../lib/machine';
import { errorLine, runJsonLine, runMain } from '../lib/process';
import { writeResultsFile } from '../lib/results-file';
import { median, medianRange, pairedRatios as pairedBy } from '../lib/stats';
import { FULL, SMOKE, type SideReport, type WorkloadId, type WorkloadResult, type WorkloadSpec } from './workloads';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const PEER = path.join(ROOT, 'bench', 'peers', 'sqlite_inserts.py');

function parseArgs(argv: string[]) {
  return parseBenchArgs(argv, { defaults: { rounds: 5, smoke: false, peer: true, write: true } });
}

function readFileOr(p: string, fallback: string): string {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return fallback;
  }
}

/** better-sqlite3 compiles its own SQLite; its version is in the bundled header. */
function bundledSqlite(): string {
  const h = readFileOr(path.join(ROOT, 'node_modules', 'better-sqlite3', 'deps', 'sqlite3', 'sqlite3.h'), '');
  return /#define SQLITE_VERSION\s+"([^"]+)"/.exec(h)?.[1] ?? 'unknown';
}

async function runSide(side: 'ours' | 'peer', spec: WorkloadSpec, schemaFile: string): Promise<SideReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-storage-${side}-`));
  try {
    const specJson = JSON.stringify(spec);
    if (side === 'ours') {
      return await runJsonLine<SideReport>(
        'ours',
        process.execPath,
        ['--import', 'tsx', path.join(HERE, 'ours.ts'), '--dir', dir, '--spec', specJson],
        { ...process.env, BENCH_SQLITE_VERSION: bundledSqlite() },
      );
    }
    return await runJsonLine<SideReport>('peer', PYTHON, [PEER, '--dir', dir, '--schema', schemaFile, '--spec', specJson], process.env);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x: number, digits = 0): string =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';
const kib = (bytes: number): string => (Number.isFinite(bytes) ? `${fmt(bytes / 1024)} KiB` : '—');
const mib = (kb: number): string => (Number.isFinite(kb) ? `${fmt(kb / 1024, 1)} MiB` : '—');

const WORKLOADS: { id: WorkloadId; reads?: WorkloadId; label: (s: WorkloadSpec) => string }[] = [
  {
    id: 'metrics',
    label: (s) =>
      `(a) run metrics: ${s.metricsPerStep} metrics × ${s.metricSteps} steps, runMetrics.insertMany, 1 step per transaction`,
  },
  {
    id: 'candidates',
    reads: 'candidates+reads',
    label: (s) =>
      `(b) candidates: ${s.candidatesPerGeneration} per generation × ${s.generations} generations (f32 pose/μ/σ ${s.poseFloats}/${s.poseFloats}/${s.sigmaFloats}), generations.createWithCandidates, 1 generation per transaction`,
  },
  {
    id: 'frames',
    label: (s) =>
      `(c) frame estimates: ${s.frames} frames (f32 pose ${s.poseFloats}, Σ summary ${s.sigmaFloats}, landmarks ${s.landmarkFloats}), frameEstimates.upsertMany, ${s.frameBatch} per transaction`,
  },
  {
    id: 'sessions',
    reads: 'sessions+reads',
    label: (s) => `(d) sessions: ${s.sessions} × sessions.create (f64 pose ${s.poseFloats}), each its own transaction`,
  },
];

type RoundReport = SideReport & { round: number };

interface Collected {
  ours: RoundReport[];
  peer: RoundReport[];
}

type Clock = 'wall' | 'cpu';
const rate = (w: WorkloadResult, clock: Clock): number => w.rows / (clock === 'wall' ? w.seconds : w.cpuSeconds);
const rateOf = (r: SideReport, id: WorkloadId, clock: Clock): number => {
  const w = r.results.find((x) => x.id === id);
  return w ? rate(w, clock) : NaN;
};

/** ours ÷ peer within each round (the two ran back to back, so load drift between rounds cancels). */
const pairedRatios = (c: Collected, ours: WorkloadId, peer: WorkloadId, clock: Clock): number[] =>
  pairedBy(c.ours, c.peer, (o) => rateOf(o, ours, clock), (p) => rateOf(p, peer, clock));

const spread = (xs: number[]): string => medianRange(xs, (x) => fmt(x, 2));

const rowsPerS = (reports: SideReport[], id: WorkloadId, clock: Clock): number[] =>
  reports.flatMap((r) => r.results.filter((w) => w.id === id).map((w) => rate(w, clock)));
const fileBytes = (reports: SideReport[], id: WorkloadId): number =>
  median(reports.flatMap((r) => r.results.filter((w) => w.id === id).map((w) => w.fileBytes)));

function table(c: Collected, spec: WorkloadSpec, clock: Clock): string {
  const unit = clock === 'wall' ? 'rows/s' : 'rows/CPU-s';
  const lines = [
    `| workload | ours ${unit} | peer ${unit} | ours / peer | per-round ours / peer: median (min–max) | peer + repo reads ${unit} | ours / (peer + reads) |${clock === 'wall' ? ' file ours | file peer |' : ''}`,
    `|---|---:|---:|---:|---:|---:|---:|${clock === 'wall' ? '---:|---:|' : ''}`,
  ];
  for (const w of WORKLOADS) {
    const ours = median(rowsPerS(c.ours, w.id, clock));
    const peer = median(rowsPerS(c.peer, w.id, clock));
    const reads = w.reads ? median(rowsPerS(c.peer, w.reads, clock)) : NaN;
    const files = clock === 'wall' ? ` ${kib(fileBytes(c.ours, w.id))} | ${kib(fileBytes(c.peer, w.id))} |` : '';
    lines.push(
      `| ${w.label(spec)} | ${fmt(ours)} | ${fmt(peer)} | ${fmt(ours / peer, 2)} | ${spread(pairedRatios(c, w.id, w.id, clock))} | ${w.reads ? fmt(reads) : 'n/a (no reads)'} | ${w.reads ? spread(pairedRatios(c, w.id, w.reads, clock)) : '—'} |${files}`,
    );
  }
  return lines.join('\n');
}

function memoryLine(c: Collected): string {
  const m = (rs: SideReport[], f: (r: SideReport) => number): string => mib(median(rs.map(f)));
  const side = (rs: SideReport[]): string =>
    `${m(rs, (r) => r.rssStartKb)} at start → peak ${m(rs, (r) => r.maxRssKb)} (+${m(rs, (r) => r.maxRssKb - r.rssStartKb)} during the workloads)`;
  const ours = `ours (Node + tsx loader + better-sqlite3) ${side(c.ours)}`;
  const peer = c.peer.length ? `; peer (CPython) ${side(c.peer)}` : '';
  return `- Memory (peak RSS of the process that ran all workloads of a round, median over rounds): ${ours}${peer}.`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const spec = o.smoke ? SMOKE : FULL;
  const peerWhy = !o.peer ? 'disabled by --no-peer' : fs.existsSync(PYTHON) ? null : `${PYTHON} not found`;
  if (peerWhy) console.log(`peer skipped: ${peerWhy}`);
  const schemaFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-storage-schema-')), 'schema.sql');
  fs.writeFileSync(schemaFile, migrations.map((m) => m.sql).join('\n;\n'));
  const loadStart = loadavg();
  const started = new Date();
  console.log(`rounds ${o.rounds}${o.smoke ? ' (smoke run: not a result)' : ''}; load average ${loadStart}`);

  const c: Collected = { ours: [], peer: [] };
  const failures: string[] = [];
  for (let round = 0; round < o.rounds; round++) {
    const order: ('ours' | 'peer')[] = round % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
    for (const side of order) {
      if (side === 'peer' && peerWhy) continue;
      try {
        const r = await runSide(side, spec, schemaFile);
        c[side].push({ ...r, round });
        console.log(
          `round ${round + 1} ${side.padEnd(4)}: ${r.results.map((w) => `${w.id} ${fmt(w.rows / w.seconds)}/s (${fmt(w.rows / w.cpuSeconds)}/CPU-s)`).join(', ')}; peak RSS ${mib(r.maxRssKb)}`,
        );
      } catch (e) {
        const msg = errorLine(e);
        failures.push(`round ${round + 1} ${side}: ${msg}`);
        console.log(`round ${round + 1} ${side} failed: ${msg}`);
      }
    }
  }
  fs.rmSync(path.dirname(schemaFile), { recursive: true, force: true });
  if (c.ours.length === 0) throw new Error('our side failed in every round');

  const peerInfo = c.peer[0] ? `${c.peer[0].runtime} (SQLite ${c.peer[0].sqlite})` : 'not run';
  const out = [
    hostLine(started),
    `- Ours: Node ${process.version}, better-sqlite3 ${packageVersion('better-sqlite3')} (bundled SQLite ${bundledSqlite()}); peer: ${peerInfo}, Debian /usr/bin/python3`,
    `- ${o.rounds} rounds, each side in a fresh process with fresh database files per workload, order alternating (ABBA); rows/s = rows ÷ wall time of the workload's write loop, rows/CPU-s = rows ÷ the writing process's CPU time over the loop; medians over rounds, and ratios also per round (ours ÷ the peer run next to it). Opening/migrating the database and preparing the input arrays are outside the timing; ids (UUID v4) and timestamps are made inside it on both sides.`,
    `- Both sides: the studio's 001_init schema (tables, indexes, CHECKs), journal_mode WAL, synchronous NORMAL, foreign_keys ON, 16 MB page cache (better-sqlite3's compiled default, set on the peer by PRAGMA), explicit transactions batched as described.`,
    `- "peer + repo reads": the peer also runs the SELECTs our repositories run to return what they wrote (createWithCandidates returns every candidate and the generation; sessions.create returns the session with its edit count), isolating the binding's cost from the API's.`,
    memoryLine(c),
    `- File sizes: the database file after close (WAL checkpointed into it), median.`,
    `- Load average (1/5/15 min) at start ${loadStart}, at end ${loadavg()}: the machine was shared with other jobs (2 cores), so wall-clock figures are noisy (each side waits for CPU a varying share of the time); the CPU-time table is the steadier comparison. Node's CPU time also counts its helper threads (GC), which only counts against ours.`,
    `- The two sides link different SQLite builds (better-sqlite3 bundles its own; Python uses Debian's libsqlite3), so the ratio covers SQLite version and compile options as well as the binding and our repository code.`,
    ...(failures.length ? [`- Failed runs: ${failures.join('; ')}`] : []),
    '',
    '### Wall clock',
    '',
    table(c, spec, 'wall'),
    '',
    '### CPU time (user + system of the writing process over the same loop: less sensitive to other jobs on the machine)',
    '',
    table(c, spec, 'cpu'),
  ].join('\n');
  console.log(`\n${out}\n`);
  if (o.write) {
    writeResultsFile(
      path.join(HERE, 'RESULTS.md'),
      'Storage benchmark',
      'Produced by `npm run bench:storage` (bench/storage/run.ts; peer bench/peers/sqlite_inserts.py). Rows/s: higher is better; ours / peer > 1 means the studio is faster.',
      out,
    );
  }
}

runMain(main);
