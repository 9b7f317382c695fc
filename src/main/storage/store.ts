import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StorageStatus } from '../../shared/api/contract';
import { StorageError } from './errors';
import { readStatus } from './inspect';
import { applyMigrations, type AppliedMigration } from './migrate';
import { DEFAULT_DB_FILE, loadDatabase } from './open';
import { migrations as builtInMigrations, type Migration } from './migrations';
import { editsRepo, type EditsRepo } from './repos/edits';
import { exportsRepo, type ExportsRepo } from './repos/exports';
import { generationsRepos, type CandidatesRepo, type GenerationsRepo } from './repos/generations';
import { modelsRepo, type ModelsRepo } from './repos/models';
import { sessionsRepo, type SessionsRepo } from './repos/sessions';
import {
  trainingRepos,
  type CheckpointsRepo,
  type RunMetricsRepo,
  type TrainingRunsRepo,
} from './repos/training';
import { videosRepos, type FrameEstimatesRepo, type VideosRepo } from './repos/videos';

export interface OpenStoreOptions {
  /** Created if missing. */
  dataDir: string;
  /**
   * Path of a better-sqlite3 addon built for the running runtime's ABI. Node (tests, CLI, server mode)
   * leaves it out and gets node_modules' build; the Electron main passes the copy that
   * scripts/prepare-electron-sqlite.mjs built against Electron's headers.
   */
  nativeBinding?: string;
  /** Database file name inside dataDir. */
  fileName?: string;
  /** How long a write waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** The schema to apply; defaults to this build's migrations. Tests pass their own lists. */
  migrations?: readonly Migration[];
}

export interface Store {
  readonly dataDir: string;
  readonly dbPath: string;
  /** Migrations this open applied (empty when the database was already current). */
  readonly appliedOnOpen: readonly AppliedMigration[];
  readonly sessions: SessionsRepo;
  readonly edits: EditsRepo;
  readonly models: ModelsRepo;
  readonly generations: GenerationsRepo;
  readonly candidates: CandidatesRepo;
  readonly videos: VideosRepo;
  readonly frameEstimates: FrameEstimatesRepo;
  readonly trainingRuns: TrainingRunsRepo;
  readonly runMetrics: RunMetricsRepo;
  readonly checkpoints: CheckpointsRepo;
  readonly exports: ExportsRepo;
  /** Runs fn in one transaction (nested calls become savepoints); a throw rolls everything back. */
  transaction<T>(fn: () => T): T;
  status(): StorageStatus;
  readonly isOpen: boolean;
  close(): void;
}

export { DEFAULT_DB_FILE };

/**
 * Opens (creating if needed) the studio's one SQLite database: WAL journal, foreign keys enforced, a busy
 * timeout, and every pending migration applied. Throws StorageError when the schema cannot be reconciled;
 * in that case nothing in the database has been changed.
 */
export function openStore(options: OpenStoreOptions): Store {
  const dataDir = path.resolve(options.dataDir);
  const dbPath = path.join(dataDir, options.fileName ?? DEFAULT_DB_FILE);
  const list = options.migrations ?? builtInMigrations;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    throw new StorageError(
      'open_failed',
      `cannot create the data directory ${dataDir}: ${(e as Error).message}`,
      { dataDir },
    );
  }

  const db = loadDatabase(dbPath, options.nativeBinding);
  let appliedOnOpen: AppliedMigration[];
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    // WAL: readers never block the writer, and a crash mid-write leaves the last committed state.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') {
      throw new StorageError(
        'open_failed',
        `cannot switch ${dbPath} to WAL journal mode (got ${String(mode)})`,
        { dbPath },
      );
    }
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    appliedOnOpen = applyMigrations(db, list);
  } catch (e) {
    db.close();
    if (e instanceof StorageError) throw e;
    throw new StorageError('open_failed', `cannot use the database ${dbPath}: ${(e as Error).message}`, {
      dbPath,
    });
  }

  const sessions = sessionsRepo(db);
  const edits = editsRepo(db);
  const models = modelsRepo(db);
  const { generations, candidates } = generationsRepos(db);
  const { videos, frameEstimates } = videosRepos(db);
  const { trainingRuns, runMetrics, checkpoints } = trainingRepos(db);
  const exportsR = exportsRepo(db);

  return {
    dataDir,
    dbPath,
    appliedOnOpen,
    sessions,
    edits,
    models,
    generations,
    candidates,
    videos,
    frameEstimates,
    trainingRuns,
    runMetrics,
    checkpoints,
    exports: exportsR,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    status(): StorageStatus {
      return readStatus(db, dataDir, dbPath, list);
    },
    get isOpen() {
      return db.open;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
