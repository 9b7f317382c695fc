import { err, ok } from '../../shared/api/errors';
import { caption, posecodeAgreement } from '../compute/data/captioner';
import { POSE_LIBRARY } from '../compute/data/library';
import { Rng } from '../compute/data/random';
import type { HandlerTable } from './context';

/** Body poses only: the captioner measures the 22 body joints (66 numbers); hand values play no part. */
function bodyPose(pose: ArrayLike<number>): Float32Array {
  const out = new Float32Array(66);
  for (let i = 0; i < 66; i++) out[i] = pose[i];
  return out;
}

export const captionHandlers: HandlerTable<'library.caption'> = {
  /** Pure and cheap (well under a millisecond), so it runs here rather than in the compute process. */
  'library.caption': (req) => {
    const rng = new Rng(req.seed);
    if (req.id !== undefined) {
      const entry = POSE_LIBRARY.find((p) => p.id === req.id);
      if (!entry) return err('not_found', `No library pose with id "${req.id}".`, { id: req.id });
      const pose = bodyPose(entry.pose);
      // The action sentence is chosen from its own stream so it does not shift the caption's other choices.
      const action = entry.actions.length ? rng.fork('action').pick(entry.actions) : undefined;
      const c = caption(pose, rng.fork('caption'), {
        name: entry.name,
        category: entry.category,
        tags: [...entry.tags],
        ...(action ? { action } : {}),
      });
      return ok({ text: c.text, posecodes: c.posecodes, agreement: posecodeAgreement(c.posecodes, pose) });
    }
    const pose = bodyPose(req.pose!);
    const c = caption(pose, rng.fork('caption'));
    return ok({ text: c.text, posecodes: c.posecodes, agreement: posecodeAgreement(c.posecodes, pose) });
  },
};
