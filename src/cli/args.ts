// A small argument parser for the CLI: repeated flags, `--flag=value`, short aliases, and
// positional arguments. Kept tiny on purpose: the commands have few options.
export interface FlagSpec {
  /** Takes a value (`-o file`) rather than being a boolean switch. */
  value?: boolean;
  /** May be given several times; values are collected in order. */
  multiple?: boolean;
  alias?: string;
}

export interface ParsedArgs {
  flags: Record<string, string[]>;
  positional: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const byAlias = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.alias) byAlias.set(s.alias, name);
  const flags: Record<string, string[]> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    let name = arg.replace(/^--?/, '');
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    name = byAlias.get(name) ?? name;
    const s = spec[name];
    if (!s) throw new UsageError(`unknown flag: ${arg}`);
    if (s.value) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new UsageError(`flag --${name} needs a value`);
      }
    } else if (value !== undefined) {
      throw new UsageError(`flag --${name} takes no value`);
    } else value = 'true';
    const list = (flags[name] ??= []);
    if (!s.multiple && list.length > 0) throw new UsageError(`flag --${name} given twice`);
    list.push(value);
  }
  return { flags, positional };
}
