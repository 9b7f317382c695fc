import { defineLibraryPose as pose } from './define';
import { ARMS_DOWN } from './presets';
import type { LibraryPose } from '../types';

/**
 * Lying on the ground. The pelvis's global orientation tips the whole body: x −90 lies it on its back (face up),
 * +90 on its front, z −90 on its left side.
 */
export const LYING: readonly LibraryPose[] = [
  pose({
    id: 'lie-on-back',
    name: 'Lying on the back',
    category: 'lying',
    tags: ['lying', 'on the back', 'supine', 'face up', 'relaxed'],
    synonyms: ['supine', 'lying flat', 'lying face up'],
    actions: ['is lying on the back', 'is lying flat on the ground face up'],
    root: [-90, 0, 0],
    both: { ...ARMS_DOWN, hip: [0, 6, 0], ankle: [20, 0, 0] },
  }),
  pose({
    id: 'lie-on-back-knees-up',
    name: 'Lying on the back, knees bent',
    category: 'lying',
    tags: ['lying', 'on the back', 'supine', 'knees bent', 'feet flat'],
    synonyms: ['hook lying', 'crook lying'],
    actions: ['is lying on the back with the knees bent', 'is lying face up with the feet flat on the floor'],
    root: [-90, 0, 0],
    both: { hip: [-55, 6, 0], knee: [100, 0, 0], ankle: [15, 0, 0], shoulder: [78, 0, 0], elbow: [0, -10, 0] },
  }),
  pose({
    id: 'lie-arms-overhead',
    name: 'Lying stretched out, arms overhead',
    category: 'lying',
    tags: ['lying', 'on the back', 'supine', 'arms overhead', 'stretch'],
    synonyms: ['full body stretch', 'lying stretch'],
    actions: ['is lying on the back with the arms stretched overhead', 'is stretching out flat on the floor'],
    root: [-90, 0, 0],
    both: { shoulder: [-85, 0, 0], elbow: [0, -5, 0], ankle: [35, 0, 0] },
  }),
  pose({
    id: 'lie-on-side',
    name: 'Lying on the left side',
    category: 'lying',
    tags: ['lying', 'on the side', 'left side', 'side lying'],
    synonyms: ['side lying', 'lateral recumbent'],
    actions: ['is lying on the left side', 'is lying on one side'],
    root: [0, 0, -86],
    left: { shoulder: [-40, -70, 0], elbow: [0, -70, 0], hip: [-15, -12, 0], knee: [25, 0, 0] },
    right: { shoulder: [80, -25, 0], elbow: [0, -40, 0], hip: [-60, -12, 0], knee: [75, 0, 0] },
    centre: { neck: [0, 20, 0] },
  }),
  pose({
    id: 'lie-on-front',
    name: 'Lying on the front',
    category: 'lying',
    tags: ['lying', 'on the front', 'prone', 'face down', 'head turned'],
    synonyms: ['prone', 'lying face down', 'lying on the stomach'],
    actions: ['is lying on the front', 'is lying face down with the head turned to the side'],
    root: [90, 0, 0],
    // Arms swung down onto the floor beside the head (forearms and hands resting), chest and belly lowest.
    both: { shoulder: [-10, -13, -85], elbow: [0, -90, 0], hip: [0, 6, 0], ankle: [40, 0, 0] },
    centre: { neck: [-10, 0, 30], head: [0, 0, 30] },
  }),
  pose({
    id: 'lie-fetal',
    name: 'Curled up on the side',
    category: 'lying',
    tags: ['lying', 'on the side', 'curled up', 'fetal position', 'knees to chest'],
    synonyms: ['fetal position', 'curled up', 'foetal position'],
    actions: ['is curled up on the side', 'is lying in the fetal position'],
    root: [0, 0, -90],
    both: { hip: [-100, 5, 0], knee: [120, 0, 0], shoulder: [60, -65, 0], elbow: [0, -100, 0] },
    centre: { spine1: [12, 0, 0], spine2: [12, 0, 0], spine3: [10, 0, 0], neck: [15, 0, 0] },
  }),
  pose({
    id: 'lie-recovery-position',
    name: 'Recovery position',
    category: 'lying',
    tags: ['lying', 'on the side', 'recovery position', 'first aid', 'knee bent'],
    synonyms: ['recovery position', 'lateral safety position'],
    actions: ['is lying in the recovery position', 'is lying on the side with the upper knee bent forward'],
    root: [10, 0, -78],
    left: { shoulder: [0, -85, 0], elbow: [0, -10, 0], hip: [-10, -12, 0], knee: [20, 0, 0] },
    right: { shoulder: [60, -80, 0], elbow: [0, -115, 0], hip: [-90, -5, 0], knee: [90, 0, 0] },
    centre: { neck: [0, 15, 0] },
  }),
];
