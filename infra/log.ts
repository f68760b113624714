import type { Logger } from '../config/logger';

/** Start-up messages go through this so each subsystem's lines are recognisable in a mixed console. */
export type Log = (message: string) => void;

export function prefixedLog(prefix: string, write: (line: string) => void = (line) => console.log(line)): Log {
  return (message) => {
    for (const line of message.split('\n')) write(`[${prefix}] ${line}`);
  };
}

export const silentLog: Log = () => undefined;

/**
 * Production (a logger given): each message becomes a JSON record with its component, secrets masked
 * (config/logger.ts). Otherwise the readable `[component] message` line a person watches in a terminal.
 */
export function componentLog(component: string, logger: Logger | undefined): Log {
  return logger ? (message) => logger.info({ component }, message) : prefixedLog(component);
}
