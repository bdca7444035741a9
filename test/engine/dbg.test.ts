import { it } from 'vitest';
import { makeWorld } from './helpers.js';
it('dbg', async () => {
  const w = makeWorld();
  const { token } = await w.login('alice');
  const d = await w.authorizer.authorize(new Request('https://x/login'), { action: 'read', resource: { type: 'page' }, layer: 'route' });
  console.log(d.reason, w.audit.last().error);
  try { await w.authorizer.ready(); } catch (e) { console.log('ready', e); }
});
