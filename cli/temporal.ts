import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';

/** The CLI talks to TEMPORAL_ADDRESS, or to the dev server `npm start` runs on this machine. */
export async function openTemporal(config: Config): Promise<{ client: Client; close(): Promise<void> }> {
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_GRPC_PORT}`;
  const connection = await Connection.connect({ address, connectTimeout: '5 seconds' });
  return { client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), close: () => connection.close() };
}
