import { describe, expect, it } from "vitest";
import { errorLine, isListening, parseTcpdumpSummary } from "./tcpdump-stats.js";

describe("tcpdump stderr", () => {
  it("parses the exit summary", () => {
    const text =
      "tcpdump: listening on veth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n" +
      "37 packets captured\n41 packets received by filter\n4 packets dropped by kernel\n";
    expect(parseTcpdumpSummary(text)).toEqual({ captured: 37, receivedByFilter: 41, droppedByKernel: 4 });
    expect(parseTcpdumpSummary("1 packet captured\n")).toEqual({
      captured: 1,
      receivedByFilter: -1,
      droppedByKernel: -1,
    });
  });

  it("recognizes the start line and picks the error line", () => {
    expect(isListening("tcpdump: listening on lo, link-type EN10MB")).toBe(true);
    expect(isListening("tcpdump: nosuch: No such device exists")).toBe(false);
    expect(errorLine("tcpdump: nosuch: No such device exists\n(SIOCGIFHWADDR: No such device)\n")).toBe(
      "tcpdump: nosuch: No such device exists",
    );
    expect(errorLine('Cannot open network namespace "x": No such file or directory\n')).toBe(
      'Cannot open network namespace "x": No such file or directory',
    );
  });
});
