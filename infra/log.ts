/** Start-up messages go through this so each subsystem's lines are recognisable in a mixed console. */
export type Log = (message: string) => void;

export function prefixedLog(prefix: string, write: (line: string) => void = (line) => console.log(line)): Log {
  return (message) => {
    for (const line of message.split('\n')) write(`[${prefix}] ${line}`);
  };
}

export const silentLog: Log = () => undefined;
