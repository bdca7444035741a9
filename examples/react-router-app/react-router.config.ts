import type { Config } from '@react-router/dev/config';

export default {
  ssr: true,
  // Tests build into their own directory so parallel runs never share an output.
  buildDirectory: process.env.ACCORD_RR_BUILD_DIR ?? 'build',
} satisfies Config;
