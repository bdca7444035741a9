// `import policy from './policy.wasm?module'` yields a compiled WebAssembly.Module (Edge runtime).
declare module '*.wasm?module' {
  const module: WebAssembly.Module;
  export default module;
}
