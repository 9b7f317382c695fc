import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS } from '@shared/finetune/config-fields';
import { errorsFor, fieldValue, generalErrors, getAt, parseFieldInput, setAt } from './configForm';

const field = (path: string) => CONFIG_FIELDS.find((f) => f.path === path)!;

describe('configForm', () => {
  const cfg = { steps: 30, lr: { peak: 2e-5, schedule: 'constant' }, taskMix: { text2pose: 2 } };

  it('reads and writes nested paths without touching the original', () => {
    expect(getAt(cfg, 'lr.peak')).toBe(2e-5);
    const next = setAt(cfg, 'lr.peak', 1e-4);
    expect(getAt(next, 'lr.peak')).toBe(1e-4);
    expect(cfg.lr.peak).toBe(2e-5);
    expect(getAt(setAt(cfg, 'clip.low', 0.1), 'clip.low')).toBe(0.1);
  });

  it('removes an emptied optional field, and the data group once all of it is empty', () => {
    const noMix = setAt(cfg, 'taskMix.text2pose', parseFieldInput(field('taskMix.text2pose'), ''));
    expect(getAt(noMix, 'taskMix')).toEqual({});
    let d = setAt(cfg, 'data.seed', 3);
    d = setAt(d, 'data.pool', 10);
    expect(d.data).toEqual({ seed: 3, pool: 10 });
    d = setAt(d, 'data.seed', undefined);
    expect(d.data).toEqual({ pool: 10 });
    d = setAt(d, 'data.pool', undefined);
    expect('data' in d).toBe(false);
  });

  it('parses inputs by kind: numbers, empty optional numbers, booleans, paths', () => {
    expect(parseFieldInput(field('steps'), 12)).toBe(12);
    expect(parseFieldInput(field('steps'), '7')).toBe(7);
    // A required number left empty stays empty: the validator, not the form, says it is missing.
    expect(parseFieldInput(field('steps'), '')).toBe('');
    expect(parseFieldInput(field('data.pool'), '')).toBeUndefined();
    expect(parseFieldInput(field('plainGrpo'), true)).toBe(true);
    expect(parseFieldInput(field('policy'), '  ')).toBeUndefined();
    expect(parseFieldInput(field('policy'), ' /m/p ')).toBe('/m/p');
    expect(fieldValue(cfg, field('data.pool'))).toBe('');
    expect(fieldValue(cfg, field('plainGrpo'))).toBe(false);
  });

  it('routes validator lines to their fields and keeps the rest general', () => {
    const errors = ['groupSize: Too small: expected number to be >=2', 'lr.min (1) must not exceed lr.peak (0.1)', 'taskMix: at least one task needs a positive weight', 'typo: unrecognized key'];
    expect(errorsFor(errors, 'groupSize')).toEqual(['Too small: expected number to be >=2']);
    expect(errorsFor(errors, 'lr.min')).toEqual([]);
    expect(generalErrors(errors, CONFIG_FIELDS)).toEqual(errors.slice(1));
  });
});
