"""Writes adult_test_predictions.csv: the UCI Adult test split with a simple model's outputs and exact
linear SHAP attributions, for the model-card-audit sample project.

Run from this folder with Python 3.11, scikit-learn 1.9.1, pandas 3.1.1, numpy 2.4.6:

    python make_predictions.py /path/to/shared/datasets/adult/adult.csv

Model: scikit-learn LogisticRegression (lbfgs, C=1.0, max_iter=2000, random_state=42) trained on
split == "train" (adult.data), on standardised numeric features (age, education_num, capital_gain,
capital_loss, hours_per_week) and one-hot categorical features (workclass, marital_status, occupation,
relationship, native_country; a missing value is its own category "(missing)"). It does not use sex, race
or fnlwgt. Scores are P(income > 50K); prediction = 1 when score >= 0.5.

Attributions: for a linear model on these encoded features, the exact (interventional) SHAP value of an
original feature f for row x, with the training data as background, is
    shap_f(x) = sum over encoded columns j of f of coef_j * (x_j - mean_j)
in log-odds units, where mean_j is the training mean of encoded column j. The shap_ columns of a row sum
to logit(score) - (intercept + sum_j coef_j * mean_j).
"""

import sys

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

SEED = 42
NUMERIC = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]
CATEGORICAL = ["workclass", "marital_status", "occupation", "relationship", "native_country"]


def age_group(age: int) -> str:
    if age < 25:
        return "17-24"
    if age < 45:
        return "25-44"
    if age < 65:
        return "45-64"
    return "65+"


def encode(df, means=None, stds=None, levels=None):
    parts, owner = [], []
    if means is None:
        means = df[NUMERIC].mean()
        stds = df[NUMERIC].std(ddof=0)
    for c in NUMERIC:
        parts.append(((df[c] - means[c]) / stds[c]).rename(c))
        owner.append(c)
    if levels is None:
        levels = {c: sorted(df[c].fillna("(missing)").unique()) for c in CATEGORICAL}
    for c in CATEGORICAL:
        values = df[c].fillna("(missing)")
        for level in levels[c]:
            parts.append((values == level).astype(float).rename(f"{c}={level}"))
            owner.append(c)
    return pd.concat(parts, axis=1), owner, means, stds, levels


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else "adult.csv"
    df = pd.read_csv(source, keep_default_na=False, na_values=[""])
    train = df[df["split"] == "train"].reset_index(drop=True)
    test = df[df["split"] == "test"].reset_index(drop=True)
    x_train, owner, means, stds, levels = encode(train)
    x_test, _, _, _, _ = encode(test, means, stds, levels)
    y_train = (train["income"] == ">50K").astype(int)
    y_test = (test["income"] == ">50K").astype(int)
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)
    model.fit(x_train.to_numpy(), y_train.to_numpy())
    score = model.predict_proba(x_test.to_numpy())[:, 1]
    pred = (score >= 0.5).astype(int)
    coef = model.coef_[0]
    background = x_train.to_numpy().mean(axis=0)
    contrib = (x_test.to_numpy() - background) * coef
    out = test[
        ["age", "workclass", "education", "education_num", "marital_status", "occupation",
         "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week",
         "native_country"]
    ].copy()
    out["age_group"] = test["age"].map(age_group)
    out["label"] = y_test
    out["prediction"] = pred
    out["score"] = np.round(score, 6)
    for feature in NUMERIC + CATEGORICAL:
        cols = [i for i, o in enumerate(owner) if o == feature]
        out[f"shap_{feature}"] = np.round(contrib[:, cols].sum(axis=1), 6)
    out.to_csv("adult_test_predictions.csv", index=False, lineterminator="\n")
    acc = (pred == y_test).mean()
    print(f"rows {len(out)}, test accuracy {acc:.4f}")
    for col in ["sex", "race", "age_group"]:
        for g, part in out.groupby(col):
            y, p = part["label"], part["prediction"]
            tpr = ((p == 1) & (y == 1)).sum() / max((y == 1).sum(), 1)
            print(col, g, len(part), "acc %.4f" % (p == y).mean(), "tpr %.4f" % tpr,
                  "sel %.4f" % p.mean())


if __name__ == "__main__":
    main()
