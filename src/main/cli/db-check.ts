import fs from 'node:fs';
import path from 'node:path';
import type { StorageStatus } from '../../shared/api/contract';
import { DEFAULT_DB_FILE, inspectStore, isStorageError, type Migration, type StoreInspection } from '../storage';
import type { CliIO } from './io';

export interface DbCheckReport {
  ok: boolean;
  dataDir: string;
  dbPath: string;
  /** Null when the database could not be opened. */
  status: StorageStatus | null;
  /** Migrations this build has and the database lacks; the studio applies them when it next opens it. */
  pending: StoreInspection['pending'];
  edited: StoreInspection['edited'];
  unknown: StoreInspection['unknown'];
  problems: string[];
}

/** What is wrong with a database, judged from a read-only inspection; empty when it is healthy. */
export function findProblems(inspection: StoreInspection): string[] {
  const { status } = inspection;
  const problems: string[] = [];
  if (status.integrity !== 'ok') problems.push(`integrity check failed: ${status.integrity}`);
  if (status.journalMode.toLowerCase() !== 'wal') problems.push(`journal mode is ${status.journalMode}, expected wal`);
  if (inspection.foreignKeyViolations > 0) {
    problems.push(`${inspection.foreignKeyViolations} row(s) violate a foreign key`);
  }
  for (const m of inspection.edited) {
    problems.push(
      `migration ${m.id} (${m.appliedName}) was edited after it was applied: recorded sha256 ${m.appliedHash}, this build has ${m.currentHash}${m.name !== m.appliedName ? ` and name ${m.name}` : ''}`,
    );
  }
  for (const m of inspection.unknown) {
    problems.push(`migration ${m.id} (${m.name}) is unknown to this build: the database was written by a newer version`);
  }
  return problems;
}

export interface DbCheckOptions {
  dataDir: string;
  json: boolean;
  nativeBinding?: string;
  /** The migration list to compare with; this build's by default (tests pass their own). */
  migrations?: readonly Migration[];
}

/**
 * `pose-studio db check`: integrity and migration status of the data directory's database. It only reads:
 * the file is opened read-only and pending migrations are reported, never applied.
 */
export function runDbCheck(opts: DbCheckOptions, io: CliIO): number {
  const dataDir = path.resolve(opts.dataDir);
  const dbPath = path.join(dataDir, DEFAULT_DB_FILE);
  const report: DbCheckReport = { ok: false, dataDir, dbPath, status: null, pending: [], edited: [], unknown: [], problems: [] };

  if (!fs.existsSync(dbPath)) {
    // A check must not create what it checks: a missing database is reported, not made.
    report.problems.push(`no database at ${dbPath}`);
  } else {
    try {
      const inspection = inspectStore({
        dataDir,
        ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
        ...(opts.migrations ? { migrations: opts.migrations } : {}),
      });
      report.status = inspection.status;
      report.pending = inspection.pending;
      report.edited = inspection.edited;
      report.unknown = inspection.unknown;
      report.problems.push(...findProblems(inspection));
    } catch (e) {
      if (isStorageError(e)) report.problems.push(`${e.code}: ${e.message}`);
      else report.problems.push(`cannot check the database: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  report.ok = report.problems.length === 0;

  if (opts.json) {
    io.out(JSON.stringify(report));
    return report.ok ? 0 : 1;
  }
  io.out(`Database:     ${report.dbPath}`);
  const s = report.status;
  if (s) {
    io.out(`Integrity:    ${s.integrity}`);
    io.out(`Journal mode: ${s.journalMode}; ${s.sizeBytes} bytes`);
    const edited = new Set(report.edited.map((m) => m.id));
    for (const m of s.migrations) {
      const state = edited.has(m.id) ? 'EDITED' : m.appliedAt ? `applied ${m.appliedAt}` : 'PENDING';
      io.out(`Migration ${String(m.id).padStart(3, '0')} ${m.name}: ${state} (${m.hash.slice(0, 12)})`);
    }
    for (const m of report.unknown) io.out(`Migration ${String(m.id).padStart(3, '0')} ${m.name}: UNKNOWN to this build`);
    if (report.pending.length > 0) {
      io.out(
        `Pending:      ${report.pending.length} migration(s); the studio applies them when it next opens this database (this check changed nothing)`,
      );
    }
  }
  if (report.ok) io.out('OK');
  else for (const p of report.problems) io.out(`PROBLEM: ${p}`);
  return report.ok ? 0 : 1;
}
