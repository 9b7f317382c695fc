import { describe, expect, it } from 'vitest';
import { calls, GENERATE_LIMITS } from '@shared/api';
import { DEFAULT_FORM, TRAIN_POLICY_COMMAND, codeSpans, generateErrorView, progressLabel, runRequest } from './generateSettings';

describe('generate form', () => {
  it('builds a request the contract accepts, with a seed only when it is fixed', () => {
    const r = runRequest({ ...DEFAULT_FORM, prompt: '  kneeling, arms up ', seed: 42 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.req).toEqual({ prompt: 'kneeling, arms up', samples: 16, temperature: 1, sigmaScale: 1, model: 'policy', withinLimits: true });
    expect(calls['generate.run'].request.safeParse(r.req).success).toBe(true);
    const fixed = runRequest({ ...DEFAULT_FORM, prompt: 'x', seed: 42, fixedSeed: true, model: 'policy-deterministic' });
    expect(fixed.ok && fixed.req.seed).toBe(42);
    expect(fixed.ok && fixed.req.model).toBe('policy-deterministic');
    const raw = runRequest({ ...DEFAULT_FORM, prompt: 'x', withinLimits: false });
    expect(raw.ok && raw.req.withinLimits).toBe(false);
  });

  it('clamps numbers into the contract limits and refuses an empty prompt', () => {
    const r = runRequest({ ...DEFAULT_FORM, prompt: 'x', samples: 500, temperature: -1, sigmaScale: Number.NaN, seed: -5, fixedSeed: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.req.samples).toBe(GENERATE_LIMITS.maxSamples);
    expect(r.req.temperature).toBe(0);
    expect(r.req.sigmaScale).toBe(GENERATE_LIMITS.defaultSigmaScale);
    expect(r.req.seed).toBe(0);
    expect(calls['generate.run'].request.safeParse(r.req).success).toBe(true);
    expect(runRequest({ ...DEFAULT_FORM, prompt: '   ' })).toEqual({ ok: false, reason: 'Describe the pose you want first.' });
    expect(runRequest({ ...DEFAULT_FORM, prompt: 'a'.repeat(GENERATE_LIMITS.maxPromptChars + 1) }).ok).toBe(false);
  });

  it('tells a missing model apart, with the training command unless the message names it', () => {
    const v = generateErrorView({ code: 'not_found', message: 'No policy model is installed.' });
    expect(v.command).toBe(TRAIN_POLICY_COMMAND);
    expect(v.severity).toBe('warning');
    const named = generateErrorView({ code: 'not_found', message: 'Missing. Train it with `node --import tsx scripts/train-policy.ts --head deterministic`.' });
    expect(named.command).toBeNull();
    expect(codeSpans(named.message)).toEqual([
      { code: false, text: 'Missing. Train it with ' },
      { code: true, text: 'node --import tsx scripts/train-policy.ts --head deterministic' },
      { code: false, text: '.' },
    ]);
    expect(generateErrorView({ code: 'internal', message: 'boom' })).toMatchObject({ command: null, message: 'boom (internal)' });
  });

  it('words progress as a status line', () => {
    expect(progressLabel(null)).toBe('Starting the model…');
    expect(progressLabel({ fraction: 0.05, message: 'sampling' })).toBe('Sampling… 5%');
    expect(progressLabel({ fraction: 1, message: 'Done.' })).toBe('Done. 100%');
    expect(progressLabel({ fraction: 0.5, message: '' })).toBe('Working… 50%');
  });
});
