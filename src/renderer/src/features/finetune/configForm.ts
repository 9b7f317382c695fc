/**
 * Reading and editing a run config by the dotted paths of CONFIG_FIELDS. The form holds the config as plain JSON
 * (the engine's validator in the backend judges it); an optional field left empty is removed, and the query-build
 * group (`data`) is removed when all of its fields are empty, so the engine's defaults apply.
 */
import type { ConfigField } from '@shared/finetune/config-fields';

export type ConfigJson = Record<string, unknown>;

export function getAt(config: ConfigJson, path: string): unknown {
  let cur: unknown = config;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A copy of `config` with `path` set to `value`; undefined removes the key (and an emptied optional group). */
export function setAt(config: ConfigJson, path: string, value: unknown): ConfigJson {
  const keys = path.split('.');
  const next = structuredClone(config);
  let cur: Record<string, unknown> = next;
  for (const key of keys.slice(0, -1)) {
    const child = cur[key];
    if (typeof child !== 'object' || child === null) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  // `data` is all or nothing in the engine; an emptied group goes back to the default build.
  if (keys[0] === 'data' && typeof next.data === 'object' && next.data !== null) {
    const d = next.data as Record<string, unknown>;
    if (['seed', 'count', 'shardSize', 'pool'].every((k) => d[k] === undefined)) delete next.data;
  }
  return next;
}

/** The value an input shows for a field: numbers as they are, absent optional values as ''. */
export function fieldValue(config: ConfigJson, f: ConfigField): string | number | boolean {
  const v = getAt(config, f.path);
  if (f.kind === 'boolean') return v === true;
  if (v === undefined || v === null) return '';
  return typeof v === 'number' || typeof v === 'string' ? v : String(v);
}

/** What an input's raw value becomes in the config: '' is "not set" for optional fields. */
export function parseFieldInput(f: ConfigField, raw: string | number | boolean): unknown {
  if (f.kind === 'boolean') return raw === true;
  if (f.kind === 'enum') return String(raw);
  if (f.kind === 'path') return String(raw).trim() === '' ? undefined : String(raw).trim();
  if (raw === '' || raw === null) return f.optional ? undefined : raw;
  const n = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(n) ? n : raw;
}

/** The validator's "path: message" lines that concern a field (its path or a path under it). */
export function errorsFor(errors: readonly string[], path: string): string[] {
  return errors.filter((e) => e.startsWith(`${path}:`) || e.startsWith(`${path}.`)).map((e) => e.slice(e.indexOf(':') + 1).trim());
}

/** Lines not tied to a field of the form (cross-field problems, unknown keys). */
export function generalErrors(errors: readonly string[], fields: readonly ConfigField[]): string[] {
  return errors.filter((e) => !fields.some((f) => e.startsWith(`${f.path}:`)));
}
