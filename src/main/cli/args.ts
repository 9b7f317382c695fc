import { parseArgs } from 'node:util';
import { TASK_KINDS, type TaskKind } from '../compute/data/dataset/config';

export const USAGE = `Usage: pose-studio <command> [options]

Commands:
  serve      Run the studio in server mode (HTTP + WebSocket, serves the built UI)
               --host H        interface to bind (default 127.0.0.1; any other requires a token)
               --port N        port (default 0: a free port)
               --token T       require this token (generated when --host is not loopback)
               --data-dir D    data directory (default ~/.pose-rft-studio or $POSE_STUDIO_DATA_DIR)
               --json          print {url, port, token, dataDir} as one JSON line
  info       Version, data directory and the compute process's ONNX Runtime report
               --data-dir D    --json
  db check   Database integrity and migration status; exits 1 when something is wrong
               --data-dir D    --json
  data build Generate a training dataset (shards + manifest) from the pose library, variations and captions
               --task T        text2pose | pose2text | landmarks2pose | pose-qa | all (comma-separated allowed)
               --count N       examples in all splits (e.g. 100000)
               --seed S        random seed (the same seed gives byte-identical files)
               --out DIR       output directory (must be empty unless --force)
               --workers W     worker threads (default: one per core)
               --shard-size N  examples per shard (default 10000)
               --force         replace an existing dataset in DIR
               --json          print the build summary as one JSON line
  generate "<prompt>"
             Sample G candidate poses for a description from the policy and store the generation
               --samples G     candidates (default 16, at most 64)
               --seed S        random seed (default: a fresh one, printed)
               --temperature T softmax temperature of the answer's tokens (default 1; 0 = greedy)
               --sigma-scale S multiplies the Gaussian head's standard deviations (default 1; 0 = the mean pose)
               --model M       policy (Gaussian head, default) | policy-deterministic
               --raw           keep the raw Gaussian draws (default: each pose moved into the joint limits)
               --data-dir D    --json
  eval retrieval
             Recall@5/10/20 text→pose and pose→text and mRecall on the held-out test split, for the
             shipped retrieval model and its bag-of-words baseline
               --protocol P    full (rank against every test item, default) | pool (random pools)
               --pool N        pool size with --protocol pool (default 32)
               --repeats N     pools drawn per query with --protocol pool (default 10)
               --seed S        seed of the pool draws (default 1)
               --items N       test pairs to use (default 2500; "all" for the whole split)
               --model DIR     evaluate this checkpoint instead of the shipped model
               --baseline DIR  compare with this checkpoint instead of the shipped baseline
               --json          print the results as one JSON line
  eval policy
             The policy's evaluation suite on held-out test prompts, Gaussian head vs deterministic head:
             text→pose Recall@K (through the retrieval model), posecode agreement, diversity, joint
             limits; landmarks→pose MPJPE / PA-MPJPE; pose→text posecode F1; question accuracy
               --model DIR     Gaussian-head policy (default: the shipped policy)
               --baseline DIR  deterministic-head policy (default: the shipped one; "none" to skip)
               --retrieval DIR retrieval model for Recall@K and best-of-G (default: the shipped one)
               --prompts N     text→pose prompts (default 500)
               --landmarks N   landmarks→pose prompts (default 300)
               --describe N    pose→text prompts (default 300)
               --questions N   pose questions (default 300)
               --samples G     candidates per prompt (default 16)
               --temperature T --sigma-scale S   sampling (default 1 and 1)
               --seed S        prompt i samples with seed S + i (default 1)
               --pool N --repeats N   pooled Recall@K protocol (default 32 and 10)
               --training-poses N     training poses for the joint-limit reference (default 2000)
               --threads N     ONNX Runtime threads (default 1)
               --json          print the full report as one JSON line
  video FILE Track the person through a video (BlazePose, lifted to SMPL per frame) and store the frame estimates;
             needs ffmpeg and ffprobe on PATH
               --every K       analyse every K-th frame (default 1)
               --model M       BlazePose landmark model: lite | full (default) | heavy
               --max-side N    downscale frames so the long side is at most N pixels (default 512, at most 1024)
               --no-refine     store the policy's μ without fitting it to the landmarks
               --data-dir D    --json (one JSON line per frame, then a summary line)
  finetune   HyGRPO reinforcement fine-tuning of the policy (runs, metrics and checkpoints in the database)
               --config F      run config (JSON, a HyGRPOConfig; see src/main/compute/rl/config.ts)
               --resume RUN    continue run RUN from its last checkpoint (its stored config; --config optional)
               --threads N     ONNX Runtime threads (default 1)
               --data-dir D    --json (one JSON line per event on stdout instead of the progress bar)

Options:
  -h, --help       show this help
  -v, --version    print the version
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Command =
  | { cmd: 'help' }
  | { cmd: 'version' }
  | { cmd: 'serve'; host: string; port: number; token?: string; dataDir?: string; json: boolean }
  | { cmd: 'info'; dataDir?: string; json: boolean }
  | { cmd: 'db-check'; dataDir?: string; json: boolean }
  | {
      cmd: 'data-build';
      tasks: TaskKind[];
      count: number;
      seed: number;
      out: string;
      workers?: number;
      shardSize?: number;
      force: boolean;
      json: boolean;
    }
  | {
      cmd: 'generate';
      prompt: string;
      samples: number;
      seed?: number;
      temperature: number;
      sigmaScale: number;
      model: 'policy' | 'policy-deterministic';
      /** false with --raw */
      withinLimits: boolean;
      dataDir?: string;
      json: boolean;
    }
  | { cmd: 'video'; file: string; every: number; model: 'lite' | 'full' | 'heavy'; maxSide: number; refine: boolean; dataDir?: string; json: boolean }
  | { cmd: 'finetune'; config?: string; resume?: string; threads: number; dataDir?: string; json: boolean }
  | {
      cmd: 'eval-policy';
      model?: string;
      /** 'none': evaluate only the model */
      baseline?: string;
      retrieval?: string;
      prompts: number;
      landmarks: number;
      describe: number;
      questions: number;
      trainingPoses: number;
      samples: number;
      temperature: number;
      sigmaScale: number;
      seed: number;
      pool: number;
      repeats: number;
      threads: number;
      json: boolean;
    }
  | {
      cmd: 'eval-retrieval';
      protocol: 'full' | 'pool';
      pool: number;
      repeats: number;
      seed: number;
      /** null: the whole test split */
      items: number | null;
      model?: string;
      baseline?: string;
      json: boolean;
    };

const common = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parse<O extends Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }>>(
  args: string[],
  options: O,
  what: string,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new UsageError(`${what}: ${message}`);
  }
}

function dataDirOf(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v.trim()) throw new UsageError('--data-dir needs a directory');
  return v;
}

function portOf(v: unknown): number {
  if (v === undefined) return 0;
  const s = String(v);
  if (!/^\d{1,5}$/.test(s) || Number(s) > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${s}"`);
  return Number(s);
}

function intOf(v: string | undefined, flag: string, min: number, max: number, fallback: number | undefined): number {
  if (v === undefined) {
    if (fallback === undefined) throw new UsageError(`${flag} is required`);
    return fallback;
  }
  const s = v.replace(/_/g, '');
  if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${v}"`);
  return Number(s);
}

function numberOf(v: string | undefined, flag: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!/^\d*\.?\d+$/.test(v) || !(x >= min && x <= max)) throw new UsageError(`${flag} must be a number from ${min} to ${max}, got "${v}"`);
  return x;
}

function parseEvalPolicy(args: string[]): Command {
  const { values } = parse(
    args,
    {
      model: { type: 'string' },
      baseline: { type: 'string' },
      retrieval: { type: 'string' },
      prompts: { type: 'string' },
      landmarks: { type: 'string' },
      describe: { type: 'string' },
      questions: { type: 'string' },
      'training-poses': { type: 'string' },
      samples: { type: 'string' },
      temperature: { type: 'string' },
      'sigma-scale': { type: 'string' },
      seed: { type: 'string' },
      pool: { type: 'string' },
      repeats: { type: 'string' },
      threads: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'eval policy',
  );
  if (values.help) return { cmd: 'help' };
  const cmd: Command = {
    cmd: 'eval-policy',
    prompts: intOf(values.prompts, '--prompts', 0, 100_000, 500),
    landmarks: intOf(values.landmarks, '--landmarks', 0, 100_000, 300),
    describe: intOf(values.describe, '--describe', 0, 100_000, 300),
    questions: intOf(values.questions, '--questions', 0, 100_000, 300),
    trainingPoses: intOf(values['training-poses'], '--training-poses', 0, 1_000_000, 2000),
    samples: intOf(values.samples, '--samples', 1, 256, 16),
    temperature: numberOf(values.temperature, '--temperature', 0, 2, 1),
    sigmaScale: numberOf(values['sigma-scale'], '--sigma-scale', 0, 3, 1),
    seed: intOf(values.seed, '--seed', 0, 0xffffffff, 1),
    pool: intOf(values.pool, '--pool', 2, 100_000, 32),
    repeats: intOf(values.repeats, '--repeats', 1, 1000, 10),
    threads: intOf(values.threads, '--threads', 1, 64, 1),
    json: values.json ?? false,
  };
  if (cmd.prompts === 1) throw new UsageError('eval policy: --prompts must be 0 or at least 2 (recall ranks prompts against each other)');
  for (const flag of ['model', 'baseline', 'retrieval'] as const) {
    const v = values[flag];
    if (v === undefined) continue;
    if (!v.trim()) throw new UsageError(`eval policy: --${flag} needs a directory`);
    cmd[flag] = v;
  }
  return cmd;
}

/** Parses the command line into a command; throws UsageError (exit code 2) for anything it does not understand. */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') return { cmd: 'help' };
  if (first === '-v' || first === '--version' || first === 'version') return { cmd: 'version' };

  if (first === 'serve') {
    const { values } = parse(
      rest,
      { ...common, host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' } },
      'serve',
    );
    if (values.help) return { cmd: 'help' };
    const host = values.host ?? '127.0.0.1';
    if (!host.trim()) throw new UsageError('--host needs an address');
    if (values.token !== undefined && values.token.length < 8) throw new UsageError('--token must be at least 8 characters');
    const cmd: Command = { cmd: 'serve', host, port: portOf(values.port), json: values.json ?? false };
    const dataDir = dataDirOf(values['data-dir']);
    if (dataDir) cmd.dataDir = dataDir;
    if (values.token !== undefined) cmd.token = values.token;
    return cmd;
  }

  if (first === 'info') {
    const { values } = parse(rest, common, 'info');
    if (values.help) return { cmd: 'help' };
    const dataDir = dataDirOf(values['data-dir']);
    return dataDir ? { cmd: 'info', json: values.json ?? false, dataDir } : { cmd: 'info', json: values.json ?? false };
  }

  if (first === 'db') {
    const [sub, ...more] = rest;
    if (sub !== 'check') throw new UsageError(sub === undefined ? 'db: missing subcommand (check)' : `db: unknown subcommand "${sub}"`);
    const { values } = parse(more, common, 'db check');
    if (values.help) return { cmd: 'help' };
    const dataDir = dataDirOf(values['data-dir']);
    return dataDir ? { cmd: 'db-check', json: values.json ?? false, dataDir } : { cmd: 'db-check', json: values.json ?? false };
  }

  if (first === 'data') {
    const [sub, ...more] = rest;
    if (sub !== 'build') throw new UsageError(sub === undefined ? 'data: missing subcommand (build)' : `data: unknown subcommand "${sub}"`);
    const { values } = parse(
      more,
      {
        task: { type: 'string' },
        count: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        workers: { type: 'string' },
        'shard-size': { type: 'string' },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      'data build',
    );
    if (values.help) return { cmd: 'help' };
    if (!values.task) throw new UsageError(`data build: --task is required (${TASK_KINDS.join(', ')} or all)`);
    const tasks = values.task === 'all' ? [...TASK_KINDS] : values.task.split(',').map((t) => t.trim());
    for (const t of tasks) if (!(TASK_KINDS as readonly string[]).includes(t)) throw new UsageError(`data build: unknown task "${t}" (${TASK_KINDS.join(', ')} or all)`);
    if (!values.out?.trim()) throw new UsageError('data build: --out DIR is required');
    const cmd: Command = {
      cmd: 'data-build',
      tasks: tasks as TaskKind[],
      count: intOf(values.count, '--count', 1, 10_000_000, undefined),
      seed: intOf(values.seed, '--seed', 0, 0xffffffff, undefined),
      out: values.out,
      force: values.force ?? false,
      json: values.json ?? false,
    };
    if (values.workers !== undefined) cmd.workers = intOf(values.workers, '--workers', 0, 64, undefined);
    if (values['shard-size'] !== undefined) cmd.shardSize = intOf(values['shard-size'], '--shard-size', 1, 1_000_000, undefined);
    return cmd;
  }

  if (first === 'generate') {
    const { values, positionals } = parse(
      rest,
      {
        samples: { type: 'string' },
        seed: { type: 'string' },
        temperature: { type: 'string' },
        'sigma-scale': { type: 'string' },
        model: { type: 'string', default: 'policy' },
        raw: { type: 'boolean', default: false },
        ...common,
      },
      'generate',
      true,
    );
    if (values.help) return { cmd: 'help' };
    if (positionals.length !== 1 || !positionals[0]!.trim()) throw new UsageError('generate: give the description as one quoted argument, e.g. pose-studio generate "kneeling with both arms raised"');
    const prompt = positionals[0]!.trim();
    if (prompt.length > 2000) throw new UsageError('generate: the description is longer than 2000 characters');
    const model = values.model;
    if (model !== 'policy' && model !== 'policy-deterministic') throw new UsageError(`generate: --model must be policy or policy-deterministic, got "${model}"`);
    const cmd: Command = {
      cmd: 'generate',
      prompt,
      samples: intOf(values.samples, '--samples', 1, 64, 16),
      temperature: numberOf(values.temperature, '--temperature', 0, 2, 1),
      sigmaScale: numberOf(values['sigma-scale'], '--sigma-scale', 0, 3, 1),
      model,
      withinLimits: !values.raw,
      json: values.json ?? false,
    };
    if (values.seed !== undefined) cmd.seed = intOf(values.seed, '--seed', 0, 0xffffffff, undefined);
    const dataDir = dataDirOf(values['data-dir']);
    if (dataDir !== undefined) cmd.dataDir = dataDir;
    return cmd;
  }

  if (first === 'video') {
    const { values, positionals } = parse(
      rest,
      { ...common, every: { type: 'string' }, model: { type: 'string', default: 'full' }, 'max-side': { type: 'string' }, 'no-refine': { type: 'boolean', default: false } },
      'video',
      true,
    );
    if (values.help) return { cmd: 'help' };
    if (positionals.length !== 1 || !positionals[0]!.trim()) throw new UsageError('video: give one video file, e.g. pose-studio video clip.mp4 --json');
    const model = values.model;
    if (model !== 'lite' && model !== 'full' && model !== 'heavy') throw new UsageError(`video: --model must be lite, full or heavy, got "${model}"`);
    const cmd: Command = {
      cmd: 'video',
      file: positionals[0]!,
      every: intOf(values.every, '--every', 1, 10_000, 1),
      model,
      maxSide: intOf(values['max-side'], '--max-side', 16, 1024, 512),
      refine: !values['no-refine'],
      json: values.json ?? false,
    };
    const dataDir = dataDirOf(values['data-dir']);
    if (dataDir !== undefined) cmd.dataDir = dataDir;
    return cmd;
  }

  if (first === 'finetune') {
    const { values } = parse(rest, { ...common, config: { type: 'string' }, resume: { type: 'string' }, threads: { type: 'string' } }, 'finetune');
    if (values.help) return { cmd: 'help' };
    if (values.config === undefined && values.resume === undefined) throw new UsageError('finetune: give --config FILE for a new run or --resume RUN');
    for (const flag of ['config', 'resume'] as const) if (values[flag] !== undefined && !values[flag].trim()) throw new UsageError(`finetune: --${flag} needs a value`);
    const cmd: Command = { cmd: 'finetune', threads: intOf(values.threads, '--threads', 1, 64, 1), json: values.json ?? false };
    if (values.config !== undefined) cmd.config = values.config;
    if (values.resume !== undefined) cmd.resume = values.resume;
    const dataDir = dataDirOf(values['data-dir']);
    if (dataDir !== undefined) cmd.dataDir = dataDir;
    return cmd;
  }

  if (first === 'eval') {
    const [sub, ...more] = rest;
    if (sub === 'policy') return parseEvalPolicy(more);
    if (sub !== 'retrieval') throw new UsageError(sub === undefined ? 'eval: missing subcommand (retrieval, policy)' : `eval: unknown subcommand "${sub}"`);
    const { values } = parse(
      more,
      {
        protocol: { type: 'string', default: 'full' },
        pool: { type: 'string' },
        repeats: { type: 'string' },
        seed: { type: 'string' },
        items: { type: 'string' },
        model: { type: 'string' },
        baseline: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      'eval retrieval',
    );
    if (values.help) return { cmd: 'help' };
    const protocol = values.protocol;
    if (protocol !== 'full' && protocol !== 'pool') throw new UsageError(`eval retrieval: --protocol must be full or pool, got "${protocol}"`);
    if (protocol === 'full' && (values.pool !== undefined || values.repeats !== undefined)) {
      throw new UsageError('eval retrieval: --pool and --repeats need --protocol pool');
    }
    const cmd: Command = {
      cmd: 'eval-retrieval',
      protocol,
      pool: intOf(values.pool, '--pool', 2, 100_000, 32),
      repeats: intOf(values.repeats, '--repeats', 1, 1000, 10),
      seed: intOf(values.seed, '--seed', 0, 0xffffffff, 1),
      items: values.items === 'all' ? null : intOf(values.items, '--items', 2, 1_000_000, 2500),
      json: values.json ?? false,
    };
    if (values.model !== undefined) cmd.model = values.model;
    if (values.baseline !== undefined) cmd.baseline = values.baseline;
    return cmd;
  }

  throw new UsageError(`unknown command "${first}"`);
}
