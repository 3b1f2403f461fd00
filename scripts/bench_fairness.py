#!/usr/bin/env python3
"""Times Fairlearn's MetricFrame on the same file and audit as `riskbench bench audit`, for the README table.

Usage: python3 scripts/bench_fairness.py DATA.csv [--sensitive race] [--bootstrap 0]
Needs: pip install fairlearn==0.15.* pandas (Riskbench itself never uses Python).
The audit is the synthetic-loans one: label `label` (positive 1), prediction `prediction`.
Fairlearn's bootstrap (MetricFrame n_boot) resamples the whole dataset, so its CIs are not the same statistic
as Riskbench's stratified bootstrap; both are timed for the same number of resamples.
"""
import argparse
import json
import time

import fairlearn
import pandas as pd
from fairlearn.metrics import (
    MetricFrame,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score, precision_score


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--sensitive", default="race")
    ap.add_argument("--bootstrap", type=int, default=0)
    args = ap.parse_args()
    start = time.perf_counter()
    df = pd.read_csv(args.data)
    loaded = time.perf_counter()
    sensitive = [s for s in args.sensitive.split(",") if s]
    metrics = {
        "selection_rate": selection_rate,
        "true_positive_rate": true_positive_rate,
        "false_positive_rate": false_positive_rate,
        "true_negative_rate": true_negative_rate,
        "false_negative_rate": false_negative_rate,
        "accuracy": accuracy_score,
        "precision": lambda y, p: precision_score(y, p, zero_division=0),
    }
    kwargs = {}
    if args.bootstrap:
        kwargs = {"n_boot": args.bootstrap, "ci_quantiles": [0.025, 0.975], "random_state": 1}
    for cols in [[c] for c in sensitive] + ([sensitive] if len(sensitive) > 1 else []):
        mf = MetricFrame(
            metrics=metrics,
            y_true=df["label"],
            y_pred=df["prediction"],
            sensitive_features=df[cols],
            **kwargs,
        )
        mf.difference(method="between_groups")
        mf.ratio(method="between_groups")
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "what": f"fairlearn {fairlearn.__version__} MetricFrame",
                "rows": len(df),
                "sensitive": args.sensitive,
                "bootstrap": args.bootstrap,
                "read_ms": (loaded - start) * 1000,
                "audit_ms": (done - loaded) * 1000,
                "total_ms": (done - start) * 1000,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
