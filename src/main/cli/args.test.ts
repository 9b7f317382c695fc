import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from './args';
import { runCli } from './run';

describe('parseCommand', () => {
  it('parses serve with defaults and with every option', () => {
    expect(parseCommand(['serve'])).toEqual({ cmd: 'serve', host: '127.0.0.1', port: 0, json: false });
    expect(
      parseCommand(['serve', '--port', '8123', '--host', '0.0.0.0', '--data-dir', '/d', '--token', 'secret-123', '--json']),
    ).toEqual({ cmd: 'serve', host: '0.0.0.0', port: 8123, dataDir: '/d', token: 'secret-123', json: true });
    expect(parseCommand(['serve', '--port=0'])).toMatchObject({ port: 0 });
  });

  it('parses finetune: --config or --resume, threads, data dir', () => {
    expect(parseCommand(['finetune', '--config', 'run.json'])).toEqual({ cmd: 'finetune', config: 'run.json', threads: 1, json: false });
    expect(parseCommand(['finetune', '--resume', 'abc', '--threads', '2', '--data-dir', '/d', '--json'])).toEqual({ cmd: 'finetune', resume: 'abc', threads: 2, dataDir: '/d', json: true });
    expect(() => parseCommand(['finetune'])).toThrow(/--config FILE for a new run or --resume RUN/);
    expect(() => parseCommand(['finetune', '--config', ' '])).toThrow(UsageError);
    expect(() => parseCommand(['finetune', '--config', 'a', '--threads', '0'])).toThrow(/--threads/);
  });

  it('parses info and db check', () => {
    expect(parseCommand(['info', '--json'])).toEqual({ cmd: 'info', json: true });
    expect(parseCommand(['db', 'check', '--data-dir', 'x'])).toEqual({ cmd: 'db-check', json: false, dataDir: 'x' });
    expect(parseCommand([])).toEqual({ cmd: 'help' });
    expect(parseCommand(['info', '--help'])).toEqual({ cmd: 'help' });
    expect(parseCommand(['--version'])).toEqual({ cmd: 'version' });
  });

  it('parses data build', () => {
    expect(parseCommand(['data', 'build', '--task', 'text2pose', '--count', '100_000', '--seed', '3', '--out', 'd'])).toEqual({
      cmd: 'data-build',
      tasks: ['text2pose'],
      count: 100000,
      seed: 3,
      out: 'd',
      force: false,
      json: false,
    });
    expect(parseCommand(['data', 'build', '--task', 'all', '--count', '5', '--seed', '0', '--out', 'd', '--workers', '0', '--force'])).toMatchObject({
      tasks: ['text2pose', 'pose2text', 'landmarks2pose', 'pose-qa'],
      workers: 0,
      force: true,
    });
    expect(parseCommand(['data', 'build', '--task', 'pose-qa,text2pose', '--count', '5', '--seed', '0', '--out', 'd', '--shard-size', '7'])).toMatchObject({
      tasks: ['pose-qa', 'text2pose'],
      shardSize: 7,
    });
  });

  it('parses eval retrieval with its defaults and options', () => {
    expect(parseCommand(['eval', 'retrieval', '--json'])).toEqual({ cmd: 'eval-retrieval', protocol: 'full', pool: 32, repeats: 10, seed: 1, items: 2500, json: true });
    expect(parseCommand(['eval', 'retrieval', '--protocol', 'pool', '--pool', '64', '--repeats', '3', '--items', 'all', '--model', 'm', '--baseline', 'b'])).toEqual({
      cmd: 'eval-retrieval',
      protocol: 'pool',
      pool: 64,
      repeats: 3,
      seed: 1,
      items: null,
      model: 'm',
      baseline: 'b',
      json: false,
    });
  });

  it('parses generate: the description, sampling settings and defaults', () => {
    expect(parseCommand(['generate', 'kneeling with both arms raised'])).toEqual({
      cmd: 'generate',
      prompt: 'kneeling with both arms raised',
      samples: 16,
      temperature: 1,
      sigmaScale: 1,
      model: 'policy',
      withinLimits: true,
      json: false,
    });
    expect(parseCommand(['generate', '--samples', '4', '--seed', '7', '--temperature', '0.5', '--sigma-scale', '0', '--model', 'policy-deterministic', '--raw', '--json', 'a lunge'])).toEqual({
      cmd: 'generate',
      prompt: 'a lunge',
      samples: 4,
      seed: 7,
      temperature: 0.5,
      sigmaScale: 0,
      model: 'policy-deterministic',
      withinLimits: false,
      json: true,
    });
    const bad: Array<[string[], RegExp]> = [
      [['generate'], /one quoted argument/],
      [['generate', 'a', 'b'], /one quoted argument/],
      [['generate', 'x', '--samples', '65'], /--samples must be an integer from 1 to 64/],
      [['generate', 'x', '--temperature', '2.5'], /--temperature must be a number from 0 to 2/],
      [['generate', 'x', '--sigma-scale', 'big'], /--sigma-scale must be a number/],
      [['generate', 'x', '--model', 'gpt'], /--model must be policy or policy-deterministic/],
    ];
    for (const [argv, re] of bad) expect(() => parseCommand(argv)).toThrow(re);
  });

  it('rejects what it does not understand with a usage error', () => {
    const bad: Array<[string[], RegExp]> = [
      [['serve', '--bogus'], /serve: Unknown option '--bogus'/],
      [['serve', '--port', '70000'], /--port must be an integer from 0 to 65535/],
      [['serve', '--port', '-1'], /--port/],
      [['serve', '--port', 'abc'], /--port must be an integer/],
      [['serve', '--token', 'short'], /--token must be at least 8/],
      [['serve', 'extra'], /serve: /],
      [['info', '--data-dir'], /info: /],
      [['db'], /db: missing subcommand/],
      [['db', 'vacuum'], /db: unknown subcommand "vacuum"/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['data'], /data: missing subcommand/],
      [['data', 'build', '--count', '5', '--seed', '1', '--out', 'd'], /--task is required/],
      [['data', 'build', '--task', 'walk', '--count', '5', '--seed', '1', '--out', 'd'], /unknown task "walk"/],
      [['data', 'build', '--task', 'all', '--count', '0', '--seed', '1', '--out', 'd'], /--count must be an integer from 1/],
      [['data', 'build', '--task', 'all', '--count', '5', '--seed', '-1', '--out', 'd'], /--seed/],
      [['data', 'build', '--task', 'all', '--count', '5', '--seed', '1'], /--out DIR is required/],
      [['eval'], /eval: missing subcommand \(retrieval, policy\)/],
      [['eval', 'frobnicate'], /eval: unknown subcommand "frobnicate"/],
      [['eval', 'retrieval', '--protocol', 'half'], /--protocol must be full or pool/],
      [['eval', 'retrieval', '--pool', '16'], /--pool and --repeats need --protocol pool/],
      [['eval', 'retrieval', '--protocol', 'pool', '--pool', '1'], /--pool must be an integer from 2/],
      [['eval', 'retrieval', '--items', '1'], /--items must be an integer from 2/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseCommand(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseCommand(argv), argv.join(' ')).toThrow(message);
    }
  });
});

describe('runCli', () => {
  it('exits 2 with the error and the usage on stderr for a bad command line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['serve', '--nope'], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toBe("pose-studio: serve: Unknown option '--nope'");
    expect(err.join('\n')).toMatch(/Usage: pose-studio <command>/);
  });

  it('prints the version', async () => {
    const out: string[] = [];
    expect(await runCli(['--version'], { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+/)]);
  });
});
