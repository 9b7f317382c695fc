import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptimizerState, ParamStore } from '../graph';
import { policyModelConfig } from '../models/policy/config';
import { hygrpoPreset } from './config';
import { checkpointDirName, checkpointSha256, loadRunCheckpoint, saveRunCheckpoint, type RunCheckpointConfig } from './run-checkpoint';

const config: RunCheckpointConfig = { model: policyModelConfig(100), hygrpo: hygrpoPreset('quick-cpu') };

function state(step: number, fill: number): { store: ParamStore; optimizer: OptimizerState } {
  const store = new ParamStore('float32');
  store.set('lm/w', Float32Array.from({ length: 6 }, (_, i) => fill + i), [2, 3]);
  store.set('pose_mu/b', Float32Array.of(fill), [1]);
  const optimizer = new OptimizerState('float32');
  // A view into a larger buffer, as the flat train step leaves them.
  const flat = Float32Array.from({ length: 20 }, (_, i) => fill * 10 + i);
  optimizer.arrays.set('lm/w::m', flat.subarray(2, 8));
  optimizer.arrays.set('lm/w::v', flat.subarray(8, 14));
  optimizer.step = step;
  return { store, optimizer };
}

describe('run checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'run-ckpt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const save = (step: number, fill: number, o = {}) =>
    saveRunCheckpoint(dir, { ...state(step, fill), state: { format: 'pose-rft-hygrpo-checkpoint', version: 1, step, runId: 'r' }, config }, o);

  it('round-trips weights, AdamW moments (views included) and the step; the sha256 is the weights file’s', () => {
    const saved = save(10, 1);
    expect(path.basename(saved.dir)).toBe(checkpointDirName(10));
    expect(checkpointSha256(saved.dir)).toBe(saved.sha256);
    const store = new ParamStore('float32');
    const optimizer = new OptimizerState('float32');
    const r = loadRunCheckpoint(saved.dir, store, optimizer);
    expect(r.state.step).toBe(10);
    expect(r.config.hygrpo).toEqual(config.hygrpo);
    expect(Array.from(store.get('lm/w').data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(optimizer.arrays.get('lm/w::m')!)).toEqual([12, 13, 14, 15, 16, 17]);
    expect(Array.from(optimizer.arrays.get('lm/w::v')!)).toEqual([18, 19, 20, 21, 22, 23]);
    expect(optimizer.step).toBe(10);
  });

  it('a save that stops before its rename leaves the previous checkpoint as it was and no trace of itself', () => {
    const first = save(10, 1);
    expect(() =>
      save(20, 2, {
        beforeCommit: (staging: string) => {
          // Every file is written at this point: a reader must still not see step 20.
          expect(readdirSync(staging).sort()).toEqual(['config.json', 'model.safetensors', 'optimizer.safetensors', 'state.json']);
          throw new Error('power cut');
        },
      }),
    ).toThrow('power cut');
    expect(readdirSync(dir)).toEqual([checkpointDirName(10)]);
    expect(checkpointSha256(first.dir)).toBe(first.sha256);
  });

  it('ignores and then removes the staging directory a killed writer left behind', () => {
    save(10, 1);
    const torn = path.join(dir, `${checkpointDirName(20)}.tmp-4242-deadbeef`);
    mkdirSync(torn);
    writeFileSync(path.join(torn, 'model.safetensors'), 'half a file');
    expect(existsSync(path.join(dir, checkpointDirName(20)))).toBe(false);
    save(20, 2);
    expect(readdirSync(dir).sort()).toEqual([checkpointDirName(10), checkpointDirName(20)]);
  });

  it('replaces a checkpoint of the same step whole (no file of the old one survives)', () => {
    const a = save(10, 1);
    writeFileSync(path.join(a.dir, 'stray.txt'), 'from the abandoned timeline');
    const b = save(10, 5);
    expect(b.dir).toBe(a.dir);
    expect(readdirSync(b.dir)).not.toContain('stray.txt');
    const store = new ParamStore('float32');
    loadRunCheckpoint(b.dir, store, new OptimizerState('float32'));
    expect(store.get('pose_mu/b').data[0]).toBe(5);
    expect(readdirSync(dir)).toEqual([checkpointDirName(10)]);
  });
});
