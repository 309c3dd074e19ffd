/**
 * Why an article was not imported, in words for the person who asked (the command line
 * prints it, Discord shows it privately). Never a stack trace: every refusal is expected.
 */
export class ImportError extends Error {
  override name = 'ImportError';
  /** Exit status for the command line: 2 for a bad invocation, 1 for a refused page. */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
