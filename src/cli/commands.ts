// The command table. Adding a command: write src/cli/<name>.ts exporting a Command, list it here.
import type { Command } from './io.js';

export interface CommandEntry {
  summary: string;
  run: Command;
}

export const commands: Record<string, CommandEntry> = {};
