/** Sources by config type. */
import type { SourceConfig } from "../config/schema.js";
import { LiveSource } from "./live.js";
import { MqttFlowSource } from "./mqtt.js";
import { NatsFlowSource } from "./nats.js";
import { NetflowSource } from "./netflow.js";
import { PcapReplaySource } from "./pcap-replay.js";
import type { ServiceSource } from "./source.js";
import { ZeekTailSource } from "./zeek-tail.js";

export type { FlowAck, FlowSource, PacketSource, ServiceSource } from "./source.js";

export function createSource(c: SourceConfig): ServiceSource {
  switch (c.type) {
    case "pcap":
      return new PcapReplaySource(c.path, c.speed, c.loops);
    case "live":
      return new LiveSource(c.interface, c.bpf, c.netns);
    case "netflow":
      return new NetflowSource(c.host, c.port);
    case "zeek":
      return new ZeekTailSource(c.path, c.follow, c.poll_ms);
    case "mqtt":
      return new MqttFlowSource(c.url, c.topic);
    case "nats":
      return new NatsFlowSource(c);
  }
}
