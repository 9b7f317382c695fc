import { describe, expect, it } from 'vitest';
import { POSE_LIBRARY } from '../data/library';
import { buildContext, buildShard } from '../data/dataset/shard';
import { templateCorpus } from '../data/tasks/templates';
import { buildCorpus, corpusBuildConfig } from './corpus';

describe('tokenizer corpus', () => {
  const corpus = buildCorpus({ seed: 3, examples: 600 });
  const build = corpusBuildConfig(3, 600);
  const parts = buildShard(build, 0, buildContext(build));
  const texts = new Set(corpus.texts);

  it('holds the prompts and answers of every train example and the library names and templates', () => {
    const train = parts.find((p) => p.split === 'train')!.records;
    expect(train.length).toBeGreaterThan(400);
    for (const r of train) {
      expect(texts.has(r.prompt)).toBe(true);
      expect(texts.has(r.answer)).toBe(true);
    }
    for (const p of POSE_LIBRARY) expect(texts.has(p.name)).toBe(true);
    for (const t of templateCorpus()) expect(texts.has(t)).toBe(true);
    expect(new Set(train.map((r) => r.task)).size).toBe(4);
  });

  it('never holds a caption or question of the val or test split', () => {
    const held = parts.filter((p) => p.split !== 'train').flatMap((p) => p.records);
    expect(held.length).toBeGreaterThan(50);
    const all = corpus.texts.join('\n');
    // Captions of held-out poses are (practically) unique sentences; questions come from a small fixed set shared
    // by every split, so only captions can tell a leak.
    const captions = held.flatMap((r) => (r.caption ? [r.caption] : []));
    expect(captions.length).toBeGreaterThan(20);
    for (const c of captions) expect(all.includes(c)).toBe(false);
  });

  it('is the same for the same seed', () => {
    expect(buildCorpus({ seed: 3, examples: 600 }).texts).toEqual(corpus.texts);
  });
});
