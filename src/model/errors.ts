/** Bad command-line usage: the CLI exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An input the user named cannot be used at all (missing file, foreign database …): exit code 1. */
export class InputError extends Error {
  override name = 'InputError';
  readonly input: string;
  constructor(input: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.input = input;
  }
}

/** The store cannot be opened or written: exit code 1. */
export class StoreError extends Error {
  override name = 'StoreError';
  readonly file: string;
  constructor(file: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.file = file;
  }
}

/** A network request failed for good (after retries): exit code 1 when it stops a command. */
export class FetchError extends Error {
  override name = 'FetchError';
  readonly url: string;
  constructor(url: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.url = url;
  }
}
