"""Peer side of bench/models.ts: fits scikit-learn RandomForestClassifier or XGBoost hist on the split the
TypeScript benchmark wrote, times fit / batch predict / single-row predict, writes the predicted labels
back, prints one JSON line. Run by `npm run bench:models` with /usr/bin/python3 (Debian's sklearn 1.2,
xgboost 1.7)."""
import json
import sys
import time

import numpy as np


def load(d, name, dtype, shape):
    return np.fromfile(f"{d}/{name}", dtype=dtype).reshape(shape)


def main():
    d, model = sys.argv[1], sys.argv[2]
    params = json.loads(sys.argv[3])
    meta = json.load(open(f"{d}/meta.json"))
    f = meta["cols"]
    x_train = load(d, "x_train.bin", np.float32, (meta["train"], f))
    y_train = load(d, "y_train.bin", np.int32, (meta["train"],))
    x_test = load(d, "x_test.bin", np.float32, (meta["test"], f))
    if model == "rf":
        from sklearn.ensemble import RandomForestClassifier

        m = RandomForestClassifier(
            n_estimators=params["n_estimators"],
            max_depth=params.get("max_depth"),
            n_jobs=2,
            random_state=0,
        )
    else:
        import xgboost

        m = xgboost.XGBClassifier(
            n_estimators=params["n_estimators"],
            max_depth=params["max_depth"],
            learning_rate=params["learning_rate"],
            reg_lambda=1.0,
            min_child_weight=1.0,
            tree_method="hist",
            max_bin=256,
            n_jobs=2,
            random_state=0,
        )
    t = time.perf_counter()
    m.fit(x_train, y_train)
    fit_s = time.perf_counter() - t
    # batch throughput: one warm-up call, then the median of three (as bench/models.ts does for vigil)
    proba = m.predict_proba(x_test)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        m.predict_proba(x_test)
        times.append(time.perf_counter() - t)
    predict_s = float(np.median(times))
    pred = np.argmax(proba, axis=1).astype(np.int32)
    pred.tofile(f"{d}/pred_{model}.bin")
    one = x_test[:1]
    lat = []
    for _ in range(params.get("latency_reps", 50)):
        t = time.perf_counter()
        m.predict_proba(one)
        lat.append(time.perf_counter() - t)
    print(
        json.dumps(
            {
                "fitSeconds": fit_s,
                "predictRowsPerSec": meta["test"] / predict_s,
                "singleRowMicros": float(np.median(lat)) * 1e6,
            }
        )
    )


main()
