#!/usr/bin/env node
/**
 * `npm start` (desktop app) and `npm run serve` (`--server`: studio server mode).
 *
 * 1. Builds the app when out/ is missing or older than the sources.
 * 2. Unless --server: checks what Electron needs (its binary, a display on Linux, better-sqlite3 built
 *    for Electron's ABI) and launches it. When something is missing it says why in one line and falls
 *    back to server mode, which needs none of it.
 * 3. Server mode: `node out/main/cli.js serve`, on port 5870 or the next free one unless --port is given.
 * Arguments other than --server are passed on (to Electron, or to `serve`: --host, --port, --token, --data-dir).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_PORT = 5870;
/** Everything `electron-vite build` produces that a start needs. */
export const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/main/compute.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];
const BUILD_INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json'];
const ELECTRON_SQLITE = 'build/electron-native/better_sqlite3.node';
const INSTALL_TIMEOUT_MS = 30_000;
const PREPARE_TIMEOUT_MS = 300_000;

function newestMtime(p) {
  let s;
  try {
    s = statSync(p);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : s.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why the app must be (re)built, or null when out/ is complete and newer than every source. */
export function buildStaleReason(root = ROOT) {
  let oldestOutput = Infinity;
  for (const rel of BUILD_OUTPUTS) {
    const p = path.join(root, rel);
    if (!existsSync(p)) return `${rel} is missing`;
    oldestOutput = Math.min(oldestOutput, statSync(p).mtimeMs);
  }
  for (const rel of BUILD_INPUTS) {
    if (newestMtime(path.join(root, rel)) > oldestOutput) return `${rel} changed since the last build`;
  }
  return null;
}

export function runBuild(root = ROOT, stdio = 'inherit') {
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!existsSync(bin)) return { ok: false, why: 'electron-vite is not installed (run npm install)' };
  const r = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio });
  if (r.status === 0) return { ok: true };
  return { ok: false, why: `electron-vite build exited with ${r.status ?? r.signal}` };
}

/** The Electron executable the electron package points at, or null when its binary is not installed. */
export function electronBinary(root = ROOT) {
  const require = createRequire(path.join(root, 'package.json'));
  try {
    const id = require.resolve('electron');
    delete require.cache[id];
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** The line of a tool's output that says what went wrong: the last one that is not a stack frame. */
export function reasonLine(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && !/^[\s^~]*$/.test(l));
  return lines.length ? lines[lines.length - 1] : '';
}

/** One try at electron's own installer (it downloads the binary from GitHub, so offline it fails or times out). */
function tryInstallElectron(root) {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return 'the electron package is not installed';
  const r = spawnSync(process.execPath, [installer], {
    cwd: path.dirname(installer),
    timeout: INSTALL_TIMEOUT_MS,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error?.code === 'ETIMEDOUT') return `the download timed out after ${INSTALL_TIMEOUT_MS / 1000} s`;
  if (r.status !== 0) return reasonLine(r.stderr) || reasonLine(r.stdout) || `the installer exited with ${r.status ?? r.signal}`;
  return null;
}

/** Linux needs an X11 or Wayland display for a window. */
export function displayProblem(platform = process.platform, env = process.env) {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/**
 * Everything the desktop app needs, in order of cost. Returns { electron } when it can start, or
 * { why } naming the first thing that is missing.
 */
export function prepareElectron(root = ROOT, { log = (line) => console.log(line), platform = process.platform, env = process.env } = {}) {
  let electron = electronBinary(root);
  if (!electron) {
    log('Electron binary not found; trying to download it once…');
    const failure = tryInstallElectron(root);
    electron = electronBinary(root);
    if (!electron) {
      return {
        why: `its binary is not installed and could not be downloaded (${failure ?? 'the installer left no binary'})`,
      };
    }
  }
  const display = displayProblem(platform, env);
  if (display) return { why: display };
  if (!existsSync(path.join(root, ELECTRON_SQLITE))) {
    const script = path.join(root, 'scripts', 'prepare-electron-sqlite.mjs');
    if (!existsSync(script)) return { why: `${ELECTRON_SQLITE} is missing and scripts/prepare-electron-sqlite.mjs is not there to build it` };
    log('Building better-sqlite3 for Electron (first start only)…');
    const r = spawnSync(process.execPath, [script], { cwd: root, timeout: PREPARE_TIMEOUT_MS, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0 || !existsSync(path.join(root, ELECTRON_SQLITE))) {
      const detail = r.error?.code === 'ETIMEDOUT' ? 'it timed out' : reasonLine(r.stderr) || reasonLine(r.stdout) || `exit ${r.status ?? r.signal}`;
      return { why: `better-sqlite3 could not be built for Electron (${detail})` };
    }
  }
  return { electron };
}

function portIsFree(port, host) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The first free port from `start` on (up to 100 tries). */
export async function findFreePort(start = DEFAULT_PORT, host = '127.0.0.1') {
  for (let port = start; port < start + 100 && port <= 65535; port++) {
    if (await portIsFree(port, host)) return port;
  }
  throw new Error(`no free port in ${start}–${start + 99} on ${host}`);
}

/** The value of `--name v` or `--name=v` in args, or undefined. */
export function optionValue(args, name) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

/** Runs a child with our stdio, passes on termination requests, and exits with its status. */
function runForeground(cmd, args, opts) {
  const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
  // Ctrl-C reaches the child through the terminal's process group; wait for it to shut down cleanly.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (e) => {
    console.error(`pose-studio: could not start ${path.basename(cmd)}: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
}

async function startServerMode(root, args) {
  const serveArgs = [...args];
  if (optionValue(args, '--port') === undefined) {
    const host = optionValue(args, '--host') ?? '127.0.0.1';
    serveArgs.push('--port', String(await findFreePort(DEFAULT_PORT, host)));
  }
  runForeground(process.execPath, [path.join(root, 'out', 'main', 'cli.js'), 'serve', ...serveArgs], { cwd: root });
}

async function main() {
  const argv = process.argv.slice(2);
  const serverOnly = argv.includes('--server');
  const args = argv.filter((a) => a !== '--server');

  const stale = buildStaleReason(ROOT);
  if (stale) {
    console.log(`Building the app (${stale})…`);
    const built = runBuild(ROOT);
    if (!built.ok) {
      console.error(`The app could not be built: ${built.why}. See the errors above.`);
      process.exit(1);
    }
  }

  if (!serverOnly) {
    const ready = prepareElectron(ROOT);
    if (ready.electron) {
      const env = { ...process.env };
      delete env.ELECTRON_RUN_AS_NODE;
      runForeground(ready.electron, ['.', ...args], { cwd: ROOT, env });
      return;
    }
    console.log(`Electron cannot start: ${ready.why}. Starting server mode instead.`);
  }
  await startServerMode(ROOT, args);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(`pose-studio: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
