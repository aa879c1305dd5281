/** A request the server refuses: answered as JSON `{ error: { status, code, message } }`, never with a stack. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  /** A stable machine-readable code ("bad_date", "not_found", …), listed in docs/API.md. */
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
