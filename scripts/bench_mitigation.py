"""Times the mitigation what-if against Fairlearn's ThresholdOptimizer, in the same run, for the README.

Usage:
    python scripts/bench_mitigation.py RISKBENCH_BINARY FILE.csv [--sensitive race] [--runs 5] [--updates 1000]

Runs `RISKBENCH_BINARY bench mitigate FILE.csv` (load, one slider update with every per-group metric, the
screen's curves once and a screen frame while dragging (metrics, ROC operating points, flips with 1,000
bootstrap resamples), a per-group threshold search with its frontier, Fairlearn's exact randomized solution recomputed in Rust,
reweighing), then times pandas read + Fairlearn 0.15 ThresholdOptimizer (prefit scores, demographic parity,
accuracy, grid 1,000) fit + predict, and AIF360-style reweighing weights with pandas. Prints one JSON document.
Needs fairlearn 0.15 and scikit-learn (pip install fairlearn==0.15.0).
"""

import json
import os
import subprocess
import sys
import time
import warnings


def main():
    argv = sys.argv[1:]
    passthrough = []
    sensitive = "race"
    for flag in ("--runs", "--updates", "--sensitive"):
        if flag in argv:
            i = argv.index(flag)
            if flag == "--sensitive":
                sensitive = argv[i + 1]
            else:
                passthrough += [flag, argv[i + 1]]
            del argv[i : i + 2]
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary, path = args
    load_before = os.getloadavg()
    rust = json.loads(
        subprocess.run(
            [binary, "bench", "mitigate", path, "--sensitive", sensitive, *passthrough],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )

    import numpy as np
    import pandas as pd
    import fairlearn
    from fairlearn.postprocessing import ThresholdOptimizer
    from sklearn.base import BaseEstimator, ClassifierMixin

    class Prefit(BaseEstimator, ClassifierMixin):
        def fit(self, X, y):
            self.fitted_ = True
            return self

        def predict(self, X):
            return np.asarray(X["score"], dtype=float)

    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    t1 = time.perf_counter()
    X = df[["score"]]
    y = df["label"].astype(int)
    a = df[sensitive].astype(str)
    to = ThresholdOptimizer(
        estimator=Prefit().fit(X, y),
        constraints="demographic_parity",
        objective="accuracy_score",
        grid_size=1000,
        prefit=True,
        predict_method="predict",
    )
    to.fit(X, y, sensitive_features=a)
    t2 = time.perf_counter()
    to.predict(X, sensitive_features=a, random_state=0)
    t3 = time.perf_counter()
    # Reweighing weights (AIF360's formula) with pandas group-bys.
    n = len(df)
    cell = df.groupby([a, y]).size()
    pg = a.value_counts()
    py = y.value_counts()
    w = (py.reindex(y).to_numpy() * pg.reindex(a).to_numpy()) / (
        n * cell.reindex(list(zip(a, y))).to_numpy()
    )
    t4 = time.perf_counter()
    print(
        json.dumps(
            {
                "load_average_1_5_15": {"before": load_before, "after": os.getloadavg()},
                "cpus": os.cpu_count(),
                "riskbench": rust,
                "fairlearn": {
                    "version": fairlearn.__version__,
                    "pandas": pd.__version__,
                    "read_ms": (t1 - t0) * 1000,
                    "threshold_optimizer_fit_ms": (t2 - t1) * 1000,
                    "threshold_optimizer_predict_ms": (t3 - t2) * 1000,
                    "threshold_optimizer_fit_predict_ms": (t3 - t1) * 1000,
                    "pandas_reweighing_ms": (t4 - t3) * 1000,
                    "weights_checksum": float(w[:5].sum()),
                },
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
