import { GENERATE_LIMITS, type ApiError, type CallRequest, type PolicyModelName } from '@shared/api';

/** The Generate form: what the next `generate.run` asks for. */
export interface GenerateForm {
  prompt: string;
  samples: number;
  temperature: number;
  sigmaScale: number;
  /** The seed typed or rolled; used only while `fixedSeed` is on, otherwise each run draws a fresh one. */
  seed: number;
  fixedSeed: boolean;
  model: PolicyModelName;
  /** Move each drawn pose into the joint limits (the studio's default); off shows the raw Gaussian draws. */
  withinLimits: boolean;
}

export const DEFAULT_FORM: GenerateForm = {
  prompt: '',
  samples: GENERATE_LIMITS.defaultSamples,
  temperature: GENERATE_LIMITS.defaultTemperature,
  sigmaScale: GENERATE_LIMITS.defaultSigmaScale,
  seed: 0,
  fixedSeed: false,
  model: 'policy',
  withinLimits: true,
};

export const MAX_SEED = 0xffffffff;

function clamp(v: number, lo: number, hi: number, fallback: number): number {
  return Number.isFinite(v) ? Math.max(lo, Math.min(hi, v)) : fallback;
}

/** The `generate.run` request for a form, or why there is none (an empty prompt). Out-of-range numbers are clamped. */
export function runRequest(form: GenerateForm): { ok: true; req: CallRequest<'generate.run'> } | { ok: false; reason: string } {
  const prompt = form.prompt.trim();
  if (!prompt) return { ok: false, reason: 'Describe the pose you want first.' };
  if (prompt.length > GENERATE_LIMITS.maxPromptChars)
    return { ok: false, reason: `The description is longer than ${GENERATE_LIMITS.maxPromptChars} characters.` };
  const req: CallRequest<'generate.run'> = {
    prompt,
    samples: Math.round(clamp(form.samples, 1, GENERATE_LIMITS.maxSamples, GENERATE_LIMITS.defaultSamples)),
    temperature: clamp(form.temperature, 0, GENERATE_LIMITS.maxTemperature, GENERATE_LIMITS.defaultTemperature),
    sigmaScale: clamp(form.sigmaScale, 0, GENERATE_LIMITS.maxSigmaScale, GENERATE_LIMITS.defaultSigmaScale),
    model: form.model,
    withinLimits: form.withinLimits,
  };
  if (form.fixedSeed) req.seed = Math.round(clamp(form.seed, 0, MAX_SEED, 0));
  return { ok: true, req };
}

export const MODEL_LABELS: Record<PolicyModelName, { label: string; hint: string }> = {
  policy: { label: 'Gaussian', hint: 'Samples each pose from the Gaussian head: varied candidates with per-joint σ' },
  'policy-deterministic': {
    label: 'Deterministic',
    hint: 'The deterministic-head ablation: candidates differ only by their text; no σ',
  },
};

export const TRAIN_POLICY_COMMAND = 'node --import tsx scripts/train-policy.ts';

/** How a failed generation is told: a title, what happened, and the command that fixes it when there is one. */
export function generateErrorView(error: ApiError): { title: string; message: string; command: string | null; severity: 'warning' | 'error' } {
  if (error.code === 'not_found')
    return {
      title: 'No pose model is installed',
      message: error.message,
      // The backend's message usually names the command already; the block is for when it does not.
      command: error.message.includes('scripts/train-policy.ts') ? null : TRAIN_POLICY_COMMAND,
      severity: 'warning',
    };
  if (error.code === 'cancelled')
    return { title: 'Generation cancelled', message: 'Nothing was stored.', command: null, severity: 'warning' };
  if (error.code === 'compute_crashed' || error.code === 'compute_unavailable')
    return { title: 'The compute process stopped', message: `${error.message} (${error.code})`, command: null, severity: 'error' };
  return { title: 'Generation failed', message: `${error.message} (${error.code})`, command: null, severity: 'error' };
}

/** A message split at its `backticked` spans, so commands and paths can be shown as code. */
export function codeSpans(message: string): { code: boolean; text: string }[] {
  return message
    .split('`')
    .map((text, i) => ({ code: i % 2 === 1, text }))
    .filter((p) => p.text.length > 0);
}

/** A progress report as a status line: "Sampling… 5%". */
export function progressLabel(p: { fraction: number; message: string } | null): string {
  if (!p) return 'Starting the model…';
  const m = p.message.trim();
  const head = m ? `${m[0].toUpperCase()}${m.slice(1)}` : 'Working';
  return `${head}${/[.…]$/.test(head) ? '' : '…'} ${Math.round(p.fraction * 100)}%`;
}
