import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../storage';
import { runDbCheck, type DbCheckReport } from './db-check';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pose-dbcheck-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function check(dataDir: string): { code: number; report: DbCheckReport } {
  const out: string[] = [];
  const code = runDbCheck({ dataDir, json: true }, { out: (l) => out.push(l), err: () => {} });
  expect(out).toHaveLength(1);
  return { code, report: JSON.parse(out[0]!) as DbCheckReport };
}

describe('db check', () => {
  it('passes a healthy database', () => {
    const dataDir = tmp();
    const store = openStore({ dataDir });
    store.sessions.create({ name: 'a', kind: 'pose' });
    store.close();
    const { code, report } = check(dataDir);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.appliedNow).toEqual([]);
    expect(report.status?.integrity).toBe('ok');
    expect(report.status?.migrations.every((m) => m.appliedAt)).toBe(true);
  });

  it('reports a missing database without creating one', () => {
    const dataDir = tmp();
    const { code, report } = check(dataDir);
    expect(code).toBe(1);
    expect(report.problems).toEqual([`no database at ${path.join(dataDir, 'studio.sqlite')}`]);
    expect(fs.existsSync(path.join(dataDir, 'studio.sqlite'))).toBe(false);
  });

  it('reports a file that is not a database', () => {
    const dataDir = tmp();
    fs.writeFileSync(path.join(dataDir, 'studio.sqlite'), 'this is not SQLite '.repeat(300));
    const { code, report } = check(dataDir);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.problems.join(' ')).toMatch(/not a database/i);
  });

  it('prints a readable report without --json', () => {
    const dataDir = tmp();
    openStore({ dataDir }).close();
    const out: string[] = [];
    expect(runDbCheck({ dataDir, json: false }, { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out[0]).toBe(`Database:     ${path.join(dataDir, 'studio.sqlite')}`);
    expect(out).toContain('Integrity:    ok');
    expect(out.at(-1)).toBe('OK');
  });
});
