/**
 * Turns one slot of the flow store into a FlowRecord (the only place the flow table allocates: once
 * per emitted flow). Field meanings are documented on the schema (src/schemas/flow.ts).
 */
import { communityId, ip4Bytes } from "../../decode/community-id.js";
import { formatIp4, formatIp6 } from "../../decode/packet.js";
import type { FlowEndReason, FlowProto, FlowRecord, FlowStats } from "../../schemas/flow.js";
import { tcpConnState, udpConnState } from "./conn-state.js";
import { ADDR, EPU, FC, FI, type FlowStore } from "./flow-store.js";
import { isLocal, type LocalNet } from "./local-nets.js";
import { guessService } from "./service.js";
import { tcpEndpointSize } from "./tcp-state.js";
import { flowUid } from "./uid.js";

export interface RecordContext {
  localNets: readonly LocalNet[];
  uidSeed: number;
  communityIdSeed: number;
}

export function protoName(ipProto: number): FlowProto {
  if (ipProto === 6) return "tcp";
  if (ipProto === 17) return "udp";
  if (ipProto === 1 || ipProto === 58) return "icmp";
  return "unknown_transport";
}

function addrBytes(st: FlowStore, slot: number, side: number): Uint8Array {
  const off = slot * st.r4 + ADDR + side * 4;
  if (st.fi[slot * st.r4 + FI + 0 /* ipVersion */] === 4) return ip4Bytes(st.addr[off + 3]);
  const b = new Uint8Array(16);
  for (let w = 0; w < 4; w++) {
    const v = st.addr[off + w];
    b[w * 4] = v >>> 24;
    b[w * 4 + 1] = (v >>> 16) & 255;
    b[w * 4 + 2] = (v >>> 8) & 255;
    b[w * 4 + 3] = v & 255;
  }
  return b;
}

function addrText(st: FlowStore, slot: number, side: number, bytes: Uint8Array): string {
  return st.fi[slot * st.r4 + FI + 0 /* ipVersion */] === 4
    ? formatIp4(st.addr[slot * st.r4 + ADDR + side * 4 + 3])
    : formatIp6(bytes);
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function dirStats(st: FlowStore, e: number) {
  const n = st.epf[e + 0 /* pkts */];
  const mean = n > 0 ? st.epf[e + 3 /* sizeSum */] / n : 0;
  const std = n > 0 ? Math.sqrt(Math.max(0, st.epf[e + 4 /* sizeSumSq */] / n - mean * mean)) : 0;
  const m = n - 1;
  const iatMean = m > 0 ? st.epf[e + 5 /* iatSum */] / m : 0;
  const iatStd = m > 0 ? Math.sqrt(Math.max(0, st.epf[e + 6 /* iatSumSq */] / m - iatMean * iatMean)) : 0;
  return {
    min: st.epu[e * 2 + EPU + 14 /* sizeMin */],
    mean: r6(mean),
    std: r6(std),
    max: st.epu[e * 2 + EPU + 15 /* sizeMax */],
    iatMin: m > 0 ? r6(st.epf[e + 10 /* iatMin */]) : 0,
    iatMean: r6(iatMean),
    iatStd: r6(iatStd),
    iatMax: m > 0 ? r6(st.epf[e + 11 /* iatMax */]) : 0,
  };
}

function buildStats(st: FlowStore, slot: number): FlowStats {
  const o = st.endpoint(slot, 0);
  const r = st.endpoint(slot, 1);
  const a = dirStats(st, o);
  const b = dirStats(st, r);
  const fc = st.u32;
  const n = st.fi[slot * st.r4 + FI + 10 /* firstCount */];
  const fs = slot * st.r2 + st.firstSizesAt;
  const fd = slot * st.r1 + st.firstDirsAt;
  const sizes: number[] = [];
  const dirs: (1 | -1)[] = [];
  for (let k = 0; k < n; k++) {
    sizes.push(st.u16[fs + k]);
    dirs.push(st.i8[fd + k] > 0 ? 1 : -1);
  }
  return {
    src2dst_payload_bytes: st.epf[o + 2 /* payloadBytes */],
    dst2src_payload_bytes: st.epf[r + 2 /* payloadBytes */],
    src2dst_ip_bytes_min: a.min,
    src2dst_ip_bytes_mean: a.mean,
    src2dst_ip_bytes_std: a.std,
    src2dst_ip_bytes_max: a.max,
    dst2src_ip_bytes_min: b.min,
    dst2src_ip_bytes_mean: b.mean,
    dst2src_ip_bytes_std: b.std,
    dst2src_ip_bytes_max: b.max,
    src2dst_iat_ms_min: a.iatMin,
    src2dst_iat_ms_mean: a.iatMean,
    src2dst_iat_ms_std: a.iatStd,
    src2dst_iat_ms_max: a.iatMax,
    dst2src_iat_ms_min: b.iatMin,
    dst2src_iat_ms_mean: b.iatMean,
    dst2src_iat_ms_std: b.iatStd,
    dst2src_iat_ms_max: b.iatMax,
    src2dst_syn_packets: fc[o * 2 + FC],
    src2dst_ack_packets: fc[o * 2 + FC + 1],
    src2dst_fin_packets: fc[o * 2 + FC + 2],
    src2dst_rst_packets: fc[o * 2 + FC + 3],
    src2dst_psh_packets: fc[o * 2 + FC + 4],
    src2dst_urg_packets: fc[o * 2 + FC + 5],
    dst2src_syn_packets: fc[r * 2 + FC],
    dst2src_ack_packets: fc[r * 2 + FC + 1],
    dst2src_fin_packets: fc[r * 2 + FC + 2],
    dst2src_rst_packets: fc[r * 2 + FC + 3],
    dst2src_psh_packets: fc[r * 2 + FC + 4],
    dst2src_urg_packets: fc[r * 2 + FC + 5],
    first_packets_ip_bytes: sizes,
    first_packets_direction: dirs,
  };
}

/** `baseSec`: whole seconds the store's times are relative to. */
export function buildFlowRecord(
  st: FlowStore,
  slot: number,
  reason: FlowEndReason,
  ctx: RecordContext,
  baseSec: number,
): FlowRecord {
  const proto = st.fi[slot * st.r4 + FI + 1 /* proto */];
  const o = st.endpoint(slot, 0);
  const r = st.endpoint(slot, 1);
  const origBytesAddr = addrBytes(st, slot, 0);
  const respBytesAddr = addrBytes(st, slot, 1);
  const history = st.historyText(slot);
  let origSize: number;
  let respSize: number;
  let connState: FlowRecord["conn_state"];
  let missed = 0;
  if (proto === 6) {
    origSize = tcpEndpointSize(st, slot, 0);
    respSize = tcpEndpointSize(st, slot, 1);
    connState = tcpConnState(
      st.epu[o * 2 + EPU + 0 /* state */],
      st.epu[r * 2 + EPU + 0 /* state */],
      origSize,
      respSize,
      history,
    );
    missed =
      Math.max(0, origSize - st.epf[o + 2 /* payloadBytes */]) +
      Math.max(0, respSize - st.epf[r + 2 /* payloadBytes */]);
  } else {
    origSize = st.epf[o + 2 /* payloadBytes */];
    respSize = st.epf[r + 2 /* payloadBytes */];
    connState = proto === 17 ? udpConnState(st.epf[o + 0 /* pkts */], st.epf[r + 0 /* pkts */]) : "OTH";
  }
  const duration = r6(st.ff[slot * st.r8 + 2 /* lastProductiveTs */] - st.ff[slot * st.r8 + 0 /* firstTs */]);
  const hasDuration = duration > 0;
  const hasPorts = proto === 6 || proto === 17 || proto === 1 || proto === 58;
  const version = st.fi[slot * st.r4 + FI + 0 /* ipVersion */];
  const local = ctx.localNets.length > 0;
  return {
    ts: Math.round((baseSec + st.ff[slot * st.r8 + 0 /* firstTs */]) * 1e6) / 1e6,
    uid: flowUid(ctx.uidSeed, st.ff[slot * st.r8 + 3 /* flowSeq */]),
    "id.orig_h": addrText(st, slot, 0, origBytesAddr),
    "id.orig_p": st.fi[slot * st.r4 + FI + 2 /* origPort */],
    "id.resp_h": addrText(st, slot, 1, respBytesAddr),
    "id.resp_p": st.fi[slot * st.r4 + FI + 3 /* respPort */],
    proto: protoName(proto),
    service:
      st.epf[r + 0 /* pkts */] > 0 ? guessService(proto, st.fi[slot * st.r4 + FI + 3 /* respPort */]) : null,
    duration: hasDuration ? duration : null,
    orig_bytes: hasDuration ? origSize : null,
    resp_bytes: hasDuration ? respSize : null,
    conn_state: connState,
    local_orig: local ? isLocal(ctx.localNets, version, st.addr, slot * st.r4 + ADDR) : null,
    local_resp: local ? isLocal(ctx.localNets, version, st.addr, slot * st.r4 + ADDR + 4) : null,
    missed_bytes: missed,
    history: history === "" ? null : history,
    orig_pkts: st.epf[o + 0 /* pkts */],
    orig_ip_bytes: st.epf[o + 1 /* ipBytes */],
    resp_pkts: st.epf[r + 0 /* pkts */],
    resp_ip_bytes: st.epf[r + 1 /* ipBytes */],
    ip_proto: proto,
    community_id: communityId(
      {
        src: origBytesAddr,
        dst: respBytesAddr,
        proto,
        srcPort: hasPorts ? st.fi[slot * st.r4 + FI + 2 /* origPort */] : -1,
        dstPort: hasPorts ? st.fi[slot * st.r4 + FI + 3 /* respPort */] : -1,
      },
      ctx.communityIdSeed,
    ),
    end_reason: reason,
    stats: buildStats(st, slot),
  };
}
