// The demo's users and its CI service account. Passwords are demo values printed by `npm run demo`.
export interface DemoUser {
  id: string;
  name: string;
  roles: string[];
  tenant: string;
  password: string;
}

export const USERS: readonly DemoUser[] = [
  { id: 'alice', name: 'Alice', roles: ['admin'], tenant: 'acme', password: 'alice-demo' },
  { id: 'bob', name: 'Bob', roles: ['editor'], tenant: 'acme', password: 'bob-demo' },
  { id: 'carol', name: 'Carol', roles: ['viewer'], tenant: 'acme', password: 'carol-demo' },
  { id: 'dave', name: 'Dave', roles: ['editor'], tenant: 'globex', password: 'dave-demo' },
];

export const SERVICE_ACCOUNT = { id: 'svc:ci-deployer', roles: ['ci'], tenant: 'acme' } as const;

export function findUser(id: string): DemoUser | undefined {
  return USERS.find((u) => u.id === id);
}
