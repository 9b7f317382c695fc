import { describe, expect, it } from 'vitest';
import { BYTE_TO_CHAR, countWords, preTokenize, referenceEncoder, splitOnSpecials, toByteChars, trainBpe } from './bpe-trainer';

const SPECIALS = ['<pad>', '<POSE>'];

describe('byte alphabet and pre-tokenisation', () => {
  it('maps all 256 bytes to distinct printable characters (space is Ġ, newline is Ċ)', () => {
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    expect(BYTE_TO_CHAR[0x20]).toBe('Ġ');
    expect(BYTE_TO_CHAR[0x0a]).toBe('Ċ');
    expect(BYTE_TO_CHAR[0x41]).toBe('A');
    expect(toByteChars('é')).toBe('Ã©');
  });

  it('cuts like GPT-2: a leading space stays with the word, letters, digits and punctuation apart', () => {
    expect(preTokenize("The knee's bent 90 degrees.")).toEqual(['The', 'Ġknee', "'s", 'Ġbent', 'Ġ90', 'Ġdegrees', '.']);
    expect(preTokenize('a   b')).toEqual(['a', 'ĠĠ', 'Ġb']);
  });

  it('cuts special strings out before anything else, longest first', () => {
    expect(splitOnSpecials('x<POSE>. <pad>', SPECIALS)).toEqual([
      { text: 'x', special: false },
      { text: '<POSE>', special: true },
      { text: '. ', special: false },
      { text: '<pad>', special: true },
    ]);
    expect(splitOnSpecials('<POSE', SPECIALS)).toEqual([{ text: '<POSE', special: false }]);
  });
});

describe('BPE training', () => {
  it('learns the merges worked out by hand (most frequent first, ties by lexicographic pair)', () => {
    // Pre-tokens: the ×2, Ġcat, Ġhat. Pair counts: (a,t)=(h,e)=(t,h)=2 → 'a'+'t' first (a < h < t);
    // then (h,e)=(t,h)=2 → 'h'+'e'; then (t,he)=2 → 'the'; every other pair occurs once and is not merged.
    const m = trainBpe(['the cat', 'the hat'], { specials: SPECIALS, vocabSize: 1000 });
    expect(m.merges).toEqual([
      ['a', 't'],
      ['h', 'e'],
      ['t', 'he'],
    ]);
    expect(m.vocab.slice(0, 2)).toEqual(SPECIALS);
    expect(m.vocab.slice(2 + 256)).toEqual(['at', 'he', 'the']);
  });

  it('counts overlapping pairs per occurrence and merges left to right', () => {
    // abab, ab, ba: (a,b)=3, (b,a)=2 → 'ab'; then (ab,ab)=1 and (b,a)=1 tie: 'ab' < 'b' → 'abab', then 'ba'.
    const texts = ['abab', 'ab', 'ba'];
    expect(trainBpe(texts, { specials: SPECIALS }).merges).toEqual([['a', 'b']]);
    expect(trainBpe(texts, { specials: SPECIALS, minFrequency: 1 }).merges).toEqual([
      ['a', 'b'],
      ['ab', 'ab'],
      ['b', 'a'],
    ]);
  });

  it('stops at the vocabulary size', () => {
    const m = trainBpe(['the cat', 'the hat'], { specials: SPECIALS, vocabSize: 2 + 256 + 2 });
    expect(m.vocab.length).toBe(260);
    expect(m.merges).toEqual([
      ['a', 't'],
      ['h', 'e'],
    ]);
  });

  it('never learns from special strings', () => {
    const m = trainBpe(['<POSE><POSE> <POSE>', 'x <POSE> x <POSE>'], { specials: SPECIALS, minFrequency: 1 });
    expect(countWords(['<POSE><POSE> <POSE>'], SPECIALS)).toEqual(new Map([['Ġ', 1]]));
    expect(m.merges.flat().some((t) => t.includes('<') || t.includes('P'))).toBe(false);
  });

  it('is deterministic and does not depend on the order of the texts', () => {
    const texts = ['The left knee is bent.', 'The right arm is raised above the head.', 'Both knees are bent, the arms are down.'];
    const a = trainBpe(texts, { specials: SPECIALS, vocabSize: 300, minFrequency: 1 });
    const b = trainBpe([...texts].reverse(), { specials: SPECIALS, vocabSize: 300, minFrequency: 1 });
    expect(b).toEqual(a);
  });

  it('the reference encoder reproduces training segmentations and keeps specials whole', () => {
    const m = trainBpe(['the cat', 'the hat'], { specials: SPECIALS });
    const enc = referenceEncoder(m);
    const id = (t: string) => m.vocab.indexOf(t);
    expect(enc('the cat<POSE>')).toEqual([id('the'), id('Ġ'), id('c'), id('at'), id('<POSE>')]);
  });
});
