import { describe, expect, it } from 'vitest';
import { POSE_LIBRARY } from '../library';
import { Rng } from '../random';
import { mirrorLibraryPose, samplePose } from '../variation';
import { caption } from './caption';
import { parseCaption } from './parse';
import type { Posecode } from './posecode';

const keys = (ps: readonly Posecode[]): string[] => ps.map((p) => `${p.code}=${p.category}`).sort();

describe('parseCaption', () => {
  it('reads back exactly the posecodes of at least 95% of the captioner’s captions (library poses with names and actions, mirrors, sampled poses)', () => {
    const rng = new Rng(17);
    let exact = 0;
    let claims = 0;
    let recovered = 0;
    const N = 400;
    for (let i = 0; i < N; i++) {
      let pose: Float32Array;
      let opts = {};
      if (i % 2 === 0) {
        let p = rng.pick(POSE_LIBRARY);
        if (rng.chance(0.5)) p = mirrorLibraryPose(p);
        pose = p.pose;
        opts = { name: p.name, category: p.category, tags: p.tags, action: p.actions.length ? rng.pick(p.actions) : undefined };
      } else pose = samplePose(rng);
      const c = caption(pose, rng, { ...opts, maxCodes: 3 + rng.int(10) });
      const got = keys(parseCaption(c.text).posecodes);
      const want = keys(c.posecodes);
      if (got.join(';') === want.join(';')) exact++;
      claims += want.length;
      recovered += want.filter((k) => got.includes(k)).length;
    }
    expect(exact / N).toBeGreaterThanOrEqual(0.95);
    expect(recovered / claims).toBeGreaterThanOrEqual(0.98);
  });

  it('undoes side reversal, symmetry, entity grouping, shared subjects and objects, and with-clauses', () => {
    expect(keys(parseCaption('The head is below the left hand.').posecodes)).toEqual(['y:left_hand-head=above']);
    expect(keys(parseCaption('Both hands are above the hips.').posecodes)).toEqual(['y:left_hand-left_hip=above', 'y:right_hand-right_hip=above']);
    expect(keys(parseCaption('The left leg is in front of the torso.').posecodes)).toEqual(['z:left_ankle-torso=in front', 'z:left_knee-torso=in front']);
    expect(keys(parseCaption('The left arm is behind the torso.').posecodes)).toEqual(['z:left_elbow-torso=behind', 'z:left_hand-torso=behind']);
    expect(keys(parseCaption('The left knee and the right elbow are bent at a right angle.').posecodes)).toEqual(['angle:left_knee=right angle', 'angle:right_elbow=right angle']);
    expect(keys(parseCaption('Her left hand is above her head and close to her right knee with her feet very wide apart.').posecodes)).toEqual([
      'distance:feet=wide',
      'distance:left_hand-right_knee=close',
      'y:left_hand-head=above',
    ]);
    expect(keys(parseCaption('They are kneeling while their arms are held straight up.').posecodes)).toEqual(['super:arms_up=arms raised overhead', 'super:kneeling=kneeling']);
  });

  it('skips the name / action / category sentence, which asserts no posecode', () => {
    const r = parseCaption('Someone is in the "Warrior II" pose. The left knee is bent at a right angle.');
    expect(r.context).toBe(true);
    expect(keys(r.posecodes)).toEqual(['angle:left_knee=right angle']);
    expect(parseCaption('The person is doing yoga.').posecodes).toEqual([]);
    expect(parseCaption('The person is doing yoga.').unparsed).toEqual([]);
  });

  it('keeps the readable pieces of an imperfect text and reports the rest', () => {
    const r = parseCaption('The left knee is straight while the moon is bright. Blah blah.');
    expect(keys(r.posecodes)).toEqual(['angle:left_knee=straight']);
    expect(r.unparsed).toEqual(['the moon is bright', 'blah blah']);
    expect(parseCaption('').posecodes).toEqual([]);
    expect(parseCaption('   ').sentences).toBe(0);
  });
});
