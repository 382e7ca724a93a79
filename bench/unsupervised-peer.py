"""Peer side of bench/unsupervised.ts: fits scikit-learn 1.2 IsolationForest(n_estimators=100) on the
rows the TypeScript benchmark wrote (x_train.bin, float32), once per seed, timing each fit, and scores
the test rows; prints one JSON line with the fit seconds and the ROC-AUC (benign 0 vs attack 1, score =
-score_samples) per seed. Run by `npm run bench:deep:unsupervised` with /usr/bin/python3 (Debian)."""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score


def main():
    d = sys.argv[1]
    seeds = json.loads(sys.argv[2])
    meta = json.load(open(f"{d}/meta.json"))
    f = meta["cols"]
    x_train = np.fromfile(f"{d}/x_train.bin", dtype=np.float32).reshape((meta["train"], f))
    x_test = np.fromfile(f"{d}/x_test.bin", dtype=np.float32).reshape((meta["test"], f))
    y_test = np.fromfile(f"{d}/y_test.bin", dtype=np.int32)
    fit_s, auc = [], []
    for seed in seeds:
        m = IsolationForest(n_estimators=100, random_state=seed)
        t = time.perf_counter()
        m.fit(x_train)
        fit_s.append(time.perf_counter() - t)
        auc.append(float(roc_auc_score(y_test, -m.score_samples(x_test))))
    import sklearn

    print(json.dumps({"sklearn": sklearn.__version__, "fitSeconds": fit_s, "rocAuc": auc}))


if __name__ == "__main__":
    main()
