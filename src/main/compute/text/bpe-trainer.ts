/**
 * Byte-level BPE, trained here from the project's own corpus. Pure TypeScript and deterministic: the same texts,
 * specials and vocabulary size always give the same vocabulary and merges.
 *
 * Text is cut exactly as the Hugging Face ByteLevel pre-tokenizer cuts it at encode time (special-token strings
 * first, then the GPT-2 regex, then bytes mapped to the GPT-2 byte alphabet), so the merges learned on the pieces
 * are the merges the library applies. `referenceEncode` is a plain rank-order BPE encoder used to cross-check the
 * library against the trainer in tests.
 */

/** The GPT-2 pre-tokenisation pattern (the one ByteLevel uses with `use_regex: true`). */
export const BYTE_LEVEL_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * GPT-2's byte → printable character table: printable Latin-1 bytes map to themselves, the rest to U+0100 onward,
 * so every byte sequence is a string of visible characters (space becomes 'Ġ').
 */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const keep: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) keep.push(b);
  for (let b = 0xa1; b <= 0xac; b++) keep.push(b);
  for (let b = 0xae; b <= 0xff; b++) keep.push(b);
  const out: string[] = new Array(256);
  for (const b of keep) out[b] = String.fromCharCode(b);
  let n = 0;
  for (let b = 0; b < 256; b++) if (out[b] === undefined) out[b] = String.fromCharCode(256 + n++);
  return out;
})();

const utf8 = new TextEncoder();

/** A pre-token's bytes in the byte alphabet (what the BPE model sees). */
export function toByteChars(piece: string): string {
  let s = '';
  for (const b of utf8.encode(piece)) s += BYTE_TO_CHAR[b];
  return s;
}

/**
 * Cuts text into sections the way the library does before pre-tokenising: at each position the longest special
 * string that starts there becomes its own section; everything between is ordinary text.
 */
export function splitOnSpecials(text: string, specials: readonly string[]): { text: string; special: boolean }[] {
  const out: { text: string; special: boolean }[] = [];
  const sorted = [...specials].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const firsts = new Set(sorted.map((s) => s[0]));
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const hit = firsts.has(text[i]) ? sorted.find((s) => text.startsWith(s, i)) : undefined;
    if (hit) {
      if (i > start) out.push({ text: text.slice(start, i), special: false });
      out.push({ text: hit, special: true });
      i += hit.length;
      start = i;
    } else i++;
  }
  if (start < text.length) out.push({ text: text.slice(start), special: false });
  return out;
}

/** The byte-alphabet pre-tokens of ordinary text (no special handling). */
export function preTokenize(text: string): string[] {
  return (text.match(BYTE_LEVEL_PATTERN) ?? []).map(toByteChars);
}

export interface BpeTrainOptions {
  /** Total vocabulary including specials and the 256 byte symbols (default 4096). */
  vocabSize?: number;
  /** Special token strings; they take ids 0.. in this order and are never split or learned from. */
  specials: readonly string[];
  /** Pairs seen fewer times than this are never merged (default 2). */
  minFrequency?: number;
}

export interface BpeModel {
  /** Token strings by id: specials, then the 256 byte symbols in byte order, then one token per merge. */
  vocab: string[];
  /** Merges in rank order, as [left, right] token strings. */
  merges: [string, string][];
  specials: string[];
}

/** Counts the byte-alphabet pre-tokens of a corpus (special strings are cut out first and not counted). */
export function countWords(texts: Iterable<string>, specials: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const section of splitOnSpecials(text, specials)) {
      if (section.special) continue;
      for (const w of preTokenize(section.text)) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return counts;
}

// A pair of token ids packed in one number (ids stay below 2^21).
const SHIFT = 2 ** 21;
const pairKey = (a: number, b: number) => a * SHIFT + b;

/**
 * Trains byte-level BPE on word counts: repeatedly merges the most frequent adjacent pair (ties: the pair whose
 * left, then right, token string sorts first by UTF-16 code units) until the vocabulary is full or no pair is
 * frequent enough. Pair counts are updated only for the words that contain the merged pair.
 */
export function trainBpeFromCounts(wordCounts: Map<string, number>, options: BpeTrainOptions): BpeModel {
  const vocabSize = options.vocabSize ?? 4096;
  const minFrequency = options.minFrequency ?? 2;
  const specials = [...options.specials];
  const vocab: string[] = [...specials, ...BYTE_TO_CHAR];
  if (new Set(vocab).size !== vocab.length) throw new Error('special tokens must be distinct and not single byte symbols');
  const idOf = new Map<string, number>(vocab.map((t, i) => [t, i]));
  const merges: [string, string][] = [];

  // Unique words in a fixed order, so nothing depends on Map insertion order of the caller.
  const entries = [...wordCounts.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const words: number[][] = entries.map(([w]) => Array.from(w, (ch) => idOf.get(ch)!));
  const freq = entries.map(([, c]) => c);

  const pairCount = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const addPairs = (wi: number, sign: 1 | -1, fresh?: Set<number>) => {
    const w = words[wi];
    for (let k = 0; k + 1 < w.length; k++) {
      const key = pairKey(w[k], w[k + 1]);
      pairCount.set(key, (pairCount.get(key) ?? 0) + sign * freq[wi]);
      if (sign > 0) {
        let set = where.get(key);
        if (!set) where.set(key, (set = new Set()));
        set.add(wi);
        fresh?.add(key);
      }
    }
  };
  for (let wi = 0; wi < words.length; wi++) addPairs(wi, 1);

  // Max-heap of [count, key]; entries go stale as counts fall and are re-pushed with the current count when popped.
  const heap: [number, number][] = [];
  const better = (x: [number, number], y: [number, number]) => {
    if (x[0] !== y[0]) return x[0] > y[0];
    const xa = vocab[Math.floor(x[1] / SHIFT)], ya = vocab[Math.floor(y[1] / SHIFT)];
    if (xa !== ya) return xa < ya;
    return vocab[x[1] % SHIFT] < vocab[y[1] % SHIFT];
  };
  const push = (e: [number, number]) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = (): [number, number] | undefined => {
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && better(heap[l], heap[m])) m = l;
        if (r < heap.length && better(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  for (const [key, c] of pairCount) if (c > 0) push([c, key]);

  while (vocab.length < vocabSize) {
    const top = pop();
    if (!top) break;
    const [stored, key] = top;
    const current = pairCount.get(key) ?? 0;
    if (current !== stored) {
      // Counts of existing pairs only fall, so a stale entry is re-queued at its true count.
      if (current > 0) push([current, key]);
      continue;
    }
    if (current < minFrequency) break;
    const a = Math.floor(key / SHIFT), b = key % SHIFT;
    const merged = vocab.length;
    const token = vocab[a] + vocab[b];
    vocab.push(token);
    idOf.set(token, merged);
    merges.push([vocab[a], vocab[b]]);

    const fresh = new Set<number>();
    for (const wi of [...(where.get(key) ?? [])].sort((x, y) => x - y)) {
      const w = words[wi];
      let has = false;
      for (let k = 0; k + 1 < w.length; k++) if (w[k] === a && w[k + 1] === b) { has = true; break; }
      if (!has) continue;
      addPairs(wi, -1);
      const out: number[] = [];
      for (let k = 0; k < w.length; k++) {
        if (k + 1 < w.length && w[k] === a && w[k + 1] === b) {
          out.push(merged);
          k++;
        } else out.push(w[k]);
      }
      words[wi] = out;
      addPairs(wi, 1, fresh);
    }
    where.delete(key);
    pairCount.delete(key);
    for (const k of [...fresh].sort((x, y) => x - y)) {
      const c = pairCount.get(k) ?? 0;
      if (c > 0 && (Math.floor(k / SHIFT) === merged || k % SHIFT === merged)) push([c, k]);
    }
  }
  return { vocab, merges, specials };
}

/** Counts words and trains (see trainBpeFromCounts). */
export function trainBpe(texts: Iterable<string>, options: BpeTrainOptions): BpeModel {
  return trainBpeFromCounts(countWords(texts, options.specials), options);
}

/**
 * Plain BPE encoder over a trained model, for cross-checking the library: in each pre-token, repeatedly merge
 * every occurrence (left to right) of the adjacent pair with the lowest merge rank.
 */
export function referenceEncoder(model: BpeModel): (text: string) => number[] {
  const idOf = new Map<string, number>(model.vocab.map((t, i) => [t, i]));
  const rank = new Map<string, number>(model.merges.map(([a, b], i) => [`${a} ${b}`, i]));
  const bpe = (piece: string): string[] => {
    let syms = Array.from(piece);
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let k = 0; k + 1 < syms.length; k++) {
        const r = rank.get(`${syms[k]} ${syms[k + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = k;
        }
      }
      if (best < 0) return syms;
      const [a, b] = model.merges[bestRank];
      const out: string[] = [];
      for (let k = 0; k < syms.length; k++) {
        if (k + 1 < syms.length && syms[k] === a && syms[k + 1] === b) {
          out.push(a + b);
          k++;
        } else out.push(syms[k]);
      }
      syms = out;
    }
  };
  return (text) => {
    const ids: number[] = [];
    for (const section of splitOnSpecials(text, model.specials)) {
      if (section.special) {
        ids.push(idOf.get(section.text)!);
        continue;
      }
      for (const piece of preTokenize(section.text)) for (const t of bpe(piece)) ids.push(idOf.get(t)!);
    }
    return ids;
  };
}
