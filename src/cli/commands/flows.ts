/**
 * `vigil flows <pcap|->`: capture → flow table → Zeek conn.log TSV, JSON lines or CSV. Thin: parses
 * arguments and calls src/features/flows. A summary (capture and flow-table counters) goes to stderr.
 */
import type { Command } from "commander";
import { openLive } from "../../capture/live.js";
import { openCapture } from "../../capture/open.js";
import type { CaptureSource } from "../../capture/source.js";
import { VigilError } from "../../errors.js";
import { csvHeader, csvLine, zeekFooter, zeekHeader, zeekLine } from "../../features/flows/format.js";
import { flowsFromSource } from "../../features/flows/from-capture.js";
import { LineSink } from "../../features/flows/line-sink.js";
import type { FlowRecord } from "../../schemas/flow.js";

const FORMATS = ["zeek", "json", "csv"] as const;
type Format = (typeof FORMATS)[number];

function positive(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
      throw new VigilError("E_CONFIG", `--${name} must be a positive number, got "${v}"`, { field: name });
    return n;
  };
}

interface FlowsCliOptions {
  interface?: string;
  filter?: string;
  format: string;
  output: string;
  maxFlows?: number;
  tcpIdleTimeout?: number;
  udpIdleTimeout?: number;
  activeTimeout?: number;
  localNets?: string;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command("flows")
    .description(
      "bidirectional flow records (Zeek conn.log fields + per-direction statistics) from a capture",
    )
    .argument("[capture]", 'pcap or pcapng file, or "-" for stdin')
    .option("-i, --interface <if>", "capture live from an interface (tcpdump) until SIGINT/SIGTERM")
    .option("--filter <bpf>", "BPF filter for live capture")
    .option("-f, --format <format>", `output format: ${FORMATS.join(" | ")}`, "zeek")
    .option("-o, --output <file>", 'output file ("-" for stdout)', "-")
    .option(
      "--max-flows <n>",
      "most flows held at once (least recently seen evicted past it)",
      positive("max-flows"),
    )
    .option(
      "--tcp-idle-timeout <s>",
      "idle timeout of open TCP connections, seconds (default 300)",
      positive("tcp-idle-timeout"),
    )
    .option(
      "--udp-idle-timeout <s>",
      "idle timeout of UDP/ICMP/other flows, seconds (default 60)",
      positive("udp-idle-timeout"),
    )
    .option(
      "--active-timeout <s>",
      "longest flow before it is emitted and restarted, seconds (default 1800)",
      positive("active-timeout"),
    )
    .option("--local-nets <cidrs>", "comma-separated local networks (sets local_orig/local_resp)")
    .option("-q, --quiet", "no summary on stderr")
    .action(async (capture: string | undefined, opts: FlowsCliOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw new VigilError(
          "E_CONFIG",
          `--format must be one of ${FORMATS.join(", ")}, got "${opts.format}"`,
          { field: "format" },
        );
      }
      const format = opts.format as Format;
      const live = opts.interface !== undefined;
      if (live && capture !== undefined)
        throw new VigilError("E_CONFIG", "give a capture file or --interface, not both", {
          field: "interface",
        });
      if (!live && capture === undefined)
        throw new VigilError("E_CONFIG", "give a capture file, - for stdin, or --interface", {
          field: "capture",
        });
      let source: CaptureSource;
      if (live) {
        const lc = openLive({ iface: opts.interface as string, bpf: opts.filter });
        const stop = () => lc.stop();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        lc.ready.then(
          () => process.stderr.write(`vigil flows: capturing on ${opts.interface}\n`),
          () => {},
        );
        source = lc;
      } else source = openCapture(capture as string);
      const sink = new LineSink(opts.output, live);
      const emit = (r: FlowRecord): void => {
        sink.write(
          format === "zeek" ? zeekLine(r) : format === "csv" ? csvLine(r) : `${JSON.stringify(r)}\n`,
        );
      };
      if (format === "zeek") sink.write(zeekHeader());
      if (format === "csv") sink.write(csvHeader());
      let result: Awaited<ReturnType<typeof flowsFromSource>>;
      try {
        result = await flowsFromSource(
          source,
          emit,
          {
            maxFlows: opts.maxFlows,
            tcpIdleTimeoutS: opts.tcpIdleTimeout,
            udpIdleTimeoutS: opts.udpIdleTimeout,
            activeTimeoutS: opts.activeTimeout,
            localNets: opts.localNets
              ? opts.localNets
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean)
              : [],
          },
          live ? { wallClockTickMs: 1000 } : {},
        );
      } catch (e) {
        sink.abort(); // no half-written log (the records emitted before the error are dropped with it)
        throw e;
      }
      if (format === "zeek") sink.write(zeekFooter());
      sink.close();
      // skipped/corrupt capture records are never silent
      for (const w of result.capture.warnings)
        process.stderr.write(`vigil flows: warning: ${capture}: ${w}\n`);
      if (!opts.quiet) {
        const summary = {
          capture: { ...result.capture, warnings: result.capture.warnings.length },
          flows: result.flows,
        };
        process.stderr.write(`${JSON.stringify(summary)}\n`);
      }
    });
}
