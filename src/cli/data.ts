// Reading a JSON or YAML document named on the command line (`--input`, `--data`).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export function readDataFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`accord: ${file}: ${(err as Error).message}`);
  }
}
