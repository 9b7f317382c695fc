import { defineLibraryPose as pose } from './define';
import { ARMS_UP } from './presets';
import type { LibraryPose } from '../types';

/** Airborne shapes. Poses carry no translation, so "in the air" is read from pointed feet and tucked or spread legs. */
export const JUMPING: readonly LibraryPose[] = [
  pose({
    id: 'jump-star',
    name: 'Star jump',
    category: 'jumping',
    tags: ['jumping', 'star jump', 'arms up', 'legs apart', 'in the air'],
    synonyms: ['jumping jack', 'star jump', 'spread eagle'],
    actions: ['is doing a star jump', 'is jumping with the arms and legs spread wide'],
    both: { shoulder: [-45, 0, 0], hip: [0, 30, 0], ankle: [35, 0, 0] },
  }),
  pose({
    id: 'jump-tuck',
    name: 'Tuck jump',
    category: 'jumping',
    tags: ['jumping', 'tuck jump', 'knees to chest', 'in the air'],
    synonyms: ['tuck jump', 'knee tuck', 'cannonball'],
    actions: ['is doing a tuck jump', 'is jumping with the knees pulled up to the chest'],
    both: { hip: [-110, 8, 0], knee: [125, 0, 0], ankle: [40, 0, 0], shoulder: [55, -60, 0], elbow: [0, -60, 0] },
  }),
  pose({
    id: 'jump-for-joy',
    name: 'Jumping for joy',
    category: 'jumping',
    tags: ['jumping', 'arms up', 'celebrating', 'knees bent', 'in the air'],
    synonyms: ['jump for joy', 'celebration jump', 'leap of joy'],
    actions: ['is jumping for joy with both arms raised', 'is leaping up in celebration'],
    both: { ...ARMS_UP, shoulder: [-65, -10, 0], hip: [-25, 6, 0], knee: [75, 0, 0], ankle: [45, 0, 0] },
    centre: { spine2: [-10, 0, 0], neck: [-20, 0, 0] },
  }),
  pose({
    id: 'jump-take-off',
    name: 'Jump take-off',
    category: 'jumping',
    tags: ['jumping', 'take-off', 'arms up', 'body extended', 'toes pointed'],
    synonyms: ['vertical jump', 'leaving the ground', 'springing up'],
    actions: ['is springing up into a jump', 'is taking off with the arms swinging up'],
    both: { collar: [-15, 0, 0], shoulder: [-60, -35, 0], elbow: [0, -10, 0], hip: [5, 4, 0], knee: [5, 0, 0], ankle: [55, 0, 0], foot: [0, 0, 0] },
    centre: { spine2: [-8, 0, 0], neck: [-15, 0, 0] },
  }),
  pose({
    id: 'jump-split-leap',
    name: 'Split leap',
    category: 'jumping',
    tags: ['jumping', 'leap', 'legs split', 'in the air', 'arms out'],
    synonyms: ['stag leap', 'split jump', 'leaping'],
    actions: ['is leaping with the legs split front and back', 'is in mid leap'],
    root: [10, 0, 0],
    left: { hip: [-85, 3, 0], knee: [5, 0, 0], ankle: [35, 0, 0], shoulder: [-20, -40, 0] },
    right: { hip: [40, 3, 0], knee: [10, 0, 0], ankle: [35, 0, 0], shoulder: [-10, 20, 0] },
  }),
];
