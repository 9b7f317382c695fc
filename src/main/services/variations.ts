import type { CallResponse, VariationKind } from '../../shared/api/contract';
import { err, ok } from '../../shared/api/errors';
import { POSE_LIBRARY } from '../compute/data/library';
import { Rng } from '../compute/data/random';
import type { LibraryPose } from '../compute/data/types';
import {
  groundCheck,
  mirrorLibraryPose,
  plausibility,
  samplePoseWithInfo,
  varyPose,
  VARIATION_KINDS,
  type PlausibilityOptions,
  type VariationOptions,
} from '../compute/data/variation';
import type { HandlerTable } from './context';

type Variation = CallResponse<'library.variations'>['variations'][number];

let pool: readonly LibraryPose[] | null = null;

/** The library and the mirror image of every pose in it: partners for interpolation and limb swaps. */
function variationPool(): readonly LibraryPose[] {
  pool ??= [...POSE_LIBRARY, ...POSE_LIBRARY.map(mirrorLibraryPose)];
  return pool;
}

const body66 = (pose: ArrayLike<number>): number[] => Array.from({ length: 66 }, (_, i) => pose[i] ?? 0);

/** Kinds not asked for get no weight; the asked-for ones keep the engine's default weights (varyPose's). */
function weightsFor(kinds: readonly VariationKind[] | undefined): VariationOptions['weights'] {
  if (!kinds) return undefined;
  return Object.fromEntries(VARIATION_KINDS.filter((k) => !kinds.includes(k)).map((k) => [k, 0]));
}

export const variationHandlers: HandlerTable<'library.variations' | 'library.sample'> = {
  /**
   * Pure and quick (each variation is a few tries of a pose-space edit and the plausibility filter), so it
   * runs here. Each variation draws from its own stream (forked by base id and index), so a larger count
   * extends a smaller one.
   */
  'library.variations': (req) => {
    const all = variationPool();
    const base = all.find((p) => p.id === req.id);
    if (!base) return err('not_found', `No library pose with id "${req.id}".`, { id: req.id });
    const weights = weightsFor(req.kinds);
    const opts: VariationOptions = weights ? { weights } : {};
    // As varyPose judges them: an inverted base (a headstand) may stay inverted.
    const pOpts: PlausibilityOptions = groundCheck(base.pose).inverted ? { allowInverted: true } : {};
    // Streams named by the base too, so one seed does not give every pose the same sequence of kinds.
    const root = new Rng(req.seed).fork(base.id);
    const variations: Variation[] = [];
    for (let i = 0; i < req.count; i++) {
      const v = varyPose(base, root.fork(i), all, opts);
      variations.push({
        pose: body66(v.pose),
        kind: v.provenance.kind,
        sources: [...v.provenance.sources],
        params: { ...v.provenance.params },
        ...(v.named ? { name: v.named.name } : {}),
        plausible: plausibility(v.pose, pOpts).ok,
      });
    }
    return ok({ variations });
  },

  'library.sample': (req) => {
    const root = new Rng(req.seed);
    const orientation = req.orientation === 'upright' ? { upright: 1, lean: 0, lying: 0 } : undefined;
    const poses = Array.from({ length: req.count }, (_, i) => {
      const s = samplePoseWithInfo(root.fork(i), orientation ? { orientation } : {});
      return { pose: body66(s.pose), tries: s.tries, accepted: s.accepted };
    });
    return ok({ poses });
  },
};
