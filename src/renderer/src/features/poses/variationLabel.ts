import type { PoseVariation, VariationKind } from '@shared/api';

/** Chip and caption names of the data engine's variation kinds. */
export const VARIATION_KIND_LABELS: Record<VariationKind, string> = {
  noise: 'Noise',
  interpolate: 'Interpolate',
  'limb-swap': 'Limb swap',
  mirror: 'Mirror',
  sample: 'Resample limbs',
};

const MIRROR_SUFFIX = '~mirror';

/** A library id's display name; a mirrored id ('tree-pose~mirror') reads "Tree pose (mirrored)". */
export function sourceName(id: string, nameOf: (id: string) => string | undefined): string {
  if (id.endsWith(MIRROR_SUFFIX)) {
    const base = id.slice(0, -MIRROR_SUFFIX.length);
    return `${nameOf(base) ?? base} (mirrored)`;
  }
  return nameOf(id) ?? id;
}

/** 'left_arm' → 'left arm'; several limbs joined with "and". */
function limbList(value: unknown): string {
  const limbs = Array.isArray(value) ? value.map((l) => String(l).replace(/_/g, ' ')) : [];
  if (limbs.length === 0) return 'Limbs';
  const text = limbs.length === 1 ? limbs[0] : `${limbs.slice(0, -1).join(', ')} and ${limbs[limbs.length - 1]}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What a variation is, in a line an artist can read: "Interpolated with Tree pose 40%", "Left arm from
 * Boxing guard", "4° noise", "Mirrored: Kneeling on the right knee". `nameOf` maps library ids to names.
 */
export function variationLabel(v: PoseVariation, nameOf: (id: string) => string | undefined): string {
  const partner = v.sources[1] ?? (typeof v.params.with === 'string' ? v.params.with : undefined);
  const partnerName = partner ? sourceName(partner, nameOf) : 'another pose';
  switch (v.kind) {
    case 'noise': {
      if (v.params.fallback === true) return 'Unchanged (no variation passed the filter)';
      const std = typeof v.params.stdDeg === 'number' ? v.params.stdDeg : NaN;
      return Number.isFinite(std) ? `${Number(std.toFixed(1))}° noise` : 'Noise';
    }
    case 'interpolate': {
      const t = typeof v.params.t === 'number' ? v.params.t : NaN;
      return Number.isFinite(t) ? `Interpolated with ${partnerName} ${Math.round(t * 100)}%` : `Interpolated with ${partnerName}`;
    }
    case 'limb-swap': {
      const cross = v.params.crossSide === true ? ' (other side)' : '';
      return `${limbList(v.params.limbs)} from ${partnerName}${cross}`;
    }
    case 'mirror':
      return v.name ? `Mirrored: ${v.name}` : 'Mirrored';
    case 'sample':
      return `${limbList(v.params.limbs)} resampled`;
  }
}

/**
 * The same, short enough for a thumbnail cell (whose second line gives the kind): "Tree pose 40%",
 * "Left arm ← Boxing guard", "4.2° noise", "Right leg resampled".
 */
export function variationCellLabel(v: PoseVariation, nameOf: (id: string) => string | undefined): string {
  const partner = v.sources[1] ?? (typeof v.params.with === 'string' ? v.params.with : undefined);
  const partnerName = partner ? sourceName(partner, nameOf) : 'another pose';
  switch (v.kind) {
    case 'interpolate': {
      const t = typeof v.params.t === 'number' ? v.params.t : NaN;
      return Number.isFinite(t) ? `${partnerName} ${Math.round(t * 100)}%` : partnerName;
    }
    case 'limb-swap':
      return `${limbList(v.params.limbs)} ← ${partnerName}${v.params.crossSide === true ? ' (other side)' : ''}`;
    case 'mirror':
      // A name without sides reads the same mirrored ("Tree pose"), so say what it is instead.
      return v.name && v.name !== nameOf(v.sources[0]) ? v.name : 'Mirror image';
    default:
      return variationLabel(v, nameOf);
  }
}
