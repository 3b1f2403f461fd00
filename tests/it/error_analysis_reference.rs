//! The error analysis against scikit-learn and pandas: `tests/fixtures/error_analysis/make_fixtures.py` wrote
//! `adult_errors.csv` (4,000 rows of the UCI Adult test split with a logistic regression's predictions and
//! exact linear SHAP values) and `reference.json` (`DecisionTreeClassifier` leaves, pandas groupby heat maps,
//! mean |SHAP| per group, Gower nearest neighbours). Exact counts, rates to 1e-12.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::collections::BTreeMap;

use riskbench::analysis::error_analysis::attributions::attributions;
use riskbench::analysis::error_analysis::counterfactual::CounterfactualIndex;
use riskbench::analysis::error_analysis::data::{column_for_rows, prepare};
use riskbench::analysis::error_analysis::heatmap::{AxisBin, heatmap};
use riskbench::analysis::error_analysis::tree::{Condition, TreeOptions, error_tree};
use riskbench::analysis::table::read_table;
use riskbench::analysis::task::TaskControl;
use riskbench::model::error_analysis::ErrorAnalysisSpec;
use serde_json::Value;

use super::support::root;

fn uint(v: &Value) -> usize {
    usize::try_from(v.as_u64().unwrap()).unwrap()
}

fn fixture() -> (polars::prelude::DataFrame, Value) {
    let dir = root().join("tests/fixtures/error_analysis");
    let df = read_table(&dir.join("adult_errors.csv"), &TaskControl::new()).unwrap();
    let text = std::fs::read_to_string(dir.join("reference.json")).unwrap();
    (df, serde_json::from_str(&text).unwrap())
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn spec(
    features: Vec<String>,
    sensitive: &str,
    depth: usize,
    min_leaf: usize,
) -> ErrorAnalysisSpec {
    ErrorAnalysisSpec {
        label: "label".to_owned(),
        prediction: Some("prediction".to_owned()),
        features,
        sensitive: Some(sensitive.to_owned()),
        max_depth: depth,
        min_samples_leaf: min_leaf,
        ..ErrorAnalysisSpec::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

/// Leaf numbers in order of first appearance, as the fixture writes them.
fn canonical(leaf_of_row: &[usize]) -> Vec<usize> {
    let mut order = BTreeMap::new();
    leaf_of_row
        .iter()
        .map(|l| {
            let next = order.len();
            *order.entry(*l).or_insert(next)
        })
        .collect()
}

#[test]
fn error_trees_match_scikit_learn() {
    let (df, reference) = fixture();
    assert_eq!(reference["rows"], 4000);
    let trees = reference["trees"].as_array().unwrap();
    assert_eq!(trees.len(), 3);
    for (exact, max_bins) in [(false, Some(256)), (true, None)] {
        for expected in trees {
            let sensitive = expected["sensitive"].as_str().unwrap();
            let spec = spec(
                strings(&expected["features"]),
                sensitive,
                uint(&expected["max_depth"]),
                uint(&expected["min_samples_leaf"]),
            );
            let data = prepare(&df, &spec).unwrap();
            assert_eq!(data.errors() as u64, reference["errors"].as_u64().unwrap());
            let tree = error_tree(
                &data,
                TreeOptions {
                    max_depth: spec.max_depth,
                    min_samples_leaf: spec.min_samples_leaf,
                    max_bins,
                },
            )
            .unwrap();
            assert!(
                tree.binned_features.is_empty(),
                "exact={exact}: the fixture's features all fit in 256 bins"
            );
            assert_eq!(
                tree.nodes.len() as u64,
                expected["node_count"].as_u64().unwrap()
            );
            let mut leaf_of_row = vec![usize::MAX; data.rows()];
            for (leaf, rows) in tree.leaf_rows.iter().enumerate() {
                for r in rows {
                    leaf_of_row[*r as usize] = leaf;
                }
            }
            let ours = canonical(&leaf_of_row);
            let theirs: Vec<usize> = expected["row_leaf"]
                .as_array()
                .unwrap()
                .iter()
                .map(uint)
                .collect();
            assert_eq!(ours, theirs, "the partition of rows into leaves");
            // Leaf k of the fixture is our leaf whose first row comes k-th.
            let mut by_canonical = vec![usize::MAX; tree.leaves.len()];
            for (row, leaf) in leaf_of_row.iter().enumerate() {
                by_canonical[ours[row]] = *leaf;
            }
            let expected_leaves = expected["leaves"].as_array().unwrap();
            assert_eq!(tree.leaves.len(), expected_leaves.len());
            for (k, e) in expected_leaves.iter().enumerate() {
                let leaf = &tree.leaves[by_canonical[k]];
                assert_eq!(leaf.rows as u64, e["rows"].as_u64().unwrap());
                assert_eq!(leaf.errors as u64, e["errors"].as_u64().unwrap());
                assert!(close(leaf.error_rate, e["error_rate"].as_f64().unwrap()));
                assert!(close(
                    leaf.share_of_errors,
                    e["share_of_errors"].as_f64().unwrap()
                ));
                assert!(close(
                    leaf.share_of_rows,
                    e["share_of_rows"].as_f64().unwrap()
                ));
                let groups: BTreeMap<String, u64> = leaf
                    .groups
                    .iter()
                    .map(|g| (g.group.clone(), g.rows as u64))
                    .collect();
                let expected_groups: BTreeMap<String, u64> = e["groups"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
                    .collect();
                assert_eq!(groups, expected_groups);
            }
            let mut splits: Vec<(String, f64)> = tree
                .nodes
                .iter()
                .filter_map(|n| match n.split.as_ref().map(|s| &s[0]) {
                    Some(Condition::AtMost { feature, threshold }) => {
                        Some((feature.clone(), *threshold))
                    }
                    _ => None,
                })
                .collect();
            splits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let expected_splits: Vec<(String, f64)> = expected["numeric_splits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s[0].as_str().unwrap().to_owned(), s[1].as_f64().unwrap()))
                .collect();
            assert_eq!(splits, expected_splits, "numeric thresholds");
        }
    }
}

fn bin_key(bin: &AxisBin, index: usize) -> String {
    match bin {
        AxisBin::Value { value } => format!("{value:?}"),
        AxisBin::Interval { .. } => format!("bin{index}"),
        AxisBin::Category { value } => value.clone(),
        AxisBin::Missing => "(missing)".to_owned(),
    }
}

#[test]
fn heat_maps_match_pandas_groupby() {
    let (df, reference) = fixture();
    let heatmaps = reference["heatmaps"].as_array().unwrap();
    assert_eq!(heatmaps.len(), 4);
    let spec = spec(vec!["age".to_owned()], "sex", 4, 20);
    let data = prepare(&df, &spec).unwrap();
    for expected in heatmaps {
        let columns = strings(&expected["columns"]);
        let features: Vec<_> = columns
            .iter()
            .map(|c| column_for_rows(&df, c, &data).unwrap())
            .collect();
        let refs: Vec<_> = features.iter().collect();
        let map = heatmap(&data, &refs, uint(&expected["bins"])).unwrap();
        let ours: BTreeMap<Vec<String>, (usize, usize)> = map
            .cells
            .iter()
            .filter(|c| c.rows > 0)
            .map(|c| {
                let key = c
                    .index
                    .iter()
                    .zip(&map.axes)
                    .map(|(i, axis)| bin_key(&axis.bins[*i], *i))
                    .collect();
                (key, (c.rows, c.errors))
            })
            .collect();
        let theirs: BTreeMap<Vec<String>, (usize, usize)> = expected["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (strings(&c["key"]), (uint(&c["rows"]), uint(&c["errors"]))))
            .collect();
        assert_eq!(ours, theirs, "heat map over {columns:?}");
        for c in map.cells.iter().filter(|c| c.rows > 0) {
            #[expect(clippy::cast_precision_loss, reason = "counts")]
            let rate = c.errors as f64 / c.rows as f64;
            assert_eq!(c.error_rate, Some(rate));
        }
    }
}

#[test]
fn attributions_match_pandas() {
    let (df, reference) = fixture();
    for expected in reference["attributions"].as_array().unwrap() {
        let sensitive = expected["sensitive"].as_str().unwrap();
        let a = attributions(&df, "shap_", Some(sensitive)).unwrap();
        let overall = expected["overall"].as_object().unwrap();
        assert_eq!(a.features.len(), overall.len());
        for f in &a.features {
            assert!(
                close(f.mean_abs, overall[&f.feature].as_f64().unwrap()),
                "{}",
                f.feature
            );
        }
        for w in a.features.windows(2) {
            assert!(w[0].mean_abs >= w[1].mean_abs);
        }
        let by_group = expected["by_group"].as_object().unwrap();
        assert_eq!(a.groups.len(), by_group.len());
        for g in &a.groups {
            let e = by_group[&g.group].as_object().unwrap();
            for (f, m) in a.features.iter().zip(&g.mean_abs) {
                assert!(close(m.unwrap(), e[&f.feature].as_f64().unwrap()));
            }
        }
        // The gaps: largest minus smallest group mean, ranked.
        for gap in &a.gaps {
            let means: Vec<f64> = by_group
                .values()
                .map(|g| g[&gap.feature].as_f64().unwrap())
                .collect();
            let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
            assert!(close(gap.difference, hi - lo));
            assert!(close(gap.ratio.unwrap(), hi / lo));
        }
        for w in a.gaps.windows(2) {
            assert!(w[0].difference >= w[1].difference);
        }
    }
}

#[test]
fn counterfactuals_match_a_gower_search_in_pandas() {
    let (df, reference) = fixture();
    let cases = reference["counterfactuals"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for expected in cases {
        let mut features = strings(&expected["features"]);
        let immutable = strings(&expected["immutable"]);
        features.extend(immutable.iter().cloned());
        let spec = spec(features, "sex", 4, 20);
        let data = prepare(&df, &spec).unwrap();
        let fixed: Vec<_> = immutable
            .iter()
            .map(|c| column_for_rows(&df, c, &data).unwrap())
            .collect();
        let index = CounterfactualIndex::new(&data, &fixed);
        let row = uint(&expected["row"]);
        let result = index.nearest(&data, row, uint(&expected["k"])).unwrap();
        let theirs = expected["nearest"].as_array().unwrap();
        assert_eq!(result.nearest.len(), theirs.len());
        for (n, e) in result.nearest.iter().zip(theirs) {
            assert_eq!(n.row as u64, e["row"].as_u64().unwrap());
            assert!(close(n.distance, e["distance"].as_f64().unwrap()));
            assert_ne!(n.prediction, result.prediction);
            assert!(!n.differences.iter().any(|d| immutable.contains(&d.feature)));
        }
    }
}
