import { readFileSync } from 'node:fs';
import { compile } from '../src/compiler/index.js';
import { loadAccordPolicy } from '../src/engine/policy.js';
import { SignJWT, jwtVerify } from 'jose';
const src = readFileSync('policies/authz.rego', 'utf8');
const r = compile({ modules: { 'authz.rego': src }, entrypoints: ['app/authz/decision'] });
const p = await loadAccordPolicy(r.wasm);
const input = { subject: { sub: 'alice', roles: ['admin'], tenant: 'acme', kind: 'user' }, session: { id: 'x', revoked: false, expires_at: 2000000000 }, request: { method: 'GET', path: '/documents', time: 1900000000 }, action: 'read', resource: { type: 'document', id: 'd1', tenant: 'acme', owner: 'bob' }, layer: 'route' };
const buf = new TextEncoder().encode(JSON.stringify(input)).buffer;
function bench(name: string, n: number, f: () => void) {
  for (let i = 0; i < n; i++) f();
  const t = performance.now();
  for (let i = 0; i < n; i++) f();
  console.log(name, ((performance.now() - t) / n * 1000).toFixed(2), 'us');
}
bench('eval obj', 20000, () => p.evaluate(input, 'app/authz/decision'));
bench('eval buf', 20000, () => p.evaluate(buf, 0));
bench('stringify+encode', 20000, () => new TextEncoder().encode(JSON.stringify(input)));
const small = { action: 'read', resource: { type: 'page' }, request: { path: '/login', time: 1 } };
bench('eval public', 20000, () => p.evaluate(small, 0));
const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const tok = await new SignJWT({ sub: 'alice', sid: 'x', roles: ['admin'], tenant: 'acme' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('i').setAudience('a').setExpirationTime('1h').sign(secret);
const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
let t = performance.now();
for (let i = 0; i < 5000; i++) await jwtVerify(tok, key, { issuer: 'i', audience: 'a' });
t = performance.now();
for (let i = 0; i < 5000; i++) await jwtVerify(tok, key, { issuer: 'i', audience: 'a' });
console.log('jwtVerify', ((performance.now() - t) / 5000 * 1000).toFixed(2));
