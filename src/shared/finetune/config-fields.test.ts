// The form's fields are exactly the engine's config fields: every leaf of every preset (and every optional field
// the engine accepts) has a descriptor, and every descriptor names a field the validator accepts.
import { describe, expect, it } from 'vitest';
import { HYGRPO_PRESET_NAMES, hygrpoPreset, validateHyGRPOConfig } from '../../main/compute/rl/config';
import { CONFIG_FIELDS, CONFIG_GROUPS, FIXED_CONFIG_PATHS } from './config-fields';

function leaves(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [prefix];
  return Object.entries(v).flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k));
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[keys.at(-1)!] = value;
}

describe('CONFIG_FIELDS', () => {
  const paths = CONFIG_FIELDS.map((f) => f.path);

  it('covers every field of every preset, each once, with help text and a known group', () => {
    expect(new Set(paths).size).toBe(paths.length);
    for (const name of HYGRPO_PRESET_NAMES) {
      for (const leaf of leaves(hygrpoPreset(name))) {
        if ((FIXED_CONFIG_PATHS as readonly string[]).includes(leaf)) continue;
        expect(paths, `${name}: ${leaf}`).toContain(leaf);
      }
    }
    for (const f of CONFIG_FIELDS) {
      expect(f.help.length, f.path).toBeGreaterThan(10);
      expect(CONFIG_GROUPS).toContain(f.group);
    }
  });

  it('names only fields the validator accepts: a config with every field set passes, a wrong value fails at its path', () => {
    const cfg = hygrpoPreset('quick-cpu') as unknown as Record<string, unknown>;
    setPath(cfg, 'policy', '/some/policy');
    setPath(cfg, 'retrieval', '/some/retrieval');
    for (const [k, v] of Object.entries({ 'data.seed': 3, 'data.count': 100, 'data.shardSize': 100, 'data.pool': 50 })) setPath(cfg, k, v);
    const check = validateHyGRPOConfig(cfg);
    expect(check.ok, check.ok ? '' : check.errors.join('\n')).toBe(true);
    // Every numeric field's path is where the validator reports a problem with it.
    for (const f of CONFIG_FIELDS.filter((x) => x.kind === 'int' || x.kind === 'number')) {
      const bad = structuredClone(cfg);
      setPath(bad, f.path, -1.5);
      const r = validateHyGRPOConfig(bad);
      expect(r.ok, f.path).toBe(false);
      if (!r.ok) expect(r.errors.some((e) => e.startsWith(`${f.path}:`)), `${f.path}: ${r.errors.join('; ')}`).toBe(true);
    }
  });
});
