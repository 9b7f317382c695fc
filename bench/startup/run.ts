/// <reference lib="dom" />
/**
 * Startup benchmark: from spawning `node out/main/cli.js serve --port 0 --json` to
 *   (i)   the JSON line (the server is listening),
 *   (ii)  GET /api/health answering ok (the compute process is up and passed its self-test),
 *   (iii) the studio interactive in headless Chromium: page loaded, the app shell's title visible, and the
 *         Pose lab viewport has drawn the mannequin (its container's data-figures > 0 and data-frames > 0,
 *         counted by the viewport's RenderProbe),
 * and, on the page, (iv) the compute badge showing "ready" (data-state, fed by the backend's events).
 *
 * Peer in the same run: a plain static-file server (bench/startup/static-server.mjs, node:http only) for the
 * same out/renderer build, timed the same way to the same page state; the difference is what our backend,
 * storage and compute process cost before the page is usable.
 *
 *   npm run bench:startup -- [--rounds 5] [--smoke] [--no-write]
 *
 * Build first (`npm run build`). One Chromium for the whole run; each round opens a fresh browser context
 * (no HTTP cache) and a fresh data directory; the sides alternate (ABBA) after one untimed warm-up of each.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseBenchArgs } from '../lib/args';
import { ROOT, hostLine, loadavg, packageVersion } from '../lib/machine';
import { errorLine, runMain } from '../lib/process';
import { writeResultsFile } from '../lib/results-file';
import { median, pairedRatios } from '../lib/stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(ROOT, 'out', 'main', 'cli.js');
const RENDERER = path.join(ROOT, 'out', 'renderer');
const CHROMIUM = process.env.POSE_STUDIO_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const STEP_TIMEOUT_MS = 30_000;

function parseArgs(argv: string[]) {
  return parseBenchArgs(argv, { defaults: { rounds: 5, smoke: false, write: true } });
}

type Side = 'studio' | 'static';

interface Round {
  side: Side;
  /** Round number; -1 for the warm-up. */
  round: number;
  /** Milliseconds from spawn. */
  listening: number;
  health: number | null;
  interactive: number;
  computeBadgeReady: number | null;
  /** Peak RSS (VmHWM) of the server process and, for the studio, its compute process, kB. */
  serverHwmKb: number | null;
  computeHwmKb: number | null;
}

function hwmKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Direct children of a process (Linux), to find the compute process the server forked. */
function childPids(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Spawns a server that prints one JSON line once listening; resolves with the line and the time it came. */
function spawnServer(cmd: string, args: string[]): { child: ChildProcess; line: Promise<Record<string, unknown>> } {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const line = new Promise<Record<string, unknown>>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no JSON line within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
    rl.on('line', (l) => {
      const t = l.trim();
      if (!t.startsWith('{')) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(t) as Record<string, unknown>);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code} before listening: ${err.trim().slice(-800)}`));
    });
  });
  return { child, line };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function pollHealth(url: string, token: string | null, t0: number): Promise<number> {
  const deadline = t0 + STEP_TIMEOUT_MS;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`, { headers });
      if (res.ok) {
        const body = (await res.json()) as { ok?: unknown };
        if (body.ok === true) return performance.now() - t0;
      }
    } catch {
      // Not answering yet.
    }
    if (performance.now() > deadline) throw new Error('/api/health never answered ok');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The page state we call interactive: shell title visible, mannequin drawn in the viewport at least once. */
async function waitInteractive(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const title = document.querySelector<HTMLElement>('[data-testid="app-title"]');
      const vp = document.querySelector<HTMLElement>('[data-testid="viewport"]');
      if (!title || !vp || title.getClientRects().length === 0) return false;
      return Number(vp.dataset.figures ?? '0') > 0 && Number(vp.dataset.frames ?? '0') > 0;
    },
    undefined,
    { polling: 'raf', timeout: STEP_TIMEOUT_MS },
  );
}

async function runRound(browser: Browser, side: Side, round: number): Promise<Round> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  const t0 = performance.now();
  const { child, line } =
    side === 'studio'
      ? spawnServer(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--json'])
      : spawnServer(process.execPath, [path.join(HERE, 'static-server.mjs'), '--port', '0', '--dir', RENDERER]);
  try {
    const info = await line;
    const listening = performance.now() - t0;
    const url = String(info.url).replace(/\/$/, '');
    const token = typeof info.token === 'string' ? info.token : null;
    const health = side === 'studio' ? pollHealth(url, token, t0) : Promise.resolve(null);
    const pageUrl = `${url}/${token ? `?token=${encodeURIComponent(token)}` : ''}#/pose-lab`;
    await page.goto(pageUrl, { waitUntil: 'commit', timeout: STEP_TIMEOUT_MS });
    await waitInteractive(page);
    const interactive = performance.now() - t0;
    let computeBadgeReady: number | null = null;
    if (side === 'studio') {
      await page.waitForSelector('[data-testid="compute-status"][data-state="ready"]', { timeout: STEP_TIMEOUT_MS });
      computeBadgeReady = performance.now() - t0;
    }
    const healthMs = await health;
    const compute = childPids(child.pid)[0];
    return {
      side,
      round,
      listening,
      health: healthMs,
      interactive,
      computeBadgeReady,
      serverHwmKb: hwmKb(child.pid),
      computeHwmKb: side === 'studio' ? hwmKb(compute) : null,
    };
  } finally {
    await context.close();
    await stopServer(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (x: number | null): string => (x !== null && Number.isFinite(x) ? `${Math.round(x)} ms` : '—');
const mib = (kb: number): string => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(1)} MiB` : '—');
const med = (rs: Round[], f: (r: Round) => number | null): number =>
  median(rs.map(f).filter((x): x is number => x !== null));

function table(rounds: Round[]): string {
  const studio = rounds.filter((r) => r.side === 'studio');
  const peer = rounds.filter((r) => r.side === 'static');
  const row = (label: string, f: (r: Round) => number | null, withPeer: boolean): string => {
    const a = med(studio, f);
    const b = withPeer ? med(peer, f) : NaN;
    // Studio ÷ peer within each round (they ran back to back), so load drift between rounds cancels.
    const paired = pairedRatios(studio, peer, f, f);
    const range = paired.length
      ? `${median(paired).toFixed(2)}× (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`
      : '—';
    return `| ${label} | ${ms(a)} | ${withPeer ? ms(b) : 'n/a'} | ${withPeer ? `${(a / b).toFixed(2)}×` : '—'} | ${withPeer ? range : '—'} | ${withPeer ? `${Math.round(a - b)} ms` : '—'} |`;
  };
  return [
    '| from spawn to … (median) | studio (`cli.js serve`) | peer (static server) | studio / peer | per-round studio / peer: median (min–max) | studio − peer |',
    '|---|---:|---:|---:|---:|---:|',
    row('(i) JSON line: server listening', (r) => r.listening, true),
    row('(ii) /api/health ok (compute process ready)', (r) => r.health, false),
    row('(iii) page interactive: shell visible + mannequin drawn', (r) => r.interactive, true),
    row('(iii) − (i): page load to interactive', (r) => r.interactive - r.listening, true),
    row('(iv) compute badge "ready" on the page', (r) => r.computeBadgeReady, false),
  ].join('\n');
}

function memoryLine(rounds: Round[]): string {
  const studio = rounds.filter((r) => r.side === 'studio');
  const peer = rounds.filter((r) => r.side === 'static');
  return `- Peak RSS (VmHWM when the page was ready, median): studio server process ${mib(med(studio, (r) => r.serverHwmKb))} + compute process ${mib(med(studio, (r) => r.computeHwmKb))}; peer static server ${mib(med(peer, (r) => r.serverHwmKb))}.`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  for (const f of [CLI, path.join(RENDERER, 'index.html')]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run \`npm run build\` first`);
  }
  const builtAt = fs.statSync(CLI).mtime.toISOString();
  // Other jobs may rebuild out/ while this runs; a round that meets a half-written build fails, so say so.
  const buildStamp = (): string =>
    [CLI, path.join(RENDERER, 'index.html')].map((f) => fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0).join(',');
  const stampAtStart = buildStamp();
  const started = new Date();
  const loadStart = loadavg();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const chromeVersion = browser.version();
  const all: Round[] = [];
  const failures: string[] = [];
  try {
    // Warm-up: the first page in a fresh Chromium pays for starting its GPU (SwiftShader) process, and the
    // first spawn reads the build from a cold page cache; neither is what a round should measure.
    for (const side of ['static', 'studio'] as Side[]) {
      const r = await runRound(browser, side, -1);
      console.log(`warm-up ${side}: interactive ${ms(r.interactive)} (not counted)`);
    }
    for (let i = 0; i < o.rounds; i++) {
      const order: Side[] = i % 2 === 0 ? ['studio', 'static'] : ['static', 'studio'];
      for (const side of order) {
        try {
          const r = await runRound(browser, side, i);
          all.push(r);
          console.log(
            `round ${i + 1} ${side.padEnd(6)}: listening ${ms(r.listening)}, health ${ms(r.health)}, interactive ${ms(r.interactive)}, badge ready ${ms(r.computeBadgeReady)}`,
          );
        } catch (e) {
          const msg = errorLine(e);
          failures.push(`round ${i + 1} ${side}: ${msg}`);
          console.log(`round ${i + 1} ${side} failed: ${msg}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  if (!all.some((r) => r.side === 'studio')) throw new Error('the studio failed to start in every round');
  const rebuilt = buildStamp() !== stampAtStart;
  if (rebuilt) console.log('note: out/ was rebuilt during the run');

  const out = [
    hostLine(started),
    `- Node ${process.version}; Chromium ${chromeVersion} (Debian ${CHROMIUM}, headless, WebGL through SwiftShader), playwright-core ${packageVersion('playwright-core')}; build out/ from ${builtAt}`,
    `- ${o.rounds} rounds per side after one untimed warm-up each, alternating order (ABBA); one Chromium for the run, a fresh browser context (empty cache) and a fresh data directory per round; viewport 1440×900; page ${'`#/pose-lab`'}.`,
    '- Times run from spawning the server process (`node out/main/cli.js serve --port 0 --json` vs `node bench/startup/static-server.mjs`); the page is opened as soon as the JSON line arrives, while /api/health is polled every 20 ms in parallel.',
    '- Interactive: `[data-testid="app-title"]` rendered and the Pose lab viewport container has `data-figures` > 0 and `data-frames` > 0 (the mannequin drawn at least once), checked every animation frame.',
    "- The peer's page has no backend behind it: its API call and WebSocket get 404s (the client keeps retrying in the background and the compute badge never turns ready), but the Pose lab draws its default mannequin from local state, so (iii) is the same page state on both sides.",
    memoryLine(all),
    `- Load average (1/5/15 min) at start ${loadStart}, at end ${loadavg()}: taken on a busy shared machine (2 cores, other jobs running), so absolute times are noisy; the peer ran alternately in the same run.`,
    ...(rebuilt ? ['- out/ was rebuilt by another job during this run; rounds around the rebuild may have met a half-written build.'] : []),
    ...(failures.length ? [`- Failed rounds: ${failures.join('; ')}`] : []),
    '',
    table(all),
  ].join('\n');
  console.log(`\n${out}\n`);
  if (o.write) {
    writeResultsFile(
      path.join(HERE, 'RESULTS.md'),
      'Startup benchmark',
      'Produced by `npm run bench:startup` (bench/startup/run.ts; peer bench/startup/static-server.mjs). Lower is better.',
      out,
    );
  }
}

runMain(main);
