import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { describeWithShared, PROJECT_ROOT, sharedPath } from "../../test/helpers/shared.js";
import { isVigilError, type VigilError } from "../errors.js";
import { zeekHeader, zeekLine } from "../features/flows/format.js";
import { flowRecordsFromCapture } from "../features/flows/from-capture.js";
import { type FlowRecord, FlowRecordSchema, ZEEK_CONN_FIELDS } from "../schemas/flow.js";
import { readZeekConnLog, zeekConnLogRecords } from "./zeek-log.js";

async function parse(text: string, strict = true) {
  const recs: FlowRecord[] = [];
  const res = await readZeekConnLog(Readable.from([text]), (r) => recs.push(r), { strict });
  return { recs, res };
}

async function failure(text: string): Promise<VigilError> {
  try {
    await parse(text);
  } catch (e) {
    if (isVigilError(e)) return e;
    throw e;
  }
  throw new Error("expected a failure");
}

// A hand-written log in the labelled IoT-23 layout: the last three columns are space-separated.
const IOT23_STYLE = [
  "#separator \\x09",
  "#set_separator\t,",
  "#empty_field\t(empty)",
  "#unset_field\t-",
  "#path\tconn",
  "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents   label   detailed-label",
  "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]   string   string",
  "1600000000.100000\tCabc\t10.1.1.2\t5555\t10.1.1.9\t80\ttcp\thttp\t1.250000\t120\t0\tSF\t-\t-\t0\tShADadFf\t6\t440\t4\t300\t-   Malicious   C&C",
  "1600000001.000000\tCdef\tfd00::1\t53000\tfd00::2\t53\tudp\t(empty)\t-\t-\t-\tS0\tT\tF\t0\tD\t1\t76\t0\t0\t-   Benign   -",
  "",
].join("\n");

describe("Zeek conn.log reader", () => {
  it("reads the labelled IoT-23 layout (space-separated last columns), unset and empty values", async () => {
    const { recs, res } = await parse(IOT23_STYLE);
    expect(res.records).toBe(2);
    expect(res.path).toBe("conn");
    const [a, b] = recs;
    expect(a).toMatchObject({
      ts: 1600000000.1,
      "id.orig_h": "10.1.1.2",
      "id.resp_p": 80,
      proto: "tcp",
      service: "http",
      duration: 1.25,
      orig_bytes: 120,
      conn_state: "SF",
      history: "ShADadFf",
      orig_pkts: 6,
      resp_ip_bytes: 300,
      label: "Malicious",
      detailed_label: "C&C",
      end_reason: "external",
      stats: null,
      local_orig: null,
      ip_proto: 6,
    });
    expect(a.resp_bytes).toBe(0);
    expect(b).toMatchObject({
      proto: "udp",
      service: "",
      duration: null,
      local_orig: true,
      local_resp: false,
      label: "Benign",
      detailed_label: null,
      ip_proto: 17,
    });
    expect(b.community_id).toMatch(/^1:/);
    for (const r of recs) expect(FlowRecordSchema.safeParse(r).success).toBe(true);
  });

  it("names the line and field of a bad value", async () => {
    const bad = IOT23_STYLE.replace("\t120\t", "\t12x\t");
    const e = await failure(bad);
    expect(e.code).toBe("E_FORMAT");
    expect(e.context).toMatchObject({ line: 8, field: "orig_bytes" });
  });

  it("names the line of a short row and the header problems", async () => {
    const short = IOT23_STYLE.replace("\tS0\tT\tF\t0\tD\t1\t76\t0\t0\t-   Benign   -", "\tS0");
    expect((await failure(short)).context).toMatchObject({ line: 9 });
    const noFields = "#separator \\x09\n1600000000.1\tC\t1.2.3.4\n";
    expect((await failure(noFields)).message).toMatch(/before the #fields/);
    const missing = IOT23_STYLE.replace("\tid.resp_p\t", "\tid.resp_x\t");
    expect((await failure(missing)).context).toMatchObject({ line: 6, field: "id.resp_p" });
    const emptyCount = IOT23_STYLE.replace("\t120\t", "\t(empty)\t");
    expect((await failure(emptyCount)).context).toMatchObject({ line: 8, field: "orig_bytes" });
    const badState = IOT23_STYLE.replace("\tSF\t", "\tXX\t");
    expect((await failure(badState)).context).toMatchObject({ line: 8, field: "conn_state" });
  });

  it("skips and counts bad lines when not strict", async () => {
    const bad = IOT23_STYLE.replace("\t120\t", "\t-5\t");
    const { recs, res } = await parse(bad, false);
    expect(recs).toHaveLength(1);
    expect(res.skipped).toBe(1);
    expect(res.warnings[0]).toMatch(/line=8/);
  });

  it("reports a missing file as E_IO with the path", async () => {
    await expect(zeekConnLogRecords("/nonexistent/conn.log")).rejects.toMatchObject({
      code: "E_IO",
      context: { file: "/nonexistent/conn.log" },
    });
  });

  it("reads back what the flow writer writes (Zeek format round trip)", async () => {
    const recs = await flowRecordsFromCapture(
      join(PROJECT_ROOT, "test", "fixtures", "flows", "scenarios.pcap"),
    );
    const text = zeekHeader() + recs.map(zeekLine).join("");
    const back = (await parse(text)).recs;
    expect(back).toHaveLength(recs.length);
    for (let i = 0; i < recs.length; i++) {
      for (const f of ZEEK_CONN_FIELDS) {
        const want = recs[i][f];
        if (typeof want === "number") expect(back[i][f], f).toBeCloseTo(want, 6);
        else expect(back[i][f], f).toEqual(want);
      }
      expect(back[i].community_id).toBe(recs[i].community_id);
    }
  });
});

const IOT23 = join("datasets", "iot23-ctu-iot-malware-capture-34-1", "conn.log.labeled");
describeWithShared("Zeek conn.log reader on IoT-23 scenario 34-1", [IOT23], () => {
  it("reads all 23,145 labelled flows with the published label counts", async () => {
    const counts = new Map<string, number>();
    let n = 0;
    const res = await readZeekConnLog(sharedPath(IOT23), (r) => {
      n++;
      const k = r.detailed_label ?? r.label ?? "?";
      counts.set(k, (counts.get(k) ?? 0) + 1);
    });
    expect(res.records).toBe(23145);
    expect(n).toBe(23145);
    expect(Object.fromEntries(counts)).toEqual({
      Benign: 1923,
      "C&C": 6706,
      DDoS: 14394,
      PartOfAHorizontalPortScan: 122,
    });
    // the first data line, checked against the file's own text
    const first = readFileSync(sharedPath(IOT23), "utf8")
      .split("\n")
      .find((l) => !l.startsWith("#"))!;
    const recs = await zeekConnLogRecords(sharedPath(IOT23));
    expect(recs[0].uid).toBe(first.split("\t")[1]);
    expect(FlowRecordSchema.safeParse(recs[0]).success).toBe(true);
  });
});
