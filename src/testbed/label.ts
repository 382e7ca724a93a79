/**
 * Ground truth for a testbed capture. A packet is an attack packet when it involves the attacker host
 * (attacker IP as IPv4 source or destination, attacker MAC as Ethernet source or destination, or the
 * attacker in an ARP sender/target field) and was captured at or after the attack window's start. The
 * attacker host sends nothing before its attack (IPv6 is off, it runs no services), so the rule is exact;
 * frames still steered to the attacker after the window ends (a poisoned ARP cache, late replies) are the
 * attack's effect and stay labelled attack. `attackerPacketsBeforeWindow` checks the "silent before" claim.
 *
 * Outputs: per packet `index,ts,label,scenario`; per bidirectional flow (5-tuple in first-seen direction)
 * `proto,src_ip,src_port,dst_ip,dst_port,first_ts,last_ts,packets,bytes,attack_packets,label`.
 */
import type { LiteFrame } from "./pcap-lite.js";

export const BENIGN = "benign";

export interface AttackWindow {
  /** Epoch seconds when the attack tool was started. */
  start: number;
  /** Epoch seconds when it ended. */
  end: number;
}

export interface LabelRule {
  scenario: string;
  /** Label given to attack packets. */
  label: string;
  attackerIp: string;
  attackerMac: string;
  /** Absent for the benign-only scenario (every packet benign). */
  window?: AttackWindow;
}

export function involvesAttacker(f: LiteFrame, ip: string, mac: string): boolean {
  return (
    f.srcIp === ip ||
    f.dstIp === ip ||
    f.srcMac === mac ||
    f.dstMac === mac ||
    f.arpSenderIp === ip ||
    f.arpSenderMac === mac ||
    f.arpTargetIp === ip
  );
}

export function isAttack(f: LiteFrame, rule: LabelRule): boolean {
  if (!rule.window) return false;
  return f.ts >= rule.window.start && involvesAttacker(f, rule.attackerIp, rule.attackerMac);
}

export interface LabelStats {
  packets: number;
  attackPackets: number;
  benignPackets: number;
  attackerPacketsBeforeWindow: number;
  firstTs: number;
  lastTs: number;
  /** Seconds from the first captured packet to the first attack packet (-1 when none). */
  firstAttackOffsetS: number;
  flows: number;
  attackFlows: number;
}

function protoName(f: LiteFrame): string {
  if (f.etherType === 0x0806) return "arp";
  if (f.etherType !== 0x0800) return `eth-0x${f.etherType.toString(16).padStart(4, "0")}`;
  return f.proto === 6 ? "tcp" : f.proto === 17 ? "udp" : f.proto === 1 ? "icmp" : `ip-${f.proto}`;
}

interface FlowAcc {
  proto: string;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  firstTs: number;
  lastTs: number;
  packets: number;
  bytes: number;
  attackPackets: number;
}

function endpoints(f: LiteFrame): [string, number, string, number] {
  if (f.etherType === 0x0806) return [f.arpSenderIp, -1, f.arpTargetIp, -1];
  if (f.etherType === 0x0800) return [f.srcIp, f.srcPort, f.dstIp, f.dstPort];
  return [f.srcMac, -1, f.dstMac, -1];
}

const fmtTs = (t: number) => t.toFixed(6);

export interface LabelOutput {
  packetsCsv: string;
  flowsCsv: string;
  stats: LabelStats;
}

export function labelFrames(frames: LiteFrame[], rule: LabelRule): LabelOutput {
  const rows: string[] = ["index,ts,label,scenario"];
  const flows = new Map<string, FlowAcc>();
  let attack = 0;
  let before = 0;
  let firstAttackTs = -1;
  for (const f of frames) {
    const a = isAttack(f, rule);
    if (a) {
      attack++;
      if (firstAttackTs < 0) firstAttackTs = f.ts;
    } else if (
      rule.window &&
      f.ts < rule.window.start &&
      involvesAttacker(f, rule.attackerIp, rule.attackerMac)
    ) {
      before++;
    }
    rows.push(`${f.index},${fmtTs(f.ts)},${a ? rule.label : BENIGN},${rule.scenario}`);
    const proto = protoName(f);
    const [sIp, sPort, dIp, dPort] = endpoints(f);
    const fwd = `${proto}|${sIp}|${sPort}|${dIp}|${dPort}`;
    const rev = `${proto}|${dIp}|${dPort}|${sIp}|${sPort}`;
    let acc = flows.get(fwd) ?? flows.get(rev);
    if (!acc) {
      acc = {
        proto,
        srcIp: sIp,
        srcPort: sPort,
        dstIp: dIp,
        dstPort: dPort,
        firstTs: f.ts,
        lastTs: f.ts,
        packets: 0,
        bytes: 0,
        attackPackets: 0,
      };
      flows.set(fwd, acc);
    }
    acc.lastTs = f.ts;
    acc.packets++;
    acc.bytes += f.wireLen;
    if (a) acc.attackPackets++;
  }
  const flowRows = [
    "proto,src_ip,src_port,dst_ip,dst_port,first_ts,last_ts,packets,bytes,attack_packets,label",
  ];
  let attackFlows = 0;
  for (const x of flows.values()) {
    if (x.attackPackets > 0) attackFlows++;
    flowRows.push(
      [
        x.proto,
        x.srcIp,
        x.srcPort,
        x.dstIp,
        x.dstPort,
        fmtTs(x.firstTs),
        fmtTs(x.lastTs),
        x.packets,
        x.bytes,
        x.attackPackets,
        x.attackPackets > 0 ? rule.label : BENIGN,
      ].join(","),
    );
  }
  const firstTs = frames.length > 0 ? frames[0].ts : 0;
  return {
    packetsCsv: `${rows.join("\n")}\n`,
    flowsCsv: `${flowRows.join("\n")}\n`,
    stats: {
      packets: frames.length,
      attackPackets: attack,
      benignPackets: frames.length - attack,
      attackerPacketsBeforeWindow: before,
      firstTs,
      lastTs: frames.length > 0 ? frames[frames.length - 1].ts : 0,
      firstAttackOffsetS: firstAttackTs < 0 ? -1 : Math.round((firstAttackTs - firstTs) * 1000) / 1000,
      flows: flows.size,
      attackFlows,
    },
  };
}
