import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forwardKinematics, mirrorPose } from '../../../../shared/body';
import { posecodeAgreement } from '../captioner';
import { checkAnswer } from '../tasks/questions';
import { POSE_ANSWER_PATTERN } from '../tasks/templates';
import { buildDataset, type DatasetManifest } from './build';
import { DEFAULT_BUILD_CONFIG, TASK_KINDS, type DatasetBuildConfig } from './config';
import type { ExampleRecord } from './record';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pose-data-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CONFIG: DatasetBuildConfig = { ...DEFAULT_BUILD_CONFIG, tasks: [...TASK_KINDS], count: 1500, seed: 42, shardSize: 400 };

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)],
  );
}

function readSplit(dir: string, m: DatasetManifest, split: string) {
  const out: { record: ExampleRecord; pose: Float32Array }[] = [];
  for (const part of m.shards.filter((s) => s.split === split)) {
    const raw = readFileSync(path.join(dir, part.poses.path));
    const poses = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    const lines = readFileSync(path.join(dir, part.jsonl.path), 'utf8').split('\n').filter(Boolean);
    for (const l of lines) {
      const record = JSON.parse(l) as ExampleRecord;
      out.push({ record, pose: poses.slice(record.poseRow * 66, record.poseRow * 66 + 66) });
    }
  }
  return out;
}

describe('dataset build', () => {
  const a = tmp();
  const b = tmp();
  let manifest: DatasetManifest;

  it('writes shards and a manifest; two builds with the same seed are byte-identical', async () => {
    manifest = await buildDataset(CONFIG, a, { workers: 0 });
    await buildDataset({ ...CONFIG, shardSize: 400 }, b, { workers: 0 });
    const files = listFiles(a).sort();
    expect(files).toContain('manifest.json');
    expect(listFiles(b).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
    expect(manifest.totals.examples).toBe(1500);
    for (const t of TASK_KINDS) expect(manifest.totals.perTask[t]).toBeGreaterThan(200);
  });

  it('changes with the seed', async () => {
    const c = tmp();
    const other = await buildDataset({ ...CONFIG, seed: 43 }, c, { workers: 0 });
    expect(other.shards[0].jsonl.sha256).not.toBe(manifest.shards[0].jsonl.sha256);
  });

  it('never lets a pose (or its mirror) or a source group cross splits', () => {
    const splits = ['train', 'val', 'test'].map((s) => readSplit(a, manifest, s));
    const groups = splits.map((rows) => new Set(rows.map((r) => r.record.group)));
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) for (const g of groups[i]) expect(groups[j].has(g), g).toBe(false);
    // Library ids used by examples come only from their own split's library poses.
    for (const [k, split] of (['train', 'val', 'test'] as const).entries()) {
      const allowed = new Set(manifest.librarySplits[split]);
      for (const r of splits[k]) for (const id of r.record.source.ids) expect(allowed.has(id.split('~')[0]), `${id} in ${split}`).toBe(true);
    }
    const key = (p: Float32Array) => Array.from(forwardKinematics(p, 1).positions, (v) => Math.round(v * 1000)).join(',');
    const seen = new Map<string, string>();
    for (const [k, rows] of splits.entries()) {
      for (const r of rows) {
        for (const variant of [r.pose, mirrorPose(Float32Array.from(r.pose))]) {
          const owner = seen.get(key(variant));
          if (owner !== undefined) expect(owner, `pose of ${r.record.id}`).toBe(String(k));
        }
        seen.set(key(r.pose), String(k));
      }
    }
  });

  it('stores examples whose answers and captions hold on their own poses', () => {
    const rows = readSplit(a, manifest, 'train');
    let captions = 0;
    for (const { record, pose } of rows) {
      if (record.posecodes) {
        captions++;
        expect(posecodeAgreement(record.posecodes as never, pose)).toBe(1);
      }
      if (record.task === 'pose-qa') expect(checkAnswer(record.fact!, pose, record.answer)).toBe(1);
      if (record.task === 'text2pose' || record.task === 'landmarks2pose') expect(POSE_ANSWER_PATTERN.test(record.answer)).toBe(true);
      if (record.task === 'landmarks2pose') expect(record.landmarkRow).toBeTypeOf('number');
    }
    expect(captions).toBeGreaterThan(300);
  });

  it('refuses a non-empty directory unless forced, and an invalid config', async () => {
    await expect(buildDataset(CONFIG, a, { workers: 0 })).rejects.toThrow(/not empty/);
    await expect(buildDataset({ ...CONFIG, count: 0 }, tmp(), { workers: 0 })).rejects.toThrow(/count/);
  });
});
