import { describe, expect, it } from 'vitest';
import { hygrpoAdvantages } from './advantages';
import { HYGRPO_PRESETS, HYGRPO_PRESET_NAMES, type HyGRPOConfig, advantageOptionsOf, hygrpoPreset, hygrpoSchedule, lossOptionsOf, validateHyGRPOConfig } from './config';

function errorsOf(input: unknown): string[] {
  const r = validateHyGRPOConfig(input);
  return r.ok ? [] : r.errors;
}

function edited(edit: (c: HyGRPOConfig) => void): HyGRPOConfig {
  const c = hygrpoPreset('quick-cpu');
  edit(c);
  return c;
}

describe('HyGRPOConfig presets', () => {
  it('every preset is valid, also after a JSON round trip (how runs are saved)', () => {
    for (const name of HYGRPO_PRESET_NAMES) {
      expect(errorsOf(HYGRPO_PRESETS[name]), name).toEqual([]);
      const r = validateHyGRPOConfig(JSON.parse(JSON.stringify(HYGRPO_PRESETS[name])));
      expect(r.ok && r.config).toEqual(HYGRPO_PRESETS[name]);
    }
  });

  it('grow from quick to gpu and hand out independent copies', () => {
    const [q, o, g] = HYGRPO_PRESET_NAMES.map((n) => HYGRPO_PRESETS[n]);
    expect(q!.steps).toBeLessThan(o!.steps);
    expect(o!.queriesPerStep * o!.groupSize).toBeLessThan(g!.queriesPerStep * g!.groupSize);
    const copy = hygrpoPreset('gpu');
    copy.clip.low = 0.1;
    copy.rewardWeights.format = 5;
    expect(HYGRPO_PRESETS.gpu.clip.low).toBe(0.2);
    expect(HYGRPO_PRESETS.gpu.rewardWeights.format).toBe(1);
  });
});

describe('validateHyGRPOConfig returns problems as data', () => {
  it('field errors carry their path', () => {
    const errors = errorsOf(
      edited((c) => {
        c.groupSize = 1;
        c.clip.low = 1;
        c.beta.pose = -0.1;
        c.sampling.sigmaScale = 0;
        c.seed = 1.5;
      }),
    );
    for (const path of ['groupSize', 'clip.low', 'beta.pose', 'sampling.sigmaScale', 'seed']) expect(errors.some((e) => e.startsWith(`${path}:`)), path).toBe(true);
    expect(errors).toHaveLength(5);
  });

  it('rejects unknown keys (a typo must not silently fall back to a default), unknown tasks and rewards', () => {
    const c = hygrpoPreset('quick-cpu') as unknown as Record<string, unknown>;
    c.lr = { ...(c.lr as object), peek: 1 };
    c.taskMix = { text2pose: 1, dance: 1 };
    c.rewardWeights = { ...(c.rewardWeights as object), preference: 1 };
    const errors = errorsOf(c);
    expect(errors.some((e) => e.startsWith('lr'))).toBe(true);
    expect(errors.some((e) => e.startsWith('taskMix'))).toBe(true);
    expect(errors.some((e) => e.startsWith('rewardWeights'))).toBe(true);
  });

  it('a missing reward weight is an error (the saved config must state every weight)', () => {
    const c = hygrpoPreset('quick-cpu') as unknown as { rewardWeights: Record<string, number> };
    delete c.rewardWeights.spatial;
    expect(errorsOf(c).some((e) => e.startsWith('rewardWeights.spatial'))).toBe(true);
  });

  it('non-objects are problems, not exceptions', () => {
    expect(errorsOf(null).length).toBeGreaterThan(0);
    expect(errorsOf('overnight-cpu').length).toBeGreaterThan(0);
    expect(errorsOf({ ...HYGRPO_PRESETS.gpu, kind: 'sft' }).some((e) => e.startsWith('kind'))).toBe(true);
  });

  it('cross-field problems: lr range, warm-up, empty task mix, zero eps with zero threshold', () => {
    expect(errorsOf(edited((c) => (c.lr = { schedule: 'cosine', peak: 1e-5, min: 1e-4, warmupSteps: 0 })))).toEqual([expect.stringMatching(/lr\.min/)]);
    expect(errorsOf(edited((c) => (c.lr.warmupSteps = 31)))).toEqual([expect.stringMatching(/warmupSteps/)]);
    expect(errorsOf(edited((c) => (c.taskMix = { text2pose: 0 })))).toEqual([expect.stringMatching(/taskMix/)]);
    expect(errorsOf(edited((c) => (c.advantage = { eps: 0, minStdDiscrete: 0, minStdContinuous: 1e-3 })))).toEqual([expect.stringMatching(/minStdDiscrete/)]);
  });

  it('a drawn pose task whose continuous rewards all weigh 0 is a problem, unless plainGrpo', () => {
    const noLandmarkReward = edited((c) => {
      c.rewardWeights.spatial = 0;
      c.rewardWeights.plausibility = 0;
    });
    expect(errorsOf(noLandmarkReward)).toEqual([expect.stringMatching(/landmarks2pose.*spatial, plausibility/)]);
    expect(errorsOf({ ...noLandmarkReward, plainGrpo: true })).toEqual([]);
    expect(errorsOf({ ...noLandmarkReward, taskMix: { text2pose: 1, pose2text: 1 } })).toEqual([]);
  });
});

describe('mappings to the stages', () => {
  it('schedule: constant, or warm-up then cosine from peak to min over the run', () => {
    const q = hygrpoPreset('quick-cpu');
    expect([0, 10, 29].map(hygrpoSchedule(q))).toEqual([2e-5, 2e-5, 2e-5]);
    const o = hygrpoPreset('overnight-cpu');
    const lr = hygrpoSchedule(o);
    expect(lr(0)).toBeCloseTo(o.lr.peak / o.lr.warmupSteps, 15);
    expect(lr(o.lr.warmupSteps)).toBeCloseTo(o.lr.peak, 15);
    expect(lr(o.steps)).toBeCloseTo(o.lr.min, 15);
  });

  it('loss and advantage options carry the config values', () => {
    const c = edited((x) => {
      x.clip = { low: 0.2, high: 0.28 };
      x.plainGrpo = true;
      x.advantage = { eps: 1e-6, minStdDiscrete: 0, minStdContinuous: 0.5 };
    });
    expect(lossOptionsOf(c)).toEqual({ clipLow: 0.2, clipHigh: 0.28, betaText: 0.04, betaPose: 0.1, klLogRatioClamp: 20, poseLogRatioClamp: 10, plainGrpo: true });
    // minStdContinuous 0.5 guards a continuous group of std 0.32 that the discrete branch still normalises.
    const a = hygrpoAdvantages({ discrete: [0.2, 0.8], continuous: [0.2, 0.65], valid: [1, 1], groupSize: 2 }, advantageOptionsOf(c));
    expect(Array.from(a.continuous)).toEqual([0, 0]);
    expect(a.discrete[1]).toBeCloseTo(0.3 / (Math.sqrt(0.18) + 1e-6), 12);
  });
});
