import { POSE_CATEGORIES, type LibraryPose, type PoseCategory } from '../types';
import { DANCE } from './dance';
import { FIGHTING } from './fighting';
import { GESTURES } from './gesture';
import { JUMPING } from './jumping';
import { KNEELING } from './kneeling';
import { RUNNING, WALKING } from './locomotion';
import { LYING } from './lying';
import { SITTING } from './sitting';
import { SPORTS } from './sports';
import { SQUATTING } from './squatting';
import { STANDING } from './standing';
import { YOGA } from './yoga';

export { defineLibraryPose, mirrorAngles, type Angles, type LibraryPoseSpec, type LimbAngles } from './define';

/** Every authored pose, in category order. Authored once; mirrored copies come from the variation module. */
export const POSE_LIBRARY: readonly LibraryPose[] = Object.freeze([
  ...STANDING,
  ...WALKING,
  ...RUNNING,
  ...SITTING,
  ...KNEELING,
  ...SQUATTING,
  ...LYING,
  ...JUMPING,
  ...YOGA,
  ...SPORTS,
  ...DANCE,
  ...GESTURES,
  ...FIGHTING,
]);

const BY_ID: ReadonlyMap<string, LibraryPose> = new Map(POSE_LIBRARY.map((p) => [p.id, p]));

/** The pose with this id, or undefined. */
export function libraryPose(id: string): LibraryPose | undefined {
  return BY_ID.get(id);
}

/** The categories that hold at least one pose, in POSE_CATEGORIES order, with their counts. */
export function libraryCategories(): { category: PoseCategory; count: number }[] {
  return POSE_CATEGORIES.map((category) => ({ category, count: POSE_LIBRARY.filter((p) => p.category === category).length })).filter(
    (c) => c.count > 0,
  );
}

const normalise = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9']+/g, ' ')
    .trim();

/**
 * Poses whose name, id, category, tags or synonyms match the query (case- and accent-insensitive). Every word of
 * the query must appear in the pose's text; poses whose name, tag or synonym equals the whole query rank first,
 * then those where it appears as a phrase.
 */
export function searchLibrary(query: string): LibraryPose[] {
  const q = normalise(query);
  if (!q) return [];
  const words = q.split(' ');
  const scored: { pose: LibraryPose; score: number; order: number }[] = [];
  POSE_LIBRARY.forEach((pose, order) => {
    const fields = [pose.name, pose.id.replace(/-/g, ' '), pose.category, ...pose.tags, ...pose.synonyms].map(normalise);
    const text = fields.join(' | ');
    if (!words.every((w) => text.includes(w))) return;
    const score = fields.some((f) => f === q) ? 2 : text.includes(q) ? 1 : 0;
    scored.push({ pose, score, order });
  });
  return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((s) => s.pose);
}
