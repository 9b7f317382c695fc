import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ELECTRON_NATIVE_BINDING, electronNativeBindingPath } from './native';
import { openStore } from './store';
import { expectStorageError, useTempDataDir } from './test-helpers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = path.join(ROOT, 'scripts', 'prepare-electron-sqlite.mjs');
const NODE_ADDON = path.join(
  ROOT,
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);

const tmp = useTempDataDir();

describe('nativeBinding', () => {
  it('loads the addon from an explicit path', () => {
    const store = openStore({ dataDir: tmp.dir, nativeBinding: NODE_ADDON });
    expect(store.sessions.create({ name: 'x', kind: 'pose' }).name).toBe('x');
    store.close();
  });

  it('reports a missing or foreign addon as native_binding with the path', () => {
    const missing = path.join(tmp.dir, 'nope.node');
    const e1 = expectStorageError(() => openStore({ dataDir: tmp.dir, nativeBinding: missing }));
    expect(e1.code).toBe('native_binding');
    expect(e1.message).toContain(missing);
    expect(e1.message).toContain('prepare-electron-sqlite');

    const garbage = path.join(tmp.dir, 'garbage.node');
    writeFileSync(garbage, 'not a shared library');
    expect(expectStorageError(() => openStore({ dataDir: tmp.dir, nativeBinding: garbage })).code).toBe(
      'native_binding',
    );
  });

  it('finds the Electron build only where the script writes it', () => {
    expect(electronNativeBindingPath(tmp.dir)).toBeUndefined();
    const p = path.join(tmp.dir, ELECTRON_NATIVE_BINDING);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, '');
    expect(electronNativeBindingPath(tmp.dir)).toBe(p);
  });
});

describe('scripts/prepare-electron-sqlite.mjs', () => {
  const env = () => {
    const e = { ...process.env };
    for (const k of [
      'HTTPS_PROXY',
      'https_proxy',
      'HTTP_PROXY',
      'http_proxy',
      'npm_config_proxy',
      'npm_config_https_proxy',
      'ELECTRON_HEADERS_DIR',
    ])
      delete e[k];
    return e;
  };
  const runScript = (args: string[], extraEnv: Record<string, string> = {}) =>
    spawnSync(process.execPath, [SCRIPT, ...args], {
      cwd: ROOT,
      env: { ...env(), ...extraEnv },
      encoding: 'utf8',
    });

  it('exits 1 with one clear line when the Electron binary is absent', () => {
    const r = runScript([`--out=${path.join(tmp.dir, 'out')}`], {
      ELECTRON_OVERRIDE_DIST_PATH: path.join(tmp.dir, 'no-electron'),
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^prepare-electron-sqlite: the Electron [\d.]+ binary is absent/);
  });

  it('exits 1 with one clear line when the Electron headers cannot be downloaded', async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = await new Promise<ReturnType<typeof spawnSync>>((resolve) => {
        // Async so the server in this process can answer.
        import('node:child_process').then(({ spawn }) => {
          const child = spawn(
            process.execPath,
            [
              SCRIPT,
              '--skip-binary-check',
              `--dist-url=http://127.0.0.1:${port}/headers`,
              `--out=${path.join(tmp.dir, 'out')}`,
            ],
            {
              cwd: ROOT,
              env: env(),
            },
          );
          let stderr = '';
          child.stderr.on('data', (d) => (stderr += d));
          child.on('close', (status) =>
            resolve({ status, stderr, stdout: '', pid: 0, output: [], signal: null }),
          );
        });
      });
      expect(r.status).toBe(1);
      const lines = String(r.stderr).trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/cannot download the Electron [\d.]+ headers: .*HTTP 404/);
    } finally {
      server.close();
    }
  });

  it('rejects headers directories without headers and unknown arguments', () => {
    const r1 = runScript([
      '--skip-binary-check',
      `--nodedir=${tmp.dir}`,
      `--out=${path.join(tmp.dir, 'out')}`,
    ]);
    expect(r1.status).toBe(1);
    expect(r1.stderr.trim()).toMatch(/does not contain Node\/Electron headers/);
    const r2 = runScript(['--frobnicate']);
    expect(r2.status).toBe(1);
    expect(r2.stderr.trim()).toBe('prepare-electron-sqlite: unknown argument --frobnicate; see --help');
  });

  it('--check fails while no Electron build is present', () => {
    const r = runScript(['--check', `--out=${path.join(tmp.dir, 'out')}`]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/missing or was built for something else/);
  });
});
