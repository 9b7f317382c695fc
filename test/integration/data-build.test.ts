// `pose-studio data build` through the built CLI (out/main/cli.js with its worker script), checked against an
// in-process build of the same config.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataset, type DatasetManifest } from '../../src/main/compute/data/dataset/build';
import { DEFAULT_BUILD_CONFIG, TASK_KINDS } from '../../src/main/compute/data/dataset/config';
import { ensureBuilt, runCliBuilt, tempDir } from './helpers';

const tmp = tempDir('pose-it-data-');
beforeAll(() => ensureBuilt());
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const r = await runCliBuilt(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;

describe('pose-studio data build (built CLI)', () => {
  it('builds on worker threads the same bytes as an in-process build, and reports the time', async () => {
    const out = path.join(tmp, 'cli');
    const r = await cli('data', 'build', '--task', 'all', '--count', '2400', '--seed', '9', '--shard-size', '300', '--workers', '2', '--out', out, '--json');
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim()) as { examples: number; seconds: number; workers: number };
    expect(summary.examples).toBe(2400);
    expect(summary.workers).toBe(2);
    expect(summary.seconds).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/100%/);

    const inline = path.join(tmp, 'inline');
    await buildDataset({ ...DEFAULT_BUILD_CONFIG, tasks: [...TASK_KINDS], count: 2400, seed: 9, shardSize: 300 }, inline, { workers: 0 });
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(readFileSync(path.join(inline, 'manifest.json'), 'utf8'));
    expect(manifestOf(out).shards.length).toBe(8 * 3);
  });

  it('refuses a non-empty output directory with a clear message, and bad arguments with usage', async () => {
    const again = await cli('data', 'build', '--task', 'text2pose', '--count', '10', '--seed', '1', '--out', path.join(tmp, 'cli'));
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty.*--force/);
    const bad = await cli('data', 'build', '--task', 'dance', '--count', '10', '--seed', '1', '--out', path.join(tmp, 'x'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown task "dance"/);
    const noCount = await cli('data', 'build', '--task', 'pose-qa', '--seed', '1', '--out', path.join(tmp, 'y'));
    expect(noCount.status).toBe(2);
    expect(noCount.stderr).toMatch(/--count is required/);
  });
});
