import { reactRouter } from '@react-router/dev/vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  plugins: [reactRouter()],
  resolve: {
    // What an application would import from the published package (entry point pending:
    // `accord/react-router`); here it resolves to the repository's sources.
    alias: [{ find: /^accord\/react-router$/, replacement: `${repo}adapters/react-router/index.ts` }],
  },
  server: { fs: { allow: [repo] } },
  logLevel: process.env.ACCORD_RR_QUIET === '1' ? 'warn' : 'info',
});
