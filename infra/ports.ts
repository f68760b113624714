import net from 'node:net';

/**
 * Asks the OS for a port that is free right now. Another process can take it before we bind it, so callers that
 * spawn servers on it should retry with a new port when the server reports "address already in use".
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`could not read the port bound on ${host}`));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** 0 means "any free port", matching how the config treats port settings. */
export async function resolvePort(requested: number | undefined, host = '127.0.0.1'): Promise<number> {
  return requested ? requested : findFreePort(host);
}
