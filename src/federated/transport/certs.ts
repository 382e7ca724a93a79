/**
 * Test and small-deployment TLS material for a federation, made with the `openssl` CLI (the one module
 * that spawns it): a self-signed CA, and a server key + certificate signed by it for localhost and
 * 127.0.0.1 (plus any extra names). Clients pin ca.pem.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VigilError } from "../../errors.js";

export interface CertPaths {
  ca: string;
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (r.error !== undefined) {
    throw new VigilError(
      "E_CONFIG",
      `cannot run openssl: ${r.error.message}`,
      { field: "openssl" },
      { cause: r.error },
    );
  }
  if (r.status !== 0) {
    throw new VigilError("E_CONFIG", `openssl ${args[0]} failed: ${r.stderr.trim().split("\n").pop()}`, {
      file: cwd,
    });
  }
}

export function makeCerts(outDir: string, extraNames: string[] = [], days = 365): CertPaths {
  mkdirSync(outDir, { recursive: true });
  const sans = [
    "DNS:localhost",
    "IP:127.0.0.1",
    "IP:::1",
    ...extraNames.map((n) => (/^[\d.:]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)),
  ];
  writeFileSync(
    join(outDir, "server.ext"),
    `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${sans.join(",")}\n`,
  );
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"], outDir);
  openssl(
    [
      "req",
      "-x509",
      "-new",
      "-key",
      "ca.key",
      "-sha256",
      "-days",
      String(days),
      "-subj",
      "/CN=vigil federation CA",
      "-out",
      "ca.pem",
    ],
    outDir,
  );
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "server.key"], outDir);
  openssl(
    ["req", "-new", "-key", "server.key", "-subj", "/CN=vigil federation server", "-out", "server.csr"],
    outDir,
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      String(days),
      "-sha256",
      "-extfile",
      "server.ext",
      "-out",
      "server.pem",
    ],
    outDir,
  );
  return { ca: join(outDir, "ca.pem"), cert: join(outDir, "server.pem"), key: join(outDir, "server.key") };
}
