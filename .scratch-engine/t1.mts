import { readFileSync } from 'node:fs';
import { compile } from '../src/compiler/index.js';
import { loadAccordPolicy } from '../src/engine/policy.js';
const src = readFileSync('/work/main/policies/authz.rego', 'utf8');
let t = performance.now();
const r = compile({ modules: { 'authz.rego': src }, entrypoints: ['app/authz/decision'] });
console.log('compile ms', performance.now() - t, r.wasm.length, r.entrypoints, r.builtins);
const p = await loadAccordPolicy(r.wasm);
console.log(p.entrypoints);
const input = { subject: { sub: 'alice', roles: ['admin'], tenant: 'acme', kind: 'user' }, session: { id: 'x', revoked: false, expires_at: 2000000000 }, request: { method: 'GET', path: '/documents', time: 1900000000 }, action: 'read', resource: { type: 'document', id: 'd1', tenant: 'acme', owner: 'bob' }, layer: 'route' };
console.log(JSON.stringify(p.evaluate(input, 'app/authz/decision')));
for (let k = 0; k < 3; k++) {
t = performance.now();
for (let i = 0; i < 20000; i++) p.evaluate(input, 'app/authz/decision');
console.log('eval us', (performance.now() - t) / 20000 * 1000);
}
