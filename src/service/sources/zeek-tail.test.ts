import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FlowRecord } from "../../schemas/flow.js";
import { ZeekTailSource } from "./zeek-tail.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-zeek-tail-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = `#separator \\x09
#set_separator\t,
#empty_field\t(empty)
#unset_field\t-
#path\tconn
#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes
#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount
`;
const line = (i: number) =>
  `${1700000000 + i}.5\tC${i}abc\t10.0.0.${i}\t4000${i}\t10.0.0.100\t1883\ttcp\t-\t0.5\t10\t20\tSF\t-\t-\t0\tShADadFf\t5\t300\t4\t260\n`;

describe("ZeekTailSource (a growing conn.log)", () => {
  it("reads existing lines, then lines appended later, skipping and counting a bad one", async () => {
    const path = join(dir, "conn.log");
    writeFileSync(path, HEADER + line(1) + line(2));
    const got: FlowRecord[] = [];
    const src = new ZeekTailSource(path, true, 20);
    const run = src.run((r) => {
      got.push(r);
      return true;
    });
    const wait = async (n: number) => {
      const end = Date.now() + 5000;
      while (got.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    };
    await wait(2);
    appendFileSync(path, `${line(3)}garbage\tline\n${line(4).slice(0, 20)}`);
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(path, line(4).slice(20));
    await wait(4);
    src.stop();
    await run;
    expect(got.map((r) => r.uid)).toEqual(["C1abc", "C2abc", "C3abc", "C4abc"]);
    expect(got[3]["id.orig_h"]).toBe("10.0.0.4");
    expect(src.counters()).toMatchObject({ records: 4, malformed: 1 });
    expect(src.lastWarning).toMatch(/line=11/);
  });
});
