"""Peer for bench/explain.ts: XGBoost 1.7's own path-dependent TreeSHAP (pred_contribs) on one thread.

Reads x.bin (float32 rows x cols) and y.bin (int32) from the folder given, fits a 100-tree depth-8
XGBoost random forest (XGBRFClassifier, colsample_bynode=sqrt(cols)/cols, subsample 0.632) and a
100-round depth-6 boosted model, and times pred_contribs on the first n rows. Prints JSON.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

folder, rows, cols, n_explain = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(f"{folder}/x.bin", dtype=np.float32).reshape(rows, cols)
y = np.fromfile(f"{folder}/y.bin", dtype=np.int32)
classes = int(y.max()) + 1
sub = X[:n_explain]


def contribs_ms(model) -> float:
    booster = model.get_booster()
    booster.set_param({"nthread": 1})
    d = xgb.DMatrix(sub)
    booster.predict(xgb.DMatrix(sub[:20]), pred_contribs=True)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        booster.predict(d, pred_contribs=True)
        best = min(best, (time.perf_counter() - t0) * 1000 / len(sub))
    return best


rf = xgb.XGBRFClassifier(
    n_estimators=100,
    max_depth=8,
    subsample=0.632,
    colsample_bynode=max(1, int(np.sqrt(cols))) / cols,
    tree_method="hist",
    n_jobs=1,
)
rf.fit(X, y)
gb = xgb.XGBClassifier(n_estimators=100, max_depth=6, tree_method="hist", n_jobs=1)
gb.fit(X, y)
print(
    json.dumps(
        {
            "peer": f"xgboost {xgb.__version__} pred_contribs, 1 thread",
            "classes": classes,
            "randomForest100Depth8MsPerRow": contribs_ms(rf),
            "boosting100Depth6MsPerRow": contribs_ms(gb),
            "note": "XGBoost multi-class: one tree per class per round (rf: 100 x classes trees)",
        }
    )
)
