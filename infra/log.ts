import type { Logger } from '../config/logger';

/** Start-up messages go through this so each subsystem's lines are recognisable in a mixed console. */
export type Log = (message: string) => void;

/** Set by logAsJson for the whole process: a process writes either readable lines or JSON records, never both. */
let jsonLogger: Logger | undefined;

/**
 * Production: from now on every prefixedLog message of this process (without its own `write`) is a JSON record of
 * this logger with its component, secrets masked (config/logger.ts). Decided once the configuration is loaded, which
 * is after module-level logs were created, so each message looks it up when it is written.
 */
export function logAsJson(logger: Logger): void {
  jsonLogger = logger;
}

export function prefixedLog(prefix: string, write?: (line: string) => void): Log {
  return (message) => {
    if (!write && jsonLogger) {
      jsonLogger.info({ component: prefix }, message);
      return;
    }
    for (const line of message.split('\n')) (write ?? console.log)(`[${prefix}] ${line}`);
  };
}

export const silentLog: Log = () => undefined;
