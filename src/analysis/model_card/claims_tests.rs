//! Claims checked against real audits of a constructed dataset: one claim per verdict, an unknown group,
//! an unknown metric, and the audit suggested for a column no audit covers.

use std::fmt::Write as _;

use super::*;
use crate::analysis::audit::run_saved_audits;
use crate::analysis::task::TaskControl;
use crate::model::IsoDate;
use crate::model::model_card::Comparison;
use crate::model::{DatasetRef, Project};

/// Group a: 100 rows, 98 right; group b: 100 rows, 60 right; group c: 10 rows, all right. Column h splits
/// the rows in two.
fn data() -> String {
    let mut csv = String::from("y,p,g,h\n");
    for (group, rows, right) in [("a", 100, 98), ("b", 100, 60), ("c", 10, 10)] {
        for i in 0..rows {
            let y = i % 2;
            let p = if i < right { y } else { 1 - y };
            let h = if i % 3 == 0 { "x" } else { "z" };
            let _ = writeln!(csv, "{y},{p},{group},{h}");
        }
    }
    csv
}

fn project() -> (tempfile::TempDir, Project, Vec<AuditEvidence>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), data()).unwrap();
    let mut p = Project::blank("t", IsoDate::from_ymd(2026, 1, 1).unwrap());
    p.datasets.push(DatasetRef {
        dataset_id: "ds-1".into(),
        name: "test data".into(),
        path: "d.csv".into(),
        ..DatasetRef::default()
    });
    p.audits.push(SavedAudit {
        audit_id: "audit-1".into(),
        name: "By g".into(),
        dataset_id: "ds-1".into(),
        spec: AuditSpec {
            label: "y".into(),
            prediction: Some("p".into()),
            sensitive: vec!["g".into()],
            bootstrap: Some(200),
            ..AuditSpec::default()
        },
    });
    let evidence = run_saved_audits(&p, dir.path(), &TaskControl::new()).unwrap();
    assert!(evidence[0].outcome.is_ok(), "{:?}", evidence[0].outcome);
    (dir, p, evidence)
}

fn claim(metric: &str, scope: ClaimScope, comparison: Comparison, value: f64) -> Claim {
    Claim {
        claim_id: "C-1".into(),
        metric: metric.into(),
        scope,
        comparison,
        value,
        ..Claim::default()
    }
}

fn group(value: &str) -> ClaimScope {
    ClaimScope::Group {
        column: "g".into(),
        value: value.into(),
    }
}

#[test]
fn one_claim_per_verdict() {
    let (_dir, p, evidence) = project();
    let check = |c: &Claim| check_claim(&p, c, &evidence);

    let supported = check(&claim("accuracy", group("a"), Comparison::AtLeast, 0.9));
    assert_eq!(
        supported.verdict,
        Verdict::Supported,
        "{}",
        supported.reason
    );
    assert_eq!(supported.audit_name.as_deref(), Some("By g"));
    assert_eq!(supported.rows.len(), 1);
    assert_eq!(supported.rows[0].measured.value, Some(0.98));
    assert_eq!(supported.rows[0].measured.count, Some(100));
    assert_eq!(
        supported.rows[0].measured.interval_kind,
        Some(IntervalKind::Bootstrap)
    );

    let every = check(&claim(
        "accuracy",
        ClaimScope::EveryGroup { column: "g".into() },
        Comparison::AtLeast,
        0.9,
    ));
    assert_eq!(every.verdict, Verdict::Contradicted);
    assert_eq!(every.rows.len(), 3);
    let verdicts: Vec<Verdict> = every.rows.iter().map(|r| r.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Supported,
            Verdict::Contradicted,
            Verdict::Inconclusive
        ]
    );
    assert_eq!(every.deciding_row().unwrap().group, "g=b");
    assert!(
        every.reason.starts_with("g=b: measured 0.6000 ["),
        "{}",
        every.reason
    );

    let small = check(&claim("accuracy", group("c"), Comparison::AtLeast, 0.9));
    assert_eq!(small.verdict, Verdict::Inconclusive);
    assert_eq!(
        small.reason,
        "group too small (n = 10 below the audit's minimum group size 30)"
    );

    // A gap over groups with a small one is inconclusive, however large it is.
    let gap = check(&claim(
        "accuracy",
        ClaimScope::Difference { column: "g".into() },
        Comparison::AtMost,
        0.1,
    ));
    assert_eq!(gap.verdict, Verdict::Inconclusive);
    assert!(
        (gap.rows[0].measured.value.unwrap() - 0.4).abs() < 1e-12,
        "{:?}",
        gap.rows[0].measured
    );

    let overall = check(&claim(
        "accuracy",
        ClaimScope::Overall,
        Comparison::AtMost,
        0.9,
    ));
    assert_eq!(overall.verdict, Verdict::Supported, "{}", overall.reason);
    assert_eq!(overall.rows[0].measured.value, Some(168.0 / 210.0));
    assert_eq!(overall.rows[0].measured.count, Some(210));
}

#[test]
fn unknown_groups_and_metrics_are_invalid_and_uncovered_columns_not_measured() {
    let (dir, mut p, evidence) = project();
    let unknown = check_claim(
        &p,
        &claim("accuracy", group("zz"), Comparison::AtLeast, 0.9),
        &evidence,
    );
    assert_eq!(unknown.verdict, Verdict::Invalid);
    assert_eq!(
        unknown.reason,
        "the group g=zz does not exist in the audit \"By g\" (groups: g=a, g=b, g=c)"
    );
    let metric = check_claim(
        &p,
        &claim("acc", ClaimScope::Overall, Comparison::AtLeast, 0.9),
        &evidence,
    );
    assert_eq!(metric.verdict, Verdict::Invalid);
    assert!(
        metric
            .reason
            .starts_with("unknown metric \"acc\": expected one of selection_rate, ppr")
    );

    let by_h = claim(
        "accuracy",
        ClaimScope::EveryGroup { column: "h".into() },
        Comparison::AtLeast,
        0.7,
    );
    let not_measured = check_claim(&p, &by_h, &evidence);
    assert_eq!(not_measured.verdict, Verdict::NotMeasured);
    assert_eq!(
        not_measured.reason,
        "no audit measures it; it needs an audit of test data with sensitive column h (create audit \
         \"Model card: by h\")"
    );
    let suggestion = suggest_audit(&p, &by_h).audit.unwrap();
    assert_eq!(suggestion.audit_id, "audit-2");
    assert_eq!(suggestion.spec.sensitive, ["h"]);
    assert_eq!(suggestion.spec.label, "y");
    assert_eq!(suggestion.spec.prediction.as_deref(), Some("p"));
    assert_eq!(
        suggestion.spec.bootstrap,
        Some(200),
        "kept from the base audit"
    );

    // Once the suggested audit is saved and run, the claim is measured.
    p.audits.push(suggestion);
    let dir = dir.path().to_owned();
    let evidence = run_saved_audits(&p, &dir, &TaskControl::new()).unwrap();
    let measured = check_claim(&p, &by_h, &evidence);
    assert_ne!(measured.verdict, Verdict::NotMeasured);
    assert_eq!(measured.audit_name.as_deref(), Some("Model card: by h"));
    assert_eq!(measured.rows.len(), 2);
}

#[test]
fn without_audits_or_roles_nothing_can_be_suggested() {
    let p = Project::blank("t", IsoDate::from_ymd(2026, 1, 1).unwrap());
    let c = claim("accuracy", ClaimScope::Overall, Comparison::AtLeast, 0.9);
    let s = suggest_audit(&p, &c);
    assert!(s.audit.is_none());
    assert!(
        s.text.starts_with("no dataset to measure it on"),
        "{}",
        s.text
    );
}
