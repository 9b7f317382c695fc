/**
 * Posecode agreement: how much of a caption's claims a pose satisfies. Each item pairs the posecodes a
 * text asserts (a caption's `posecodes`, or any list of { code, category }) with a pose (66 or 72
 * axis-angle numbers); the captioner's `posecodeAgreement` gives the fraction of those claims the
 * pose satisfies under its noise-margin rule (see src/main/compute/data/captioner/README.md; unknown
 * codes count as not satisfied, an empty list as fully agreed). The measure is heading-invariant:
 * the captioner removes the heading before measuring.
 */
import { posecodeAgreement, type Posecode } from '../../data/captioner';

export interface PosecodeItem {
  posecodes: readonly Posecode[];
  pose: ArrayLike<number>;
}

export interface PosecodeAgreementResult {
  /** mean of perItem, in [0, 1] */
  mean: number;
  /** agreement of each item, in [0, 1] */
  perItem: Float64Array;
}

/** Mean (over items, each weighted equally) of the fraction of each item's posecodes its pose satisfies. */
export function meanPosecodeAgreement(items: readonly PosecodeItem[]): PosecodeAgreementResult {
  if (items.length === 0) throw new RangeError('meanPosecodeAgreement needs at least one item');
  const perItem = new Float64Array(items.length);
  let sum = 0;
  items.forEach((item, i) => {
    perItem[i] = posecodeAgreement(item.posecodes, item.pose);
    sum += perItem[i];
  });
  return { mean: sum / items.length, perItem };
}
