// The CLI's view of the outside world, injectable so commands are testable without spawning.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Suppress informational output (used by build.mjs). */
  quiet?: boolean;
}

export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

export type Command = (args: string[], io: CliIO) => Promise<number>;
