/**
 * Every CLI command, one file each under ./commands, registered here (one line per command).
 * Each module exports `register(program: Command): void`.
 */
import type { Command } from "commander";

type Registrar = (program: Command) => void;

const registrars: Registrar[] = [
  // one line per command
];

export function registerAll(program: Command): void {
  for (const r of registrars) r(program);
}
