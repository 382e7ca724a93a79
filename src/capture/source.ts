/**
 * The capture seam (DESIGN.md convention 1): every way of getting frames (pcap file, pcapng file,
 * stdin, live interface) is a `CaptureSource`. Sources parse synchronously inside each chunk they
 * read and hand each frame to `onFrame`; a frame object is reused, so a consumer that keeps one must
 * copy it. Backpressure is natural: the next chunk is read only after `onFrame` returned for every
 * frame of the previous one.
 */
export interface Frame {
  /** 0-based number of this record in its source. */
  index: number;
  /** Byte offset in the file/stream where the record header starts. */
  byteOffset: number;
  tsSec: number;
  /** Nanoseconds within the second (pcap microsecond files are scaled by 1000). */
  tsNsec: number;
  /** Bytes captured. */
  capLen: number;
  /** Frame length on the wire. */
  wireLen: number;
  /** pcap LINKTYPE_* of the interface. */
  linkType: number;
  /** Interface number (pcapng IDB index; 0 for pcap). */
  interfaceId: number;
  /** Captured bytes; a view valid only during the onFrame call. */
  data: Uint8Array;
}

export interface CaptureStats {
  /** Frames handed to onFrame. */
  framesRead: number;
  /** Bytes consumed from the file or stream. */
  bytesRead: number;
  /** Records skipped because they were corrupt (the rest of the input was still readable). */
  framesSkipped: number;
  /** Kernel-reported packets received and dropped (live capture only; -1 when unknown). */
  kernelReceived: number;
  kernelDropped: number;
  /** Human-readable notes about skipped records: "byte 1234: record length 9999999 > snaplen". */
  warnings: string[];
}

export interface CaptureSource {
  /** "path/to/file.pcap", "-" (stdin), or "if:eth0". */
  readonly name: string;
  /** Reads until the end of the input or `stop()`; rejects with a VigilError on unreadable input. */
  run(onFrame: (frame: Frame) => void): Promise<CaptureStats>;
  /** Asks the source to end after the current chunk (live capture: stops tcpdump and collects its counters). */
  stop(): void;
}

export function emptyStats(): CaptureStats {
  return {
    framesRead: 0,
    bytesRead: 0,
    framesSkipped: 0,
    kernelReceived: -1,
    kernelDropped: -1,
    warnings: [],
  };
}
