import { describe, expect, it } from 'vitest';
import { captionStyleQuery } from './query-phrasing';

describe('captionStyleQuery', () => {
  it('puts the subject and "is" in front of an action or a posture', () => {
    expect(captionStyleQuery('kneeling')).toBe('The person is kneeling.');
    expect(captionStyleQuery('  Lying on the back!  ')).toBe('The person is lying on the back.');
    expect(captionStyleQuery('in a deep squat')).toBe('The person is in a deep squat.');
  });

  it('says the person "has" a body part described', () => {
    expect(captionStyleQuery('left leg forward, arms out to the sides')).toBe('The person has left leg forward, arms out to the sides.');
    expect(captionStyleQuery('Both arms raised')).toBe('The person has both arms raised.');
    expect(captionStyleQuery('the head tilted')).toBe('The person has the head tilted.');
  });

  it('adds only the subject when the text starts with its verb', () => {
    expect(captionStyleQuery('is sitting on a chair')).toBe('The person is sitting on a chair.');
    expect(captionStyleQuery('has one knee on the ground')).toBe('The person has one knee on the ground.');
  });

  it('keeps a sentence that has its own subject, collapsing spaces only', () => {
    expect(captionStyleQuery('The person is kneeling with both arms raised.')).toBe('The person is kneeling with both arms raised.');
    expect(captionStyleQuery('a person   lying flat on the floor')).toBe('a person lying flat on the floor');
    expect(captionStyleQuery('Someone waves')).toBe('Someone waves');
    expect(captionStyleQuery('she is crouching')).toBe('she is crouching');
  });

  it('does not mistake words that merely start like a subject or a part', () => {
    expect(captionStyleQuery('theatrical bow')).toBe('The person is theatrical bow.');
    expect(captionStyleQuery('hesitating')).toBe('The person is hesitating.');
    expect(captionStyleQuery('armchair sitting')).toBe('The person is armchair sitting.');
  });

  it('leaves blank or punctuation-only text alone', () => {
    expect(captionStyleQuery('   ')).toBe('');
    expect(captionStyleQuery('?!')).toBe('?!');
  });
});
