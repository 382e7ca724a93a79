/** Live interface capture (tcpdump, through capture/live.ts): frames that do not fit the ring are dropped and counted. */
import { openLive } from "../../capture/live.js";
import type { CaptureSource } from "../../capture/source.js";
import type { PacketSource } from "./source.js";

export class LiveSource implements PacketSource {
  readonly kind = "packets";
  readonly canWait = false;
  readonly resumeKey = null;
  readonly speed = "max" as const;
  readonly name: string;

  constructor(
    readonly iface: string,
    readonly bpf?: string,
    readonly netns?: string,
  ) {
    this.name = `if:${iface}`;
  }

  open(): CaptureSource {
    return openLive({ iface: this.iface, bpf: this.bpf, netns: this.netns });
  }
}
