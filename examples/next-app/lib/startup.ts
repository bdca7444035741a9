// Start-up (Node): build the state now rather than on the first request, check the policy loads,
// and print what `npm run demo` shows (policy revision, the CI job's API key).
import { accordState } from './state';

export async function startAccord(): Promise<void> {
  try {
    const state = accordState();
    await state.authorizer.ready();
    const key = await state.ciKey;
    console.log(`accord-example: ready; policy ${state.authorizer.revision}; CI API key (svc:ci-deployer): ${key}`);
  } catch (err) {
    console.error(`accord-example: Accord is not configured, every request will be denied: ${err instanceof Error ? err.message : String(err)}`);
  }
}
