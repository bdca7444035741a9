// OPA bundles (.tar.gz) in Node: write (`accord build`), read back, load into the SDK.
export { BundleError, encodeManifest, goJSON, parseManifest, rootsContain, rootsOverlap, type Manifest, type WasmResolver } from './manifest.js';
export { writeBundle, bundlePath, WASM_PATH, DATA_PATH, MANIFEST_PATH, type BundleContents } from './write.js';
export { readBundle, DEFAULT_LIMITS, type Bundle, type ReadBundleOptions } from './read.js';
export { loadAccordBundle, type LoadedBundle } from './load.js';
export { DataTree, parseDataText } from './data.js';
export { loadInputs, globMatch, globToRegExp, type InputOptions, type LoadedInputs, type SourceFile } from './inputs.js';
export { buildBundle, declaredRegoVersion, type BuildOptions, type BuildResult } from './build.js';
