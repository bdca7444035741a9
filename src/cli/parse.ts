// `accord parse`: show how Accord reads one Rego file — the AST as JSON (--json) or an outline.
import { readFileSync } from 'node:fs';
import type { Module, Rule, Term } from '../rego/ast.js';
import { parseModule } from '../rego/index.js';
import { parseArgs, UsageError } from './args.js';
import { printDiagnostics } from './check.js';
import type { CliIO } from './io.js';

const HELP = `Usage: accord parse [--json] [--no-locations] [--v0-compatible] <file.rego>

Parses one Rego file. With --json, prints its abstract syntax tree (the shape is documented in
src/rego/ast.ts); otherwise prints an outline of the package, imports and rules.
Exit status: 0 when the file parses, 1 on errors (printed as file:line:col).

Options:
      --json            print the AST as JSON
      --no-locations    leave source locations out of the JSON
      --v0-compatible   parse the file as Rego v0 (a module importing rego.v1 stays v1)
  -h, --help            show this help`;

export async function parseCommand(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { json: {}, 'no-locations': {}, 'v0-compatible': {}, help: { alias: 'h' } });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`accord parse: ${err.message}\n\n${HELP}`);
      return 1;
    }
    throw err;
  }
  if (args.flags.help) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positional.length !== 1) {
    io.stderr(`accord parse: expected exactly one file\n\n${HELP}`);
    return 1;
  }
  const file = args.positional[0]!;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(`accord parse: cannot read ${file}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': is a directory' : ''}`);
    return 1;
  }
  const result = parseModule(source, file, { regoVersion: args.flags['v0-compatible'] ? 0 : 1 });
  const errors = printDiagnostics(result.diagnostics, { [file]: source }, io);
  if (errors > 0 || !result.module) return 1;

  if (args.flags.json) {
    const dropLocations = Boolean(args.flags['no-locations']);
    io.stdout(JSON.stringify(result.module, (key, value) => (dropLocations && (key === 'loc' || key === 'fnLoc') ? undefined : value), 2));
  } else {
    io.stdout(outline(result.module));
  }
  return 0;
}

/** One line per package, import and rule: enough to see what the parser made of a file. */
export function outline(module: Module): string {
  const lines = [`package ${module.package.path.join('.')}  (Rego v${module.regoVersion})`];
  for (const a of module.annotations) lines.push(`  # METADATA ${a.scope ?? ''}${a.title ? `: ${a.title}` : ''}`);
  for (const imp of module.imports) {
    lines.push(`import ${refText(imp.path)}${imp.alias ? ` as ${imp.alias}` : ''}`);
  }
  for (const rule of module.rules) lines.push(ruleLine(rule));
  return lines.join('\n');
}

function ruleLine(rule: Rule): string {
  const name = rule.head.ref.map((t, i) => (i === 0 ? refText(t) : t.type === 'string' ? `.${t.value}` : `[${refText(t)}]`)).join('');
  let line = `${`${rule.loc.line}:${rule.loc.col}`.padEnd(8)} ${rule.default ? 'default ' : ''}${rule.kind} ${name}`;
  if (rule.head.args) line += `(${rule.head.args.length} ${rule.head.args.length === 1 ? 'arg' : 'args'})`;
  if (rule.head.key) line += rule.kind === 'set' ? ` contains ${refText(rule.head.key)}` : `[${refText(rule.head.key)}]`;
  if (rule.body.length > 0) line += ` — ${rule.body.length} ${rule.body.length === 1 ? 'literal' : 'literals'}`;
  if (rule.else.length > 0) line += ` + ${rule.else.length} else`;
  if (rule.annotations.length > 0) line += ' (annotated)';
  return line;
}

/** A short spelling of simple terms (names and refs); anything else is abbreviated. */
function refText(t: Term): string {
  switch (t.type) {
    case 'var':
      return t.name;
    case 'string':
      return JSON.stringify(t.value);
    case 'number':
      return t.raw;
    case 'ref':
      return refText(t.head) + t.path.map((p) => (p.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value) ? `.${p.value}` : `[${refText(p)}]`)).join('');
    default:
      return `<${t.type}>`;
  }
}
