import type { CallResponse } from '../../shared/api/contract';
import { ok } from '../../shared/api/errors';
import { POSE_LIBRARY } from '../compute/data/library';
import { POSE_CATEGORIES } from '../compute/data/types';
import type { HandlerTable } from './context';

type LibraryList = CallResponse<'library.list'>;

let listed: LibraryList | null = null;

/** The library is authored code and never changes while the app runs, so its wire form is built once. */
function libraryList(): LibraryList {
  if (listed) return listed;
  const counts = new Map<string, number>();
  for (const p of POSE_LIBRARY) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  listed = {
    poses: POSE_LIBRARY.map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      tags: [...p.tags],
      synonyms: [...p.synonyms],
      actions: [...p.actions],
      pose: Array.from(p.pose),
    })),
    categories: POSE_CATEGORIES.filter((c) => counts.has(c)).map((id) => ({ id, count: counts.get(id)! })),
  };
  return listed;
}

export const libraryHandlers: HandlerTable<'library.list'> = {
  'library.list': () => ok(libraryList()),
};
