/** What the Poses page filters on: the library's names, tags and synonyms. */
export interface SearchablePose {
  id: string;
  name: string;
  category: string;
  tags: readonly string[];
  synonyms: readonly string[];
}

/** Lower-case, accents and punctuation folded to spaces, so "T-pose" matches "t pose". */
export function normalizeSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Poses in `category` (null: all) whose name, id, tags or synonyms contain every word of `query`, in library
 * order. A word matches the start of a word of the pose's text ("kne" finds "kneeling"; "eel" does not).
 */
export function filterPoses<T extends SearchablePose>(
  poses: readonly T[],
  category: string | null,
  query: string,
): T[] {
  const words = normalizeSearch(query).split(' ').filter(Boolean);
  return poses.filter((p) => {
    if (category && p.category !== category) return false;
    if (!words.length) return true;
    const haystack = ` ${normalizeSearch([p.name, p.id, ...p.tags, ...p.synonyms].join(' '))}`;
    return words.every((w) => haystack.includes(` ${w}`));
  });
}

/** Category ids as people read them: "gesture" → "Gesture". */
export function categoryLabel(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
