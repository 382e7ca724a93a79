/**
 * Turns one slot of the flow store into a FlowRecord (the only place the flow table allocates: once
 * per emitted flow). Field meanings are documented on the schema (src/schemas/flow.ts).
 */
import { communityId, ip4Bytes } from "../../decode/community-id.js";
import { formatIp4, formatIp6 } from "../../decode/packet.js";
import type { FlowEndReason, FlowProto, FlowRecord, FlowStats } from "../../schemas/flow.js";
import { tcpConnState, udpConnState } from "./conn-state.js";
import type { FlowStore } from "./flow-store.js";
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
  const off = slot * 8 + side * 4;
  if (st.ipVersion[slot] === 4) return ip4Bytes(st.addr[off + 3]);
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
  return st.ipVersion[slot] === 4 ? formatIp4(st.addr[slot * 8 + side * 4 + 3]) : formatIp6(bytes);
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function dirStats(st: FlowStore, e: number) {
  const n = st.pkts[e];
  const mean = n > 0 ? st.sizeSum[e] / n : 0;
  const std = n > 0 ? Math.sqrt(Math.max(0, st.sizeSumSq[e] / n - mean * mean)) : 0;
  const m = n - 1;
  const iatMean = m > 0 ? st.iatSum[e] / m : 0;
  const iatStd = m > 0 ? Math.sqrt(Math.max(0, st.iatSumSq[e] / m - iatMean * iatMean)) : 0;
  return {
    min: st.sizeMin[e],
    mean: r6(mean),
    std: r6(std),
    max: st.sizeMax[e],
    iatMin: m > 0 ? r6(st.iatMin[e]) : 0,
    iatMean: r6(iatMean),
    iatStd: r6(iatStd),
    iatMax: m > 0 ? r6(st.iatMax[e]) : 0,
  };
}

function buildStats(st: FlowStore, slot: number): FlowStats {
  const o = slot * 2;
  const r = o + 1;
  const a = dirStats(st, o);
  const b = dirStats(st, r);
  const fc = st.flagCounts;
  const n = st.firstCount[slot];
  const f = slot * st.firstN;
  const sizes: number[] = [];
  const dirs: (1 | -1)[] = [];
  for (let k = 0; k < n; k++) {
    sizes.push(st.firstSizes[f + k]);
    dirs.push(st.firstDirs[f + k] > 0 ? 1 : -1);
  }
  return {
    src2dst_payload_bytes: st.payloadBytes[o],
    dst2src_payload_bytes: st.payloadBytes[r],
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
    src2dst_syn_packets: fc[o * 6],
    src2dst_ack_packets: fc[o * 6 + 1],
    src2dst_fin_packets: fc[o * 6 + 2],
    src2dst_rst_packets: fc[o * 6 + 3],
    src2dst_psh_packets: fc[o * 6 + 4],
    src2dst_urg_packets: fc[o * 6 + 5],
    dst2src_syn_packets: fc[r * 6],
    dst2src_ack_packets: fc[r * 6 + 1],
    dst2src_fin_packets: fc[r * 6 + 2],
    dst2src_rst_packets: fc[r * 6 + 3],
    dst2src_psh_packets: fc[r * 6 + 4],
    dst2src_urg_packets: fc[r * 6 + 5],
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
  const proto = st.proto[slot];
  const o = slot * 2;
  const r = o + 1;
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
    connState = tcpConnState(st.state[o], st.state[r], origSize, respSize, history);
    missed = Math.max(0, origSize - st.payloadBytes[o]) + Math.max(0, respSize - st.payloadBytes[r]);
  } else {
    origSize = st.payloadBytes[o];
    respSize = st.payloadBytes[r];
    connState = proto === 17 ? udpConnState(st.pkts[o], st.pkts[r]) : "OTH";
  }
  const duration = r6(st.lastProductiveTs[slot] - st.firstTs[slot]);
  const hasDuration = duration > 0;
  const hasPorts = proto === 6 || proto === 17 || proto === 1 || proto === 58;
  const version = st.ipVersion[slot];
  const local = ctx.localNets.length > 0;
  return {
    ts: Math.round((baseSec + st.firstTs[slot]) * 1e6) / 1e6,
    uid: flowUid(ctx.uidSeed, st.flowSeq[slot]),
    "id.orig_h": addrText(st, slot, 0, origBytesAddr),
    "id.orig_p": st.origPort[slot],
    "id.resp_h": addrText(st, slot, 1, respBytesAddr),
    "id.resp_p": st.respPort[slot],
    proto: protoName(proto),
    service: st.pkts[r] > 0 ? guessService(proto, st.respPort[slot]) : null,
    duration: hasDuration ? duration : null,
    orig_bytes: hasDuration ? origSize : null,
    resp_bytes: hasDuration ? respSize : null,
    conn_state: connState,
    local_orig: local ? isLocal(ctx.localNets, version, st.addr, slot * 8) : null,
    local_resp: local ? isLocal(ctx.localNets, version, st.addr, slot * 8 + 4) : null,
    missed_bytes: missed,
    history: history === "" ? null : history,
    orig_pkts: st.pkts[o],
    orig_ip_bytes: st.ipBytes[o],
    resp_pkts: st.pkts[r],
    resp_ip_bytes: st.ipBytes[r],
    ip_proto: proto,
    community_id: communityId(
      {
        src: origBytesAddr,
        dst: respBytesAddr,
        proto,
        srcPort: hasPorts ? st.origPort[slot] : -1,
        dstPort: hasPorts ? st.respPort[slot] : -1,
      },
      ctx.communityIdSeed,
    ),
    end_reason: reason,
    stats: buildStats(st, slot),
  };
}
