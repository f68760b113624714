import net from 'node:net';

/**
 * Whether a listener on this host is reachable only from the same machine. Names other than `localhost` are not
 * resolved: a name can point anywhere, so it counts as non-loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

export interface HostPort {
  /** Without brackets, as `listen()` takes it. */
  host: string;
  port: number;
}

/** `127.0.0.1:9464`, `[::1]:9464` or `0.0.0.0:9464`; undefined when it is not a host with a port 1-65535. */
export function parseHostPort(value: string): HostPort | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s/]+)):(\d{1,5})$/.exec(value.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  const host = match[1] ?? match[2]!;
  if (match[1] !== undefined && !net.isIPv6(host)) return undefined;
  return { host, port };
}

/** The `host:port` form sockets and the Temporal SDK accept (IPv6 in brackets). */
export function formatHostPort({ host, port }: HostPort): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
