// Base documents from data.json / data.yaml files, merged at their directory paths as OPA does.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export function readDataFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`accord: ${file}: ${(err as Error).message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges `value` into `root` at `path`. Objects merge key by key; any other collision is an error
 * that names both files, because silently picking one would change policy decisions.
 */
export function mergeDataAt(root: Record<string, unknown>, path: string[], value: unknown, file: string, owners: Map<string, string>): void {
  let node = root;
  for (const seg of path) {
    const next = node[seg];
    if (next === undefined) node[seg] = {};
    else if (!isObject(next)) throw new Error(`accord: data conflict at ${path.join('.')}: ${file} and ${owners.get(path.join('.')) ?? 'another file'}`);
    node = node[seg] as Record<string, unknown>;
  }
  if (!isObject(value)) {
    if (path.length === 0) throw new Error(`accord: ${file}: the root data document must be an object`);
    throw new Error(`accord: ${file}: data files must contain an object`);
  }
  mergeInto(node, value, path, file, owners);
}

function mergeInto(target: Record<string, unknown>, src: Record<string, unknown>, path: string[], file: string, owners: Map<string, string>): void {
  for (const [k, v] of Object.entries(src)) {
    const p = [...path, k];
    const key = p.join('.');
    const existing = target[k];
    if (existing === undefined) {
      target[k] = v;
      owners.set(key, file);
    } else if (isObject(existing) && isObject(v)) {
      mergeInto(existing, v, p, file, owners);
    } else {
      throw new Error(`accord: data conflict at ${key}: ${file} and ${owners.get(key) ?? 'another file'}`);
    }
  }
}
