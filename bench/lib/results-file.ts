/** Writing benchmark results into Markdown files under bench/. */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './machine';

/** bench/RESULTS.md, the file of marked sections. */
export const RESULTS_FILE = path.join(ROOT, 'bench', 'RESULTS.md');

/** Rewrites one marked section of a results file (<!-- NAME:begin --> … <!-- NAME:end -->), appending it if absent. */
export function writeSection(name: string, body: string, file = RESULTS_FILE): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${begin}\n${body}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n\n';
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) text = text.slice(0, a) + block + text.slice(b + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
  return file;
}

/** Replaces a whole results file with a title, an intro paragraph and the body, and says so on stdout. */
export function writeResultsFile(file: string, title: string, intro: string, body: string): void {
  fs.writeFileSync(file, `# ${title}\n\n${intro}\n\n${body}\n`);
  console.log(`wrote ${path.relative(ROOT, file)}`);
}
