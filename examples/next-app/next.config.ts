import type { NextConfig } from 'next';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const config: NextConfig = {
  distDir: process.env.NEXT_DIST_DIR || '.next',
  turbopack: { root },
  outputFileTracingRoot: root,
  experimental: { externalDir: true, authInterrupts: true, extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } } as any,
};
export default config;
