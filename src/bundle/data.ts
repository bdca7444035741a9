// Base documents assembled from data files, as OPA merges them: each file's value is placed at its
// directory's path under `data`; objects merge key by key, and any other collision is an error
// naming both files (picking one silently would change policy decisions).
import { parse as parseYaml } from 'yaml';
import { BundleError } from './manifest.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets an own property even for keys like `__proto__` (data files are untrusted). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function getOwn(target: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
}

/** Parses a data file's text by its name (.json, or .yaml/.yml). */
export function parseDataText(text: string, name: string): unknown {
  try {
    return /\.ya?ml$/i.test(name) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new BundleError(`${name}: ${(err as Error).message}`);
  }
}

export class DataTree {
  readonly root: Record<string, unknown> = {};
  /** Path (segments joined by NUL) → the file that put a value there. */
  private readonly owners = new Map<string, string>();

  /** Merges `value` (read from `file`) at `path`. */
  add(path: string[], value: unknown, file: string): void {
    if (value === undefined || value === null) {
      if (path.length === 0) return; // an empty data file contributes nothing
    }
    if (path.length === 0 && !isObject(value)) throw new BundleError(`${file}: the root data document must be an object`);
    let node = this.root;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i]!;
      const next = getOwn(node, seg);
      if (next === undefined) {
        const created: Record<string, unknown> = {};
        setOwn(node, seg, created);
        this.owners.set(path.slice(0, i + 1).join('\0'), file);
        node = created;
      } else if (isObject(next)) {
        node = next;
      } else {
        this.conflict(path.slice(0, i + 1), file);
      }
    }
    if (path.length === 0) this.mergeInto(node, value as Record<string, unknown>, [], file);
    else this.place(node, path, value, file);
  }

  private place(parent: Record<string, unknown>, path: string[], value: unknown, file: string): void {
    const key = path[path.length - 1]!;
    const existing = getOwn(parent, key);
    if (existing === undefined) {
      setOwn(parent, key, value);
      this.owners.set(path.join('\0'), file);
    } else if (isObject(existing) && isObject(value)) {
      this.mergeInto(existing, value, path, file);
    } else {
      this.conflict(path, file);
    }
  }

  private mergeInto(target: Record<string, unknown>, src: Record<string, unknown>, path: string[], file: string): void {
    for (const k of Object.keys(src)) this.place(target, [...path, k], src[k], file);
  }

  private conflict(path: string[], file: string): never {
    let other: string | undefined;
    for (let n = path.length; n > 0 && !other; n--) other = this.owners.get(path.slice(0, n).join('\0'));
    const where = path.length === 0 ? 'data' : `data.${path.join('.')}`;
    throw new BundleError(`data conflict at ${where}: ${file} and ${other ?? 'another data file'} both define it`);
  }
}
