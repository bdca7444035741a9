// Runs once when the server starts: create Accord's state (session store, decision log, policy)
// eagerly and print the CI job's API key, so `npm run demo` can show it. The Node-only code is
// imported under the documented `NEXT_RUNTIME === 'nodejs'` condition, so the Edge build drops it.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startAccord } = await import('./lib/startup');
    await startAccord();
  }
}
