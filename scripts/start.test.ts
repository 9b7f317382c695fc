import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUILD_OUTPUTS,
  buildStaleReason,
  displayProblem,
  electronBinary,
  findFreePort,
  optionValue,
  prepareElectron,
  reasonLine,
} from './start.mjs';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pose-start-test-'));
  roots.push(root);
  return root;
}

function write(root: string, rel: string, text = '', mtimeSec?: number): string {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  if (mtimeSec !== undefined) utimesSync(p, mtimeSec, mtimeSec);
  return p;
}

/** A node_modules/electron that resolves like the real one: index.js reads path.txt and dist/. */
function fakeElectronPackage(root: string, installer: string): void {
  write(root, 'package.json', '{"name":"fake-app","type":"module"}');
  write(root, 'node_modules/electron/package.json', '{"name":"electron","version":"39.5.0","main":"index.js"}');
  write(
    root,
    'node_modules/electron/index.js',
    `const fs = require('fs'); const path = require('path');
     const txt = path.join(__dirname, 'path.txt');
     if (!fs.existsSync(txt)) throw new Error('Electron failed to install correctly');
     module.exports = path.join(__dirname, 'dist', fs.readFileSync(txt, 'utf8'));`,
  );
  write(root, 'node_modules/electron/install.js', installer);
}

const INSTALL_OFFLINE = `process.stderr.write('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (got.js:1:1)\\n'); process.exit(1);`;
const INSTALL_OK = `const fs = require('fs'); fs.mkdirSync(__dirname + '/dist', { recursive: true });
  fs.writeFileSync(__dirname + '/dist/electron', ''); fs.writeFileSync(__dirname + '/path.txt', 'electron');`;

describe('buildStaleReason', () => {
  it('asks for a build when an output is missing, or a source is newer than the oldest output', () => {
    const root = tempRoot();
    write(root, 'src/main/a.ts', 'x', 1000);
    expect(buildStaleReason(root)).toBe(`${BUILD_OUTPUTS[0]} is missing`);
    for (const out of BUILD_OUTPUTS) write(root, out, 'built', 2000);
    expect(buildStaleReason(root)).toBeNull();
    // Tests are not part of the build.
    write(root, 'src/main/a.test.ts', 'x', 3000);
    expect(buildStaleReason(root)).toBeNull();
    write(root, 'src/renderer/src/b.tsx', 'x', 3000);
    expect(buildStaleReason(root)).toBe('src changed since the last build');
    for (const out of BUILD_OUTPUTS) write(root, out, 'built', 4000);
    write(root, 'electron.vite.config.ts', 'x', 5000);
    expect(buildStaleReason(root)).toBe('electron.vite.config.ts changed since the last build');
  });
});

describe('prepareElectron', () => {
  const quiet = { log: () => undefined, platform: 'linux', env: { DISPLAY: ':0' } };

  it('tries the installer once and reports why the binary is missing in one line', () => {
    const root = tempRoot();
    fakeElectronPackage(root, INSTALL_OFFLINE);
    const r = prepareElectron(root, quiet);
    expect(r.why).toBe('its binary is not installed and could not be downloaded (RequestError: getaddrinfo ENOTFOUND github.com)');
    expect(r.why).not.toContain('\n');
  });

  it('reports a missing electron package', () => {
    const root = tempRoot();
    write(root, 'package.json', '{"name":"fake-app"}');
    expect(electronBinary(root)).toBeNull();
    expect(prepareElectron(root, quiet).why).toContain('the electron package is not installed');
  });

  it('goes on to the display and the Electron build of better-sqlite3 once the binary is there', () => {
    const root = tempRoot();
    fakeElectronPackage(root, INSTALL_OK);
    expect(electronBinary(root)).toBeNull();
    expect(prepareElectron(root, { ...quiet, env: {} }).why).toBe(
      'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    );
    expect(electronBinary(root)).toBe(path.join(root, 'node_modules/electron/dist/electron'));

    expect(prepareElectron(root, quiet).why).toContain('scripts/prepare-electron-sqlite.mjs is not there');

    const script = write(
      root,
      'scripts/prepare-electron-sqlite.mjs',
      `process.stderr.write('prepare-electron-sqlite: Electron headers could not be downloaded\\n'); process.exit(1);`,
    );
    chmodSync(script, 0o755);
    expect(prepareElectron(root, quiet).why).toBe(
      'better-sqlite3 could not be built for Electron (prepare-electron-sqlite: Electron headers could not be downloaded)',
    );

    write(
      root,
      'scripts/prepare-electron-sqlite.mjs',
      `import fs from 'node:fs'; fs.mkdirSync('build/electron-native', { recursive: true });
       fs.writeFileSync('build/electron-native/better_sqlite3.node', '');`,
    );
    expect(prepareElectron(root, quiet)).toEqual({ electron: path.join(root, 'node_modules/electron/dist/electron') });
  });
});

describe('small helpers', () => {
  it('picks the reason out of a stack trace', () => {
    expect(reasonLine('Error: boom\n    at x (y.js:1:1)\n    at z\n')).toBe('Error: boom');
    expect(reasonLine('')).toBe('');
    expect(reasonLine(undefined)).toBe('');
  });

  it('needs a display on Linux only', () => {
    expect(displayProblem('linux', {})).toMatch(/no display/);
    expect(displayProblem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(displayProblem('darwin', {})).toBeNull();
  });

  it('reads --name value and --name=value', () => {
    expect(optionValue(['--host', '0.0.0.0', '--port=9000'], '--port')).toBe('9000');
    expect(optionValue(['--host', '0.0.0.0'], '--host')).toBe('0.0.0.0');
    expect(optionValue(['--hostname', 'x'], '--host')).toBeUndefined();
  });

  it('skips ports that are taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const port = await findFreePort(taken, '127.0.0.1');
      expect(port).toBeGreaterThan(taken);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
