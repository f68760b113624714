/** An expected failure: the message is printed as one line, without a stack, and the process exits with exitCode. */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
