// Loading the inputs of `accord build` / `accord eval` the way OPA's loader does.
//
// Paths are files or directories; directories are walked recursively in name order.
//   - Without `-b` (OPA's default): every .rego file is a module, named by its path as given
//     (`policies/authz.rego`), and every .json/.yaml/.yml file is a base document placed at its
//     directory's path relative to the input path (`policies/users/roles.json` → `data.users`).
//     A data file named explicitly is placed at the root.
//   - With `-b`: each path is a bundle root. Modules are named by their path relative to the
//     root (`/authz.rego`), only data.json / data.yaml / data.yml files are base documents, and a
//     `.manifest` at the root contributes roots, revision and metadata.
//   - A `.tar.gz` named explicitly is read as a bundle (its sources and data); `.tar.gz` files
//     found while walking a directory are skipped, as `opa build` does.
// `--ignore` patterns use Go's filepath.Match syntax (`*`, `?`, `[a-z]`, `[^x]`, `\` escapes) and,
// as in OPA, are matched against the name of every file and directory below an input path; a
// pattern containing `/` is matched against the path relative to the input path instead.
// Unlike OPA, `node_modules` and entries whose name starts with `.` are always skipped (as in
// every other accord command). Symbolic links to files are read; links to directories are not
// followed (no cycles).
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, normalize, relative } from 'node:path';
import { DataTree, parseDataText } from './data.js';
import { BundleError, parseManifest, type Manifest } from './manifest.js';
import { readBundle, type Bundle } from './read.js';
import { bundlePath } from './write.js';

export interface InputOptions {
  /** The paths are bundle roots (`-b`). */
  bundleMode?: boolean;
  /** `--ignore` patterns. */
  ignore?: string[];
}

export interface SourceFile {
  /** Where it came from (a path on disk, or `bundle.tar.gz:/authz.rego`): used in diagnostics. */
  file: string;
  /** Its name inside a bundle (leading `/`). */
  bundlePath: string;
  source: string;
}

export interface LoadedInputs {
  /** Sorted by bundle path. */
  modules: SourceFile[];
  data: DataTree;
  /** Manifests of bundle roots (`-b`) and of .tar.gz inputs. */
  manifests: Array<{ file: string; manifest: Manifest }>;
  /** The .tar.gz inputs, as read. */
  bundles: Array<{ file: string; bundle: Bundle }>;
  /** Input paths that brought no manifest (they own every path under `data`). */
  unmanifested: string[];
}

const DATA_EXT = /\.(json|ya?ml)$/i;
const BUNDLE_DATA = /^data\.(json|ya?ml)$/;

/** Go's filepath.Match pattern → RegExp (anchored; `*` and `?` never match `/`). */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      const next = pattern[++i];
      if (next === undefined) throw new BundleError(`bad --ignore pattern ${JSON.stringify(pattern)}: trailing \\`);
      re += escapeRe(next);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (pattern[j] === '^') {
        cls += '^';
        j++;
      }
      let closed = false;
      let first = true;
      for (; j < pattern.length; j++) {
        const d = pattern[j]!;
        if (d === ']' && !first) {
          closed = true;
          break;
        }
        first = false;
        if (d === '\\') {
          const e = pattern[++j];
          if (e === undefined) break;
          cls += escapeClass(e);
        } else if (d === '-') cls += '-';
        else cls += escapeClass(d);
      }
      if (!closed || cls === '' || cls === '^') throw new BundleError(`bad --ignore pattern ${JSON.stringify(pattern)}: unterminated [`);
      re += cls.startsWith('^') ? `(?!/)[${cls}]` : `[${cls}]`;
      i = j;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 'u');
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function escapeClass(c: string): string {
  return /[\]\\^[]/.test(c) ? `\\${c}` : c;
}

/**
 * The bundle name of a source without `-b`: its path as given, as OPA names it (`policies/a.rego`
 * → `/policies/a.rego`; absolute paths stay absolute), minus leading `..` segments, which a
 * bundle name cannot have (`../policies/a.rego` → `/policies/a.rego`).
 */
function sourcePath(file: string): string {
  const segs = normalize(file).split(/[\\/]/).filter((s) => s !== '' && s !== '.');
  while (segs[0] === '..') segs.shift();
  return bundlePath(segs.join('/'));
}

/** Whether `--ignore` patterns exclude an entry (its name, or its path below the input path). */
export function globMatch(patterns: RegExp[], name: string, relPath: string): boolean {
  return patterns.some((p) => p.test(name) || p.test(relPath));
}

export function loadInputs(paths: string[], options: InputOptions = {}): LoadedInputs {
  const patterns = (options.ignore ?? []).map(globToRegExp);
  const out: LoadedInputs = { modules: [], data: new DataTree(), manifests: [], bundles: [], unmanifested: [] };
  const byBundlePath = new Map<string, string>();
  const addModule = (file: string, bp: string, source: string) => {
    const other = byBundlePath.get(bp);
    if (other !== undefined) throw new BundleError(`${file} and ${other} would both be ${bp} in the bundle`);
    byBundlePath.set(bp, file);
    out.modules.push({ file, bundlePath: bp, source });
  };
  const readText = (file: string) => readFileSync(file, 'utf8');

  const addBundleFile = (file: string) => {
    let bundle: Bundle;
    try {
      bundle = readBundle(file);
    } catch (err) {
      if (err instanceof BundleError) throw new BundleError(`${file}: ${err.message}`);
      throw err;
    }
    out.bundles.push({ file, bundle });
    out.manifests.push({ file, manifest: bundle.manifest });
    for (const [bp, source] of Object.entries(bundle.modules)) addModule(`${file}:${bp}`, bp, source);
    out.data.add([], bundle.data, file);
  };

  const visitFile = (file: string, root: string, explicit: boolean) => {
    const name = basename(file);
    const relDir = explicit ? [] : relative(root, dirname(file)).split(/[\\/]/).filter((s) => s !== '');
    if (name.endsWith('.tar.gz')) {
      if (explicit) addBundleFile(file);
      return;
    }
    if (name.endsWith('.rego')) {
      const bp = options.bundleMode ? bundlePath(explicit ? name : relative(root, file)) : sourcePath(file);
      addModule(file, bp, readText(file));
      return;
    }
    const isData = options.bundleMode ? BUNDLE_DATA.test(name) : DATA_EXT.test(name);
    if (isData) {
      out.data.add(relDir, parseDataText(readText(file), file), file);
      return;
    }
    if (explicit) throw new BundleError(`${file}: not a .rego, data (.json, .yaml) or bundle (.tar.gz) file`);
  };

  const walk = (dir: string, root: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      const rel = relative(root, full).split(/[\\/]/).join('/');
      if (globMatch(patterns, name, rel)) continue;
      let st = lstatSync(full);
      if (st.isSymbolicLink()) {
        const target = statSync(full, { throwIfNoEntry: false });
        if (!target || !target.isFile()) continue;
        st = target;
      }
      if (st.isDirectory()) walk(full, root);
      else if (st.isFile()) visitFile(full, root, false);
    }
  };

  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) throw new BundleError(`no such file or directory: ${p}`);
    if (st.isDirectory()) {
      const mf = join(p, '.manifest');
      if (options.bundleMode && existsSync(mf)) {
        let json: unknown;
        try {
          json = JSON.parse(readText(mf));
        } catch (err) {
          throw new BundleError(`${mf}: not valid JSON: ${(err as Error).message}`);
        }
        out.manifests.push({ file: mf, manifest: parseManifest(json, mf) });
      } else out.unmanifested.push(p);
      walk(p, p);
    } else {
      if (!p.endsWith('.tar.gz')) out.unmanifested.push(p);
      visitFile(p, dirname(p), true);
    }
  }
  out.modules.sort((a, b) => (a.bundlePath < b.bundlePath ? -1 : a.bundlePath > b.bundlePath ? 1 : 0));
  return out;
}
