"""Peer side of bench/devices.ts: scikit-learn RandomForestClassifier (100 trees, class-balanced, median
imputation since sklearn 1.2 forests reject NaN) on the window fingerprints the TypeScript benchmark
wrote (train.csv / test.csv: FINGERPRINT_FEATURES then label). Prints one JSON line: closed-set accuracy,
macro-F1 and fit time. Run by `npm run eval:devices` with /usr/bin/python3 (Debian's sklearn 1.2)."""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, f1_score


def load(path):
    rows = open(path).read().strip().split("\n")
    cells = [r.split(",") for r in rows[1:]]
    x = np.array([[float(v) if v != "" else np.nan for v in c[:-1]] for c in cells], dtype=np.float32)
    y = np.array([c[-1] for c in cells])
    return x, y


def main():
    d = sys.argv[1]
    x_train, y_train = load(f"{d}/train.csv")
    x_test, y_test = load(f"{d}/test.csv")
    imp = SimpleImputer(strategy="median", keep_empty_features=True).fit(x_train)
    t = time.perf_counter()
    m = RandomForestClassifier(n_estimators=100, class_weight="balanced", n_jobs=1, random_state=0)
    m.fit(imp.transform(x_train), y_train)
    fit_s = time.perf_counter() - t
    p = m.predict(imp.transform(x_test))
    print(
        json.dumps(
            {
                "peer": "scikit-learn RandomForestClassifier 1.2 (median-imputed)",
                "accuracy": round(float(accuracy_score(y_test, p)), 4),
                "macroF1": round(float(f1_score(y_test, p, average="macro")), 4),
                "fitS": round(fit_s, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
