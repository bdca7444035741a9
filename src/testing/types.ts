// Result types shared by the test runner, its worker and the reporters.
export type TestStatus = 'pass' | 'fail' | 'error' | 'skip';

export interface TestResult {
  id: string;
  package: string;
  name: string;
  file: string;
  line: number;
  col: number;
  status: TestStatus;
  durationNs: number;
  /** Output of print() calls made by this test. */
  output: string[];
  error?: { code: string; message: string };
  /** For failures: what the test rule evaluated to (undefined when undefined). */
  value?: unknown;
}

export interface CoverageReport {
  files: Record<
    string,
    {
      covered: Array<{ start: { row: number }; end: { row: number } }>;
      not_covered: Array<{ start: { row: number }; end: { row: number } }>;
      covered_lines: number;
      not_covered_lines: number;
      coverage: number;
    }
  >;
  covered_lines: number;
  not_covered_lines: number;
  coverage: number;
}
