import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { POSE_ANSWER_PATTERN, SPECIAL_TOKENS, describePrompt, landmarksPrompt, poseAnswer, questionPrompt, templateCorpus, textToPosePrompt } from './templates';

describe('task templates', () => {
  it('puts exactly one pose slot in every pose answer, matching the format pattern', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) {
      const a = poseAnswer(rng);
      expect(a.split(SPECIAL_TOKENS.pose).length).toBe(2);
      expect(POSE_ANSWER_PATTERN.test(a)).toBe(true);
    }
    expect(POSE_ANSWER_PATTERN.test('<POSE> <POSE>')).toBe(false);
    expect(POSE_ANSWER_PATTERN.test('No pose here.')).toBe(false);
  });

  it('carries the caption or the modality slot into prompts', () => {
    const rng = new Rng(2);
    for (let i = 0; i < 30; i++) {
      expect(textToPosePrompt('The knees are bent.', rng)).toContain('The knees are bent.');
      expect(landmarksPrompt(rng)).toContain(SPECIAL_TOKENS.landmarks);
      expect(describePrompt(rng)).toContain(SPECIAL_TOKENS.joints);
      expect(questionPrompt('Is the left hand up?', rng)).toMatch(/<JOINTS>.*Is the left hand up\?$/);
    }
  });

  it('lists its templates for the tokenizer corpus', () => {
    const corpus = templateCorpus();
    expect(corpus.length).toBeGreaterThan(15);
    expect(corpus.every((s) => s.length > 0)).toBe(true);
  });
});
