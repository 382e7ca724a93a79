"""Peer for bench/datasets.ts: Python's standard library reading the same file the same way
(zipfile streaming + csv.reader, numeric columns converted with float(), categoricals dictionary-coded).
Usage: datasets-peer.py <path.csv|path.zip> <numeric columns JSON> <categorical columns JSON> <runs>
Prints JSON: {"rows": n, "seconds": [..]}."""
import csv, io, json, sys, time, zipfile

path, numeric, categorical, runs = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
MISSING = {"", "-", "?", "NA", "N/A", "NaN", "nan", "null", "(empty)"}


def read_once():
    if path.endswith(".zip"):
        z = zipfile.ZipFile(path)
        raw = z.open(z.namelist()[0])
    else:
        raw = open(path, "rb")
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    header = next(reader)
    num_idx = [header.index(c) for c in numeric]
    cat_idx = [header.index(c) for c in categorical]
    num_cols = [[] for _ in num_idx]
    cat_cols = [[] for _ in cat_idx]
    dicts = [{} for _ in cat_idx]
    rows = 0
    for rec in reader:
        for k, i in enumerate(num_idx):
            v = rec[i]
            num_cols[k].append(float("nan") if v in MISSING else float(v))
        for k, i in enumerate(cat_idx):
            v = rec[i].strip()
            d = dicts[k]
            cat_cols[k].append(d.setdefault(v, len(d)))
        rows += 1
    return rows


seconds = []
rows = 0
for _ in range(runs):
    t0 = time.perf_counter()
    rows = read_once()
    seconds.append(time.perf_counter() - t0)
print(json.dumps({"rows": rows, "seconds": seconds}))
