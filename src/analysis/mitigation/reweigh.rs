//! Kamiran–Calders reweighing (AIF360 `Reweighing`): every row of a group × label cell gets the weight
//! `P(group)·P(label) / P(group, label)` (times its own weight, if any), so that in the weighted data the
//! label is independent of the group. AIF360 handles one privileged and one unprivileged group; this is the
//! same formula for every group of one grouping (several sensitive columns: their intersection).

use serde::Serialize;

use std::fmt::Write as _;

use crate::analysis::fairness::{ConfusionCounts, GroupKey};

/// One group × label cell.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    /// The group.
    pub group: GroupKey,
    /// The label value (as text, e.g. `"1"` or `"good"`).
    pub label: String,
    /// Rows in the cell.
    pub count: u64,
    /// The reweighing factor; `null` for an empty cell.
    pub weight: Option<f64>,
}

/// How a group is represented before and after reweighing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Representation {
    /// The group.
    pub group: GroupKey,
    /// Rows.
    pub count: u64,
    /// Share of all weight before.
    pub share_before: f64,
    /// Share of all weight after.
    pub share_after: f64,
    /// Weighted share of positive labels before (`null` for an empty group).
    pub base_rate_before: Option<f64>,
    /// Weighted share of positive labels after.
    pub base_rate_after: Option<f64>,
}

/// Reweighing factors and their effect.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reweighing {
    /// Every group × label cell (groups ascending, positive label first).
    pub cells: Vec<Cell>,
    /// Representation per group.
    pub representation: Vec<Representation>,
    /// The new weight of every row (in the order of the rows given).
    #[serde(skip)]
    pub row_weights: Vec<f64>,
}

/// Reweigh rows given their label, group and (optional) instance weight.
///
/// `label_names` = (positive text, negative text).
#[must_use]
pub fn reweigh(
    labels: &[bool],
    group_of: &[u32],
    groups: &[GroupKey],
    weights: Option<&[f64]>,
    label_names: (&str, &str),
) -> Reweighing {
    let g_count = groups.len();
    // [group][label: 0 = positive, 1 = negative]
    let mut rows = vec![[0_u64; 2]; g_count];
    let mut w = vec![[0.0_f64; 2]; g_count];
    for (i, (&y, &g)) in labels.iter().zip(group_of).enumerate() {
        let k = usize::from(!y);
        let g = g as usize;
        rows[g][k] += 1;
        w[g][k] += weights.map_or(1.0, |ws| ws[i]);
    }
    let n: f64 = w.iter().map(|c| c[0] + c[1]).sum();
    let n_label = [
        w.iter().map(|c| c[0]).sum::<f64>(),
        w.iter().map(|c| c[1]).sum::<f64>(),
    ];
    let mut factor = vec![[None; 2]; g_count];
    let mut cells = Vec::with_capacity(g_count * 2);
    for g in 0..g_count {
        let n_group = w[g][0] + w[g][1];
        for k in 0..2 {
            let f = (rows[g][k] > 0 && w[g][k] > 0.0).then(|| n_label[k] * n_group / (n * w[g][k]));
            factor[g][k] = f;
            cells.push(Cell {
                group: groups[g].clone(),
                label: if k == 0 { label_names.0 } else { label_names.1 }.to_owned(),
                count: rows[g][k],
                weight: f,
            });
        }
    }
    let row_weights: Vec<f64> = labels
        .iter()
        .zip(group_of)
        .enumerate()
        .map(|(i, (&y, &g))| {
            let base = weights.map_or(1.0, |ws| ws[i]);
            base * factor[g as usize][usize::from(!y)].unwrap_or(0.0)
        })
        .collect();
    let after: Vec<[f64; 2]> = (0..g_count)
        .map(|g| [0, 1].map(|k| w[g][k] * factor[g][k].unwrap_or(0.0)))
        .collect();
    let n_after: f64 = after.iter().map(|c| c[0] + c[1]).sum();
    let rate = |c: [f64; 2]| {
        let t = c[0] + c[1];
        (t > 0.0).then(|| c[0] / t)
    };
    let share = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let representation = (0..g_count)
        .map(|g| Representation {
            group: groups[g].clone(),
            count: rows[g][0] + rows[g][1],
            share_before: share(w[g][0] + w[g][1], n),
            share_after: share(after[g][0] + after[g][1], n_after),
            base_rate_before: rate(w[g]),
            base_rate_after: rate(after[g]),
        })
        .collect();
    Reweighing {
        cells,
        representation,
        row_weights,
    }
}

impl Reweighing {
    /// The factor of group `g`'s rows with a positive (`true`) or negative label; 0 for an empty cell.
    #[must_use]
    pub fn factor(&self, g: usize, positive: bool) -> f64 {
        self.cells
            .get(2 * g + usize::from(!positive))
            .and_then(|c| c.weight)
            .unwrap_or(0.0)
    }

    /// Per-group confusion counts re-weighted: the weight of a group's actual positives (TP, FN) times the
    /// group's positive-cell factor, of its actual negatives (FP, TN) times the negative-cell factor. Since
    /// the factor depends only on the group and the label, this is the weighted re-audit of the decisions
    /// at any threshold without touching the rows. Row counts are kept; the weighted score sum is scaled
    /// by the group's overall change of weight.
    #[must_use]
    pub fn reweighed_counts(&self, counts: &[ConfusionCounts]) -> Vec<ConfusionCounts> {
        counts
            .iter()
            .enumerate()
            .map(|(g, c)| {
                let (pos, neg) = (self.factor(g, true), self.factor(g, false));
                let weight = [
                    c.weight[0] * pos,
                    c.weight[1] * neg,
                    c.weight[2] * neg,
                    c.weight[3] * pos,
                ];
                let before: f64 = c.weight.iter().sum();
                let after: f64 = weight.iter().sum();
                ConfusionCounts {
                    rows: c.rows,
                    weight,
                    weighted_score_sum: if before > 0.0 {
                        c.weighted_score_sum * after / before
                    } else {
                        0.0
                    },
                }
            })
            .collect()
    }
}

/// The weights file `--write-weights` writes (and the screen saves): `row,weight` with the 1-based data row
/// of the file and its new weight, empty for a row left out (no label, or no score on the screen).
#[must_use]
pub fn weights_csv(per_row: &[Option<f64>]) -> String {
    let mut text = String::with_capacity(per_row.len() * 24 + 16);
    text.push_str("row,weight\n");
    for (i, w) in per_row.iter().enumerate() {
        let _ = match w {
            Some(w) => writeln!(text, "{},{w}", i + 1),
            None => writeln!(text, "{},", i + 1),
        };
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fairness::GroupValue;

    fn key(v: &str) -> GroupKey {
        GroupKey(vec![("sex".into(), GroupValue::Level(v.into()))])
    }

    #[test]
    fn weights_make_the_label_independent_of_the_group() {
        // f: 1 positive, 3 negatives; m: 3 positives, 1 negative; x: only positives.
        let labels = [true, false, false, false, true, true, true, false, true];
        let group_of = [0, 0, 0, 0, 1, 1, 1, 1, 2];
        let r = reweigh(
            &labels,
            &group_of,
            &[key("f"), key("m"), key("x")],
            None,
            ("1", "0"),
        );
        // P(f) = 4/9, P(1) = 5/9, P(f, 1) = 1/9 → 20/9.
        assert_eq!(r.cells[0].weight, Some(5.0 * 4.0 / (9.0 * 1.0)));
        assert_eq!(r.cells[5].count, 0);
        assert_eq!(r.cells[5].weight, None);
        let after: Vec<f64> = r.representation[..2]
            .iter()
            .map(|x| x.base_rate_after.unwrap())
            .collect();
        assert!((after[0] - after[1]).abs() < 1e-12);
        assert!((after[0] - 5.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn reweighed_counts_equal_a_pass_over_the_weighted_rows() {
        let labels = [true, false, false, false, true, true, true, false];
        let group_of = [0, 0, 0, 0, 1, 1, 1, 1];
        let scores = [0.9, 0.8, 0.3, 0.2, 0.7, 0.6, 0.1, 0.4];
        let r = reweigh(&labels, &group_of, &[key("f"), key("m")], None, ("1", "0"));
        let t = 0.5;
        let mut plain = vec![ConfusionCounts::default(); 2];
        let mut weighted = [ConfusionCounts::default(); 2];
        for i in 0..labels.len() {
            let cell = match (labels[i], scores[i] >= t) {
                (true, true) => 0,
                (false, true) => 1,
                (false, false) => 2,
                (true, false) => 3,
            };
            let g = group_of[i] as usize;
            plain[g].rows[cell] += 1;
            plain[g].weight[cell] += 1.0;
            weighted[g].rows[cell] += 1;
            weighted[g].weight[cell] += r.row_weights[i];
        }
        let got = r.reweighed_counts(&plain);
        for g in 0..2 {
            assert_eq!(got[g].rows, weighted[g].rows);
            for k in 0..4 {
                assert!(
                    (got[g].weight[k] - weighted[g].weight[k]).abs() < 1e-12,
                    "{g} {k}"
                );
            }
        }
        assert_eq!(
            weights_csv(&[Some(1.5), None, Some(0.75)]),
            "row,weight\n1,1.5\n2,\n3,0.75\n"
        );
    }
}
