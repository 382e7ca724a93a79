/**
 * Typed errors with context (DESIGN.md convention 5). Callers tell errors apart by `code`, never by
 * message text. Each layer adds where it was: file, byte offset, record number, field.
 */
export type VigilErrorCode =
  | "E_IO" // a file or stream could not be read or written
  | "E_FORMAT" // bytes that do not follow the declared format (pcap, pcapng, CSV, Zeek log, ...)
  | "E_TRUNCATED" // input ended inside a record
  | "E_UNSUPPORTED" // a valid input that vigil does not handle (link type, version, ...)
  | "E_DECODE" // a packet header that cannot be decoded
  | "E_CONFIG" // bad configuration or command-line argument
  | "E_SCHEMA" // a value that failed its schema at a boundary
  | "E_NOT_FITTED" // a model used before fit()
  | "E_MODEL" // a model artifact that is wrong or from an unknown version
  | "E_CAPTURE" // live capture failed (tcpdump missing, permission, interface)
  | "E_NETWORK" // a socket-level failure
  | "E_INTERNAL";

export interface ErrorContext {
  /** File path or source name ("-" for stdin, "if:eth0" for an interface). */
  file?: string;
  /** Byte offset in the file or stream where the bad record starts. */
  byteOffset?: number;
  /** 0-based record (packet, row, line) number. */
  record?: number;
  /** 1-based line number in a text file. */
  line?: number;
  /** The field or column that is wrong. */
  field?: string;
  [key: string]: string | number | boolean | undefined;
}

export class VigilError extends Error {
  readonly code: VigilErrorCode;
  readonly context: ErrorContext;

  constructor(
    code: VigilErrorCode,
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(formatMessage(message, context), options);
    this.name = "VigilError";
    this.code = code;
    this.context = context;
  }

  /** A copy with more context (outer layers add file names, record numbers...). */
  withContext(extra: ErrorContext): VigilError {
    const merged = { ...extra, ...this.context };
    const base = this.message.replace(/ \[[^\]]*\]$/, "");
    return new VigilError(this.code, base, merged, { cause: this.cause });
  }
}

export class NotFittedError extends VigilError {
  constructor(what: string) {
    super("E_NOT_FITTED", `${what} is not fitted: call fit() first`);
    this.name = "NotFittedError";
  }
}

export class DecodeError extends VigilError {
  constructor(message: string, context: ErrorContext = {}) {
    super("E_DECODE", message, context);
    this.name = "DecodeError";
  }
}

function formatMessage(message: string, ctx: ErrorContext): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(ctx)) {
    if (v !== undefined) parts.push(`${k}=${v}`);
  }
  return parts.length > 0 ? `${message} [${parts.join(" ")}]` : message;
}

export function isVigilError(e: unknown): e is VigilError {
  return e instanceof VigilError;
}
