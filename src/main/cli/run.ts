import { existsSync } from 'node:fs';
/** Exit codes: 0 success, 1 a check or command failed, 2 usage error. */
import { isStorageError } from '../storage';
import { appVersion, defaultDataDir } from '../services/app-paths';
import { parseCommand, USAGE, UsageError, type Command } from './args';
import { runDbCheck } from './db-check';
import { runInfo } from './info';
import { processIO, type CliIO } from './io';
import { runServe } from './serve';

/** The built worker script beside the built CLI (out/main/data-worker.js); undefined when running from source. */
function dataWorkerUrl(): URL | undefined {
  const url = new URL('./data-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(url) ? url : undefined;
}

export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`pose-studio: ${e.message}`);
      io.err('');
      io.err(USAGE);
      return 2;
    }
    throw e;
  }
  try {
    switch (command.cmd) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'version':
        io.out(appVersion());
        return 0;
      case 'serve':
        return await runServe({ ...command, dataDir: command.dataDir ?? defaultDataDir() }, io);
      case 'info':
        return await runInfo({ dataDir: command.dataDir ?? defaultDataDir(), json: command.json }, io);
      case 'db-check':
        return runDbCheck({ dataDir: command.dataDir ?? defaultDataDir(), json: command.json }, io);
      case 'data-build': {
        // Loaded on demand: the data engine (library, captioner, …) is not needed to serve the studio.
        const { runDataBuild } = await import('./data-build');
        return await runDataBuild({ ...command, workerUrl: dataWorkerUrl(), interactive: process.stderr.isTTY === true }, io);
      }
      case 'generate': {
        const { runGenerate } = await import('./generate');
        return await runGenerate({ ...command, dataDir: command.dataDir ?? defaultDataDir() }, io);
      }
      case 'video': {
        const { runVideo } = await import('./video');
        // Ctrl-C stops after the frame in flight; the frames analysed so far stay stored.
        const stop = new AbortController();
        const onSigint = () => stop.abort();
        process.once('SIGINT', onSigint);
        try {
          return await runVideo({ ...command, dataDir: command.dataDir ?? defaultDataDir(), signal: stop.signal }, io);
        } finally {
          process.off('SIGINT', onSigint);
        }
      }
      case 'finetune': {
        const { runFinetune } = await import('./finetune');
        return await runFinetune({ ...command, dataDir: command.dataDir ?? defaultDataDir(), interactive: process.stderr.isTTY === true }, io);
      }
      case 'eval-policy': {
        const { runEvalPolicy } = await import('./eval-policy');
        return await runEvalPolicy(command, io);
      }
      case 'eval-retrieval': {
        const { runEvalRetrieval } = await import('./eval-retrieval');
        return await runEvalRetrieval(command, io);
      }
    }
  } catch (e) {
    const message = isStorageError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    io.err(`pose-studio: ${message}`);
    return 1;
  }
}
