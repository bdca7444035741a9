// Runs once when the server starts: create Accord's state (session store, decision log, policy)
// eagerly and print the CI job's API key, so `npm run demo` can show it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { accordState } = await import('./lib/state');
  try {
    const state = accordState();
    await state.authorizer.ready();
    const key = await state.ciKey;
    console.log(`accord-example: ready; policy ${state.authorizer.revision}; CI API key (svc:ci-deployer): ${key}`);
  } catch (err) {
    console.error(`accord-example: Accord is not configured, every request will be denied: ${err instanceof Error ? err.message : String(err)}`);
  }
}
