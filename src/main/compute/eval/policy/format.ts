/**
 * The Table-3-style comparison of policies (rows: models and reference rows; columns: the headline numbers), as
 * cells for a Markdown document or an aligned plain-text table. Percentages with one decimal, millimetres whole.
 */
import type { ReferenceRows, PolicyEvalResult } from './run';
import type { JointLimitSummary, RecallSummary, Text2PoseMetrics } from './metrics';

export interface NamedResult {
  name: string;
  result: PolicyEvalResult;
}

export interface Table {
  head: string[];
  rows: string[][];
}

const NA = '—';
const pct = (x: number | undefined | null): string => (x === undefined || x === null || !Number.isFinite(x) ? NA : (100 * x).toFixed(1));
const mm = (x: number | undefined | null): string => (x === undefined || x === null || !Number.isFinite(x) ? NA : x.toFixed(0));
const limits = (j: JointLimitSummary | null | undefined): string => (j ? `${pct(j.rate)} / ${pct(j.rateTol10)}` : NA);

export const TABLE3_HEAD = [
  'model',
  'T2P R@5 mean-of-G',
  'R@10',
  'R@20',
  'T2P R@5 best-of-G',
  'R@10',
  'R@20',
  'posecode agreement mean-of-G',
  'best-of-G',
  'APD (mm)',
  'joint-limit violations (0° / 10°)',
  'landmarks MPJPE (mm)',
  'PA-MPJPE (mm)',
  'pose→text F1',
  'QA accuracy',
];

/**
 * Rows: each model, then the reference rows (ground-truth test poses, random library poses, training data).
 * Recall@K is text→pose under the full protocol, in %; joint limits are the share of generated text→pose poses
 * beyond a limit at 0° and 10° of tolerance; landmarks errors are mean-of-G on the 22 FK body joints; F1 and QA
 * accuracy are mean-of-G.
 */
export function table3(models: readonly NamedResult[], refs: ReferenceRows | null): Table {
  const ks = [5, 10, 20];
  const text2poseCells = (t: Text2PoseMetrics | null | undefined) => [
    ...ks.map((k) => pct(t?.recall.meanOfG.full.t2p[k])),
    ...ks.map((k) => pct(t?.recall.bestOfG.full.t2p[k])),
    pct(t?.posecodeAgreement.meanOfG),
    pct(t?.posecodeAgreement.bestOfG),
    mm(t?.diversity?.apdMm),
    limits(t?.jointLimits),
  ];
  const rows = models.flatMap(({ name, result: r }) => {
    const row = [
      name,
      ...text2poseCells(r.text2pose),
      mm(r.landmarks2pose?.mpjpe.meanOfG),
      mm(r.landmarks2pose?.paMpjpe.meanOfG),
      pct(r.pose2text?.f1.meanOfG),
      pct(r.questions?.accuracy.meanOfG),
    ];
    // The same text→pose candidates as the studio shows them by default (moved into the joint limits).
    const moved = r.text2poseWithinLimits ? [[`${name}, poses kept within joint limits`, ...text2poseCells(r.text2poseWithinLimits), NA, NA, NA, NA]] : [];
    // The Gaussian head's mean μ (σ-scale 0): like for like with the deterministic head.
    const mu = r.text2poseMu
      ? [[`${name}, mean pose μ (σ-scale 0)`, ...text2poseCells(r.text2poseMu), mm(r.landmarks2pose?.mpjpe.mu), mm(r.landmarks2pose?.paMpjpe.mu), NA, NA]]
      : [];
    return [row, ...mu, ...moved];
  });
  if (refs) {
    const refRow = (name: string, recall: RecallSummary | null, agreement: number | null, j: JointLimitSummary | null, f1?: number) =>
      [name, ...[5, 10, 20].map((k) => pct(recall?.full.t2p[k])), NA, NA, NA, pct(agreement), NA, NA, limits(j), NA, NA, pct(f1), NA];
    const ceiling = models.find((m) => m.result.pose2text)?.result.pose2text?.reference.f1;
    rows.push(refRow('ground-truth test poses / captions (reference)', refs.groundTruth.recall, refs.groundTruth.posecodeAgreement, refs.groundTruth.jointLimits, ceiling));
    rows.push(refRow('random library poses (reference)', refs.randomLibrary.recall, refs.randomLibrary.posecodeAgreement, refs.randomLibrary.jointLimits));
    rows.push(refRow('training data (reference)', null, null, refs.trainingData.jointLimits));
  }
  return { head: TABLE3_HEAD, rows };
}

export function markdownTable(t: Table): string {
  const align = t.head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [t.head, align, ...t.rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function textTable(t: Table): string[] {
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(t.head), ...t.rows.map(line)];
}
