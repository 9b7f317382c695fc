import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeInfo, StorageStatus } from '../../src/shared/api/contract';
import { CLI, ensureBuilt, httpCall, isAlive, ROOT, runCliBuilt, serve, tempDir } from './helpers';

describe('the built pose-studio CLI', () => {
  const dirs: string[] = [];
  beforeAll(() => ensureBuilt());
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('info --json reports the version, data directory and a real compute process', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const r = await runCliBuilt(['info', '--json', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as { version: string; dataDir: string; compute: unknown };
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(report.version).toBe(pkg.version);
    expect(report.dataDir).toBe(dataDir);
    const compute = ComputeInfo.parse(report.compute);
    expect(compute.providers).toContain('cpu');
    expect(compute.selfTest.ok).toBe(true);
    expect(compute.restarts).toBe(0);
    // The compute process was stopped with the command.
    expect(isAlive(compute.pid)).toBe(false);
    // info only looks: it creates no database.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('uses POSE_STUDIO_DATA_DIR when no --data-dir is given', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const r = await runCliBuilt(['info', '--json'], { POSE_STUDIO_DATA_DIR: dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).dataDir).toBe(dataDir);
  });

  it('db check --json passes a database the server created and fails a damaged one', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const studio = await serve(dataDir);
    await httpCall(studio.url, 'sessions.create', { name: 'check me' });
    expect(await studio.stop()).toBe(0);

    const good = await runCliBuilt(['db', 'check', '--json', '--data-dir', dataDir]);
    expect(good.code, good.stderr).toBe(0);
    const report = JSON.parse(good.stdout) as { ok: boolean; problems: string[]; status: unknown };
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    const status = StorageStatus.parse(report.status);
    expect(status).toMatchObject({ integrity: 'ok', journalMode: 'wal', foreignKeys: true });
    expect(status.migrations.length).toBeGreaterThan(0);
    expect(status.migrations.every((m) => m.appliedAt !== null)).toBe(true);

    const broken = tempDir();
    dirs.push(broken);
    fs.writeFileSync(path.join(broken, 'studio.sqlite'), Buffer.alloc(8192, 0x5a));
    const bad = await runCliBuilt(['db', 'check', '--json', '--data-dir', broken]);
    expect(bad.code).toBe(1);
    const badReport = JSON.parse(bad.stdout) as { ok: boolean; problems: string[] };
    expect(badReport.ok).toBe(false);
    expect(badReport.problems.length).toBeGreaterThan(0);
  });

  it('serve prints its one-line address, serves the UI when built, and stops cleanly on SIGINT', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const proc = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    let out = '';
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const firstLine = await new Promise<string>((resolve, reject) => {
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}): ${err}`)));
    });
    const m = /^Pose-RFT Studio \(server mode\) at (http:\/\/127\.0\.0\.1:(\d+)\/)$/.exec(firstLine);
    expect(m, firstLine).not.toBeNull();
    const url = m![1]!;
    const page = await fetch(url);
    if (fs.existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    } else {
      expect(err).toMatch(/the renderer is not built/);
    }
    proc.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(err).toMatch(/SIGINT, shutting down/);
  });

  it('exits 2 with the usage on an unknown flag', async () => {
    const r = await runCliBuilt(['serve', '--colour']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pose-studio: serve: Unknown option '--colour'/);
    expect(r.stderr).toMatch(/Usage: pose-studio <command>/);
  });

  it('bin/pose-studio.js runs the built CLI', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'pose-studio.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
