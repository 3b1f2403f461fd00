//! Plain-language findings generated from failed parity checks, e.g. "Female applicants who would repay
//! were denied at 1.9× the rate of male applicants (FNR 0.45 vs 0.23)."

use super::config::Wording;
use super::evaluate::NR;
use super::metric::Metric;
use super::output::{Check, Finding, GroupKey, GroupResult, GroupValue};

/// Noun phrase for a group: "female applicants", "applicants with missing race",
/// "Black female applicants with missing `age_group`".
#[must_use]
pub fn describe_group(group: &GroupKey, subjects: &str) -> String {
    let values: Vec<&str> = group
        .0
        .iter()
        .filter_map(|(_, v)| match v {
            GroupValue::Level(s) => Some(s.as_str()),
            GroupValue::Missing => None,
        })
        .collect();
    let missing: Vec<&str> = group
        .0
        .iter()
        .filter(|(_, v)| *v == GroupValue::Missing)
        .map(|(c, _)| c.as_str())
        .collect();
    let mut out = values.join(" ");
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(subjects);
    if !missing.is_empty() {
        out.push_str(" with missing ");
        out.push_str(&missing.join(" and "));
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "1.9×" or "62% of".
fn times(ratio: f64) -> String {
    if ratio >= 1.0 {
        format!("{ratio:.1}×")
    } else {
        format!("{:.0}% of", ratio * 100.0)
    }
}

/// The sentence for one metric comparison.
#[must_use]
pub fn sentence(
    metric: Metric,
    group: &GroupKey,
    reference: &GroupKey,
    value: f64,
    reference_value: f64,
    wording: &Wording,
) -> String {
    let g = describe_group(group, &wording.subjects);
    let r = describe_group(reference, &wording.subjects);
    let ratio = value / reference_value;
    let label = metric.short_label();
    let numbers = format!("({label} {value:.2} vs {reference_value:.2})");
    let w = wording;
    let rate = format!("{} the rate of", times(ratio));
    let share = format!("{} the share among", times(ratio));
    // "Women who repaid were refused at …": the rate of a decision among people with one outcome.
    let who = |outcome: &str, decision: &str| {
        format!("{g} who {outcome} were {decision} at {rate} {r} {numbers}.")
    };
    // "Among women who were refused, the share who repaid was …": an outcome among one decision.
    let among = |decision: &str, outcome: &str| {
        format!("Among {g} who were {decision}, the share who {outcome} was {share} {r} {numbers}.")
    };
    let text = match metric {
        Metric::FalseNegativeRate => who(&w.label_positive, &w.predicted_negative),
        Metric::FalsePositiveRate => who(&w.label_negative, &w.predicted_positive),
        Metric::TruePositiveRate => who(&w.label_positive, &w.predicted_positive),
        Metric::TrueNegativeRate => who(&w.label_negative, &w.predicted_negative),
        Metric::SelectionRate => {
            format!("{g} were {} at {rate} {r} {numbers}.", w.predicted_positive)
        }
        Metric::Ppr => format!(
            "{g} received {} the share of all positive decisions ({}) that {r} received {numbers}.",
            times(ratio),
            w.predicted_positive
        ),
        Metric::Precision => among(&w.predicted_positive, &w.label_positive),
        Metric::FalseDiscoveryRate => among(&w.predicted_positive, &w.label_negative),
        Metric::Npv => among(&w.predicted_negative, &w.label_negative),
        Metric::FalseOmissionRate => among(&w.predicted_negative, &w.label_positive),
        other => format!("{g} had {rate} {r} for {} {numbers}.", other.short_label()),
    };
    capitalize(&text)
}

/// Metrics whose failed parity checks become findings: the decision rate and the four error rates.
/// (PPR mostly mirrors group sizes, and TPR/TNR/precision/NPV repeat FNR/FPR/FDR/FOR.)
pub(super) const FINDING_METRICS: [Metric; 5] = [
    Metric::SelectionRate,
    Metric::FalseNegativeRate,
    Metric::FalsePositiveRate,
    Metric::FalseDiscoveryRate,
    Metric::FalseOmissionRate,
];

/// A finding for a failed four-fifths check, with both values defined.
pub(super) fn finding_for(
    check: &Check,
    groups: &[GroupResult],
    references: &[Option<GroupKey>; NR],
    wording: &Wording,
) -> Option<Finding> {
    if check.pass != Some(false) {
        return None;
    }
    let metric = FINDING_METRICS
        .into_iter()
        .find(|m| check.name.strip_prefix("four_fifths_") == Some(m.name()))?;
    let group_key = check.group.as_ref()?;
    let reference = references.get(metric.rate_index()?)?.as_ref()?;
    let group = groups.iter().find(|g| &g.group == group_key)?;
    let ref_group = groups.iter().find(|g| &g.group == reference)?;
    let value = group.metric(metric)?;
    let reference_value = ref_group.metric(metric)?;
    let mut text = sentence(
        metric,
        group_key,
        reference,
        value,
        reference_value,
        wording,
    );
    if group.small_sample {
        let n = group.metric(Metric::Count).unwrap_or(0.0);
        text = format!("{text} Small group (n = {n}): treat with caution.");
    }
    Some(Finding {
        metric,
        group: group_key.clone(),
        reference: reference.clone(),
        value,
        reference_value,
        ratio: value / reference_value,
        small_sample: group.small_sample,
        text,
    })
}

/// Most severe first (largest |ln ratio|); ties keep their order.
pub(super) fn sort_findings(findings: &mut [Finding]) {
    let severity = |f: &Finding| {
        if f.ratio > 0.0 {
            f.ratio.ln().abs()
        } else {
            f64::INFINITY
        }
    };
    findings.sort_by(|a, b| severity(b).total_cmp(&severity(a)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(col: &str, v: &str) -> GroupKey {
        GroupKey(vec![(col.to_owned(), GroupValue::Level(v.to_owned()))])
    }

    #[test]
    fn loan_sentence() {
        let wording = Wording {
            subjects: "applicants".to_owned(),
            label_positive: "would repay".to_owned(),
            label_negative: "would not repay".to_owned(),
            predicted_positive: "approved".to_owned(),
            predicted_negative: "denied".to_owned(),
        };
        let s = sentence(
            Metric::FalseNegativeRate,
            &key("sex", "female"),
            &key("sex", "male"),
            0.45,
            0.236,
            &wording,
        );
        assert_eq!(
            s,
            "Female applicants who would repay were denied at 1.9× the rate of male applicants (FNR 0.45 vs 0.24)."
        );
        let s = sentence(
            Metric::SelectionRate,
            &key("sex", "female"),
            &key("sex", "male"),
            0.31,
            0.5,
            &wording,
        );
        assert_eq!(
            s,
            "Female applicants were approved at 62% of the rate of male applicants (selection rate 0.31 vs 0.50)."
        );
    }

    #[test]
    fn share_sentences_read_well() {
        let w = Wording::default();
        let s = sentence(
            Metric::FalseDiscoveryRate,
            &key("g", "a"),
            &key("g", "b"),
            0.3,
            0.2,
            &w,
        );
        assert_eq!(
            s,
            "Among a people who were predicted positive, the share who had a negative label was 1.5× the share among b people (FDR 0.30 vs 0.20)."
        );
        let s = sentence(Metric::Ppr, &key("g", "a"), &key("g", "b"), 0.2, 0.8, &w);
        assert_eq!(
            s,
            "A people received 25% of the share of all positive decisions (predicted positive) that b people received (PPR 0.20 vs 0.80)."
        );
    }

    #[test]
    fn missing_group_phrase() {
        let k = GroupKey(vec![
            ("race".to_owned(), GroupValue::Missing),
            ("sex".to_owned(), GroupValue::Level("female".to_owned())),
        ]);
        assert_eq!(
            describe_group(&k, "people"),
            "female people with missing race"
        );
    }
}
