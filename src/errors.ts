// Every expected failure is a MighookError: the CLI prints its message and hint
// and exits 2 (usage, config or git trouble). Anything else is a bug, and even
// then the user sees one line, not a stack trace.
export class MighookError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

export const usageError = (message: string, hint = "Run `mighook --help` for usage.") =>
  new MighookError(message, hint);
