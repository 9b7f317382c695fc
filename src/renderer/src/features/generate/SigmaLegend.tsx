import { Group, Paper, SegmentedControl, Text } from '@mantine/core';
import { formatAngle, sigmaGradientCss, type AngleUnit } from './sigmaColors';

/**
 * What the viewport's colours mean: the σ ramp from 0 to the scale's top in the chosen unit, and the mean
 * pose's stick figure. Sits over the viewport's corner.
 */
export function SigmaLegend({
  max,
  unit,
  onUnit,
  showSigma,
  hasSigma,
  deterministic,
  showMean,
  meanColor,
  sigmaScale,
}: {
  max: number;
  unit: AngleUnit;
  onUnit: (u: AngleUnit) => void;
  showSigma: boolean;
  /** Whether the selected candidate carries σ (the deterministic head's never do, nor answers without a pose). */
  hasSigma: boolean;
  deterministic: boolean;
  showMean: boolean;
  meanColor: string;
  sigmaScale: number;
}) {
  return (
    <Paper withBorder shadow="xs" radius="md" px={8} py={6} data-testid="sigma-legend" style={{ width: 220, opacity: 0.94 }}>
      {showSigma && hasSigma && (
        <>
          <Group justify="space-between" gap={4} wrap="nowrap" mb={4}>
            <Text size="xs" fw={600}>
              Per-joint σ
            </Text>
            <SegmentedControl
              size="xs"
              value={unit}
              onChange={(v) => onUnit(v as AngleUnit)}
              data={[
                { label: 'deg', value: 'deg' },
                { label: 'rad', value: 'rad' },
              ]}
              data-testid="sigma-unit"
              styles={{ label: { padding: '0 6px', fontSize: 10 } }}
            />
          </Group>
          <div style={{ height: 10, borderRadius: 5, background: sigmaGradientCss() }} />
          <Group justify="space-between" mt={2}>
            {[0, max / 2, max].map((v, i) => (
              <Text key={i} size="10px" c="dimmed" ff="monospace" data-testid={i === 2 ? 'sigma-legend-max' : undefined}>
                {formatAngle(v, unit)}
              </Text>
            ))}
          </Group>
          <Text size="10px" c="dimmed" mt={2} lh={1.3}>
            Joint colour and halo size: the model’s σ{sigmaScale !== 1 ? `, sampled at ×${sigmaScale.toFixed(2)}` : ''}
          </Text>
        </>
      )}
      {showSigma && !hasSigma && (
        <Text size="xs" c="dimmed" data-testid="sigma-legend-none">
          {deterministic
            ? 'No σ: the deterministic head predicts a pose without uncertainty.'
            : 'No σ to show: the selected answer holds no pose.'}
        </Text>
      )}
      {showMean && (
        <Group gap={6} mt={showSigma ? 6 : 0} wrap="nowrap">
          <svg width="22" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="21" y2="5" stroke={meanColor} strokeWidth="3" strokeLinecap="round" />
            <circle cx="11" cy="5" r="3" fill={meanColor} />
          </svg>
          <Text size="xs">Mean pose μ (selected)</Text>
        </Group>
      )}
    </Paper>
  );
}
