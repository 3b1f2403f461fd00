//! The error tree: a shallow CART decision tree that predicts where the model errs (the target is the error
//! indicator, prediction ≠ label), built as scikit-learn's `DecisionTreeClassifier(criterion="gini",
//! max_depth, min_samples_leaf)` builds it: depth first, the split with the largest Gini proxy improvement
//! (`-n_right·gini_right - n_left·gini_left`, computed in the same order), numeric splits at the midpoint
//! between consecutive values, a node left unsplit at the depth limit, when it is pure or when no split
//! leaves `min_samples_leaf` rows on each side.
//!
//! How features are handled, and where this differs from scikit-learn:
//! - **Categorical** features split one category against the rest, which is what scikit-learn does on
//!   one-hot columns (`category ≤ 0.5` on the left = "not this category"). A missing value is a category.
//! - **Numeric** features with at most `max_bins` (default 256) distinct values are split exactly as
//!   scikit-learn splits them. With more distinct values they are cut into `max_bins` quantile bins (edges
//!   from a fixed sample of at most 200,000 values) and only the bin edges are tried: the tree can differ from
//!   scikit-learn's there. `max_bins: None` is the exact mode (every distinct value, slower on large data).
//! - scikit-learn casts features to 32-bit floats, so its thresholds are midpoints of rounded values; ours are
//!   midpoints of the 64-bit values. They agree on data that 32-bit floats hold exactly (such as integers).
//! - A missing number sorts after every value: it goes right at every numeric split ("x > t or missing"),
//!   and "is missing" against "is not missing" is a split of its own. scikit-learn ≥ 1.3 tries missing values
//!   on both sides instead.
//! - Where two features give exactly the same improvement, the first in the order asked wins; scikit-learn
//!   picks between them by its random feature permutation.
//!
//! Histograms of (rows, errors) per bin are built per node, the smaller child's by counting and the larger
//! child's by subtraction from its parent, over the features in parallel.

use std::collections::HashSet;

use serde::Serialize;

use super::ErrorAnalysisError;
use super::data::{ErrorData, FeatureValues, MISSING_LEVEL, format_number};

/// Settings of the error tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TreeOptions {
    /// Maximum depth (the root is depth 0).
    pub max_depth: usize,
    /// Smallest number of rows in a leaf.
    pub min_samples_leaf: usize,
    /// Numeric features with more distinct values are cut into this many quantile bins; `None`: exact.
    pub max_bins: Option<usize>,
}

impl Default for TreeOptions {
    fn default() -> Self {
        Self {
            max_depth: 4,
            min_samples_leaf: 20,
            max_bins: Some(256),
        }
    }
}

/// Values sampled to place quantile bin edges.
const EDGE_SAMPLE: usize = 200_000;

/// One condition on the path to a node.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Condition {
    /// `feature ≤ threshold`.
    AtMost {
        /// The feature.
        feature: String,
        /// The threshold.
        threshold: f64,
    },
    /// `feature > threshold` (or missing, when `or_missing`).
    Above {
        /// The feature.
        feature: String,
        /// The threshold.
        threshold: f64,
        /// Missing values are on this side too.
        or_missing: bool,
    },
    /// The feature has a value.
    Present {
        /// The feature.
        feature: String,
    },
    /// The feature is missing.
    Missing {
        /// The feature.
        feature: String,
    },
    /// `feature = value`.
    Is {
        /// The feature.
        feature: String,
        /// The category.
        value: String,
    },
    /// `feature ≠ value`.
    IsNot {
        /// The feature.
        feature: String,
        /// The category.
        value: String,
    },
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AtMost { feature, threshold } => {
                write!(f, "{feature} ≤ {}", short(*threshold))
            }
            Self::Above {
                feature,
                threshold,
                or_missing,
            } => {
                write!(f, "{feature} > {}", short(*threshold))?;
                if *or_missing {
                    f.write_str(" or missing")?;
                }
                Ok(())
            }
            Self::Present { feature } => write!(f, "{feature} is not missing"),
            Self::Missing { feature } => write!(f, "{feature} is missing"),
            Self::Is { feature, value } => write!(f, "{feature} = {value}"),
            Self::IsNot { feature, value } => write!(f, "{feature} ≠ {value}"),
        }
    }
}

/// A threshold for reading: at most 6 significant digits.
fn short(x: f64) -> String {
    let text = format!("{x:.6}");
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed.len() < format_number(x).len() {
        trimmed.to_owned()
    } else {
        format_number(x)
    }
}

/// Rows and errors of one group in a node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupCount {
    /// The group (a value of the sensitive column).
    pub group: String,
    /// Rows of the group.
    pub rows: usize,
    /// Errors among them.
    pub errors: usize,
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TreeNode {
    /// Position in [`ErrorTree::nodes`] (depth-first order, as scikit-learn numbers them).
    pub node_id: usize,
    /// Depth (the root is 0).
    pub depth: usize,
    /// Rows in the node.
    pub rows: usize,
    /// Errors among them.
    pub errors: usize,
    /// errors / rows.
    pub error_rate: f64,
    /// This node's share of all errors.
    pub share_of_errors: f64,
    /// This node's share of all rows.
    pub share_of_rows: f64,
    /// The condition of the left child (its negation is the right child's), when the node is split.
    pub split: Option<[Condition; 2]>,
    /// Children `[left, right]` when split.
    pub children: Option<[usize; 2]>,
    /// The leaf number when this node is a leaf.
    pub leaf_id: Option<usize>,
}

/// One leaf of the tree: a region of the data described by its path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leaf {
    /// Leaf number (depth-first order, from 0).
    pub leaf_id: usize,
    /// The node it is.
    pub node_id: usize,
    /// Conditions from the root.
    pub path: Vec<Condition>,
    /// Rows in the leaf.
    pub rows: usize,
    /// Errors among them.
    pub errors: usize,
    /// errors / rows.
    pub error_rate: f64,
    /// The leaf's share of all errors (coverage of the errors).
    pub share_of_errors: f64,
    /// The leaf's share of all rows.
    pub share_of_rows: f64,
    /// Rows and errors per group of the sensitive column (groups present in the leaf, in level order).
    pub groups: Vec<GroupCount>,
}

impl Leaf {
    /// The path as one line: `age > 36.5 and sex = Male` (`all rows` for a tree without splits). Conditions
    /// implied by a later one on the same feature are left out (`x ≠ a` before `x = b`, `x ≤ 7.5` before
    /// `x ≤ 3.5`); [`Leaf::path`] keeps them all.
    #[must_use]
    pub fn path_text(&self) -> String {
        if self.path.is_empty() {
            return "all rows".to_owned();
        }
        let implied = |k: usize, c: &Condition| {
            self.path[k + 1..].iter().any(|later| match (c, later) {
                (Condition::IsNot { feature: a, .. }, Condition::Is { feature: b, .. }) => a == b,
                (
                    Condition::AtMost {
                        feature: a,
                        threshold: t,
                    },
                    Condition::AtMost {
                        feature: b,
                        threshold: u,
                    },
                ) => a == b && u <= t,
                (
                    Condition::Above {
                        feature: a,
                        threshold: t,
                        ..
                    },
                    Condition::Above {
                        feature: b,
                        threshold: u,
                        ..
                    },
                ) => a == b && u >= t,
                _ => false,
            })
        };
        self.path
            .iter()
            .enumerate()
            .filter(|(k, c)| !implied(*k, c))
            .map(|(_, c)| c.to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

/// The error tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorTree {
    /// The settings used.
    pub options: TreeOptions,
    /// The features, in the order asked.
    pub features: Vec<String>,
    /// Numeric features cut into quantile bins (more distinct values than `max_bins`): their splits may
    /// differ from an exact CART.
    pub binned_features: Vec<String>,
    /// The sensitive column of the group counts.
    pub sensitive: Option<String>,
    /// Rows used.
    pub rows: usize,
    /// Errors among them.
    pub errors: usize,
    /// Every node, depth first.
    pub nodes: Vec<TreeNode>,
    /// The leaves, depth first.
    pub leaves: Vec<Leaf>,
    /// The file rows (0-based) of each leaf, ascending; not part of the JSON.
    #[serde(skip)]
    pub leaf_rows: Vec<Vec<u32>>,
}

/// One feature cut into bins.
struct Binned {
    codes: Vec<u32>,
    bins: usize,
    kind: BinKind,
}

enum BinKind {
    Numeric {
        /// Smallest and largest value of each value bin.
        low: Vec<f64>,
        high: Vec<f64>,
        /// The bin of missing values (the last), when there are any.
        missing: Option<u32>,
    },
    Categorical {
        levels: Vec<String>,
    },
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Cuts a numeric column into bins: one per distinct value when there are at most `max_bins`, else quantile
/// bins. Returns whether it was cut into quantile bins.
fn bin_numeric(values: &[f64], max_bins: Option<usize>) -> (Binned, bool) {
    let limit = max_bins.unwrap_or(usize::MAX).max(2);
    let mut distinct: HashSet<u64> = HashSet::new();
    let mut exact = true;
    for v in values.iter().filter(|v| !v.is_nan()) {
        distinct.insert((v + 0.0).to_bits());
        if distinct.len() > limit {
            exact = false;
            break;
        }
    }
    let edges: Vec<f64> = if exact {
        let mut e: Vec<f64> = distinct.into_iter().map(f64::from_bits).collect();
        e.sort_by(f64::total_cmp);
        e
    } else {
        let present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        let step = present.len().div_ceil(EDGE_SAMPLE).max(1);
        let mut sample: Vec<f64> = present.iter().step_by(step).copied().collect();
        sample.sort_by(f64::total_cmp);
        let mut e: Vec<f64> = (1..limit)
            .map(|i| sample[(i * sample.len() / limit).min(sample.len() - 1)])
            .collect();
        e.dedup();
        e
    };
    // Value bins: bin b holds (edges[b-1], edges[b]]; with quantile edges one more bin above the last edge.
    let value_bins = if exact { edges.len() } else { edges.len() + 1 };
    let any_missing = values.iter().any(|v| v.is_nan());
    let missing = any_missing.then(|| to_u32(value_bins));
    let mut low = vec![f64::INFINITY; value_bins];
    let mut high = vec![f64::NEG_INFINITY; value_bins];
    let codes = values
        .iter()
        .map(|v| {
            if v.is_nan() {
                to_u32(value_bins)
            } else {
                let b = edges.partition_point(|e| e < v);
                low[b] = low[b].min(*v);
                high[b] = high[b].max(*v);
                to_u32(b)
            }
        })
        .collect();
    (
        Binned {
            codes,
            bins: value_bins + usize::from(any_missing),
            kind: BinKind::Numeric { low, high, missing },
        },
        !exact,
    )
}

/// Rows and errors per bin.
type Histogram = Vec<[u32; 2]>;

fn histograms(binned: &[Binned], rows: &[u32], error: &[u8]) -> Vec<Histogram> {
    let one = |b: &Binned| {
        let mut h = vec![[0_u32; 2]; b.bins];
        for &i in rows {
            let cell = &mut h[b.codes[i as usize] as usize];
            cell[0] += 1;
            cell[1] += u32::from(error[i as usize]);
        }
        h
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if rows.len() < 20_000 || threads < 2 || binned.len() < 2 {
        return binned.iter().map(one).collect();
    }
    let per = binned.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = binned
            .chunks(per)
            .map(|chunk| {
                std::thread::Builder::new()
                    .name("error-tree".to_owned())
                    .spawn_scoped(scope, move || chunk.iter().map(one).collect::<Vec<_>>())
            })
            .collect();
        let mut out = Vec::with_capacity(binned.len());
        for (handle, chunk) in handles.into_iter().zip(binned.chunks(per)) {
            match handle.map(std::thread::ScopedJoinHandle::join) {
                Ok(Ok(part)) => out.extend(part),
                _ => out.extend(chunk.iter().map(one)),
            }
        }
        out
    })
}

/// scikit-learn's Gini impurity of (rows, errors).
fn gini(rows: f64, errors: f64) -> f64 {
    let right_class = rows - errors;
    let sq = right_class * right_class + errors * errors;
    1.0 - sq / (rows * rows)
}

/// scikit-learn's proxy of the impurity improvement of a split.
fn proxy(left: [u32; 2], right: [u32; 2]) -> f64 {
    let (nl, el) = (f64::from(left[0]), f64::from(left[1]));
    let (nr, er) = (f64::from(right[0]), f64::from(right[1]));
    -nr * gini(nr, er) - nl * gini(nl, el)
}

/// The best split of one node: (feature, left bins test, proxy, left counts).
struct Best {
    feature: usize,
    /// Numeric: the last bin on the left, and the first on the right. Categorical: the category on the right.
    left_last: usize,
    right_first: usize,
    proxy: f64,
    left: [u32; 2],
}

fn best_split(
    binned: &[Binned],
    hists: &[Histogram],
    total: [u32; 2],
    min_leaf: u32,
) -> Option<Best> {
    let mut best: Option<Best> = None;
    for (f, (b, h)) in binned.iter().zip(hists).enumerate() {
        let mut consider = |left: [u32; 2], left_last: usize, right_first: usize| {
            let right = [total[0] - left[0], total[1] - left[1]];
            if left[0] < min_leaf || right[0] < min_leaf {
                return;
            }
            let p = proxy(left, right);
            if best.as_ref().is_none_or(|x| p > x.proxy) {
                best = Some(Best {
                    feature: f,
                    left_last,
                    right_first,
                    proxy: p,
                    left,
                });
            }
        };
        match b.kind {
            BinKind::Numeric { .. } => {
                let mut cum = [0_u32; 2];
                let mut prev: Option<usize> = None;
                for (bin, c) in h.iter().enumerate().filter(|(_, c)| c[0] > 0) {
                    if let Some(p) = prev {
                        consider(cum, p, bin);
                    }
                    cum = [cum[0] + c[0], cum[1] + c[1]];
                    prev = Some(bin);
                }
            }
            BinKind::Categorical { .. } => {
                for (bin, c) in h.iter().enumerate() {
                    if c[0] > 0 && c[0] < total[0] {
                        consider([total[0] - c[0], total[1] - c[1]], bin, bin);
                    }
                }
            }
        }
    }
    best
}

/// The two conditions of a split.
fn conditions(b: &Binned, name: &str, best: &Best) -> [Condition; 2] {
    let feature = name.to_owned();
    match &b.kind {
        BinKind::Numeric { low, high, missing } => {
            if Some(to_u32(best.right_first)) == *missing {
                return [
                    Condition::Present {
                        feature: feature.clone(),
                    },
                    Condition::Missing { feature },
                ];
            }
            let (a, c) = (high[best.left_last], low[best.right_first]);
            let mut threshold = a / 2.0 + c / 2.0;
            // scikit-learn: a midpoint that rounds up to the right value takes the left value instead.
            #[expect(clippy::float_cmp, reason = "scikit-learn's exact test")]
            let rounds_up = threshold == c;
            if rounds_up || threshold.is_infinite() {
                threshold = a;
            }
            [
                Condition::AtMost {
                    feature: feature.clone(),
                    threshold,
                },
                Condition::Above {
                    feature,
                    threshold,
                    or_missing: missing.is_some(),
                },
            ]
        }
        BinKind::Categorical { levels } => {
            let value = levels
                .get(best.right_first)
                .cloned()
                .unwrap_or_else(|| MISSING_LEVEL.to_owned());
            [
                Condition::IsNot {
                    feature: feature.clone(),
                    value: value.clone(),
                },
                Condition::Is { feature, value },
            ]
        }
    }
}

/// Whether a row (by its code) goes left.
fn goes_left(b: &Binned, best: &Best, code: u32) -> bool {
    match b.kind {
        BinKind::Numeric { .. } => code as usize <= best.left_last,
        BinKind::Categorical { .. } => code as usize != best.right_first,
    }
}

struct Pending {
    start: usize,
    end: usize,
    depth: usize,
    parent: Option<(usize, usize)>,
    path: Vec<Condition>,
    hists: Vec<Histogram>,
}

/// Builds the error tree on the decoded data.
///
/// # Errors
/// [`ErrorAnalysisError::Setting`] for a depth of 0 or more than 12, a leaf size of 0, no features.
pub fn error_tree(data: &ErrorData, options: TreeOptions) -> Result<ErrorTree, ErrorAnalysisError> {
    if options.max_depth == 0 || options.max_depth > 12 {
        return Err(ErrorAnalysisError::Setting(format!(
            "the depth of the error tree must be between 1 and 12, found {}",
            options.max_depth
        )));
    }
    if options.min_samples_leaf == 0 {
        return Err(ErrorAnalysisError::Setting(
            "the smallest leaf must hold at least 1 row".to_owned(),
        ));
    }
    if data.features.is_empty() {
        return Err(ErrorAnalysisError::Setting(
            "the error tree needs at least one feature".to_owned(),
        ));
    }
    let mut binned_features = Vec::new();
    let binned: Vec<Binned> = data
        .features
        .iter()
        .map(|f| match &f.values {
            FeatureValues::Numeric(v) => {
                let (b, quantile) = bin_numeric(v, options.max_bins);
                if quantile {
                    binned_features.push(f.name.clone());
                }
                b
            }
            FeatureValues::Categorical { levels, codes } => Binned {
                codes: codes.clone(),
                bins: levels.len(),
                kind: BinKind::Categorical {
                    levels: levels.clone(),
                },
            },
        })
        .collect();
    let error: Vec<u8> = data.error.iter().map(|e| u8::from(*e)).collect();
    let n = data.rows();
    let total_errors = data.errors();
    let mut samples: Vec<u32> = (0..to_u32(n)).collect();
    let mut scratch: Vec<u32> = Vec::with_capacity(n);
    let min_leaf = to_u32(options.min_samples_leaf);
    let mut nodes: Vec<TreeNode> = Vec::new();
    let mut leaves: Vec<Leaf> = Vec::new();
    let mut leaf_rows: Vec<Vec<u32>> = Vec::new();
    let hists = histograms(&binned, &samples, &error);
    let mut stack = vec![Pending {
        start: 0,
        end: n,
        depth: 0,
        parent: None,
        path: Vec::new(),
        hists,
    }];
    #[expect(clippy::cast_precision_loss, reason = "row counts")]
    let share = |part: usize, whole: usize| {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    };
    while let Some(node) = stack.pop() {
        let rows = node.end - node.start;
        let errors: usize = node.hists[0].iter().map(|c| c[1] as usize).sum();
        let node_id = nodes.len();
        if let Some((parent, side)) = node.parent
            && let Some(children) = nodes[parent].children.as_mut()
        {
            children[side] = node_id;
        }
        #[expect(clippy::cast_precision_loss, reason = "row counts")]
        let impurity = gini(rows as f64, errors as f64);
        let total = [to_u32(rows), to_u32(errors)];
        let split = if node.depth >= options.max_depth
            || rows < 2
            || rows < 2 * options.min_samples_leaf
            || impurity <= f64::EPSILON
        {
            None
        } else {
            best_split(&binned, &node.hists, total, min_leaf)
        };
        nodes.push(TreeNode {
            node_id,
            depth: node.depth,
            rows,
            errors,
            error_rate: share(errors, rows),
            share_of_errors: share(errors, total_errors),
            share_of_rows: share(rows, n),
            split: None,
            children: None,
            leaf_id: None,
        });
        let Some(best) = split else {
            let leaf_id = leaves.len();
            nodes[node_id].leaf_id = Some(leaf_id);
            let positions = &samples[node.start..node.end];
            let groups = group_counts(data, positions);
            leaf_rows.push(
                positions
                    .iter()
                    .map(|i| data.row_index[*i as usize])
                    .collect(),
            );
            leaves.push(Leaf {
                leaf_id,
                node_id,
                path: node.path,
                rows,
                errors,
                error_rate: share(errors, rows),
                share_of_errors: share(errors, total_errors),
                share_of_rows: share(rows, n),
                groups,
            });
            continue;
        };
        let b = &binned[best.feature];
        let conds = conditions(b, &data.features[best.feature].name, &best);
        // Stable partition: both sides keep ascending row order.
        scratch.clear();
        let mut write = node.start;
        for k in node.start..node.end {
            let i = samples[k];
            if goes_left(b, &best, b.codes[i as usize]) {
                samples[write] = i;
                write += 1;
            } else {
                scratch.push(i);
            }
        }
        samples[write..node.end].copy_from_slice(&scratch);
        let mid = write;
        debug_assert_eq!(mid - node.start, best.left[0] as usize);
        let left_small = mid - node.start <= node.end - mid;
        let small = if left_small {
            &samples[node.start..mid]
        } else {
            &samples[mid..node.end]
        };
        let small_hists = histograms(&binned, small, &error);
        let large_hists: Vec<Histogram> = node
            .hists
            .iter()
            .zip(&small_hists)
            .map(|(p, s)| {
                p.iter()
                    .zip(s)
                    .map(|(p, s)| [p[0] - s[0], p[1] - s[1]])
                    .collect()
            })
            .collect();
        let (left_hists, right_hists) = if left_small {
            (small_hists, large_hists)
        } else {
            (large_hists, small_hists)
        };
        nodes[node_id].split = Some(conds.clone());
        nodes[node_id].children = Some([0, 0]);
        let [left_cond, right_cond] = conds;
        let mut right_path = node.path.clone();
        right_path.push(right_cond);
        let mut left_path = node.path;
        left_path.push(left_cond);
        // Right first on the stack so the left subtree is numbered first (depth first, as scikit-learn).
        stack.push(Pending {
            start: mid,
            end: node.end,
            depth: node.depth + 1,
            parent: Some((node_id, 1)),
            path: right_path,
            hists: right_hists,
        });
        stack.push(Pending {
            start: node.start,
            end: mid,
            depth: node.depth + 1,
            parent: Some((node_id, 0)),
            path: left_path,
            hists: left_hists,
        });
    }
    Ok(ErrorTree {
        options,
        features: data.features.iter().map(|f| f.name.clone()).collect(),
        binned_features,
        sensitive: data.sensitive.as_ref().map(|s| s.name.clone()),
        rows: n,
        errors: total_errors,
        nodes,
        leaves,
        leaf_rows,
    })
}

fn group_counts(data: &ErrorData, positions: &[u32]) -> Vec<GroupCount> {
    let Some(sensitive) = &data.sensitive else {
        return Vec::new();
    };
    let FeatureValues::Categorical { levels, codes } = &sensitive.values else {
        return Vec::new();
    };
    let mut counts = vec![[0_usize; 2]; levels.len()];
    for &i in positions {
        let c = &mut counts[codes[i as usize] as usize];
        c[0] += 1;
        c[1] += usize::from(data.error[i as usize]);
    }
    levels
        .iter()
        .zip(counts)
        .filter(|(_, c)| c[0] > 0)
        .map(|(group, c)| GroupCount {
            group: group.clone(),
            rows: c[0],
            errors: c[1],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_text_leaves_out_implied_conditions() {
        let leaf = Leaf {
            leaf_id: 0,
            node_id: 3,
            path: vec![
                Condition::IsNot {
                    feature: "relationship".to_owned(),
                    value: "Husband".to_owned(),
                },
                Condition::Is {
                    feature: "relationship".to_owned(),
                    value: "Wife".to_owned(),
                },
                Condition::AtMost {
                    feature: "age".to_owned(),
                    threshold: 40.5,
                },
                Condition::AtMost {
                    feature: "age".to_owned(),
                    threshold: 30.5,
                },
                Condition::Above {
                    feature: "hours".to_owned(),
                    threshold: 20.0,
                    or_missing: true,
                },
            ],
            rows: 1,
            errors: 0,
            error_rate: 0.0,
            share_of_errors: 0.0,
            share_of_rows: 1.0,
            groups: Vec::new(),
        };
        assert_eq!(
            leaf.path_text(),
            "relationship = Wife and age ≤ 30.5 and hours > 20 or missing"
        );
    }
}
