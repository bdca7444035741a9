// Accord's runtime entry point: Edge-safe (no node: imports), no compiler.
export { VERSION } from './version.js';
