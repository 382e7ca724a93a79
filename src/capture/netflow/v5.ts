/**
 * NetFlow v5 (Cisco's fixed format): a 24-byte header (version, count, sysUptime ms, unix secs/nsecs,
 * flow sequence, engine type/id, sampling) then `count` 48-byte records (addresses, next hop,
 * interfaces, packets, octets, first/last in sysUptime ms, ports, TCP flags, protocol, ToS, AS, masks).
 */
import type { ByteReader } from "./byte-reader.js";
import { emptyNetflowFlow, type NetflowFlow } from "./netflow-flow.js";

const HEADER = 24;
const RECORD = 48;
/** Cisco's limit; also bounds the loop. */
const MAX_RECORDS = 30;

export function decodeV5(r: ByteReader, onFlow: (f: NetflowFlow) => void): number {
  const count = r.u16(2, "v5.count");
  if (count > MAX_RECORDS) throw r.fail(`v5 count ${count} > ${MAX_RECORDS}`, 2, "v5.count");
  r.need(HEADER, count * RECORD, "v5.records");
  const uptimeMs = r.u32(4, "v5.sysUptime");
  const unixMs = r.u32(8, "v5.unix_secs") * 1000 + Math.floor(r.u32(12, "v5.unix_nsecs") / 1e6);
  const engine = r.u16(20, "v5.engine");
  for (let i = 0; i < count; i++) {
    const o = HEADER + i * RECORD;
    const f = emptyNetflowFlow(5, r.source, engine);
    f.ipVersion = 4;
    f.src.set(r.buf.subarray(o, o + 4));
    f.dst.set(r.buf.subarray(o + 4, o + 8));
    f.packets = r.u32(o + 16, "v5.dPkts");
    f.octets = r.u32(o + 20, "v5.dOctets");
    const first = r.u32(o + 24, "v5.First");
    const last = r.u32(o + 28, "v5.Last");
    f.startMs = unixMs - ((uptimeMs - first) >>> 0);
    f.endMs = unixMs - ((uptimeMs - last) >>> 0);
    f.srcPort = r.u16(o + 32, "v5.srcport");
    f.dstPort = r.u16(o + 34, "v5.dstport");
    f.tcpFlags = r.u8(o + 37, "v5.tcp_flags");
    f.proto = r.u8(o + 38, "v5.prot");
    onFlow(f);
  }
  return count;
}
