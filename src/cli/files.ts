// Finding policy and data files under the paths given on the command line, as `opa` does:
// directories are walked recursively (skipping node_modules and dot-directories).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface FoundFiles {
  /** Display path → Rego source. */
  rego: Record<string, string>;
  /** data.json / data.yaml files with the directory they sit in (relative to their root). */
  data: Array<{ file: string; dir: string[] }>;
}

export function findFiles(paths: string[], options: { ignore?: (path: string) => boolean } = {}): FoundFiles {
  const out: FoundFiles = { rego: {}, data: [] };
  const visit = (path: string, root: string): void => {
    if (options.ignore?.(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        visit(join(path, entry), root);
      }
      return;
    }
    if (path.endsWith('.rego')) out.rego[path] = readFileSync(path, 'utf8');
    else if (/(^|\/)data\.(json|ya?ml)$/.test(path)) {
      const rel = relative(root, join(path, '..'));
      out.data.push({ file: path, dir: rel === '' ? [] : rel.split(/[\\/]/) });
    }
  };
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) throw new Error(`accord: no such file or directory: ${p}`);
    visit(p, st.isDirectory() ? p : join(p, '..'));
  }
  return out;
}
