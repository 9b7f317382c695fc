import type { ApiError, DescribedPose } from '@shared/api';
import { sourceName } from './variationLabel';

/** How long typing must pause before a description is searched (ms). */
export const DESCRIBE_DEBOUNCE_MS = 300;

/** Example descriptions the empty box suggests (clicking one searches it). */
export const DESCRIBE_EXAMPLES = [
  'kneeling with both arms raised',
  'lying on the back',
  'left leg forward, arms out to the sides',
  'sitting cross-legged',
] as const;

/**
 * A ranked pose's card label: a library pose's name; a mirror image reads "<name> (mirrored)", as the variations
 * name it, so the left/right in the name is the library pose's.
 */
export function describedLabel(r: Pick<DescribedPose, 'id' | 'baseId' | 'name'>, nameOf: (id: string) => string | undefined): string {
  // A mirror's own name has its sides swapped; only a library pose's name stands in for an unknown one.
  return sourceName(r.id, (id) => nameOf(id) ?? (r.id === r.baseId ? r.name : undefined));
}

/** The cosine as the card shows it: two decimals ("0.62", "−0.05"). */
export function formatScore(score: number): string {
  const s = (Math.round(score * 100) / 100).toFixed(2);
  return s.startsWith('-') ? (s === '-0.00' ? '0.00' : `−${s.slice(1)}`) : s;
}

/** Width of a score bar in percent: the cosine over [0, 1] (a negative one shows as empty). */
export function scoreBarPercent(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 10;
}

/** Whether a description is worth a search: something besides spaces, within the contract's limit. */
export function describableText(text: string, maxChars: number): string | null {
  const t = text.trim();
  return t.length > 0 && t.length <= maxChars ? t : null;
}

export interface FriendlyError {
  title: string;
  text: string;
  /** Whether trying the same again may help (a busy or restarting compute process). */
  retry: boolean;
  /** A command that fixes it, shown as code. */
  command?: string;
}

/** What the page says when a search fails, by error code. */
export function describeSearchError(e: ApiError): FriendlyError {
  switch (e.code) {
    case 'not_found':
      return {
        title: 'The pose search model is not installed',
        text: 'Describe search needs the retrieval model in resources/models/retrieval (model.safetensors and config.json). Train it with the command below, then try again. Searching names and tags still works.',
        retry: true,
        command: 'node --import tsx scripts/train-retrieval.ts',
      };
    case 'compute_crashed':
    case 'compute_unavailable':
      return { title: 'The compute process is not available', text: `${e.message} Try again in a moment.`, retry: true };
    case 'bad_request':
      return { title: 'That description cannot be searched', text: e.message, retry: false };
    default:
      return { title: 'The search failed', text: `${e.message} (${e.code})`, retry: true };
  }
}
