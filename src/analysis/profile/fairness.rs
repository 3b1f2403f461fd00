//! The fairness part of the profile: representation of each sensitive group (with the reference population
//! share when given), the label's base rate per group, proxy detection and per-group numeric summaries.

use super::assoc::{self, Table};
use super::prepare::{Data, MISSING, Prepared, codes_from_numeric};
use super::stats;
use super::{
    AssociationMethod, FairnessProfile, GroupRepresentation, GroupSummary, NumericByGroup,
    ProfileError, ProfileOptions, Proxy, SensitiveProfile, grouping, share,
};
use crate::analysis::task::TaskControl;
use crate::model::data_columns::ColumnKind;

/// Label state per row.
const NEGATIVE: u8 = 0;
const POSITIVE: u8 = 1;
const UNLABELLED: u8 = 2;

#[expect(clippy::float_cmp, reason = "\"1\" and \"1.0\" are the same value")]
fn same_value(label: &str, positive: &str) -> bool {
    let (a, b) = (label.trim(), positive.trim());
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

/// The label per row and the positive value used, or why there is none.
fn label_states(label: &Prepared, positive: Option<&str>) -> Result<(Vec<u8>, String), String> {
    let owned;
    let codes = match &label.data {
        Data::Codes(c) => c,
        Data::Numeric(n) => {
            owned = codes_from_numeric(n);
            &owned
        }
    };
    let positive = match positive {
        Some(p) => p.trim().to_owned(),
        None => {
            let lower: Vec<String> = codes
                .labels
                .iter()
                .map(|l| l.trim().to_lowercase())
                .collect();
            let boolean = codes.labels.len() <= 2
                && lower
                    .iter()
                    .all(|l| ["0", "1", "true", "false", "yes", "no"].contains(&l.as_str()));
            match lower
                .iter()
                .position(|l| ["1", "true", "yes"].contains(&l.as_str()))
            {
                Some(i) if boolean => codes.labels[i].clone(),
                _ => {
                    return Err(format!(
                        "the label {:?} is not 0/1, true/false or yes/no: give the positive value",
                        label.name
                    ));
                }
            }
        }
    };
    let positive_codes: Vec<bool> = codes
        .labels
        .iter()
        .map(|l| same_value(l, &positive))
        .collect();
    if !positive_codes.iter().any(|p| *p) {
        return Err(format!(
            "the label {:?} has no value {positive:?}",
            label.name
        ));
    }
    let states = codes
        .codes
        .iter()
        .map(|c| {
            if *c == MISSING {
                UNLABELLED
            } else if positive_codes[*c as usize] {
                POSITIVE
            } else {
                NEGATIVE
            }
        })
        .collect();
    Ok((states, positive))
}

fn five_numbers(group: String, sorted: &[f64]) -> GroupSummary {
    let moments = stats::moments(sorted);
    GroupSummary {
        group,
        count: sorted.len() as u64,
        min: sorted.first().copied(),
        q1: stats::quantile_sorted(sorted, 0.25),
        median: stats::quantile_sorted(sorted, 0.5),
        q3: stats::quantile_sorted(sorted, 0.75),
        max: sorted.last().copied(),
        mean: moments.mean,
    }
}

/// A sensitive column's grouping, representation, and the proxies and per-group summaries found so far.
struct Sensitive {
    name: String,
    codes: Vec<u32>,
    group_labels: Vec<String>,
    binning: Option<String>,
    /// The groups listed, in the order listed.
    order: Vec<usize>,
    groups: Vec<GroupRepresentation>,
    missing: u64,
    proxies: Vec<Proxy>,
    numeric_by_group: Vec<NumericByGroup>,
}

/// The fairness section built in steps: the label and the sensitive columns first ([`FairnessPlan::new`]),
/// then the other columns in file order, all at once or a batch at a time ([`FairnessPlan::add_features`]),
/// and the proxies ranked at the end ([`FairnessPlan::finish`]). Each column is measured against the
/// grouping on its own, so batches give the result of a whole frame.
pub(super) struct FairnessPlan {
    out: FairnessProfile,
    sensitive: Vec<Sensitive>,
}

impl FairnessPlan {
    /// The label's base rates and each sensitive column's representation; `find` gives a column by name.
    pub(super) fn new<'p>(
        find: impl Fn(&str) -> Option<&'p Prepared>,
        options: &ProfileOptions,
    ) -> Self {
        let mut out = FairnessProfile {
            label: options.label.clone(),
            proxy_threshold: options.thresholds.proxy_threshold,
            ..FairnessProfile::default()
        };
        let labels = match options.label.as_deref().and_then(&find) {
            Some(label) => match label_states(label, options.label_positive.as_deref()) {
                Ok((states, positive)) => {
                    out.positive = Some(positive);
                    Some(states)
                }
                Err(problem) => {
                    out.label_problem = Some(problem);
                    None
                }
            },
            None => None,
        };
        let mut sensitive = Vec::new();
        for name in &options.sensitive {
            let Some(column) = find(name) else {
                continue;
            };
            sensitive.push(represent(column, labels.as_deref(), options));
        }
        Self { out, sensitive }
    }

    /// Measures `features` (columns in file order, after those of earlier calls) against each grouping;
    /// the label and the sensitive columns are left out.
    ///
    /// # Errors
    /// [`ProfileError::Cancelled`].
    pub(super) fn add_features(
        &mut self,
        features: &[Prepared],
        options: &ProfileOptions,
        control: &TaskControl,
    ) -> Result<(), ProfileError> {
        for s in &mut self.sensitive {
            for feature in features {
                control.check()?;
                if feature.name == s.name
                    || options.sensitive.contains(&feature.name)
                    || options.label.as_deref() == Some(feature.name.as_str())
                {
                    continue;
                }
                s.measure(feature, options);
            }
        }
        Ok(())
    }

    /// The section, each sensitive column's proxies ranked by value (then name).
    pub(super) fn finish(self) -> FairnessProfile {
        let mut out = self.out;
        for s in self.sensitive {
            let mut proxies = s.proxies;
            proxies.sort_by(|a, b| {
                b.value
                    .unwrap_or(f64::NEG_INFINITY)
                    .total_cmp(&a.value.unwrap_or(f64::NEG_INFINITY))
                    .then_with(|| a.column.cmp(&b.column))
            });
            out.sensitive.push(SensitiveProfile {
                column: s.name,
                binning: s.binning,
                groups: s.groups,
                missing: s.missing,
                proxies,
                numeric_by_group: s.numeric_by_group,
            });
        }
        out
    }
}

/// A sensitive column's grouping and representation (with base rates when the label has `labels`).
fn represent(sensitive: &Prepared, labels: Option<&[u8]>, options: &ProfileOptions) -> Sensitive {
    let name = &sensitive.name;
    let (codes, group_labels, binning) = grouping(sensitive);
    let k = group_labels.len();
    let mut counts = vec![0_u64; k];
    let mut labelled = vec![0_u64; k];
    let mut positives = vec![0_u64; k];
    let mut missing = 0;
    for (row, code) in codes.iter().enumerate() {
        if *code == MISSING {
            missing += 1;
            continue;
        }
        let g = *code as usize;
        counts[g] += 1;
        if let Some(states) = labels {
            match states[row] {
                POSITIVE => {
                    labelled[g] += 1;
                    positives[g] += 1;
                }
                NEGATIVE => labelled[g] += 1,
                _ => {}
            }
        }
    }
    let known: u64 = counts.iter().sum();
    let references = options.reference_shares.get(name);
    let mut order: Vec<usize> = (0..k).filter(|g| counts[*g] > 0).collect();
    if binning.is_none() && !matches!(sensitive.data, Data::Numeric(_)) {
        order.sort_by(|a, b| group_labels[*a].cmp(&group_labels[*b]));
    }
    let groups = order
        .iter()
        .map(|g| {
            let share = share(counts[*g], known);
            let reference_share = references.and_then(|r| {
                r.iter()
                    .find(|(value, _)| same_value(value, &group_labels[*g]))
                    .map(|(_, s)| *s)
            });
            GroupRepresentation {
                group: group_labels[*g].clone(),
                count: counts[*g],
                share,
                reference_share,
                difference: reference_share.map(|r| share - r),
                labelled: labelled[*g],
                positives: positives[*g],
                base_rate: (labels.is_some() && labelled[*g] > 0)
                    .then(|| share_of(positives[*g], labelled[*g])),
            }
        })
        .collect();
    Sensitive {
        name: name.clone(),
        codes,
        group_labels,
        binning,
        order,
        groups,
        missing,
        proxies: Vec::new(),
        numeric_by_group: Vec::new(),
    }
}

impl Sensitive {
    /// The proxy measure of `feature` against the grouping, and its per-group summary when numeric.
    fn measure(&mut self, feature: &Prepared, options: &ProfileOptions) {
        let (codes, k) = (&self.codes, self.group_labels.len());
        match (&feature.data, feature.kind) {
            (Data::Numeric(n), ColumnKind::Numeric) => {
                let value = assoc::correlation_ratio(&n.values, codes, k);
                self.proxies.push(proxy(
                    feature,
                    AssociationMethod::CorrelationRatio,
                    value,
                    options,
                ));
                let mut per_group: Vec<Vec<f64>> = vec![Vec::new(); k];
                for &row in &n.order {
                    let v = n.values[row as usize];
                    let g = codes[row as usize];
                    if v.is_finite() && g != MISSING {
                        per_group[g as usize].push(v);
                    }
                }
                self.numeric_by_group.push(NumericByGroup {
                    column: feature.name.clone(),
                    groups: self
                        .order
                        .iter()
                        .map(|g| five_numbers(self.group_labels[*g].clone(), &per_group[*g]))
                        .collect(),
                });
            }
            (Data::Codes(c), ColumnKind::Categorical | ColumnKind::Boolean) => {
                let value = Table::new(&c.codes, c.labels.len(), codes, k).cramers_v();
                self.proxies
                    .push(proxy(feature, AssociationMethod::CramersV, value, options));
            }
            _ => {}
        }
    }
}

/// Computes the fairness section of a whole frame.
pub(super) fn fairness(
    prepared: &[Prepared],
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<FairnessProfile, ProfileError> {
    control.check()?;
    let mut plan = FairnessPlan::new(|name| prepared.iter().find(|p| p.name == name), options);
    plan.add_features(prepared, options, control)?;
    Ok(plan.finish())
}

#[expect(clippy::cast_precision_loss, reason = "shares of counts")]
fn share_of(part: u64, whole: u64) -> f64 {
    part as f64 / whole as f64
}

fn proxy(
    feature: &Prepared,
    method: AssociationMethod,
    value: Option<f64>,
    options: &ProfileOptions,
) -> Proxy {
    Proxy {
        column: feature.name.clone(),
        method,
        value,
        flagged: value.is_some_and(|v| v >= options.thresholds.proxy_threshold),
    }
}
