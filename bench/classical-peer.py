"""Peer side of bench/classical.ts: fits scikit-learn's counterpart of one vigil learner on the split the
TypeScript benchmark wrote (already imputed and standard-scaled), times fit / batch predict_proba /
single-row predict_proba, writes the predicted labels back, prints one JSON line.
Run by `npm run bench:classical` with /usr/bin/python3 (Debian's scikit-learn 1.2)."""
import json
import sys
import time

import numpy as np


def load(d, name, dtype, shape):
    return np.fromfile(f"{d}/{name}", dtype=dtype).reshape(shape)


def make(model):
    if model == "logistic-regression":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(multi_class="multinomial", solver="lbfgs", C=1.0, max_iter=100, tol=1e-4)
    if model == "linear-svm":
        from sklearn.svm import LinearSVC

        return LinearSVC(C=1.0, max_iter=100, tol=1e-3, random_state=0)
    if model == "gaussian-nb":
        from sklearn.naive_bayes import GaussianNB

        return GaussianNB()
    if model == "knn":
        from sklearn.neighbors import KNeighborsClassifier

        return KNeighborsClassifier(n_neighbors=5, algorithm="brute", n_jobs=1)
    if model == "rbf-svm":
        from sklearn.kernel_approximation import RBFSampler
        from sklearn.pipeline import make_pipeline
        from sklearn.svm import LinearSVC

        return make_pipeline(RBFSampler(gamma="scale", n_components=256, random_state=0), LinearSVC(max_iter=50, tol=1e-3))
    raise SystemExit(f"unknown model {model}")


def main():
    d, model = sys.argv[1], sys.argv[2]
    meta = json.load(open(f"{d}/meta.json"))
    f = meta["cols"]
    x_train = load(d, "x_train.bin", np.float32, (meta["train"], f))
    y_train = load(d, "y_train.bin", np.int32, (meta["train"],))
    x_test = load(d, "x_test.bin", np.float32, (meta["test"], f))
    m = make(model)
    import warnings

    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    m.fit(x_train, y_train)
    fit = time.perf_counter() - t0
    score = m.predict_proba if hasattr(m, "predict_proba") else m.decision_function
    t0 = time.perf_counter()
    score(x_test)
    batch = time.perf_counter() - t0
    lat = []
    for i in range(min(200, len(x_test))):
        row = x_test[i : i + 1]
        t0 = time.perf_counter()
        score(row)
        lat.append((time.perf_counter() - t0) * 1e6)
    pred = m.predict(x_test).astype(np.int32)
    pred.tofile(f"{d}/pred.bin")
    print(json.dumps({"fitSeconds": fit, "predictRowsPerSec": len(x_test) / batch, "singleRowMicros": float(np.median(lat))}))


if __name__ == "__main__":
    main()
