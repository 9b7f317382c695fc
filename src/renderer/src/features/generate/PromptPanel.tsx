import {
  ActionIcon,
  Alert,
  Button,
  Code,
  Group,
  Kbd,
  NumberInput,
  Progress,
  SegmentedControl,
  Slider,
  Stack,
  Switch,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { GENERATE_LIMITS, type PolicyModelName } from '@shared/api';
import { randomSeed } from '../poses/randomSeed';
import { useStore } from '../../stores/createStore';
import { MAX_SEED, MODEL_LABELS, codeSpans, generateErrorView, progressLabel } from './generateSettings';
import { generateStore } from './generateStore';
import { IconDice } from './GenerateIcons';
import { policyDescription, useActivePolicy } from '../finetune/useActivePolicy';

/** Descriptions to start from, in the wording the model was trained on. */
const EXAMPLES = [
  'kneeling on the left knee with both arms raised',
  'sitting cross-legged, hands on the knees',
  'running, the right leg forward',
  'standing on one leg, arms out to the sides',
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The prompt, the sampling settings and the Generate button with its progress and cancel. */
export function PromptPanel({ onGenerate }: { onGenerate: () => void }) {
  const form = useStore(generateStore, (s) => s.form);
  const [activePolicy] = useActivePolicy();
  const run = useStore(generateStore, (s) => s.run);
  const running = run.status === 'running';
  const deterministic = form.model === 'policy-deterministic';
  const set = generateStore.setForm;
  const errorView = run.status === 'failed' ? generateErrorView(run.error) : null;

  return (
    <Stack gap="sm" data-testid="generate-panel">
      <Textarea
        label="Describe a pose"
        placeholder="e.g. kneeling on the left knee with both arms raised"
        value={form.prompt}
        onChange={(e) => set({ prompt: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onGenerate();
          }
        }}
        autosize
        minRows={3}
        maxRows={7}
        maxLength={GENERATE_LIMITS.maxPromptChars}
        data-autofocus
        data-testid="generate-prompt"
      />
      {!form.prompt.trim() && (
        <Group gap={6}>
          {EXAMPLES.map((ex) => (
            <Button key={ex} size="compact-xs" variant="light" color="gray" radius="xl" onClick={() => set({ prompt: ex })}>
              {ex}
            </Button>
          ))}
        </Group>
      )}
      <div>
        <Text size="sm" fw={500} mb={4}>
          Model
        </Text>
        <SegmentedControl
          fullWidth
          size="xs"
          value={form.model}
          onChange={(v) => set({ model: v as PolicyModelName })}
          data={(Object.keys(MODEL_LABELS) as PolicyModelName[]).map((m) => ({
            value: m,
            label: (
              <Tooltip label={MODEL_LABELS[m].hint} multiline w={240} openDelay={400}>
                <span>{MODEL_LABELS[m].label}</span>
              </Tooltip>
            ),
          }))}
          data-testid="generate-model"
        />
        {form.model === 'policy' && activePolicy?.source === 'checkpoint' && (
          <Text size="xs" c="teal" mt={4} data-testid="generate-active-policy">
            Fine-tuned: {policyDescription(activePolicy)} (promoted on the Fine-tune page)
          </Text>
        )}
      </div>
      <Group grow align="flex-start" gap="sm">
        <NumberInput
          label="Candidates (G)"
          min={1}
          max={GENERATE_LIMITS.maxSamples}
          value={form.samples}
          onChange={(v) => set({ samples: typeof v === 'number' ? v : GENERATE_LIMITS.defaultSamples })}
          clampBehavior="strict"
          allowDecimal={false}
          size="xs"
          data-testid="generate-samples"
        />
        <div>
          <Group gap={4} justify="space-between" wrap="nowrap" mb={4}>
            <Text size="xs" fw={500}>
              Seed
            </Text>
            <Tooltip label="A new random seed, kept for the next run">
              <ActionIcon
                size="xs"
                variant="subtle"
                aria-label="Roll a new seed"
                onClick={() => set({ seed: randomSeed(form.seed), fixedSeed: true })}
                data-testid="generate-dice"
              >
                <IconDice size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <NumberInput
            min={0}
            max={MAX_SEED}
            value={form.seed}
            onChange={(v) => set({ seed: typeof v === 'number' ? v : 0, fixedSeed: true })}
            allowDecimal={false}
            allowNegative={false}
            hideControls
            size="xs"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', opacity: form.fixedSeed ? 1 : 0.6 } }}
            aria-label="Seed"
            data-testid="generate-seed"
          />
        </div>
      </Group>
      <Tooltip
        label={form.fixedSeed ? 'Same seed, same settings: the same candidates' : 'Each run draws a fresh seed'}
        position="top-start"
        openDelay={400}
      >
        <Switch
          size="xs"
          label="Reuse seed"
          description={form.fixedSeed ? `Every run uses seed ${form.seed}` : 'Off: each run draws a fresh seed'}
          checked={form.fixedSeed}
          onChange={(e) => set({ fixedSeed: e.currentTarget.checked })}
          data-testid="generate-reuse-seed"
          w="fit-content"
        />
      </Tooltip>
      <SettingSlider
        label="Temperature"
        hint="Softmax temperature of the answer's words (0: always the likeliest)"
        value={form.temperature}
        max={GENERATE_LIMITS.maxTemperature}
        onChange={(v) => set({ temperature: v })}
        testId="generate-temperature"
      />
      <SettingSlider
        label="σ-scale"
        hint={deterministic ? 'The deterministic head has no σ' : 'Multiplies the Gaussian head’s σ (0: every pose is its mean μ)'}
        value={form.sigmaScale}
        max={GENERATE_LIMITS.maxSigmaScale}
        onChange={(v) => set({ sigmaScale: v })}
        disabled={deterministic}
        testId="generate-sigma-scale"
      />
      <Tooltip
        label="A draw near a joint's limit often crosses it (a knee bent sideways); on, each pose is moved to the nearest angles the body can make"
        position="top-start"
        multiline
        w={280}
        openDelay={400}
      >
        <Switch
          size="xs"
          label="Keep within joint limits"
          description={form.withinLimits ? 'Poses moved inside the limits' : 'Off: the raw Gaussian draws'}
          checked={form.withinLimits}
          onChange={(e) => set({ withinLimits: e.currentTarget.checked })}
          data-testid="generate-within-limits"
          w="fit-content"
        />
      </Tooltip>
      {running ? (
        <Stack gap={6} data-testid="generate-progress">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" truncate>
              {progressLabel(run.progress)}
            </Text>
            <Button size="xs" variant="default" onClick={() => generateStore.cancel()} data-testid="generate-cancel">
              Cancel
            </Button>
          </Group>
          <Progress
            value={Math.round((run.progress?.fraction ?? 0) * 100)}
            animated
            striped={!run.progress}
            size="sm"
            aria-label="Generation progress"
          />
        </Stack>
      ) : (
        <Button
          onClick={onGenerate}
          disabled={!form.prompt.trim()}
          rightSection={
            <Group gap={2} wrap="nowrap" opacity={0.8}>
              <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'}</Kbd>
              <Kbd size="xs">Enter</Kbd>
            </Group>
          }
          data-testid="generate-run"
        >
          Generate {form.samples} pose{form.samples === 1 ? '' : 's'}
        </Button>
      )}
      {errorView && (
        <Alert
          color={errorView.severity === 'warning' ? 'yellow' : 'red'}
          title={errorView.title}
          withCloseButton
          onClose={() => generateStore.dismissError()}
          data-testid="generate-error"
          data-code={run.status === 'failed' ? run.error.code : ''}
        >
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {codeSpans(errorView.message).map((p, i) => (p.code ? <Code key={i}>{p.text}</Code> : <span key={i}>{p.text}</span>))}
          </Text>
          {errorView.command && (
            <Code block mt="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {errorView.command}
            </Code>
          )}
        </Alert>
      )}
    </Stack>
  );
}

function SettingSlider({
  label,
  hint,
  value,
  max,
  onChange,
  disabled,
  testId,
}: {
  label: string;
  hint: string;
  value: number;
  max: number;
  onChange: (v: number) => void;
  disabled?: boolean;
  testId: string;
}) {
  return (
    <div>
      <Group justify="space-between" gap={4} mb={2} wrap="nowrap">
        <Tooltip label={hint} multiline w={240} openDelay={300}>
          <Text size="xs" fw={500} c={disabled ? 'dimmed' : undefined} style={{ cursor: 'help' }}>
            {label}
          </Text>
        </Tooltip>
        <Text size="xs" ff="monospace" c="dimmed">
          {value.toFixed(2)}
        </Text>
      </Group>
      <Slider
        min={0}
        max={max}
        step={0.05}
        value={value}
        onChange={onChange}
        disabled={disabled}
        label={(v) => v.toFixed(2)}
        size="sm"
        marks={[{ value: 1 }]}
        aria-label={label}
        data-testid={testId}
      />
    </div>
  );
}
