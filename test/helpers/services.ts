// Detects the shared services the integration tests use (GUIDE §8). When one is missing the
// suite is skipped LOUDLY, unless ACCORD_REQUIRE_SERVICES=1 (CI), in which case it fails.
import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';

export const REQUIRE_SERVICES = process.env.ACCORD_REQUIRE_SERVICES === '1';

function banner(service: string, detail: string): void {
  const line = '!'.repeat(78);
  console.warn(
    `\n${line}\n!! SKIPPED: ${service} is not reachable (${detail}).\n` +
      `!! Integration tests that need it did NOT run. Set ACCORD_REQUIRE_SERVICES=1 to make this a failure.\n${line}\n`,
  );
}

function absent(service: string, detail: string): undefined {
  if (REQUIRE_SERVICES) {
    throw new Error(`${service} is required (ACCORD_REQUIRE_SERVICES=1) but not reachable: ${detail}`);
  }
  banner(service, detail);
  return undefined;
}

/** Redis URL if a server answers PING, else undefined (after a banner) or throw (when required). */
export async function detectRedis(): Promise<string | undefined> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 800, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  try {
    await client.connect();
    if ((await client.ping()) !== 'PONG') throw new Error('PING did not answer PONG');
    return url;
  } catch (err) {
    return absent(`Redis (${url})`, (err as Error).message);
  } finally {
    client.disconnect();
  }
}

/** A Postgres URL that accepts connections: DATABASE_URL, else the machine defaults. */
export async function detectPostgres(): Promise<string | undefined> {
  const candidates = process.env.DATABASE_URL
    ? [process.env.DATABASE_URL]
    : ['postgres://postgres@127.0.0.1:5432/test', `postgres://${userInfo().username}@127.0.0.1:5432/test`];
  const errors: string[] = [];
  for (const url of candidates) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 800 });
    c.on('error', () => {});
    try {
      await c.connect();
      await c.query('SELECT 1');
      return url;
    } catch (err) {
      errors.push(`${url}: ${(err as Error).message}`);
    } finally {
      await c.end().catch(() => {});
    }
  }
  return absent('PostgreSQL', errors.join('; '));
}

/** Path of the redis-server binary (for private, disposable servers in fault tests). */
export function findRedisServer(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status === 0 && path) return path;
  return absent('redis-server binary', 'not on PATH');
}

/** A short unique token for key prefixes and schema names. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
