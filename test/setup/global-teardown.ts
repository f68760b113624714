import { INFRASTRUCTURE_KEY, releaseTestInfrastructure, type TestInfrastructure } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>)[INFRASTRUCTURE_KEY] as TestInfrastructure | undefined;
  if (!infra) return;
  delete (globalThis as Record<string, unknown>)[INFRASTRUCTURE_KEY];
  await releaseTestInfrastructure(infra);
}
