/**
 * The live charts of a run: which per-step metrics each one draws (names from the engine's STEP_METRIC_NAMES).
 * KL text and KL pose get charts of their own: the pose KL sums 66 dimensions and is orders of magnitude larger.
 */
export interface ChartSeriesSpec {
  metric: string;
  label: string;
  color: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  help: string;
  series: ChartSeriesSpec[];
}

export const CHART_SPECS: readonly ChartSpec[] = [
  {
    id: 'rewards',
    title: 'Reward components',
    help: 'Mean of each reward over the candidates it scored (a reward that does not apply to a step’s tasks has no point).',
    series: [
      { metric: 'reward.format.mean', label: 'format', color: '#4c6ef5' },
      { metric: 'reward.semantic.mean', label: 'semantic', color: '#f76707' },
      { metric: 'reward.spatial.mean', label: 'spatial', color: '#12b886' },
      { metric: 'reward.plausibility.mean', label: 'plausibility', color: '#ae3ec9' },
      { metric: 'reward.textSimilarity.mean', label: 'text sim.', color: '#fab005' },
      { metric: 'reward.posecode.mean', label: 'posecode', color: '#868e96' },
    ],
  },
  { id: 'kl-text', title: 'KL text', help: 'k3 estimate of KL(π_θ ‖ π_ref) per answer token.', series: [{ metric: 'kl_text', label: 'KL text', color: '#4c6ef5' }] },
  { id: 'kl-pose', title: 'KL pose', help: 'Exact KL of the pose Gaussians to the reference, per valid candidate (nats).', series: [{ metric: 'kl_pose', label: 'KL pose', color: '#f76707' }] },
  { id: 'sigma', title: 'σ', help: 'Mean per-joint standard deviation of the sampling policy’s pose head (radians).', series: [{ metric: 'sigma.mean', label: 'σ mean', color: '#12b886' }] },
  {
    id: 'clip',
    title: 'Clip fractions',
    help: 'Share of answer tokens (text) and valid poses (pose) whose clipped term was taken. 0 with one update per rollout: ratios start at 1.',
    series: [
      { metric: 'clip_frac_text', label: 'text', color: '#4c6ef5' },
      { metric: 'clip_frac_pose', label: 'pose', color: '#f76707' },
    ],
  },
  { id: 'format', title: 'Format rate', help: 'Share of answers in their task’s format that ended at <eos>.', series: [{ metric: 'format_rate', label: 'format rate', color: '#ae3ec9' }] },
];

/** Metrics the compare view offers, most telling first. */
export const COMPARE_METRICS = ['reward.semantic.mean', 'reward.plausibility.mean', 'reward.format.mean', 'format_rate', 'kl_text', 'kl_pose', 'sigma.mean', 'loss', 'grad_norm'] as const;
