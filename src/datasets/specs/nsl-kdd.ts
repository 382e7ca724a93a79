/**
 * NSL-KDD (no header): 41 KDD'99 connection features, the attack name, then a difficulty level (how many
 * of 21 learners got the row wrong: derived from labels, dropped). The fine label is the attack's
 * category (normal, DoS, Probe, R2L, U2R); the attack name is kept in the `attack` column and drives
 * the taxonomy. Test sets hold attacks absent from training (apache2, mscan, ...), all mapped.
 */
import { getCategorical, recodeCategorical, withColumn } from "../../table/table.js";
import { readSpecCsv } from "../read-helpers.js";
import type { DatasetSpec } from "../spec.js";
import type { TaxonomyLabel } from "../taxonomy.js";

export const NSL_KDD_FEATURES = [
  "duration",
  "protocol_type",
  "service",
  "flag",
  "src_bytes",
  "dst_bytes",
  "land",
  "wrong_fragment",
  "urgent",
  "hot",
  "num_failed_logins",
  "logged_in",
  "num_compromised",
  "root_shell",
  "su_attempted",
  "num_root",
  "num_file_creations",
  "num_shells",
  "num_access_files",
  "num_outbound_cmds",
  "is_host_login",
  "is_guest_login",
  "count",
  "srv_count",
  "serror_rate",
  "srv_serror_rate",
  "rerror_rate",
  "srv_rerror_rate",
  "same_srv_rate",
  "diff_srv_rate",
  "srv_diff_host_rate",
  "dst_host_count",
  "dst_host_srv_count",
  "dst_host_same_srv_rate",
  "dst_host_diff_srv_rate",
  "dst_host_same_src_port_rate",
  "dst_host_srv_diff_host_rate",
  "dst_host_serror_rate",
  "dst_host_srv_serror_rate",
  "dst_host_rerror_rate",
  "dst_host_srv_rerror_rate",
] as const;

const categorical = ["protocol_type", "service", "flag"] as const;
const numeric = NSL_KDD_FEATURES.filter((f) => !(categorical as readonly string[]).includes(f));

export type NslKddCategory = "normal" | "DoS" | "Probe" | "R2L" | "U2R";

/** The standard attack → category table (Tavallaee et al. 2009; test-only attacks included). */
export const NSL_KDD_CATEGORY: Record<string, NslKddCategory> = {
  normal: "normal",
  back: "DoS",
  land: "DoS",
  neptune: "DoS",
  pod: "DoS",
  smurf: "DoS",
  teardrop: "DoS",
  apache2: "DoS",
  mailbomb: "DoS",
  processtable: "DoS",
  udpstorm: "DoS",
  worm: "DoS",
  ipsweep: "Probe",
  nmap: "Probe",
  portsweep: "Probe",
  satan: "Probe",
  mscan: "Probe",
  saint: "Probe",
  ftp_write: "R2L",
  guess_passwd: "R2L",
  imap: "R2L",
  multihop: "R2L",
  phf: "R2L",
  spy: "R2L",
  warezclient: "R2L",
  warezmaster: "R2L",
  xlock: "R2L",
  xsnoop: "R2L",
  snmpguess: "R2L",
  snmpgetattack: "R2L",
  httptunnel: "R2L",
  sendmail: "R2L",
  named: "R2L",
  buffer_overflow: "U2R",
  loadmodule: "U2R",
  perl: "U2R",
  rootkit: "U2R",
  sqlattack: "U2R",
  xterm: "U2R",
  ps: "U2R",
};

/** Attack name → taxonomy: password guessing is brute force, worms malware, the rest by category. */
export function nslKddTaxonomy(attack: string): TaxonomyLabel {
  const a = attack.toLowerCase();
  if (a === "guess_passwd" || a === "snmpguess") return "bruteforce";
  if (a === "worm") return "malware";
  if (a === "sqlattack") return "injection";
  const cat = NSL_KDD_CATEGORY[a];
  if (cat === "normal") return "benign";
  if (cat === "DoS") return "dos";
  if (cat === "Probe") return "scan";
  return "other"; // R2L, U2R (privilege escalation), unknown
}

function nslKddSpec(id: string, file: string, rows: string): DatasetSpec {
  return {
    id,
    title: `NSL-KDD ${file}`,
    files: [`nsl-kdd/${file}`],
    notes: `${rows} rows. KDD'99-derived (1998 DARPA testbed traffic, not IoT): for comparison with the literature only.`,
    numeric,
    categorical,
    identifiers: [],
    labelDerived: ["attack", "difficulty"],
    label: "category",
    taxonomySource: "attack",
    toTaxonomy: nslKddTaxonomy,
    async read(ctx) {
      const t = await readSpecCsv(
        ctx,
        `nsl-kdd/${file}`,
        { numeric: [...numeric, "difficulty"], categorical: [...categorical, "attack"] },
        { header: false, columnNames: [...NSL_KDD_FEATURES, "attack", "difficulty"], expectedRows: 26_000 },
      );
      // unknown attack names become missing categories, which loadDataset reports as unlabeled rows
      const category = recodeCategorical(
        getCategorical(t, "attack"),
        (a) => NSL_KDD_CATEGORY[a.toLowerCase()],
        "category",
      );
      return withColumn(t, category);
    },
  };
}

export const nslKddTrain = nslKddSpec("nsl-kdd-train", "KDDTrain+_20Percent.txt", "25,192");
export const nslKddTest = nslKddSpec("nsl-kdd-test", "KDDTest+.txt", "22,544");
export const nslKddTest21 = nslKddSpec("nsl-kdd-test-21", "KDDTest-21.txt", "11,850");
/** "nsl-kdd": the training subset. */
export const nslKdd: DatasetSpec = { ...nslKddTrain, id: "nsl-kdd", title: "NSL-KDD (KDDTrain+_20Percent)" };
