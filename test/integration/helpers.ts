import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { ServerMessage, type ServerMessage as ServerMessageT } from '../../src/shared/api/wire';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'out', 'main', 'cli.js');
const BUILT = [CLI, path.join(ROOT, 'out', 'main', 'compute.js'), path.join(ROOT, 'out', 'main', 'data-worker.js')];
const SOURCES = [path.join(ROOT, 'src', 'main'), path.join(ROOT, 'src', 'shared'), path.join(ROOT, 'electron.vite.config.ts')];
const LOCK = path.join(os.tmpdir(), 'pose-studio-build.lock');

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) {
    if (e.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e)));
  }
  return newest;
}

function isStale(): boolean {
  const sources = Math.max(...SOURCES.map(newestMtime));
  return BUILT.some((f) => {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    return !st || st.mtimeMs < sources;
  });
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds the app (electron-vite) when out/main is missing or older than the sources. Test files (and
 * other people's test runs) may ask at once, so the build runs under a lock directory and everyone
 * else waits for it and re-checks.
 */
export function ensureBuilt(): void {
  if (!isStale()) return;
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const st = fs.statSync(LOCK, { throwIfNoEntry: false });
      // A lock older than the longest build belongs to a crashed run.
      if (st && Date.now() - st.mtimeMs > 300_000) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${LOCK}`);
      sleepSync(1000);
    }
  }
  try {
    if (!isStale()) return;
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 280_000,
    });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`electron-vite build failed: ${err.message}\n${err.stdout?.toString() ?? ''}\n${err.stderr?.toString() ?? ''}`);
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

export function tempDir(prefix = 'pose-it-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to completion. */
export function runCliBuilt(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServedStudio {
  url: string;
  port: number;
  token: string | null;
  dataDir: string;
  proc: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `node out/main/cli.js serve --port 0 --json`, resolved once it has printed its JSON line. */
export function serve(dataDir: string, extra: string[] = []): Promise<ServedStudio> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--json', ...extra], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let done = false;
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0 || done) return;
      done = true;
      try {
        const line = JSON.parse(out.slice(0, nl)) as { url: string; port: number; token: string | null; dataDir: string };
        resolve({
          ...line,
          proc,
          stderr: () => err,
          async stop() {
            proc.kill('SIGTERM');
            return exited;
          },
        });
      } catch (e) {
        proc.kill('SIGKILL');
        reject(new Error(`serve printed something that is not JSON: ${out}\n${err}\n${String(e)}`));
      }
    });
    void exited.then((code) => {
      if (!done) reject(new Error(`serve exited with ${code} before printing its address:\n${err}`));
    });
  });
}

export interface HttpResult {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string; details?: unknown } };
}

export async function httpCall(
  base: string,
  name: string,
  req: unknown,
  opts: { token?: string; rawBody?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(new URL(`api/call/${name}`, base), {
    method: 'POST',
    headers,
    body: opts.rawBody ?? JSON.stringify(req),
  });
  return { status: res.status, body: (await res.json()) as HttpResult['body'] };
}

/** A WebSocket client speaking src/shared/api/wire.ts. */
export class WsClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: Extract<ServerMessageT, { t: 'result' }>['result']) => void>();
  readonly events: Array<{ name: string; payload: unknown }> = [];
  readonly errors: Array<{ code: string; message: string }> = [];
  /** Progress messages of long-running calls, in arrival order. */
  readonly progress: Array<{ id: number; fraction: number; message: string }> = [];
  private eventWaiters: Array<() => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = ServerMessage.parse(JSON.parse(data.toString()));
      if (msg.t === 'result') {
        this.waiting.get(msg.id)?.(msg.result);
        this.waiting.delete(msg.id);
      } else if (msg.t === 'event') {
        this.events.push({ name: msg.name, payload: msg.payload });
        for (const w of this.eventWaiters.splice(0)) w();
      } else if (msg.t === 'progress') {
        this.progress.push({ id: msg.id, fraction: msg.fraction, message: msg.message });
        for (const w of this.eventWaiters.splice(0)) w();
      } else {
        this.errors.push(msg.error);
        for (const w of this.eventWaiters.splice(0)) w();
      }
    });
  }

  static connect(base: string): Promise<WsClient> {
    const url = new URL('api/ws', base);
    url.protocol = 'ws:';
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
    });
  }

  call(name: string, req: unknown): Promise<HttpResult['body']> {
    return this.start(name, req).result;
  }

  /** Sends a call and hands back its id (for `cancel`) with the promise of its result. */
  start(name: string, req: unknown): { id: number; result: Promise<HttpResult['body']> } {
    const id = this.nextId++;
    const result = new Promise<HttpResult['body']>((resolve) => {
      this.waiting.set(id, resolve as (r: unknown) => void);
      this.ws.send(JSON.stringify({ t: 'call', id, name, req }));
    });
    return { id, result };
  }

  cancel(id: number): void {
    this.ws.send(JSON.stringify({ t: 'cancel', id }));
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  subscribe(event: string): void {
    this.ws.send(JSON.stringify({ t: 'sub', event }));
  }

  /** Resolves when `pred` holds for the received events (or errors), checking after each message. */
  async until(pred: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out; events so far: ${JSON.stringify(this.events)}`);
      await new Promise<void>((r) => {
        this.eventWaiters.push(r);
        setTimeout(r, 250);
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
