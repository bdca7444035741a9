// Masking and dropping decision-log events with Rego, as OPA does: a `data.system.log.mask` rule
// returning JSON pointers or `{op, path, value}` objects, and a `data.system.log.drop` rule that
// drops the event when true. Both are compiled into the same build as the app's policy
//   accord build -e app/authz/decision -e system/log/mask -e system/log/drop policies/
// and evaluated with the decision event as `input` (after the default credential masking, so the
// policy itself never sees a token).
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { DropPolicy, MaskPolicy, MaskRule } from './mask.js';

export interface PolicyLogHookOptions {
  maskEntrypoint?: string;
  dropEntrypoint?: string;
}

export interface PolicyLogHooks {
  maskPolicy?: MaskPolicy;
  drop?: DropPolicy;
}

function isMaskRule(r: unknown): r is MaskRule {
  if (typeof r === 'string') return r.startsWith('/');
  if (!r || typeof r !== 'object') return false;
  const o = r as { op?: unknown; path?: unknown };
  return (o.op === 'remove' || o.op === 'upsert') && typeof o.path === 'string' && o.path.startsWith('/');
}

/**
 * Hooks for `createAuditLogger({ ...policyLogHooks(policy) })`. Only the entrypoints the module
 * declares are wired. A mask rule that is not a pointer or `{op, path}` object is an error: the
 * logger then erases `/input` and `/result` of that event (fail closed), and counts the error.
 */
export function policyLogHooks(policy: LoadedPolicy, options: PolicyLogHookOptions = {}): PolicyLogHooks {
  const maskEp = options.maskEntrypoint ?? 'system/log/mask';
  const dropEp = options.dropEntrypoint ?? 'system/log/drop';
  const entrypoints = (policy as unknown as { entrypoints: Record<string, number> }).entrypoints ?? {};
  const hooks: PolicyLogHooks = {};
  const run = (ep: string, event: unknown): unknown => {
    const rs = policy.evaluate(new TextEncoder().encode(JSON.stringify(event)).buffer, ep) as Array<{ result: unknown }>;
    return rs[0]?.result;
  };
  if (maskEp in entrypoints) {
    hooks.maskPolicy = (event) => {
      const rules = run(maskEp, event);
      if (rules === undefined) return undefined;
      if (!Array.isArray(rules)) throw new Error(`${maskEp} must be a set of mask rules`);
      for (const r of rules) if (!isMaskRule(r)) throw new Error(`${maskEp}: invalid mask rule ${JSON.stringify(r)}`);
      return rules as MaskRule[];
    };
  }
  if (dropEp in entrypoints) hooks.drop = (event) => run(dropEp, event) === true;
  return hooks;
}
