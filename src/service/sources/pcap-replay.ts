/**
 * pcap/pcapng replay: the file is read in 256 KiB chunks and each chunk waits for room in the frame
 * ring, so a slow pipeline slows the reader instead of filling memory. `loops` replays the file again
 * (packet numbers continue). Pacing (recorded speed or a multiple) happens where frames leave the ring.
 */
import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { captureFromStream } from "../../capture/open.js";
import type { CaptureSource } from "../../capture/source.js";
import { VigilError } from "../../errors.js";
import type { PacketSource } from "./source.js";

export const REPLAY_CHUNK_BYTES = 256 * 1024;

export class PcapReplaySource implements PacketSource {
  readonly kind = "packets";
  readonly canWait = true;
  readonly name: string;
  readonly resumeKey: string;

  constructor(
    readonly path: string,
    readonly speed: "max" | "recorded" | number,
    readonly loops = 1,
  ) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch (e) {
      throw new VigilError("E_IO", `cannot read capture: ${(e as Error).message}`, { file: path });
    }
    this.name = path;
    this.resumeKey = `pcap:${resolve(path)}:${st.size}:${Math.round(st.mtimeMs)}:x${loops}`;
  }

  open(waitForRoom: () => Promise<void>): CaptureSource {
    const { path, loops } = this;
    // Each pass is a whole capture file; passes after the first skip the file header (same format).
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const fh = await open(path, "r");
      try {
        let headerBytes = -1;
        for (let pass = 0; pass < loops; pass++) {
          let pos = pass === 0 ? 0 : headerBytes;
          for (;;) {
            await waitForRoom();
            const buf = new Uint8Array(REPLAY_CHUNK_BYTES);
            const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
            if (bytesRead === 0) break;
            if (headerBytes < 0 && loops > 1) headerBytes = pcapHeaderBytes(buf);
            pos += bytesRead;
            yield buf.subarray(0, bytesRead);
          }
        }
      } finally {
        await fh.close();
      }
    }
    return captureFromStream(path, () => Readable.from(chunks(), { objectMode: true, highWaterMark: 0 }));
  }
}

/** Bytes of the global header before the first record: 24 for pcap; pcapng cannot loop (0 = replay all). */
function pcapHeaderBytes(head: Uint8Array): number {
  const le = (head[0] | (head[1] << 8) | (head[2] << 16) | (head[3] << 24)) >>> 0;
  if (le === 0x0a0d0d0a) {
    throw new VigilError("E_UNSUPPORTED", "loops > 1 needs a pcap file (pcapng replays once)", {
      field: "loops",
    });
  }
  return 24;
}
