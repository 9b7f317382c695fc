import { Badge, Button, Group, NumberInput, Slider, Stack, Switch, Text, Title } from '@mantine/core';
import { axisMotion, jointAngles } from '@shared/body';
import { axisRanges, jointLabel, roundAngles } from './jointCatalog';
import { IconReset } from '../../app/icons';

export interface JointInspectorProps {
  pose: Float32Array;
  joint: number;
  beyondLimits: boolean;
  onBeyondLimitsChange: (v: boolean) => void;
  /** gesture = true while a slider is dragged (one undo step per drag). */
  onChange: (angles: [number, number, number], gesture: boolean) => void;
  onChangeEnd: () => void;
  onResetJoint: () => void;
  limitExcess: number;
}

const AXES = ['X', 'Y', 'Z'] as const;
const AXIS_COLORS = ['red', 'teal', 'blue'] as const;

/**
 * Rotation sliders for one joint in its standard joint-angle frame, bounded by the joint limits.
 * Each axis is named for the motion it makes (from the skeleton, see axisMotions in
 * @shared/body), with the words for its two directions under the slider's ends.
 */
export function JointInspector({
  pose,
  joint,
  beyondLimits,
  onBeyondLimitsChange,
  onChange,
  onChangeEnd,
  onResetJoint,
  limitExcess,
}: JointInspectorProps) {
  const raw = jointAngles(pose, joint);
  const shown = roundAngles(raw);
  const ranges = axisRanges(joint, beyondLimits);
  const hasLimits = ranges.some((r) => r.limit);

  const setAxis = (axis: number, value: number, gesture: boolean) => {
    // Start from the unrounded angles so moving one axis never nudges the other two.
    const next: [number, number, number] = [raw[0], raw[1], raw[2]];
    next[axis] = value;
    onChange(next, gesture);
  };

  return (
    <Stack gap="md" p="md" data-testid="joint-inspector" data-joint={joint}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: 0.6 }}>
            Selected joint
          </Text>
          <Title order={4} data-testid="selected-joint-name">
            {jointLabel(joint)}
          </Title>
        </div>
        {hasLimits ? (
          limitExcess > 0.05 ? (
            <Badge color="orange" variant="light" data-testid="joint-limit-state" data-state="over">
              {limitExcess.toFixed(0)}° over limit
            </Badge>
          ) : (
            <Badge color="teal" variant="light" data-testid="joint-limit-state" data-state="ok">
              Within limits
            </Badge>
          )
        ) : (
          <Badge color="gray" variant="light" data-testid="joint-limit-state" data-state="free">
            Global orientation
          </Badge>
        )}
      </Group>

      {ranges.map((r, a) => {
        const value = shown[a];
        const outside = r.limit ? value < r.limit[0] - 0.05 || value > r.limit[1] + 0.05 : false;
        const motion = axisMotion(joint, a as 0 | 1 | 2);
        return (
          <div key={AXES[a]} data-testid={`axis-${AXES[a].toLowerCase()}`} data-plane={motion.plane}>
            <Group justify="space-between" mb={6} wrap="nowrap">
              <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
                <Badge
                  size="xs"
                  radius="sm"
                  variant="light"
                  color={AXIS_COLORS[a]}
                  w={20}
                  px={0}
                  title={`${AXES[a]} axis of the standard joint-angle frame`}
                >
                  {AXES[a]}
                </Badge>
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} lh={1.2} data-testid={`axis-name-${AXES[a].toLowerCase()}`}>
                    {motion.name}
                  </Text>
                  <Text size="xs" c={outside ? 'orange.7' : 'dimmed'} lh={1.3}>
                    {r.limit ? `limit ${r.limit[0]}° … ${r.limit[1]}°` : 'no limit'}
                    {r.locked ? ' · locked' : ''}
                  </Text>
                </div>
              </Group>
              <NumberInput
                size="xs"
                w={86}
                value={value}
                step={1}
                decimalScale={1}
                min={r.min}
                max={r.max}
                clampBehavior="strict"
                suffix="°"
                disabled={r.locked}
                data-testid={`angle-input-${AXES[a].toLowerCase()}`}
                aria-label={`${jointLabel(joint)} ${motion.name.toLowerCase()} (${AXES[a]}) angle`}
                onChange={(v) => {
                  if (typeof v === 'number' && Number.isFinite(v)) setAxis(a, v, false);
                }}
              />
            </Group>
            <Slider
              data-testid={`angle-slider-${AXES[a].toLowerCase()}`}
              aria-label={`${jointLabel(joint)} ${motion.name.toLowerCase()} (${AXES[a]}), ${motion.negative} to ${motion.positive}`}
              color={AXIS_COLORS[a]}
              min={r.min}
              max={r.max}
              step={0.5}
              value={Math.min(r.max, Math.max(r.min, value))}
              disabled={r.locked}
              label={(v) => `${v.toFixed(1)}°`}
              marks={
                r.limit && beyondLimits && !r.locked
                  ? [{ value: r.limit[0] }, { value: r.limit[1] }]
                  : [{ value: 0 }].filter((m) => m.value > r.min && m.value < r.max)
              }
              onChange={(v) => setAxis(a, v, true)}
              onChangeEnd={onChangeEnd}
            />
            <Group
              justify="space-between"
              mt={r.locked ? 4 : 6}
              wrap="nowrap"
              data-testid={`axis-ends-${AXES[a].toLowerCase()}`}
              style={{ opacity: r.locked ? 0.5 : 1 }}
            >
              <Text size="xs" c="dimmed">
                ← {motion.negative}
              </Text>
              <Text size="xs" c="dimmed">
                {motion.positive} →
              </Text>
            </Group>
          </div>
        );
      })}

      <Switch
        label="Allow angles beyond the joint limits"
        description="Limits are a soft prior from anatomy references"
        checked={beyondLimits}
        onChange={(e) => onBeyondLimitsChange(e.currentTarget.checked)}
        data-testid="beyond-limits"
      />
      <Button
        variant="default"
        leftSection={<IconReset size={16} />}
        onClick={onResetJoint}
        data-testid="reset-joint"
      >
        Reset {jointLabel(joint).toLowerCase()}
      </Button>
    </Stack>
  );
}
