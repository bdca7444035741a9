// `npm run test:e2e`: real `next build` + `next start` of examples/next-app and Chromium. Separate
// from the default suite (these files end in .e2e.ts). One worker: the builds share the example's
// working tree, and the machine has two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/next/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 420_000,
    reporters: ['verbose'],
  },
});
