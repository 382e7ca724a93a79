/**
 * Every CLI command, one file each under ./commands, registered here (one line per command).
 * Each module exports `register(program: Command): void`.
 */
import type { Command } from "commander";
import { register as compare } from "./compare.js";
import { register as dataset } from "./dataset.js";
import { register as detect } from "./detect.js";
import { register as devices } from "./devices.js";
import { register as evaluate } from "./evaluate.js";
import { register as explain } from "./explain.js";
import { register as fed } from "./fed.js";
import { register as flows } from "./flows.js";
import { register as robustness } from "./robustness.js";
import { register as serve } from "./serve.js";
import { register as testbed } from "./testbed.js";
import { register as train } from "./train.js";

type Registrar = (program: Command) => void;

const registrars: Registrar[] = [
  // one line per command
  detect,
  flows,
  dataset,
  testbed,
  train,
  evaluate,
  explain,
  compare,
  robustness,
  devices,
  serve,
  fed,
];

export function registerAll(program: Command): void {
  for (const r of registrars) r(program);
}
