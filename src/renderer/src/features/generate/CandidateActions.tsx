import { useState } from 'react';
import { Button, Menu, Text, Tooltip } from '@mantine/core';
import { EXPORT_FORMATS } from '@shared/export';
import type { ExportFormat, GenerationCandidate } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { notifySuccess, valueOrNotify } from '../../api/notify';
import { IconExport, IconFile, IconOpen } from '../../app/icons';
import { downloadExportedFile } from '../pose-lab/download';
import { openInPoseLab } from '../poses/openInPoseLab';
import { candidateLabel } from './candidateInfo';
import { IconStar } from './GenerateIcons';

const FORMAT_HINTS: Record<ExportFormat, string> = {
  'smpl-json': 'SMPL parameters + prompt, seed, model',
  'amass-npz-72': 'AMASS-style .npz, SMPL 72 (numpy)',
  'amass-npz-156': 'AMASS-style .npz, SMPL+H 156 (numpy)',
  bvh: 'One-frame BVH: Blender, Maya, MotionBuilder',
};
const FORMATS = Object.keys(FORMAT_HINTS) as ExportFormat[];

/** Keep (pick) the selected candidate, or un-keep it. */
export function PickButton({ candidate, onPick }: { candidate: GenerationCandidate | null; onPick: (id: string) => void }) {
  const kept = !!candidate?.picked;
  return (
    <Tooltip label={kept ? 'Un-keep this candidate (P)' : 'Keep this candidate as the generation’s pose (P); one per generation'}>
      <Button
        variant={kept ? 'filled' : 'light'}
        color="yellow"
        c={kept ? 'dark' : undefined}
        leftSection={<IconStar size={14} filled={kept} />}
        disabled={!candidate?.pose}
        onClick={() => candidate && onPick(candidate.id)}
        data-testid="candidate-pick"
        aria-pressed={kept}
      >
        {kept ? 'Kept' : 'Keep'}
      </Button>
    </Tooltip>
  );
}

/** Opens the candidate's pose in the Pose lab as a new session, named after the prompt. */
export function OpenInPoseLabButton({ candidate, prompt }: { candidate: GenerationCandidate | null; prompt: string }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      leftSection={<IconOpen />}
      disabled={!candidate?.pose}
      loading={busy}
      onClick={async () => {
        if (!candidate?.pose) return;
        setBusy(true);
        try {
          await openInPoseLab(client, `${prompt.slice(0, 160)} · ${candidateLabel(candidate).toLowerCase()}`, candidate.pose);
        } finally {
          setBusy(false);
        }
      }}
      data-testid="candidate-open-lab"
    >
      Open in Pose lab
    </Button>
  );
}

/** Downloads the kept candidate (else the selected one) through generate.export, with its provenance inside. */
export function ExportCandidateMenu({ target }: { target: GenerationCandidate | null }) {
  const client = useClient();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  async function exportAs(format: ExportFormat) {
    if (!target) return;
    setBusy(format);
    try {
      const file = valueOrNotify('Exporting the candidate', await client.call('generate.export', { candidateId: target.id, format }));
      if (!file) return;
      downloadExportedFile(file);
      notifySuccess('Pose exported', `Downloaded “${file.fileName}”.`);
    } finally {
      setBusy(null);
    }
  }
  const what = target ? `${target.picked ? 'the kept pose' : candidateLabel(target).toLowerCase()}` : 'a candidate';
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconExport />}
          rightSection={<span aria-hidden="true">▾</span>}
          disabled={!target}
          loading={busy !== null}
          data-testid="candidate-export"
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Download {what} as</Menu.Label>
        {FORMATS.map((format) => (
          <Menu.Item key={format} leftSection={<IconFile size={14} />} onClick={() => void exportAs(format)} data-testid={`candidate-export-${format}`}>
            <Text size="sm">{EXPORT_FORMATS[format].label}</Text>
            <Text size="xs" c="dimmed">
              {FORMAT_HINTS[format]}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
