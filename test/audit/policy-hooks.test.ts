// data.system.log.mask / data.system.log.drop written in Rego, compiled into the same build as
// the app's policy, applied by the audit logger to every event.
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { compile } from '../../src/compiler/index.js';
import { loadAccordPolicy } from '../../src/engine/policy.js';
import { createAuditLogger, policyLogHooks } from '../../src/audit/index.js';
import { memorySink, sampleEvent } from './helpers.js';

const logPolicy = `package system.log
import rego.v1

# Never export the tenant's internal notes, and pseudonymise e-mail addresses.
mask contains "/input/resource/notes"

mask contains {"op": "upsert", "path": "/input/subject/email", "value": "***"} if input.input.subject.email

# Health checks are noise.
drop if input.input.request.path == "/healthz"
`;
const app = 'package app.authz\nimport rego.v1\ndefault allow := false\nallow if input.subject.sub == "alice"\n';

describe('policyLogHooks', () => {
  let policy: LoadedPolicy;
  beforeAll(async () => {
    const { wasm } = compile({
      modules: { 'app.rego': app, 'log.rego': logPolicy },
      entrypoints: ['app/authz/allow', 'system/log/mask', 'system/log/drop'],
    });
    policy = await loadAccordPolicy(wasm);
  });

  it('masks with pointers and upserts from Rego, and drops what the drop rule says', async () => {
    const { sink, units } = memorySink();
    const logger = createAuditLogger({ sinks: [sink], ...policyLogHooks(policy) });
    const event = sampleEvent({
      input: {
        subject: { sub: 'alice', email: 'alice@acme.example' },
        resource: { type: 'document', notes: 'internal: merger talks' },
        request: { path: '/documents/1' },
      },
    });
    logger.log(event);
    logger.log(sampleEvent({ input: { subject: { sub: 'probe' }, request: { path: '/healthz' } } }));
    await logger.flush();
    const lines = units.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    const [out] = lines;
    expect(out.input.resource).toEqual({ type: 'document' });
    expect(out.input.subject.email).toBe('***');
    expect(out.erased).toContain('/input/resource/notes');
    expect(out.masked).toContain('/input/subject/email');
    expect(JSON.stringify(out)).not.toContain('merger talks');
    expect(logger.metrics().filtered).toBe(1);
    await logger.close();
  });

  it('wires nothing when the module has no system.log entrypoints', async () => {
    const { wasm } = compile({ modules: { 'app.rego': app }, entrypoints: ['app/authz/allow'] });
    expect(policyLogHooks(await loadAccordPolicy(wasm))).toEqual({});
  });

  it('fails closed on an invalid mask rule: /input and /result are erased', async () => {
    const { wasm } = compile({
      modules: { 'log.rego': 'package system.log\nimport rego.v1\nmask contains "not-a-pointer"\n' },
      entrypoints: ['system/log/mask'],
    });
    const { sink, units } = memorySink();
    const logger = createAuditLogger({ sinks: [sink], ...policyLogHooks(await loadAccordPolicy(wasm)) });
    logger.log(sampleEvent({ input: { secret_plan: 'x' } }));
    await logger.flush();
    const out = JSON.parse(units[0]!);
    expect(out.input).toBeUndefined();
    expect(out.result).toBeUndefined();
    await logger.close();
  });
});
