"""Peer for npm run bench:robust: imbalanced-learn 0.10 samplers + scikit-learn 1.2 RandomForest on the
same rows and the same 3 folds (fold ids given), re-sampling inside training folds only (as vigil).
Reads x.bin (float32 rows x cols, NaN replaced by -999), y.bin (int32), folds.bin (int32 fold id per row),
meta.json; prints JSON: per sampler, macro-F1 mean and the minority class recall mean over folds."""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score, recall_score

d = sys.argv[1]
meta = json.load(open(f"{d}/meta.json"))
X = np.fromfile(f"{d}/x.bin", dtype=np.float32).reshape(meta["rows"], meta["cols"])
y = np.fromfile(f"{d}/y.bin", dtype=np.int32)
folds = np.fromfile(f"{d}/folds.bin", dtype=np.int32)
k = meta["classes"]
minority = meta["minority"]
trees = meta["trees"]
try:
    from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler
    from imblearn.under_sampling import RandomUnderSampler

    samplers = {
        "none": None,
        "random-over": lambda: RandomOverSampler(random_state=0),
        "random-under": lambda: RandomUnderSampler(random_state=0),
        "smote": lambda: SMOTE(random_state=0),
        "borderline-smote": lambda: BorderlineSMOTE(random_state=0),
        "adasyn": lambda: ADASYN(random_state=0),
    }
except ImportError:
    print(json.dumps({"available": False, "reason": "python3-imblearn not installed"}))
    sys.exit(0)

out = {}
for name, make in samplers.items():
    t = time.time()
    f1s, recs = [], []
    err = None
    for f in range(int(folds.max()) + 1):
        tr, te = folds != f, folds == f
        Xtr, ytr = X[tr], y[tr]
        if make is not None:
            try:
                Xtr, ytr = make().fit_resample(Xtr, ytr)
            except Exception as e:  # ADASYN raises when no neighbour of another class exists
                err = str(e)
                break
        m = RandomForestClassifier(n_estimators=trees, n_jobs=2, random_state=0).fit(Xtr, ytr)
        p = m.predict(X[te])
        f1s.append(f1_score(y[te], p, average="macro", labels=list(range(k)), zero_division=0))
        recs.append(recall_score(y[te], p, labels=[minority], average="macro", zero_division=0))
    if err is not None:
        out[name] = {"error": err}
        continue
    out[name] = {
        "macroF1": round(float(np.mean(f1s)), 4),
        "minorityRecall": round(float(np.mean(recs)), 4),
        "seconds": round(time.time() - t, 1),
    }
print(json.dumps({"available": True, "peer": "imbalanced-learn 0.10 + scikit-learn 1.2 RandomForest", "samplers": out}))
