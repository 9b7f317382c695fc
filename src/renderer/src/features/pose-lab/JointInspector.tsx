import { Badge, Button, Group, NumberInput, Slider, Stack, Switch, Text, Title } from '@mantine/core';
import { jointAngles } from '@shared/body';
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

/** Rotation sliders for one joint in its standard joint-angle frame, bounded by the joint limits. */
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
        return (
          <div key={AXES[a]}>
            <Group justify="space-between" mb={6} wrap="nowrap">
              <Group gap={6} wrap="nowrap">
                <Badge size="sm" radius="sm" variant="filled" color={AXIS_COLORS[a]} w={26} px={0}>
                  {AXES[a]}
                </Badge>
                <Text size="xs" c={outside ? 'orange.7' : 'dimmed'}>
                  {r.limit ? `limit ${r.limit[0]}° … ${r.limit[1]}°` : 'no limit'}
                  {r.locked ? ' · locked' : ''}
                </Text>
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
                aria-label={`${jointLabel(joint)} ${AXES[a]} angle`}
                onChange={(v) => {
                  if (typeof v === 'number' && Number.isFinite(v)) setAxis(a, v, false);
                }}
              />
            </Group>
            <Slider
              data-testid={`angle-slider-${AXES[a].toLowerCase()}`}
              aria-label={`${jointLabel(joint)} ${AXES[a]} rotation`}
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
