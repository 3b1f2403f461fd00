//! The words and number formats of fairness results, in one place: metric names and definitions, titles of
//! summary, reference and disparity metrics and of checks, group and result labels, estimates with their
//! intervals, and counts. The fairness screens, the PDF report and the CLI's text output use these, so a group
//! reads `female × over_25` and an estimate `0.45 [0.41, 0.49]` everywhere.

use super::{
    AuditResult, DisparityKind, GroupKey, Interval, Metric, ReferenceMetric, SummaryMetric,
};

/// Joins the values of an intersectional group and the columns of a result: `female × over_25`.
pub const GROUP_SEPARATOR: &str = " × ";

/// A number with `decimals` decimals, never "-0.00".
#[must_use]
pub fn fixed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text[1..].to_owned()
    } else {
        text
    }
}

/// A number with two decimals, never "-0.00".
#[must_use]
pub fn fixed2(x: f64) -> String {
    fixed(x, 2)
}

/// An estimate with its interval, as in the tables: `0.45 [0.41, 0.49]`, or `0.45` without one.
///
/// ```
/// use riskbench::analysis::fairness::wording::format_estimate;
/// assert_eq!(format_estimate(0.4512, Some([0.41, 0.4888])), "0.45 [0.41, 0.49]");
/// assert_eq!(format_estimate(0.5, None), "0.50");
/// ```
#[must_use]
pub fn format_estimate(value: f64, interval: Option<Interval>) -> String {
    // Two decimals, or four when everything is that small (entropy indices, tiny differences).
    let largest = interval
        .into_iter()
        .flatten()
        .chain([value])
        .map(f64::abs)
        .fold(0.0, f64::max);
    let decimals = if largest > 0.0 && largest < 0.01 {
        4
    } else {
        2
    };
    match interval {
        Some([low, high]) => format!(
            "{} [{}, {}]",
            fixed(value, decimals),
            fixed(low, decimals),
            fixed(high, decimals)
        ),
        None => fixed(value, decimals),
    }
}

/// A count: whole numbers with thousands separators (`1,000`), weighted sums with one decimal (`12,345.7`).
///
/// ```
/// use riskbench::analysis::fairness::wording::format_count;
/// assert_eq!(format_count(1234567.0), "1,234,567");
/// assert_eq!(format_count(181960.84), "181,960.8");
/// ```
#[must_use]
pub fn format_count(value: f64) -> String {
    if !value.is_finite() || value.abs() >= 1e15 {
        return value.to_string();
    }
    let whole_number = value.fract() == 0.0;
    let text = if whole_number {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    let (sign, unsigned) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |rest| ("-", rest));
    let (digits, decimals) = unsigned
        .split_once('.')
        .map_or((unsigned, None), |(d, f)| (d, Some(f)));
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(decimals) = decimals {
        out.push('.');
        out.push_str(decimals);
    }
    out
}

/// A confidence level as a percentage: `95%`, `99.9%`.
#[must_use]
pub fn percent(level: f64) -> String {
    let text = format!("{:.1}", level * 100.0);
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

/// The first letter in upper case.
#[must_use]
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A metric's name for headings: "Selection rate", "TPR", "n".
#[must_use]
pub fn metric_title(metric: Metric) -> String {
    match metric {
        Metric::Count => "n".to_owned(),
        other => capitalize(other.short_label()),
    }
}

/// A metric's heading in the group table: short for the denominators, so the rates fit beside them.
#[must_use]
pub fn table_heading(metric: Metric) -> String {
    match metric {
        Metric::Positives => "Actual +".to_owned(),
        Metric::Negatives => "Actual −".to_owned(),
        Metric::PredictedPositives => "Predicted +".to_owned(),
        other => metric_title(other),
    }
}

/// What a metric is, for tooltips.
#[must_use]
pub const fn metric_definition(metric: Metric) -> &'static str {
    match metric {
        Metric::Count => "Rows in the group (never weighted)",
        Metric::TruePositives => "Actual positives predicted positive",
        Metric::FalsePositives => "Actual negatives predicted positive",
        Metric::TrueNegatives => "Actual negatives predicted negative",
        Metric::FalseNegatives => "Actual positives predicted negative",
        Metric::Positives => "Actual positives: TP + FN (weighted)",
        Metric::Negatives => "Actual negatives: TN + FP (weighted)",
        Metric::PredictedPositives => "Predicted positives: TP + FP (weighted)",
        Metric::PredictedNegatives => "Predicted negatives: TN + FN (weighted)",
        Metric::SelectionRate => {
            "(TP + FP) / n: the share predicted positive (Fairlearn selection_rate, Aequitas PPREV)"
        }
        Metric::Ppr => {
            "(TP + FP) / all predicted positives: the group's share of positive decisions"
        }
        Metric::BaseRate => "(TP + FN) / n: the share of actual positives (prevalence)",
        Metric::Accuracy => "(TP + TN) / n",
        Metric::TruePositiveRate => "TP / (TP + FN): actual positives predicted positive (recall)",
        Metric::FalsePositiveRate => "FP / (FP + TN): actual negatives predicted positive",
        Metric::TrueNegativeRate => "TN / (TN + FP): actual negatives predicted negative",
        Metric::FalseNegativeRate => "FN / (FN + TP): actual positives predicted negative",
        Metric::Precision => "TP / (TP + FP): predicted positives that are actual positives (PPV)",
        Metric::Npv => "TN / (TN + FN): predicted negatives that are actual negatives",
        Metric::FalseDiscoveryRate => {
            "FP / (TP + FP): predicted positives that are actual negatives"
        }
        Metric::FalseOmissionRate => {
            "FN / (FN + TN): predicted negatives that are actual positives"
        }
        Metric::BalancedAccuracy => "(TPR + TNR) / 2",
        Metric::MeanScore => "Mean of the score (weighted with weights)",
    }
}

/// A summary metric's name for headings.
#[must_use]
pub const fn summary_title(metric: SummaryMetric) -> &'static str {
    match metric {
        SummaryMetric::DemographicParityDifference => "Demographic parity difference",
        SummaryMetric::DemographicParityRatio => "Demographic parity ratio",
        SummaryMetric::EqualizedOddsDifference => "Equalized odds difference",
        SummaryMetric::EqualizedOddsRatio => "Equalized odds ratio",
        SummaryMetric::EqualizedOddsDifferenceMean => "Equalized odds difference (mean)",
        SummaryMetric::EqualizedOddsRatioMean => "Equalized odds ratio (mean)",
        SummaryMetric::EqualOpportunityDifference => "Equal opportunity difference",
        SummaryMetric::EqualOpportunityRatio => "Equal opportunity ratio",
        SummaryMetric::TheilIndex => "Theil index",
        SummaryMetric::GeneralizedEntropyIndex => "Generalized entropy index",
        SummaryMetric::BetweenGroupTheilIndex => "Between-group Theil index",
        SummaryMetric::BetweenGroupGeneralizedEntropyIndex => {
            "Between-group generalized entropy index"
        }
    }
}

/// A reference metric's name for headings.
#[must_use]
pub const fn reference_metric_title(metric: ReferenceMetric) -> &'static str {
    match metric {
        ReferenceMetric::DisparateImpact => "Disparate impact",
        ReferenceMetric::StatisticalParityDifference => "Statistical parity difference",
        ReferenceMetric::AverageOddsDifference => "Average odds difference",
        ReferenceMetric::EqualOpportunityDifference => "Equal opportunity difference",
    }
}

/// A disparity kind's name for headings.
#[must_use]
pub const fn disparity_title(kind: DisparityKind) -> &'static str {
    match kind {
        DisparityKind::DifferenceBetweenGroups => "Difference between groups",
        DisparityKind::RatioBetweenGroups => "Ratio between groups",
        DisparityKind::DifferenceToOverall => "Difference to overall",
        DisparityKind::RatioToOverall => "Ratio to overall",
        DisparityKind::DifferenceToReference => "Difference to reference",
        DisparityKind::RatioToReference => "Ratio to reference",
    }
}

/// A check's name in plain words: `four_fifths_false_negative_rate` → "Four-fifths rule: FNR".
///
/// ```
/// use riskbench::analysis::fairness::wording::check_title;
/// assert_eq!(check_title("four_fifths_selection_rate"), "Four-fifths rule: selection rate");
/// assert_eq!(check_title("demographic_parity_ratio"), "Demographic parity ratio");
/// ```
#[must_use]
pub fn check_title(name: &str) -> String {
    if let Some(metric) = name.strip_prefix("four_fifths_")
        && let Some(m) = Metric::ALL.iter().find(|m| m.name() == metric)
    {
        return format!("Four-fifths rule: {}", m.short_label());
    }
    match name {
        "type_i_parity" => return "Type I parity (FDR and FPR)".to_owned(),
        "type_ii_parity" => return "Type II parity (FOR and FNR)".to_owned(),
        "equalized_odds_parity" => return "Equalized odds parity (FPR and TPR)".to_owned(),
        "unsupervised_fairness" => {
            return "Unsupervised fairness (selection rate and PPR)".to_owned();
        }
        "supervised_fairness" => {
            return "Supervised fairness (Type I and Type II parity)".to_owned();
        }
        _ => {}
    }
    if let Some(s) = SummaryMetric::ALL.iter().find(|s| s.name() == name) {
        return summary_title(*s).to_owned();
    }
    capitalize(&name.replace('_', " "))
}

/// A group as shown: its values, `female` or `female × over_25`.
#[must_use]
pub fn group_label(group: &GroupKey) -> String {
    group
        .0
        .iter()
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(GROUP_SEPARATOR)
}

/// What a result audits: `sex` or `sex × age_group`.
#[must_use]
pub fn result_title(result: &AuditResult) -> String {
    columns_title(&result.sensitive)
}

/// Sensitive columns audited together: `sex` or `sex × age_group`.
#[must_use]
pub fn columns_title(columns: &[String]) -> String {
    columns.join(GROUP_SEPARATOR)
}

/// An interval with `decimals` decimals: `[0.410, 0.489]`.
#[must_use]
pub fn interval_text(interval: Interval, decimals: usize) -> String {
    let [low, high] = interval;
    format!("[{}, {}]", fixed(low, decimals), fixed(high, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fairness::GroupValue;

    #[test]
    fn estimates_read_like_the_report() {
        assert_eq!(
            format_estimate(0.45, Some([0.41, 0.49])),
            "0.45 [0.41, 0.49]"
        );
        assert_eq!(
            format_estimate(-0.001, Some([-0.2, 0.1])),
            "0.00 [-0.20, 0.10]"
        );
        assert_eq!(format_estimate(1.0, None), "1.00");
        assert_eq!(
            format_estimate(0.0012, Some([0.0003, 0.0021])),
            "0.0012 [0.0003, 0.0021]"
        );
        assert_eq!(format_estimate(0.0, Some([0.0, 0.0])), "0.00 [0.00, 0.00]");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(format_count(0.0), "0");
        assert_eq!(format_count(999.0), "999");
        assert_eq!(format_count(1000.0), "1,000");
        assert_eq!(format_count(-1_234_567.0), "-1,234,567");
        assert_eq!(format_count(2.5), "2.5");
        assert_eq!(format_count(-1234.56), "-1,234.6");
        assert_eq!(format_count(f64::NAN), "NaN");
    }

    #[test]
    fn levels_as_percentages() {
        assert_eq!(percent(0.95), "95%");
        assert_eq!(percent(0.999), "99.9%");
    }

    #[test]
    fn check_names_in_plain_words() {
        assert_eq!(
            check_title("four_fifths_false_negative_rate"),
            "Four-fifths rule: FNR"
        );
        assert_eq!(check_title("type_i_parity"), "Type I parity (FDR and FPR)");
        assert_eq!(
            check_title("equalized_odds_difference"),
            "Equalized odds difference"
        );
        assert_eq!(check_title("something_new"), "Something new");
    }

    #[test]
    fn metric_titles_are_sentence_case() {
        assert_eq!(metric_title(Metric::SelectionRate), "Selection rate");
        assert_eq!(metric_title(Metric::FalseDiscoveryRate), "FDR");
        assert_eq!(metric_title(Metric::Count), "n");
    }

    #[test]
    fn group_labels_join_values() {
        let key = GroupKey(vec![
            ("sex".to_owned(), GroupValue::Level("female".to_owned())),
            ("age".to_owned(), GroupValue::Missing),
        ]);
        assert_eq!(group_label(&key), "female × (missing)");
    }

    #[test]
    fn intervals_and_result_titles() {
        assert_eq!(interval_text([0.41, 0.4888], 3), "[0.410, 0.489]");
        assert_eq!(
            columns_title(&["sex".to_owned(), "age".to_owned()]),
            "sex × age"
        );
    }
}
