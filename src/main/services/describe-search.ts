import { z } from 'zod';
import type { CallResponse, DescribedPose } from '../../shared/api/contract';
import { err, ok } from '../../shared/api/errors';
import { POSE_LIBRARY } from '../compute/data/library';
import type { LibraryPose } from '../compute/data/types';
import { MIRROR_SUFFIX, mirrorLibraryPose } from '../compute/data/variation';
import type { HandlerTable } from './context';

/** What the compute process's `retrieval.rankLibrary` answers (checked: it is another process). */
const RankLibraryResult = z.object({
  results: z.array(z.object({ id: z.string(), score: z.number().finite() })),
  query: z.string(),
  model: z.string(),
});

let byId: ReadonlyMap<string, LibraryPose> | null = null;

/** Every library pose and every mirror image by id: the compute process names its candidates with these ids. */
function posesById(): ReadonlyMap<string, LibraryPose> {
  byId ??= new Map([...POSE_LIBRARY, ...POSE_LIBRARY.map(mirrorLibraryPose)].map((p) => [p.id, p]));
  return byId;
}

const clampCosine = (s: number): number => Math.min(1, Math.max(-1, s));

export const describeSearchHandlers: HandlerTable<'library.describeSearch'> = {
  /**
   * The ranking runs in the compute process (ONNX Runtime, and the library's embeddings cached beside the model);
   * it ranks every candidate, and the filters and the limit apply here, so a category still gets its best `limit`.
   */
  'library.describeSearch': async (req, { compute }, call) => {
    const r = await compute.request('retrieval.rankLibrary', { text: req.text }, { signal: call.signal });
    if (!r.ok) return r;
    const parsed = RankLibraryResult.safeParse(r.value);
    if (!parsed.success) return err('internal', 'library.describeSearch: the compute process sent an unreadable result.');
    const poses = posesById();
    const matched: DescribedPose[] = [];
    for (const { id, score } of parsed.data.results) {
      const p = poses.get(id);
      if (!p) return err('internal', `library.describeSearch: the compute process ranked an unknown pose "${id}".`);
      const mirrored = id.endsWith(MIRROR_SUFFIX);
      if (mirrored && !req.mirrors) continue;
      if (req.category !== undefined && p.category !== req.category) continue;
      matched.push({
        id,
        baseId: mirrored ? id.slice(0, -MIRROR_SUFFIX.length) : id,
        mirrored,
        name: p.name,
        category: p.category,
        score: clampCosine(score),
        pose: Array.from(p.pose.subarray(0, 66)),
      });
    }
    const value: CallResponse<'library.describeSearch'> = {
      results: matched.slice(0, req.limit),
      total: matched.length,
      query: parsed.data.query,
      model: parsed.data.model,
    };
    return ok(value);
  },
};
