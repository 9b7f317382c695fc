import { describe, expect, it } from 'vitest';
import { jointIndex, jointLimitScore, mirrorPose, setJointAngles, jointAngles } from '../../../../shared/body';
import { POSE_CATEGORIES } from '../types';
import { plausibility, selfIntersections } from '../variation';
import { defineLibraryPose, mirrorAngles } from './define';
import { POSE_LIBRARY, libraryCategories, libraryPose, searchLibrary } from './index';

const count = (category: string): number => POSE_LIBRARY.filter((p) => p.category === category).length;

describe('pose library contents', () => {
  it('has at least 90 poses with unique kebab-case ids and unique names', () => {
    expect(POSE_LIBRARY.length).toBeGreaterThanOrEqual(90);
    const ids = POSE_LIBRARY.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const names = POSE_LIBRARY.map((p) => p.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('covers every category, with at least 12 yoga and 12 sports poses', () => {
    for (const c of POSE_CATEGORIES) expect(count(c), c).toBeGreaterThanOrEqual(4);
    expect(count('yoga')).toBeGreaterThanOrEqual(12);
    expect(count('sports')).toBeGreaterThanOrEqual(12);
    expect(libraryCategories().map((c) => c.category)).toEqual([...POSE_CATEGORIES]);
    expect(libraryCategories().reduce((s, c) => s + c.count, 0)).toBe(POSE_LIBRARY.length);
  });

  it('holds the poses the issue names', () => {
    const named = [
      'sit-chair', 'sit-cross-legged', 'sit-floor-legs-straight', 'kneel-left-knee', 'kneel-right-knee', 'kneel-both-knees',
      'squat-deep', 'lie-on-back', 'lie-on-side', 'lie-on-front', 'yoga-warrior-1', 'yoga-warrior-2', 'yoga-tree',
      'yoga-downward-dog', 'yoga-cobra', 'yoga-child', 'yoga-triangle', 'yoga-chair', 'yoga-mountain', 'yoga-boat',
      'yoga-bridge', 'yoga-plank', 'yoga-lotus', 'yoga-cat', 'yoga-cow', 'boxing-guard', 'tennis-serve', 'tennis-forehand',
      'golf-address', 'golf-follow-through', 'soccer-kick', 'basketball-shot', 'baseball-pitch', 'baseball-batting',
      'sprint-start', 'swimming-freestyle', 'volleyball-spike', 'skiing-tuck', 'archery-draw', 'dance-arabesque',
      'dance-plie', 'dance-disco-point', 'gesture-waving', 'gesture-pointing', 'gesture-arms-crossed',
      'gesture-hands-on-hips', 'gesture-thinking', 'gesture-shrugging', 'gesture-saluting', 'gesture-thumbs-up',
      'gesture-calling', 'gesture-clapping', 'gesture-facepalm', 'karate-front-stance', 'fight-front-kick',
      'fight-straight-punch', 'fight-guard',
    ];
    for (const id of named) expect(libraryPose(id), id).toBeDefined();
  });

  it('gives every pose a 66-number pose, lower-case tags, synonyms and action phrases that follow a subject', () => {
    for (const p of POSE_LIBRARY) {
      expect(p.pose, p.id).toBeInstanceOf(Float32Array);
      expect(p.pose.length).toBe(66);
      expect(p.pose.every(Number.isFinite), p.id).toBe(true);
      expect(p.tags.length, p.id).toBeGreaterThanOrEqual(3);
      for (const t of p.tags) expect(t, p.id).toBe(t.toLowerCase());
      expect(p.synonyms.length, p.id).toBeGreaterThanOrEqual(1);
      expect(p.actions.length, p.id).toBeGreaterThanOrEqual(2);
      for (const a of p.actions) expect(a, p.id).toMatch(/^(is|has) [a-z]/i);
    }
  });
});

describe('pose library plausibility', () => {
  // No tolerance: every authored angle lies inside the soft prior.
  it('keeps every joint inside its limits, with no tolerance (jointLimitScore)', () => {
    for (const p of POSE_LIBRARY) {
      expect(jointLimitScore(p.pose).violations, p.id).toEqual([]);
    }
  });

  it('has no capsule self-intersection deeper than the filter tolerance (3 cm)', () => {
    for (const p of POSE_LIBRARY) expect(selfIntersections(p.pose), p.id).toEqual([]);
  });

  it('passes the whole plausibility filter of the variation module (limits, capsules, ground sanity) with its defaults', () => {
    for (const p of POSE_LIBRARY) expect(plausibility(p.pose).reasons, p.id).toEqual([]);
  });
});

describe('defineLibraryPose', () => {
  it('writes right-limb angles as the mirror of the same left-convention numbers', () => {
    const p = defineLibraryPose({
      id: 'probe',
      name: 'probe',
      category: 'standing',
      tags: [],
      actions: [],
      left: { shoulder: [20, -30, 40], hip: [-50, 20, 10], elbow: [0, -60, 0] },
    });
    const q = defineLibraryPose({
      id: 'probe',
      name: 'probe',
      category: 'standing',
      tags: [],
      actions: [],
      right: { shoulder: [20, -30, 40], hip: [-50, 20, 10], elbow: [0, -60, 0] },
    });
    const m = mirrorPose(p.pose);
    expect(Array.from(q.pose).map((v) => +v.toFixed(5))).toEqual(Array.from(m).map((v) => +v.toFixed(5)));
  });

  it('mirrorAngles keeps x and negates y and z, as mirrorPose does in the joint frames', () => {
    const p = new Float32Array(66);
    setJointAngles(p, jointIndex('left_knee'), [10, 20, 30]);
    const got = jointAngles(mirrorPose(p), jointIndex('right_knee'));
    const want = mirrorAngles([10, 20, 30]);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
  });

  it('rejects ids that are not kebab-case and unknown joints', () => {
    expect(() => defineLibraryPose({ id: 'Bad Id', name: 'x', category: 'standing', tags: [], actions: [] })).toThrow(/kebab/);
    expect(() =>
      defineLibraryPose({ id: 'ok', name: 'x', category: 'standing', tags: [], actions: [], centre: { nape: [1, 0, 0] } as never }),
    ).toThrow(/unknown joint/);
  });
});

describe('searchLibrary and lookups', () => {
  it('finds tree pose first for "tree pose", and boxing by tag, case-insensitively', () => {
    expect(searchLibrary('tree pose')[0]?.id).toBe('yoga-tree');
    expect(searchLibrary('Tree Pose')[0]?.id).toBe('yoga-tree');
    expect(searchLibrary('boxing').map((p) => p.id)).toContain('boxing-guard');
    expect(searchLibrary('BOXING').map((p) => p.id)).toContain('boxing-guard');
  });

  it('matches synonyms and ignores accents; every query word must match', () => {
    expect(searchLibrary('vrksasana').map((p) => p.id)).toEqual(['yoga-tree']);
    expect(searchLibrary('plie')[0]?.id).toBe('dance-plie');
    expect(searchLibrary('grand jeté').map((p) => p.id)).toContain('dance-grand-jete');
    const kneelLeft = searchLibrary('kneeling left').map((p) => p.id);
    expect(kneelLeft).toContain('kneel-left-knee');
    expect(kneelLeft).not.toContain('kneel-right-knee');
    expect(searchLibrary('')).toEqual([]);
    expect(searchLibrary('zzz no such pose')).toEqual([]);
  });

  it('returns undefined for an unknown id', () => {
    expect(libraryPose('kneel-left-knee')?.name).toBe('Kneeling on the left knee');
    expect(libraryPose('nope')).toBeUndefined();
  });
});
