/**
 * The tokenizer's training corpus, made by the data engine from a seed: the prompts and answers of a mixed build
 * (captions of library, varied and sampled poses inside text2pose prompts and pose2text answers; landmark prompts;
 * pose questions and answers), the library's names, synonyms, tags and action phrases, and every task template.
 * Only train-split examples are used, so held-out captions and questions never shape the vocabulary.
 */
import { POSE_LIBRARY } from '../data/library';
import { DEFAULT_BUILD_CONFIG, TASK_KINDS, type DatasetBuildConfig, type TaskKind } from '../data/dataset/config';
import { buildContext, buildShard } from '../data/dataset/shard';
import { templateCorpus } from '../data/tasks/templates';

export interface CorpusOptions {
  seed: number;
  /** Examples drawn over all splits (about 80% land in train; only those are kept). */
  examples?: number;
}

export interface Corpus {
  texts: string[];
  /** How many texts of each kind, for the model card. */
  composition: Record<string, number>;
  /** The data build the examples come from. */
  build: DatasetBuildConfig;
}

export const DEFAULT_CORPUS_EXAMPLES = 100_000;

/** The build config the corpus draws from: every task, equal weights, the engine's default splits and sources. */
export function corpusBuildConfig(seed: number, examples = DEFAULT_CORPUS_EXAMPLES): DatasetBuildConfig {
  return { ...DEFAULT_BUILD_CONFIG, tasks: [...TASK_KINDS], count: examples, seed };
}

export function buildCorpus({ seed, examples = DEFAULT_CORPUS_EXAMPLES }: CorpusOptions): Corpus {
  const build = corpusBuildConfig(seed, examples);
  const ctx = buildContext(build);
  const texts: string[] = [];
  const composition: Record<string, number> = {};
  const add = (kind: string, text: string | undefined) => {
    if (!text) return;
    texts.push(text);
    composition[kind] = (composition[kind] ?? 0) + 1;
  };
  const shards = Math.ceil(build.count / build.shardSize);
  for (let s = 0; s < shards; s++) {
    for (const part of buildShard(build, s, ctx)) {
      if (part.split !== 'train') continue;
      for (const r of part.records) {
        const task: TaskKind = r.task;
        // Captions are already inside the text2pose prompt and the pose2text answer; they are not added twice.
        add(`${task} prompt`, r.prompt);
        add(`${task} answer`, r.answer);
      }
    }
  }
  for (const p of POSE_LIBRARY) {
    add('library name', p.name);
    for (const s of p.synonyms) add('library synonym', s);
    for (const a of p.actions) add('library action', a);
    for (const t of p.tags) add('library tag', t);
  }
  for (const t of templateCorpus()) add('template', t);
  return { texts, composition, build };
}
