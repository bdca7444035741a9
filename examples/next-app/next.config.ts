import type { NextConfig } from 'next';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The example lives inside the Accord repository and uses its node_modules: tell both bundlers
// (and output tracing) where the workspace root is.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const config: NextConfig = {
  // Several builds (proxy / middleware / auth removed, Turbopack / webpack) can live side by side.
  distDir: process.env.ACCORD_NEXT_DIST_DIR || '.next',
  turbopack: { root },
  outputFileTracingRoot: root,
  // Node layers read the policy with fs at runtime; make output tracing ship it.
  outputFileTracingIncludes: { '/**': ['./generated/policy.wasm'] },
  experimental: {
    // forbidden() / unauthorized() and app/forbidden.tsx, app/unauthorized.tsx.
    authInterrupts: true,
    // ACCORD_SERVER_MINIFY=0 at build time: readable function names in CPU profiles of the server
    // (docs/nextjs.md, Load). Minified otherwise, as in production.
    serverMinification: process.env.ACCORD_SERVER_MINIFY !== '0',
  },
  // Build-time switches for the load benchmark's baseline ("auth removed") and its ablations
  // (lib/config.ts); never set them otherwise.
  env: {
    ACCORD_DISABLED: process.env.ACCORD_DISABLED === '1' ? '1' : '0',
    // lib/config.ts accepts only the known ablations.
    ACCORD_BENCH_ABLATE: process.env.ACCORD_BENCH_ABLATE ?? '',
  },
  typescript: {
    ignoreBuildErrors: process.env.ACCORD_SKIP_TYPECHECK === '1',
    // Written by scripts/prepare.mjs (extends tsconfig.json): `next build` adds its distDir's
    // types to this file's `include`, so the committed tsconfig.json stays untouched.
    tsconfigPath: 'tsconfig.next.json',
  },
  poweredByHeader: false,
};

export default config;
