// Test kit: the real backend behind the real HTTP server, called the way the renderer calls it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../server';
import { createBackend, type Backend } from './backend';

export interface Reply<T> {
  status: number;
  json: { ok: boolean; value?: T; error?: { code: string; message: string; details?: unknown } };
}

/** Starts a backend + server for the file's tests (on a temporary data dir) and returns a call function. */
export function useServedBackend(prefix: string): <T = unknown>(name: string, body: unknown) => Promise<Reply<T>> {
  let dataDir: string;
  let backend: Backend;
  let server: RunningServer;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `pose-${prefix}-`));
    backend = await createBackend({ dataDir, mode: 'server', version: '0.0.0-test' });
    server = await startServer({ backend });
  });
  afterAll(async () => {
    await server.close();
    await backend.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return async <T,>(name: string, body: unknown): Promise<Reply<T>> => {
    const res = await fetch(new URL(`api/call/${name}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Reply<T>['json'] };
  };
}
