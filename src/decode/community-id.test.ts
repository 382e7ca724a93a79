import { describe, expect, it } from "vitest";
import { communityId, ip4Bytes } from "./community-id.js";
import { parseIp4 } from "./packet.js";

const v4 = (s: string) => ip4Bytes(parseIp4(s));

// Baselines from the Community ID specification's published test vectors (community-id-spec README / baseline).
describe("communityId", () => {
  it("hashes a TCP flow the same in both directions", () => {
    const a = communityId({
      src: v4("128.232.110.120"),
      dst: v4("66.35.250.204"),
      proto: 6,
      srcPort: 34855,
      dstPort: 80,
    });
    const b = communityId({
      src: v4("66.35.250.204"),
      dst: v4("128.232.110.120"),
      proto: 6,
      srcPort: 80,
      dstPort: 34855,
    });
    expect(a).toBe(b);
    expect(a).toBe("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
  });
  it("pairs ICMP echo request and reply", () => {
    const req = communityId({
      src: v4("192.168.0.89"),
      dst: v4("192.168.0.1"),
      proto: 1,
      srcPort: 8,
      dstPort: 0,
    });
    const rep = communityId({
      src: v4("192.168.0.1"),
      dst: v4("192.168.0.89"),
      proto: 1,
      srcPort: 0,
      dstPort: 0,
    });
    expect(req).toBe(rep);
    expect(req).toBe("1:X0snYXpgwiv9TZtqg64sgzUn6Dk=");
  });
  it("uses the seed", () => {
    const t = { src: v4("128.232.110.120"), dst: v4("66.35.250.204"), proto: 6, srcPort: 34855, dstPort: 80 };
    expect(communityId(t, 1)).not.toBe(communityId(t, 0));
  });
});
