// Loading a bundle in Node: its policy.wasm through the unmodified SDK (with Accord's host builtins
// and the application's custom builtins), with the bundle's data.json as base documents.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { loadAccordPolicy, PolicyLoadError, type LoadOptions } from '../engine/policy.js';
import { BundleError } from './manifest.js';
import { readBundle, type Bundle, type ReadBundleOptions } from './read.js';

export interface LoadedBundle {
  /** The policy, with the bundle's data already set (`policy.setData` replaces it). */
  policy: LoadedPolicy;
  bundle: Bundle;
}

/**
 * Reads a bundle (.tar.gz bytes or a file path) and loads its wasm module. Throws
 * PolicyLoadError when the bundle is invalid or holds no wasm module (build it with
 * `accord build` or `opa build -t wasm`).
 */
export async function loadAccordBundle(source: Uint8Array | ArrayBuffer | string, options: LoadOptions & ReadBundleOptions = {}): Promise<LoadedBundle> {
  let bundle: Bundle;
  try {
    bundle = readBundle(source, options);
  } catch (err) {
    if (err instanceof BundleError) throw new PolicyLoadError(`accord: ${err.message}`, { cause: err });
    throw err;
  }
  if (!bundle.wasm) {
    throw new PolicyLoadError('accord: the bundle has no policy.wasm (build it with `accord build` or `opa build -t wasm`)');
  }
  const policy = await loadAccordPolicy(bundle.wasm, options);
  policy.setData(bundle.data);
  return { policy, bundle };
}
