import { describe, expect, it } from "vitest";
import { dnsBucket, dnsQueryName, registrablePart } from "./dns.js";
import { DNS_BUCKETS } from "./features.js";
import { dnsQuery } from "./test-frames.test-util.js";

describe("DNS query names", () => {
  it("reads the first question name, lower-cased", () => {
    const q = dnsQuery("A30xqtffg389ek-ats.IOT.us-west-2.amazonaws.com");
    expect(dnsQueryName(q, 0, q.length)).toBe("a30xqtffg389ek-ats.iot.us-west-2.amazonaws.com");
  });

  it("reads at an offset inside a larger buffer", () => {
    const q = dnsQuery("time.nist.gov");
    const buf = new Uint8Array(q.length + 42);
    buf.set(q, 42);
    expect(dnsQueryName(buf, 42, q.length)).toBe("time.nist.gov");
  });

  it("returns '' for responses, other opcodes, no question, truncation, pointers and odd bytes", () => {
    const q = dnsQuery("plug.sciener.cn");
    const resp = q.slice();
    resp[2] |= 0x80;
    expect(dnsQueryName(resp, 0, resp.length)).toBe("");
    const notify = q.slice();
    notify[2] |= 0x20;
    expect(dnsQueryName(notify, 0, notify.length)).toBe("");
    const noQ = q.slice();
    noQ[5] = 0;
    expect(dnsQueryName(noQ, 0, noQ.length)).toBe("");
    expect(dnsQueryName(q, 0, 20)).toBe("");
    expect(dnsQueryName(q, 0, q.length + 10)).toBe("");
    const ptr = q.slice();
    ptr[12] = 0xc0;
    expect(dnsQueryName(ptr, 0, ptr.length)).toBe("");
    const odd = q.slice();
    odd[13] = 0x20; // a space inside a label
    expect(dnsQueryName(odd, 0, odd.length)).toBe("");
  });

  it("buckets by the registrable part, deterministically", () => {
    expect(registrablePart("a.b.amazonaws.com")).toBe("amazonaws.com");
    expect(registrablePart("localhost")).toBe("localhost");
    expect(dnsBucket("x.iot.us-west-2.amazonaws.com")).toBe(dnsBucket("y.amazonaws.com"));
    const b = dnsBucket("vs-cam.u011.immedia-semi.com");
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThan(DNS_BUCKETS);
    const spread = new Set(
      ["a.com", "b.net", "c.org", "d.cn", "e.io", "f.de", "g.fr", "h.uk"].map(dnsBucket),
    );
    expect(spread.size).toBeGreaterThan(3);
  });
});
