import { describe, expect, it } from 'vitest';
import { rotateHeading } from '../../../../shared/body';
import { loadTokenizer } from '../../text/tokenizer';
import { collate, encodePrompt, promptFeatures, JOINT_SLOTS, jointFeatures, LANDMARK_SLOTS, MODALITY_FEATURES, SequenceError, trainingSequence } from './sequence';
import { answerText } from './sampler';

const tok = loadTokenizer();
const pose = Float32Array.from({ length: 66 }, (_, i) => 0.01 * ((i * 7) % 13) - 0.05);
const landmarks = Float32Array.from({ length: 132 }, (_, i) => i / 132);

describe('policy sequences', () => {
  it('frames a prompt as <bos> … <sep> and expands the landmark slot into 33 positions with their numbers and index', () => {
    const p = encodePrompt(tok, '<LANDMARKS> What is the 3D pose of this person?', { landmarks });
    const features = promptFeatures(p);
    expect(p.ids[0]).toBe(tok.specials.bos);
    expect(p.ids.at(-1)).toBe(tok.specials.sep);
    const slots = p.ids.flatMap((id, i) => (id === tok.specials.landmarks ? [i] : []));
    expect(slots).toEqual(Array.from({ length: LANDMARK_SLOTS }, (_, k) => 1 + k));
    expect(features.length).toBe(p.ids.length * MODALITY_FEATURES);
    // Slot k carries landmark k's (x, y, z, visibility) and a one-hot at k; text positions carry nothing.
    for (const k of [0, 17, 32]) {
      const row = features.subarray((1 + k) * MODALITY_FEATURES, (2 + k) * MODALITY_FEATURES);
      expect(Array.from(row.subarray(0, 4))).toEqual(Array.from(landmarks.subarray(k * 4, k * 4 + 4)));
      expect(row.subarray(4, 4 + LANDMARK_SLOTS).reduce((a, b) => a + b, 0)).toBe(1);
      expect(row[4 + k]).toBe(1);
    }
    const textRow = features.subarray((1 + LANDMARK_SLOTS) * MODALITY_FEATURES, (2 + LANDMARK_SLOTS) * MODALITY_FEATURES);
    expect(textRow.every((v) => v === 0)).toBe(true);
  });

  it('expands <JOINTS> into 22 positions of heading-free 6D rotations', () => {
    const p = encodePrompt(tok, 'Look at this pose: <JOINTS> Is the right leg held straight?', { pose });
    const slots = p.ids.flatMap((id, i) => (id === tok.specials.joints ? [i] : []));
    expect(slots.length).toBe(JOINT_SLOTS);
    expect(slots.at(-1)! - slots[0]!).toBe(JOINT_SLOTS - 1);
    const j6 = jointFeatures(pose);
    const base = 4 + LANDMARK_SLOTS;
    const row = promptFeatures(p).subarray(slots[5]! * MODALITY_FEATURES, (slots[5]! + 1) * MODALITY_FEATURES);
    expect(Array.from(row.subarray(base, base + 6))).toEqual(Array.from(j6.subarray(30, 36)));
    expect(row[base + 6 + 5]).toBe(1);
    // Turning the whole body about the vertical changes nothing the model reads.
    const j6b = jointFeatures(rotateHeading(pose, 1.1));
    for (let i = 0; i < j6.length; i++) expect(j6b[i]).toBeCloseTo(j6[i]!, 4);
  });

  it('refuses a slot without its input, and a sequence over maxLen', () => {
    expect(() => encodePrompt(tok, '<LANDMARKS> Lift these.', {})).toThrow(SequenceError);
    expect(() => encodePrompt(tok, '<JOINTS> Describe this pose.', {})).toThrow(/no pose/);
    const long = 'The left knee is bent. '.repeat(60);
    try {
      trainingSequence(tok, long, 'Here is the pose: <POSE>.', {}, 128);
      expect.unreachable();
    } catch (e) {
      expect((e as SequenceError).code).toBe('too_long');
    }
  });

  it('marks the answer tokens for the loss and the <POSE> position for the head', () => {
    const s = trainingSequence(tok, 'Pose the body like this: the arms are raised.', 'Here is the pose: <POSE>.', {}, 256);
    expect(s.ids[s.answerStart - 1]).toBe(tok.specials.sep);
    expect(s.ids[s.posePos]).toBe(tok.specials.pose);
    expect(s.ids.at(-1)).toBe(tok.specials.eos);
    const t = trainingSequence(tok, '<JOINTS> Describe this pose.', 'The arms are raised.', { pose }, 256);
    expect(t.posePos).toBe(-1);

    const b = collate([s, t], tok.specials.pad);
    expect(b.T).toBe(Math.max(s.ids.length, t.ids.length));
    // Row 0: targets are the inputs shifted by one; the loss counts exactly the positions that predict answer tokens.
    for (let i = 0; i + 1 < s.ids.length; i++) expect(Number(b.targets[i])).toBe(s.ids[i + 1]);
    const counted = Array.from(b.answerMask.subarray(0, b.T)).reduce((a, v) => a + v, 0);
    expect(counted).toBe(s.ids.length - s.answerStart);
    expect(b.answerMask[s.answerStart - 2]).toBe(0);
    expect(b.answerMask[s.answerStart - 1]).toBe(1);
    expect(b.poseMask[s.posePos]).toBe(1);
    expect(Array.from(b.poseMask.subarray(b.T, 2 * b.T)).every((v) => v === 0)).toBe(true);
    // Row 1's features are its prompt's features at the row's offset; row 0 (text only) has none.
    const tf = promptFeatures(t);
    expect(Array.from(b.features.subarray(b.T * MODALITY_FEATURES, b.T * MODALITY_FEATURES + tf.length))).toEqual(Array.from(tf));
    expect(b.features.subarray(0, b.T * MODALITY_FEATURES).every((v) => v === 0)).toBe(true);
    // Padding is neither counted nor a target.
    expect(b.answerMask[b.T + t.ids.length - 1]).toBe(0);
  });

  it('writes an answer back as text with <POSE> where the pose sits', () => {
    const ids = tok.encode('Here is the pose: <POSE>.');
    expect(answerText(tok, ids)).toBe('Here is the pose: <POSE>.');
    expect(answerText(tok, [tok.specials.sep, ...tok.encode('Yes.')])).toBe('Yes.');
  });
});
