// Layering rules from ARCHITECTURE §3–4, in one table so a reader sees the whole policy at once.
// Each rule: files it applies to (path prefix relative to the repo), and import specifiers it forbids.
import path from 'node:path';

const NODE_BUILTIN = /^node:|^(fs|path|os|child_process|crypto|http|https|net|url|util|worker_threads|stream|events|zlib)(\/|$)/;

const RULES = [
  { files: 'src/shared/', forbid: [/^electron$/, NODE_BUILTIN, /^react(-dom)?(\/|$)/, /^three(\/|$)/, /^@react-three\//], why: 'src/shared is platform-free (no electron, node, react or three)' },
  { files: 'src/renderer/', forbid: [/(^|\/)main\//, /^electron$/, NODE_BUILTIN], why: 'the renderer talks to the backend only through the contract client' },
  { files: 'src/main/compute/', forbid: [/^electron$/], why: 'the compute process never imports electron' },
  { files: '', except: 'src/main/compute/runtime/', forbid: [/^onnxruntime-(node|common|web)(\/|$)/], why: 'only src/main/compute/runtime imports onnxruntime-node' },
  { files: '', except: 'src/main/storage/', forbid: [/^better-sqlite3(\/|$)/], why: 'only src/main/storage imports better-sqlite3' },
];

function resolveForRenderer(spec, filename) {
  // Relative imports are resolved so "../../main/x" is caught as well as aliases.
  if (!spec.startsWith('.')) return spec;
  return path.relative(process.cwd(), path.resolve(path.dirname(filename), spec)).split(path.sep).join('/');
}

export const boundaries = {
  meta: { type: 'problem', docs: { description: 'Enforce the studio layering rules' }, schema: [] },
  create(context) {
    const file = path.relative(context.cwd ?? process.cwd(), context.filename).split(path.sep).join('/');
    const active = RULES.filter((r) => file.startsWith(r.files) && !(r.except && file.startsWith(r.except)));
    if (active.length === 0) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const resolved = resolveForRenderer(spec, context.filename);
      for (const r of active) {
        if (r.forbid.some((re) => re.test(spec) || re.test(resolved))) {
          context.report({ node, message: `Import of '${spec}' is not allowed here: ${r.why}.` });
        }
      }
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
      CallExpression: (n) =>
        n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal' && check(n, n.arguments[0].value),
    };
  },
};
