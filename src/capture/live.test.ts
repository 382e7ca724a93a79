/**
 * Live capture for real: two network namespaces joined by a veth pair, tcpdump inside one of them,
 * ping and UDP sent from the other. Needs root, iproute2 and tcpdump; skips visibly otherwise.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrame } from "../decode/decode.js";
import { formatIp4, IPPROTO, Packet } from "../decode/packet.js";
import { openLive } from "./live.js";
import { hasTool } from "./tshark.test-util.js";

const tag = `vgl${process.pid % 100000}`;
const NS_CAP = `${tag}cap`;
const NS_SEND = `${tag}snd`;
const IP_CAP = "10.213.0.1";
const IP_SEND = "10.213.0.2";

function ip(...args: string[]): boolean {
  return spawnSync("ip", args, { stdio: "ignore" }).status === 0;
}

/** Whether this machine lets us create network namespaces (probed by adding and deleting one). */
function canUseNetns(): boolean {
  if (!hasTool("tcpdump") || process.getuid?.() !== 0) return false;
  if (spawnSync("hping3", ["--version"], { stdio: "ignore" }).error !== undefined) return false;
  const probe = `${tag}probe`;
  if (!ip("netns", "add", probe)) return false;
  return ip("netns", "del", probe);
}

/** Creates the namespaces and veth pair. */
function setUp(): boolean {
  return (
    ip("netns", "add", NS_CAP) &&
    ip("netns", "add", NS_SEND) &&
    ip(
      "link",
      "add",
      `${tag}a`,
      "netns",
      NS_CAP,
      "type",
      "veth",
      "peer",
      "name",
      `${tag}b`,
      "netns",
      NS_SEND,
    ) &&
    ip("-n", NS_CAP, "addr", "add", `${IP_CAP}/30`, "dev", `${tag}a`) &&
    ip("-n", NS_SEND, "addr", "add", `${IP_SEND}/30`, "dev", `${tag}b`) &&
    ip("-n", NS_CAP, "link", "set", `${tag}a`, "up") &&
    ip("-n", NS_SEND, "link", "set", `${tag}b`, "up") &&
    ip("-n", NS_CAP, "link", "set", "lo", "up")
  );
}

function tearDown(): void {
  ip("netns", "del", NS_SEND);
  ip("netns", "del", NS_CAP);
}

const canNetns = canUseNetns();
if (!canNetns) {
  process.stderr.write(
    "SKIPPED (needs root, iproute2 network namespaces, tcpdump and hping3): live capture over veth\n",
  );
}

/** Runs a bounded sender inside the sending namespace. */
function inSender(cmd: string[]): void {
  execFileSync("ip", ["netns", "exec", NS_SEND, ...cmd], { stdio: "ignore", timeout: 20_000 });
}

describe.skipIf(!canNetns)("live capture (tcpdump in a network namespace)", () => {
  beforeAll(() => {
    expect(setUp()).toBe(true);
    // Let the veth pair get its carrier.
    spawnSync("sleep", ["0.5"]);
  });
  afterAll(tearDown);

  it("captures ping and UDP from the other namespace, decodes them, and reports kernel counters after stop()", async () => {
    const live = openLive({ iface: `${tag}a`, netns: NS_CAP, snaplen: 1500, bpf: "ip" });
    const p = new Packet();
    const seen = { echoRequests: 0, udpTo9999: 0, portUnreachableQuotes: 0, frames: 0 };
    const done = live.run((f) => {
      seen.frames++;
      decodeFrame(f, p);
      if (p.ipProto === IPPROTO.ICMP && p.icmpType === 8 && formatIp4(p.src4) === IP_SEND)
        seen.echoRequests++;
      if (p.ipProto === IPPROTO.UDP && p.dstPort === 9999 && p.payloadLen === 5) seen.udpTo9999++;
      if (p.ipProto === IPPROTO.ICMP && p.icmpType === 3 && p.icmpCode === 3 && p.innerDstPort === 9999)
        seen.portUnreachableQuotes++;
    });
    let stats: Awaited<typeof done>;
    try {
      await live.ready;
      inSender(["hping3", "-1", "-c", "5", "-i", "u50000", IP_CAP]); // ICMP echo
      const udp = `const s=require("dgram").createSocket("udp4");let n=0;const t=setInterval(()=>{s.send("hello",9999,"${IP_CAP}");if(++n===8){clearInterval(t);setTimeout(()=>s.close(),100)}},20);`;
      inSender([process.execPath, "-e", udp]);
      spawnSync("sleep", ["0.3"]);
    } finally {
      live.stop();
      stats = await done;
    }
    expect(seen.echoRequests).toBe(5);
    expect(seen.udpTo9999).toBe(8);
    // Linux rate-limits ICMP errors, so at least one (not necessarily all) port-unreachable came back.
    expect(seen.portUnreachableQuotes).toBeGreaterThanOrEqual(1);
    expect(stats.framesRead).toBe(seen.frames);
    expect(stats.kernelReceived).toBeGreaterThanOrEqual(seen.frames);
    expect(stats.kernelDropped).toBe(0);
    expect(stats.framesSkipped).toBe(0);
  });

  it("reports a missing interface as E_CAPTURE with tcpdump's message", async () => {
    const live = openLive({ iface: "vigil-no-such-if", netns: NS_CAP });
    await expect(live.run(() => {})).rejects.toMatchObject({
      code: "E_CAPTURE",
      context: { file: "if:vigil-no-such-if" },
    });
    await expect(live.ready).rejects.toMatchObject({ code: "E_CAPTURE" });
  });

  it("passes an error thrown by the consumer through unchanged and stops tcpdump", async () => {
    const live = openLive({ iface: `${tag}a`, netns: NS_CAP, bpf: "icmp" });
    const boom = new Error("consumer failed");
    const done = live.run(() => {
      throw boom;
    });
    done.catch(() => {});
    await live.ready;
    inSender(["hping3", "-1", "-c", "1", IP_CAP]);
    await expect(done).rejects.toBe(boom);
  });

  it("stop() before any packet still ends cleanly with counters", async () => {
    const live = openLive({ iface: `${tag}a`, netns: NS_CAP, bpf: "udp port 1" });
    const done = live.run(() => {});
    await live.ready;
    live.stop();
    const stats = await done;
    expect(stats.framesRead).toBe(0);
    expect(stats.kernelReceived).toBeGreaterThanOrEqual(0);
  });
});

describe("live capture without tcpdump", () => {
  it("reports a missing tcpdump executable as E_CAPTURE", async () => {
    const live = openLive({ iface: "lo", tcpdumpPath: "/nonexistent/vigil/tcpdump" });
    await expect(live.run(() => {})).rejects.toMatchObject({ code: "E_CAPTURE", context: { file: "if:lo" } });
  });
});
