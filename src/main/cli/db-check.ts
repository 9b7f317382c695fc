import fs from 'node:fs';
import path from 'node:path';
import type { StorageStatus } from '../../shared/api/contract';
import { DEFAULT_DB_FILE, isStorageError, openStore } from '../storage';
import type { CliIO } from './io';

export interface DbCheckReport {
  ok: boolean;
  dataDir: string;
  dbPath: string;
  /** Null when the database could not be opened. */
  status: StorageStatus | null;
  /** Migrations this check had to apply because the database was behind this build. */
  appliedNow: Array<{ id: number; name: string }>;
  problems: string[];
}

/** What is wrong with a database, judged from its status; empty when it is healthy. */
export function findProblems(status: StorageStatus): string[] {
  const problems: string[] = [];
  if (status.integrity !== 'ok') problems.push(`integrity check failed: ${status.integrity}`);
  if (status.journalMode.toLowerCase() !== 'wal') problems.push(`journal mode is ${status.journalMode}, expected wal`);
  if (!status.foreignKeys) problems.push('foreign keys are not enforced');
  for (const m of status.migrations) {
    if (m.appliedAt === null) problems.push(`migration ${m.id} (${m.name}) is not applied`);
  }
  return problems;
}

/** `pose-studio db check`: integrity and migration status of the data directory's database. */
export function runDbCheck(opts: { dataDir: string; json: boolean; nativeBinding?: string }, io: CliIO): number {
  const dataDir = path.resolve(opts.dataDir);
  const dbPath = path.join(dataDir, DEFAULT_DB_FILE);
  const report: DbCheckReport = { ok: false, dataDir, dbPath, status: null, appliedNow: [], problems: [] };

  if (!fs.existsSync(dbPath)) {
    // A check must not create what it checks: a missing database is reported, not made.
    report.problems.push(`no database at ${dbPath}`);
  } else {
    try {
      const store = openStore({ dataDir, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
      try {
        report.appliedNow = store.appliedOnOpen.map((m) => ({ id: m.id, name: m.name }));
        report.status = store.status();
        report.problems.push(...findProblems(report.status));
      } finally {
        store.close();
      }
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
    io.out(`Journal mode: ${s.journalMode}; foreign keys ${s.foreignKeys ? 'on' : 'OFF'}; ${s.sizeBytes} bytes`);
    for (const m of s.migrations) {
      io.out(`Migration ${String(m.id).padStart(3, '0')} ${m.name}: ${m.appliedAt ? `applied ${m.appliedAt}` : 'PENDING'} (${m.hash.slice(0, 12)})`);
    }
    for (const m of report.appliedNow) io.out(`Applied now:  migration ${m.id} (${m.name})`);
  }
  if (report.ok) io.out('OK');
  else for (const p of report.problems) io.out(`PROBLEM: ${p}`);
  return report.ok ? 0 : 1;
}
