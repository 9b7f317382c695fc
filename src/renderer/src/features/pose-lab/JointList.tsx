import { useEffect, useRef } from 'react';
import { Box, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { JOINT_GROUPS, jointLabel } from './jointCatalog';
import classes from './PoseLab.module.css';

export interface JointListProps {
  selected: number;
  onSelect: (joint: number) => void;
  /** Degrees outside the limits per joint, to flag joints that need attention. */
  limitExcess: number[];
  /** Joints whose rotation is not the rest rotation. */
  posed: boolean[];
}

/** Joints grouped by body region; the selected joint matches the one highlighted in the viewport. */
export function JointList({ selected, onSelect, limitExcess, posed }: JointListProps) {
  const root = useRef<HTMLDivElement>(null);
  // A joint picked in the viewport may be scrolled out of the list; bring it into view.
  useEffect(() => {
    root.current?.querySelector(`[data-joint="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <ScrollArea h="100%" type="auto" offsetScrollbars>
      <Box p="xs" data-testid="joint-list" ref={root}>
        {JOINT_GROUPS.map((g) => (
          <Box key={g.label} mb="sm">
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="xs" mb={4} style={{ letterSpacing: 0.6 }}>
              {g.label}
            </Text>
            {g.joints.map((j) => {
              const over = limitExcess[j] > 0.05;
              return (
                <UnstyledButton
                  key={j}
                  className={classes.jointItem}
                  data-active={j === selected || undefined}
                  data-testid={`joint-item-${j}`}
                  data-joint={j}
                  aria-pressed={j === selected}
                  onClick={() => onSelect(j)}
                >
                  <span
                    className={classes.jointDot}
                    data-state={over ? 'over' : posed[j] ? 'posed' : 'rest'}
                  />
                  <Text size="sm" span style={{ flex: 1 }}>
                    {jointLabel(j)}
                  </Text>
                  {over && (
                    <Text size="xs" c="orange.7" fw={600} span title="Degrees outside the joint limits">
                      +{limitExcess[j].toFixed(0)}°
                    </Text>
                  )}
                </UnstyledButton>
              );
            })}
          </Box>
        ))}
      </Box>
    </ScrollArea>
  );
}
