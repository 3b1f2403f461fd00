"""Synthetic content-moderation log for the moderation-incident sample (Riskbench).

Writes three CSV files beside this script, with a fixed seed (standard library only, Python >= 3.8):
  moderation_posts.csv                 every post, 2026-01-05 to 2026-03-29 (12 weeks)
  moderation_posts_model_v1.csv        the posts decided by model v1 (2026-01-05 to 2026-02-15)
  moderation_posts_model_v2.csv        the posts decided by model v2 (2026-02-16 to 2026-03-08)

Columns: post_id, post_date (YYYY-MM-DD), dialect (SAE = Standard American English, AAE = African American
English, IndE = Indian English), toxicity_score (the model's score, 0-1, removal at >= 0.5), removed (1/0),
decided_by (model_v1, model_v2, human_review), appeal_outcome: the ground truth as the appeal panel decided it
after re-reviewing every post in this log (1 = the post breaks the rules, 0 = it does not; 0/1 like `removed`,
so one positive value serves the label and the decision).

The counts are fixed per day and dialect, so every rate follows exactly from the parameters below; only the
order of posts and the scores are random. Every day each dialect has NOT_VIOLATING[d] posts that do not break
the rules and VIOLATING[d] that do; of these, FALSE_POSITIVES[period][d] and TRUE_POSITIVES[period][d] are
removed. Model v2 (retrained on 2026-02-16 on data that under-represents AAE) removes 8 of every 20
non-violating AAE posts instead of 2: the false positive rate for AAE jumps from 10% to 40% while SAE and
IndE stay at 10%. The kill switch was pulled on 2026-03-08 at 18:00 (fallback: human review); from 2026-03-09
people decide, removing 5% of non-violating posts in every dialect. The model's score is still logged.
"""

import csv
import datetime as dt
import random
from pathlib import Path

SEED = 20260308
START = dt.date(2026, 1, 5)
RETRAINED = dt.date(2026, 2, 16)
KILL_SWITCH_DAY = dt.date(2026, 3, 8)  # pulled at 18:00; the day's posts were still decided by model v2
END = dt.date(2026, 3, 29)
DIALECTS = ["SAE", "AAE", "IndE"]
NOT_VIOLATING = {"SAE": 40, "AAE": 20, "IndE": 20}
VIOLATING = {"SAE": 20, "AAE": 10, "IndE": 10}
FALSE_POSITIVES = {
    "model_v1": {"SAE": 4, "AAE": 2, "IndE": 2},
    "model_v2": {"SAE": 4, "AAE": 8, "IndE": 2},
    "human_review": {"SAE": 2, "AAE": 1, "IndE": 1},
}
TRUE_POSITIVES = {
    "model_v1": {"SAE": 18, "AAE": 9, "IndE": 9},
    "model_v2": {"SAE": 18, "AAE": 9, "IndE": 9},
    "human_review": {"SAE": 19, "AAE": 10, "IndE": 10},
}
THRESHOLD = 0.5


def period(day):
    if day < RETRAINED:
        return "model_v1"
    if day <= KILL_SWITCH_DAY:
        return "model_v2"
    return "human_review"


def score(rng, above):
    """A model score on the right side of the threshold."""
    if above:
        return round(rng.uniform(THRESHOLD, 0.99), 3)
    return round(rng.uniform(0.01, THRESHOLD - 0.001), 3)


def day_posts(rng, day):
    decided_by = period(day)
    # The model that scores the posts: v2 from the retraining on, still logged under human review.
    scorer = "model_v1" if decided_by == "model_v1" else "model_v2"
    posts = []
    for dialect in DIALECTS:
        for violating, total, removed_n, model_n in [
            (False, NOT_VIOLATING[dialect], FALSE_POSITIVES[decided_by][dialect],
             FALSE_POSITIVES[scorer][dialect]),
            (True, VIOLATING[dialect], TRUE_POSITIVES[decided_by][dialect],
             TRUE_POSITIVES[scorer][dialect]),
        ]:
            removed = [i < removed_n for i in range(total)]
            model_flags = [i < model_n for i in range(total)]
            if decided_by != "human_review":
                model_flags = removed
            pairs = list(zip(removed, model_flags))
            rng.shuffle(pairs)
            for is_removed, flagged in pairs:
                posts.append({
                    "post_date": day.isoformat(),
                    "dialect": dialect,
                    "toxicity_score": f"{score(rng, flagged):.3f}",
                    "removed": 1 if is_removed else 0,
                    "decided_by": decided_by,
                    "appeal_outcome": 1 if violating else 0,
                })
    rng.shuffle(posts)
    return posts


def main():
    rng = random.Random(SEED)
    rows = []
    day = START
    while day <= END:
        rows.extend(day_posts(rng, day))
        day += dt.timedelta(days=1)
    for i, row in enumerate(rows, start=1):
        row["post_id"] = f"p{i:06d}"
    fields = ["post_id", "post_date", "dialect", "toxicity_score", "removed", "decided_by", "appeal_outcome"]
    here = Path(__file__).resolve().parent
    outputs = {
        "moderation_posts.csv": rows,
        "moderation_posts_model_v1.csv": [r for r in rows if r["decided_by"] == "model_v1"],
        "moderation_posts_model_v2.csv": [r for r in rows if r["decided_by"] == "model_v2"],
    }
    for name, subset in outputs.items():
        with open(here / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(subset)
        print(f"{name}: {len(subset)} rows")


if __name__ == "__main__":
    main()
