// The tree of rules under `data`: every rule group (all definitions of one name) sits at its
// full path (package path + head ref). Base documents supplied at runtime share this tree, so the
// planner consults it to decide whether `data.a.b` is a rule call, a base lookup, or both.
import type { Module, Rule, RuleKind, Term } from '../rego/ast.js';

export interface RuleDef {
  rule: Rule;
  module: Module;
  /**
   * Multi-value (object) rules: the head ref after the group's static path, e.g. `[x]` for
   * `p[x] := v`, `[x, "c"]` for `p[x].c := v`, `[g]` for `p[g] contains m`.
   */
  keyPath?: Term[];
  /** What a multi-value rule puts at its key path: the head value, or an element of a set. */
  leaf?: 'value' | 'set';
}

export interface RuleGroup {
  id: number;
  /** Full path under `data`, e.g. ["app", "authz", "allow"]. */
  path: string[];
  kind: RuleKind;
  defs: RuleDef[];
  defaultDef?: RuleDef;
  /** Number of parameters (functions only). */
  arity: number;
}

export interface TreeNode {
  path: string[];
  children: Map<string, TreeNode>;
  group?: RuleGroup;
}

export function newNode(path: string[]): TreeNode {
  return { path, children: new Map() };
}

export function lookupNode(root: TreeNode, path: readonly string[]): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const seg of path) {
    node = node.children.get(seg);
    if (!node) return undefined;
  }
  return node;
}

/** Walks down from the root as far as `path` goes; returns the deepest node and its depth. */
export function deepestNode(root: TreeNode, path: readonly string[]): { node: TreeNode; depth: number } {
  let node = root;
  let depth = 0;
  for (const seg of path) {
    const next = node.children.get(seg);
    if (!next) break;
    node = next;
    depth++;
    if (node.group) break;
  }
  return { node, depth };
}

export function* allGroups(node: TreeNode): Generator<RuleGroup> {
  if (node.group) yield node.group;
  for (const child of node.children.values()) yield* allGroups(child);
}
