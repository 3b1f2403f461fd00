//! One verdict for one audit result: every pass/fail check of a result classified by its kind (a group's
//! four-fifths ratio to the reference, an Aequitas composite parity, a summary difference against the difference
//! threshold, a summary ratio against the ratio threshold), counted per kind with its threshold, and one sentence
//! that says how many checks of which kind failed.
//!
//! Every place that states the outcome of an audit (the Findings box, the disparity heat map, the Aequitas
//! table, `riskbench audit`, the PDF's executive summary, the `check` gate) reads it from here, so they cannot
//! disagree. The engine stores the verdict in [`AuditResult::verdict`]; [`audit_checks`] lists the classified
//! checks of a result for a gate.
//!
//! PPR (predicted positive rate *as Aequitas defines it*: a group's share of all positive predictions) follows
//! the group's size, so its four-fifths check fails for any small group; the verdict says so whenever it fails.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::config::Thresholds;
use super::metric::{Metric, SummaryMetric};
use super::output::{AuditResult, Check};

/// What a check compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// A group's ratio to the reference group for one rate, against the four-fifths band
    /// (`four_fifths_<metric>`).
    FourFifthsRatio,
    /// An Aequitas composite of four-fifths checks of one group (`type_i_parity`, `type_ii_parity`,
    /// `equalized_odds_parity`, `unsupervised_fairness`, `supervised_fairness`).
    AequitasParity,
    /// A summary difference across groups (e.g. `demographic_parity_difference`) against the difference
    /// threshold.
    DifferenceThreshold,
    /// A summary ratio across groups (e.g. `demographic_parity_ratio`) against the ratio threshold.
    SummaryRatio,
}

impl CheckKind {
    /// Every kind, in the order the verdict lists them.
    pub const ALL: [CheckKind; 4] = [
        CheckKind::FourFifthsRatio,
        CheckKind::AequitasParity,
        CheckKind::DifferenceThreshold,
        CheckKind::SummaryRatio,
    ];

    /// The kind of a check, from its name (the names are a contract of `audit --json`).
    #[must_use]
    pub fn of(check: &Check) -> CheckKind {
        let name = check.name.as_str();
        if name.starts_with("four_fifths_") {
            CheckKind::FourFifthsRatio
        } else if name.ends_with("_difference") {
            CheckKind::DifferenceThreshold
        } else if name.ends_with("_ratio") {
            CheckKind::SummaryRatio
        } else {
            CheckKind::AequitasParity
        }
    }

    /// Snake-case name, as in JSON.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::FourFifthsRatio => "four_fifths_ratio",
            CheckKind::AequitasParity => "aequitas_parity",
            CheckKind::DifferenceThreshold => "difference_threshold",
            CheckKind::SummaryRatio => "summary_ratio",
        }
    }

    /// Words for the verdict, e.g. "four-fifths ratio".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CheckKind::FourFifthsRatio => "four-fifths ratio",
            CheckKind::AequitasParity => "Aequitas parity",
            CheckKind::DifferenceThreshold => "summary difference",
            CheckKind::SummaryRatio => "summary ratio",
        }
    }
}

/// The thresholds the checks of a result were decided with.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckThresholds {
    /// A group's ratio to the reference passes from this (four-fifths: 0.8) …
    pub ratio_low: f64,
    /// … up to this (1 / `ratio_low`, 1.25); summary ratios pass from `ratio_low`.
    pub ratio_high: f64,
    /// A summary difference passes up to this (0.1).
    pub difference: f64,
}

impl Default for CheckThresholds {
    fn default() -> Self {
        CheckThresholds::from(&Thresholds::default())
    }
}

impl From<&Thresholds> for CheckThresholds {
    fn from(t: &Thresholds) -> Self {
        CheckThresholds {
            ratio_low: t.ratio,
            ratio_high: round6(1.0 / t.ratio),
            difference: t.difference,
        }
    }
}

/// 1/0.8 reads 1.25, not 1.2499999999999998.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl CheckThresholds {
    /// The pass rule of a kind in words, e.g. "pass when 0.8 ≤ ratio to reference ≤ 1.25".
    #[must_use]
    pub fn rule(&self, kind: CheckKind) -> String {
        match kind {
            CheckKind::FourFifthsRatio => format!(
                "pass when {} ≤ ratio to reference ≤ {}",
                self.ratio_low, self.ratio_high
            ),
            CheckKind::AequitasParity => "pass when all their four-fifths ratios pass".to_owned(),
            CheckKind::DifferenceThreshold => format!("pass when ≤ {}", self.difference),
            CheckKind::SummaryRatio => format!("pass when ≥ {}", self.ratio_low),
        }
    }
}

/// The checks of one kind in a result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KindCount {
    /// The kind.
    pub kind: CheckKind,
    /// How many checks of this kind.
    pub checks: usize,
    /// How many fail.
    pub failed: usize,
    /// How many cannot be decided (an undefined value).
    pub undecided: usize,
    /// How many are inconclusive (a group below the minimum group size).
    #[serde(default)]
    pub inconclusive: usize,
    /// The pass rule, e.g. "pass when 0.8 ≤ ratio to reference ≤ 1.25".
    pub rule: String,
    /// What failed, short: metric labels ("PPR", "FDR") for ratios, check names otherwise; each once, in
    /// check order.
    pub failing: Vec<String>,
}

impl KindCount {
    /// "four-fifths ratio: 3 of 10 fail (PPR, FDR, FNR; pass when 0.8 ≤ ratio to reference ≤ 1.25)".
    #[must_use]
    pub fn text(&self) -> String {
        let mut detail = Vec::new();
        if !self.failing.is_empty() {
            detail.push(self.failing.join(", "));
        }
        if self.inconclusive > 0 {
            detail.push(format!("{} inconclusive", self.inconclusive));
        }
        if self.undecided > 0 {
            detail.push(format!("{} cannot be decided", self.undecided));
        }
        detail.push(self.rule.clone());
        format!(
            "{}: {} of {} fail ({})",
            self.kind.label(),
            self.failed,
            self.checks,
            detail.join("; ")
        )
    }
}

/// The verdict of one audit result. JSON: `"verdict"` beside `"checks"` in each `results[]` entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// All checks of the result.
    pub checks: usize,
    /// Failed checks.
    pub failed: usize,
    /// Checks that cannot be decided (an undefined value).
    pub undecided: usize,
    /// Checks that are inconclusive: on a group below the minimum group size (never failures).
    #[serde(default)]
    pub inconclusive: usize,
    /// Per kind, in [`CheckKind::ALL`] order; kinds without checks are left out.
    pub kinds: Vec<KindCount>,
    /// The thresholds used.
    pub thresholds: CheckThresholds,
    /// Why a failed PPR check may mislead, when one fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ppr_note: Option<String>,
    /// The verdict sentence: [`Verdict::line`].
    pub text: String,
}

/// The sentence shown wherever a PPR four-fifths check fails.
pub const PPR_NOTE: &str = "PPR is a group's share of all positive predictions, so it follows the group's \
                            size: a smaller group has a lower PPR even when it is selected at the same rate \
                            (compare the selection rate).";

impl Verdict {
    /// Counts the checks of a result decided with `thresholds`.
    #[must_use]
    pub fn new(checks: &[Check], thresholds: CheckThresholds) -> Verdict {
        let mut kinds = Vec::new();
        for kind in CheckKind::ALL {
            let of_kind: Vec<&Check> = checks.iter().filter(|c| CheckKind::of(c) == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            let mut failing: Vec<String> = Vec::new();
            for c in of_kind.iter().filter(|c| c.pass == Some(false)) {
                let short = short_name(c);
                if !failing.contains(&short) {
                    failing.push(short);
                }
            }
            kinds.push(KindCount {
                kind,
                checks: of_kind.len(),
                failed: of_kind.iter().filter(|c| c.pass == Some(false)).count(),
                undecided: of_kind.iter().filter(|c| is_undecided(c)).count(),
                inconclusive: of_kind.iter().filter(|c| is_inconclusive(c)).count(),
                rule: thresholds.rule(kind),
                failing,
            });
        }
        let ppr_failed = checks.iter().any(|c| {
            c.name == format!("four_fifths_{}", Metric::Ppr.name()) && c.pass == Some(false)
        });
        let mut verdict = Verdict {
            checks: checks.len(),
            failed: checks.iter().filter(|c| c.pass == Some(false)).count(),
            undecided: checks.iter().filter(|c| is_undecided(c)).count(),
            inconclusive: checks.iter().filter(|c| is_inconclusive(c)).count(),
            kinds,
            thresholds,
            ppr_note: ppr_failed.then(|| PPR_NOTE.to_owned()),
            text: String::new(),
        };
        verdict.text = verdict.line();
        verdict
    }

    /// "7 of 21 checks fail — four-fifths ratio: 3 of 10 fail (PPR, FDR, FNR; pass when …); …".
    #[must_use]
    pub fn line(&self) -> String {
        let head = if self.checks == 0 {
            "No checks".to_owned()
        } else if self.failed == 0 && self.undecided == 0 && self.inconclusive == 0 {
            format!("All {} checks pass", self.checks)
        } else {
            let mut head = format!("{} of {} checks fail", self.failed, self.checks);
            if self.inconclusive > 0 {
                let _ = write!(
                    head,
                    ", {} inconclusive (groups below the minimum size)",
                    self.inconclusive
                );
            }
            if self.undecided > 0 {
                let _ = write!(head, ", {} cannot be decided", self.undecided);
            }
            head
        };
        let kinds: Vec<String> = self.kinds.iter().map(KindCount::text).collect();
        if kinds.is_empty() {
            format!("{head}.")
        } else {
            format!("{head} — {}.", kinds.join("; "))
        }
    }

    /// The count of one kind, when the result has checks of it.
    #[must_use]
    pub fn kind(&self, kind: CheckKind) -> Option<&KindCount> {
        self.kinds.iter().find(|k| k.kind == kind)
    }
}

/// Not decided because of an undefined value.
fn is_undecided(c: &Check) -> bool {
    c.pass.is_none() && !c.inconclusive
}

/// Not decided because a group is below the minimum group size.
fn is_inconclusive(c: &Check) -> bool {
    c.pass.is_none() && c.inconclusive
}

/// "PPR" for `four_fifths_ppr`, "type I parity" for `type_i_parity`, the name otherwise.
fn short_name(check: &Check) -> String {
    if let Some(metric) = check
        .name
        .strip_prefix("four_fifths_")
        .and_then(|m| Metric::ALL.into_iter().find(|x| x.name() == m))
    {
        return metric.short_label().to_owned();
    }
    if let Some(s) = SummaryMetric::ALL
        .into_iter()
        .find(|s| s.name() == check.name)
    {
        return s.name().replace('_', " ");
    }
    match check.name.as_str() {
        "type_i_parity" => "type I".to_owned(),
        "type_ii_parity" => "type II".to_owned(),
        "equalized_odds_parity" => "equalized odds".to_owned(),
        "unsupervised_fairness" => "unsupervised".to_owned(),
        "supervised_fairness" => "supervised".to_owned(),
        other => other.replace('_', " "),
    }
}

/// One check of an audit result with its kind, the metric it is about and its threshold — what a gate
/// (`riskbench check`) reports.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditCheck<'a> {
    /// The kind.
    pub kind: CheckKind,
    /// The check as in `audit --json`.
    pub check: &'a Check,
    /// The rate compared, for a four-fifths ratio.
    pub metric: Option<Metric>,
    /// The pass rule with its numbers, e.g. "pass when 0.8 ≤ ratio to reference ≤ 1.25".
    pub threshold: String,
    /// The bound that a failing value crossed (the lower or upper ratio bound, the difference threshold);
    /// `None` for composites and undecided checks.
    pub bound: Option<f64>,
}

/// Every check of an audit result, classified, in the result's order: the single source of pass/fail for a
/// gate. `result.verdict` counts exactly these.
#[must_use]
pub fn audit_checks(result: &AuditResult) -> Vec<AuditCheck<'_>> {
    let t = result.verdict.thresholds;
    result
        .checks
        .iter()
        .map(|check| {
            let kind = CheckKind::of(check);
            let metric = check
                .name
                .strip_prefix("four_fifths_")
                .and_then(|m| Metric::ALL.into_iter().find(|x| x.name() == m));
            let bound = match kind {
                CheckKind::FourFifthsRatio => check.value.map(|v| {
                    if v > t.ratio_high {
                        t.ratio_high
                    } else {
                        t.ratio_low
                    }
                }),
                CheckKind::AequitasParity => None,
                CheckKind::DifferenceThreshold => Some(t.difference),
                CheckKind::SummaryRatio => Some(t.ratio_low),
            };
            AuditCheck {
                kind,
                check,
                metric,
                threshold: t.rule(kind),
                bound,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, pass: Option<bool>) -> Check {
        Check {
            name: name.to_owned(),
            group: None,
            value: Some(0.5),
            pass,
            rule: String::new(),
            reason: None,
            inconclusive: false,
        }
    }

    #[test]
    fn counts_per_kind_and_explains_ppr() {
        let checks = vec![
            check("four_fifths_selection_rate", Some(true)),
            check("four_fifths_ppr", Some(false)),
            check("four_fifths_false_negative_rate", Some(false)),
            check("four_fifths_precision", None),
            check("unsupervised_fairness", Some(false)),
            check("demographic_parity_difference", Some(true)),
            check("demographic_parity_ratio", Some(false)),
        ];
        let v = Verdict::new(&checks, CheckThresholds::default());
        assert_eq!((v.checks, v.failed, v.undecided), (7, 4, 1));
        let ff = v.kind(CheckKind::FourFifthsRatio).unwrap();
        assert_eq!((ff.checks, ff.failed, ff.undecided), (4, 2, 1));
        assert_eq!(ff.failing, vec!["PPR".to_owned(), "FNR".to_owned()]);
        assert_eq!(
            v.text,
            "4 of 7 checks fail, 1 cannot be decided — four-fifths ratio: 2 of 4 fail (PPR, FNR; 1 cannot be \
             decided; pass when 0.8 ≤ ratio to reference ≤ 1.25); Aequitas parity: 1 of 1 fail (unsupervised; \
             pass when all their four-fifths ratios pass); summary difference: 0 of 1 fail (pass when ≤ 0.1); \
             summary ratio: 1 of 1 fail (demographic parity ratio; pass when ≥ 0.8)."
        );
        assert_eq!(v.ppr_note.as_deref(), Some(PPR_NOTE));
    }

    #[test]
    fn all_pass_reads_so() {
        let v = Verdict::new(
            &[check("equal_opportunity_ratio", Some(true))],
            CheckThresholds::default(),
        );
        assert_eq!(
            v.text,
            "All 1 checks pass — summary ratio: 0 of 1 fail (pass when ≥ 0.8)."
        );
        assert!(v.ppr_note.is_none());
    }
}
