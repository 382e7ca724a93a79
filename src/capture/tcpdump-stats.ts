/**
 * tcpdump's exit summary on stderr ("N packets captured", "N packets received by filter",
 * "N packets dropped by kernel"), and its start line ("listening on IF, link-type ...").
 */

export interface TcpdumpSummary {
  /** Packets tcpdump wrote (-1 when the line is missing). */
  captured: number;
  /** Packets the kernel passed the filter ("received by filter"), -1 when missing. */
  receivedByFilter: number;
  /** Packets the kernel dropped for lack of buffer space, -1 when missing. */
  droppedByKernel: number;
}

function count(text: string, what: string): number {
  const m = new RegExp(`(\\d+) packets? ${what}`).exec(text);
  return m === null ? -1 : Number(m[1]);
}

export function parseTcpdumpSummary(stderr: string): TcpdumpSummary {
  return {
    captured: count(stderr, "captured"),
    receivedByFilter: count(stderr, "received by filter"),
    droppedByKernel: count(stderr, "dropped by kernel"),
  };
}

/** True once tcpdump's stderr says it is capturing. */
export function isListening(stderr: string): boolean {
  return /(^|\n)(tcpdump: )?listening on /.test(stderr);
}

/** tcpdump's error message: its last "tcpdump: ..." line, else the last non-empty stderr line. */
export function errorLine(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !isListening(l));
  const own = lines.filter((l) => l.startsWith("tcpdump: "));
  if (own.length > 0) return own[own.length - 1];
  return lines.length > 0 ? lines[lines.length - 1] : "";
}
