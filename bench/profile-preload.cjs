// Loaded into a `next start` server by bench/next-profile.mjs (`node -r`): profiles the process
// in-process between two SIGUSR2 signals, so start-up and warm-up stay out of the profile.
//   ACCORD_PROFILE=cpu    V8's sampling CPU profiler (ACCORD_PROFILE_INTERVAL µs, default 200)
//   ACCORD_PROFILE=alloc  V8's sampling heap profiler, counting objects the GC has already
//                         collected too (every allocation, not only what is still alive)
// The profile is written to ACCORD_PROFILE_OUT, then ACCORD_PROFILE_OUT + '.done'. Bench only.
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');

const what = process.env.ACCORD_PROFILE;
const out = process.env.ACCORD_PROFILE_OUT;
if ((what === 'cpu' || what === 'alloc') && out) {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  let running = false;
  const fail = (err) => fs.writeFileSync(`${out}.done`, `error: ${err && err.message}`);
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      const started =
        what === 'cpu'
          ? post('Profiler.enable')
              .then(() => post('Profiler.setSamplingInterval', { interval: Number(process.env.ACCORD_PROFILE_INTERVAL ?? 200) }))
              .then(() => post('Profiler.start'))
          : post('HeapProfiler.startSampling', {
              samplingInterval: 1024,
              includeObjectsCollectedByMajorGC: true,
              includeObjectsCollectedByMinorGC: true,
            });
      started.catch(fail);
      return;
    }
    running = false;
    (what === 'cpu' ? post('Profiler.stop') : post('HeapProfiler.stopSampling'))
      .then((res) => {
        fs.writeFileSync(out, JSON.stringify(res.profile));
        fs.writeFileSync(`${out}.done`, 'ok');
      })
      .catch(fail);
  });
}
