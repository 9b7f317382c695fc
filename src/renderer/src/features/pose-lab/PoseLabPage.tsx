import { useMemo, useState } from 'react';
import {
  ActionIcon,
  Divider,
  Group,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { PoseViewport } from '../../viewport/PoseViewport';
import type { ViewportFigure } from '../../viewport/usePlacedFigures';
import { poseLab } from '../../stores/poseLab';
import { usePoseLab } from './usePoseLab';
import { JointList } from './JointList';
import { JointInspector } from './JointInspector';
import { LimitIndicator } from './LimitIndicator';
import { SessionBar } from './SessionBar';
import { VideoFrameBar } from './VideoFrameBar';
import { PoseFileActions } from './PoseFileActions';
import { jointLabel, limitReport } from './jointCatalog';
import { IconFrame, IconGhost, IconMirror, IconRedo, IconReset, IconUndo } from '../../app/icons';
import { PoseCaptionBlock } from '../poses/PoseCaptionBlock';
import classes from './PoseLab.module.css';

/** Hand-posing: pick a joint (list or viewport), rotate it with limit-aware sliders, save it to a session. */
export function PoseLabPage() {
  const pose = usePoseLab((s) => s.pose);
  // The caption follows the pose once a slider drag settles, not on every frame of it.
  const [settledPose] = useDebouncedValue(pose, 350);
  const captionPose = useMemo(() => Array.from(settledPose, (v) => Math.round(v * 1e4) / 1e4), [settledPose]);
  const captionKey = useMemo(() => `lab:${captionPose.join(',')}`, [captionPose]);
  const selected = usePoseLab((s) => s.selectedJoint);
  const canUndo = usePoseLab((s) => s.undo.length > 0);
  const canRedo = usePoseLab((s) => s.redo.length > 0);
  const savedPose = usePoseLab((s) => s.savedPose);
  const session = usePoseLab((s) => s.session);
  const scheme = useComputedColorScheme('light');
  const [beyondLimits, setBeyondLimits] = useState(false);
  const [showSaved, setShowSaved] = useState(false);
  const [frameRequest, setFrameRequest] = useState(0);

  useHotkeys([
    ['mod+z', () => poseLab.undo()],
    ['mod+shift+z', () => poseLab.redo()],
    ['mod+y', () => poseLab.redo()],
  ]);

  const report = useMemo(() => limitReport(pose), [pose]);
  const posed = useMemo(
    () =>
      Array.from({ length: 24 }, (_, j) => Math.hypot(pose[j * 3], pose[j * 3 + 1], pose[j * 3 + 2]) > 1e-6),
    [pose],
  );
  const figures = useMemo<ViewportFigure[]>(() => {
    const main: ViewportFigure = { id: 'edit', pose, highlighted: true, label: 'Current pose' };
    return showSaved && savedPose ? [main, { id: 'saved', pose: savedPose, label: 'Saved pose' }] : [main];
  }, [pose, savedPose, showSaved]);

  return (
    <>
      <Group className={classes.toolbar} px="md" py={8} justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <ActionIcon.Group>
            <ToolButton
              tip="Undo (Ctrl+Z)"
              label="Undo"
              testId="undo"
              onClick={() => poseLab.undo()}
              disabled={!canUndo}
            >
              <IconUndo />
            </ToolButton>
            <ToolButton
              tip="Redo (Ctrl+Shift+Z)"
              label="Redo"
              testId="redo"
              onClick={() => poseLab.redo()}
              disabled={!canRedo}
            >
              <IconRedo />
            </ToolButton>
          </ActionIcon.Group>
          <Divider orientation="vertical" mx={4} />
          <ToolButton
            tip="Mirror the pose left ↔ right"
            label="Mirror pose"
            testId="mirror-pose"
            onClick={() => poseLab.mirror()}
          >
            <IconMirror />
          </ToolButton>
          <ToolButton
            tip="Reset every joint to the rest pose"
            label="Reset pose"
            testId="reset-pose"
            onClick={() => poseLab.resetPose()}
          >
            <IconReset />
          </ToolButton>
          <ToolButton
            tip="Frame the figure"
            label="Frame the figure"
            testId="frame-camera"
            onClick={() => setFrameRequest((n) => n + 1)}
          >
            <IconFrame />
          </ToolButton>
          <ToolButton
            tip={savedPose ? 'Overlay the saved pose as a ghost' : 'Save the pose first to compare with it'}
            label="Compare with saved pose"
            testId="compare-saved"
            onClick={() => setShowSaved((v) => !v)}
            disabled={!savedPose}
            pressed={showSaved}
          >
            <IconGhost />
          </ToolButton>
          <Divider orientation="vertical" mx={4} />
          <PoseFileActions />
        </Group>
        <SessionBar />
      </Group>
      <VideoFrameBar />
      <div className={classes.layout}>
        <div className={classes.leftPanel}>
          <JointList
            selected={selected}
            onSelect={(j) => poseLab.selectJoint(j)}
            limitExcess={report.perJoint}
            posed={posed}
          />
        </div>
        <div className={classes.viewportWrap}>
          <PoseViewport
            figures={figures}
            colorScheme={scheme}
            selectedJoint={selected}
            onSelectJoint={(j) => poseLab.selectJoint(j)}
            frameRequest={frameRequest}
          />
          <div className={classes.viewportOverlay}>
            <Text size="xs" c="dimmed">
              {session ? session.name : 'Unsaved pose'} · {jointLabel(selected)} selected · drag to orbit,
              scroll to zoom, click a body part to select
            </Text>
          </div>
        </div>
        <div className={classes.rightPanel}>
          <ScrollArea h="100%" type="auto">
            <JointInspector
              pose={pose}
              joint={selected}
              beyondLimits={beyondLimits}
              onBeyondLimitsChange={setBeyondLimits}
              onChange={(angles, gesture) => poseLab.setJointAngles(selected, angles, gesture)}
              onChangeEnd={() => poseLab.endGesture()}
              onResetJoint={() => poseLab.resetJoint(selected)}
              limitExcess={report.perJoint[selected]}
            />
            <Stack px="md" pb="md">
              <LimitIndicator report={report} onSelect={(j) => poseLab.selectJoint(j)} />
              <Divider />
              <PoseCaptionBlock id={captionKey} pose={captionPose} />
            </Stack>
          </ScrollArea>
        </div>
      </div>
    </>
  );
}

interface ToolButtonProps {
  tip: string;
  label: string;
  testId: string;
  onClick: () => void;
  disabled?: boolean;
  /** A toggle: drawn filled while pressed. */
  pressed?: boolean;
  children: React.ReactNode;
}

/** One icon button of the Pose lab toolbar, with its tooltip. */
function ToolButton({ tip, label, testId, onClick, disabled, pressed, children }: ToolButtonProps) {
  return (
    <Tooltip label={tip}>
      <ActionIcon
        variant={pressed ? 'filled' : 'default'}
        size="lg"
        onClick={onClick}
        disabled={disabled}
        aria-label={label}
        aria-pressed={pressed}
        data-testid={testId}
      >
        {children}
      </ActionIcon>
    </Tooltip>
  );
}
