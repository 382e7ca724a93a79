#!/usr/bin/env node
/** vigil's command line: parses arguments and calls the library (no logic lives here). */
import { Command } from "commander";
import { isVigilError } from "../errors.js";
import { registerAll } from "./commands/index.js";

// `vigil ... | head` closes stdout early: stop quietly instead of crashing with EPIPE.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  process.stderr.write(`vigil: cannot write output: ${err.message}\n`);
  process.exit(1);
});

const program = new Command();
program
  .name("vigil")
  .description("Machine-learning intrusion detection for IoT networks")
  .version("0.1.0")
  .showHelpAfterError();

registerAll(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (isVigilError(err)) {
    process.stderr.write(`vigil: error ${err.code}: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(
      `vigil: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  }
});
