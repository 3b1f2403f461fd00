//! The deployment gate (`riskbench check`, Govern › Release gate): one list of pass/fail checks over the whole
//! project, so a pipeline can refuse to release a model.
//!
//! Kinds of checks ([`CheckKind`]), each a list of [`GateCheck`]s:
//! - **evidence**: every dataset file is present and has the fingerprint stored in the project (a changed or
//!   missing file makes every finding computed on it stale);
//! - **fairness**: every check of every saved audit, re-run on its dataset (the checks `riskbench audit`
//!   reports); a check that cannot be decided (an undefined value) does not block and says why; an audit that
//!   cannot run fails;
//! - **validation**: every blocking validation rule of every suite (info and warning rules never block);
//! - **risk**: every risk whose residual rating is above the appetite of one of its categories passes only when
//!   it is formally accepted: status Accepted, an acceptance record by the residual band's authority, not
//!   expired;
//! - **`audit_trail`**: the audit trail's SHA-256 chain (an edited, removed or reordered entry, or a change not
//!   recorded, fails);
//! - **governance**: each release decision of the review board (a veto blocks until lifted);
//! - **drift** and **kri**: reserved for drift limits and key risk indicators; a new kind adds its checks in
//!   [`evaluate`] and needs nothing else (JSON and `JUnit` are generic over kinds).
//!
//! The verdict passes when every check passes; no checks = pass.

use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use super::dataset::fingerprint_file;
use super::task::TaskControl;
use crate::model::register::RiskStatus;
use crate::model::{IsoDate, Project};

/// What a gate check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    /// A fairness audit check.
    Fairness,
    /// A blocking validation rule.
    Validation,
    /// A drift KRI (a monitor on a saved drift): a breached KRI fails.
    Drift,
    /// A key risk indicator (reserved).
    Kri,
    /// A residual risk above appetite.
    Risk,
    /// A dataset's fingerprint.
    Evidence,
    /// A decision of the review board: a vetoed release blocks until the veto is lifted.
    Governance,
    /// The audit trail's hash chain.
    #[serde(rename = "audit_trail")]
    AuditTrail,
}

impl CheckKind {
    /// The lowercase name (JSON `kind`, `JUnit` testsuite name).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fairness => "fairness",
            Self::Validation => "validation",
            Self::Drift => "drift",
            Self::Kri => "kri",
            Self::Risk => "risk",
            Self::Evidence => "evidence",
            Self::Governance => "governance",
            Self::AuditTrail => "audit_trail",
        }
    }
}

/// Where in the project a check comes from (for links in the app).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum GateLink {
    /// A dataset.
    Dataset {
        /// Its id.
        dataset_id: String,
    },
    /// A saved audit.
    Audit {
        /// Its id.
        audit_id: String,
    },
    /// A rule of a validation suite.
    Rule {
        /// The suite's id.
        suite_id: String,
        /// 0-based rule index.
        index: usize,
    },
    /// A risk.
    Risk {
        /// Its id.
        risk_id: String,
    },
}

/// One check of the gate (`check --json` `checks[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateCheck {
    /// The kind.
    pub kind: CheckKind,
    /// What is checked (a check name, an expectation type, `fingerprint`, `acceptance`).
    pub name: String,
    /// What it is checked on (audit and group, suite and column, dataset, risk).
    pub subject: String,
    /// Whether it passes (`false` only for a failure: an inconclusive check does not fail).
    pub pass: bool,
    /// The check cannot be decided and does not block: a fairness check on a group below the audit's minimum
    /// group size, or on an undefined value. `JUnit` reports it as skipped with the message as the reason.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inconclusive: bool,
    /// The measured value, when there is one.
    pub value: Value,
    /// The threshold or rule, when there is one.
    pub threshold: Value,
    /// Why it fails (or a note when it passes).
    pub message: String,
    /// Where it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<GateLink>,
}

/// The gate's verdict (`check --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateReport {
    /// The project file.
    pub project: String,
    /// Whether every check passes.
    pub passed: bool,
    /// Every check, grouped by kind in a fixed order.
    pub checks: Vec<GateCheck>,
}

impl GateReport {
    /// The failing checks.
    pub fn failures(&self) -> impl Iterator<Item = &GateCheck> {
        self.checks.iter().filter(|c| !c.pass)
    }

    /// The inconclusive checks (never failures).
    pub fn inconclusive(&self) -> impl Iterator<Item = &GateCheck> {
        self.checks.iter().filter(|c| c.inconclusive)
    }
}

/// Evaluates the gate on a project whose relative paths resolve against `base_dir`.
///
/// # Errors
/// Only cancellation.
pub fn evaluate(
    project: &Project,
    project_label: &str,
    base_dir: &Path,
    today: IsoDate,
    control: &TaskControl,
) -> Result<GateReport, super::task::Cancelled> {
    let mut checks = Vec::new();
    evidence_checks(project, base_dir, &mut checks, control)?;
    fairness_checks(project, base_dir, &mut checks, control)?;
    validation_checks(project, base_dir, &mut checks, control)?;
    risk_checks(project, today, &mut checks);
    drift_checks(project, &mut checks);
    audit_trail_checks(project, &mut checks);
    governance_checks(project, &mut checks);
    checks.sort_by_key(|c| c.kind);
    Ok(GateReport {
        project: project_label.to_owned(),
        passed: checks.iter().all(|c| c.pass),
        checks,
    })
}

fn evidence_checks(
    project: &Project,
    base_dir: &Path,
    checks: &mut Vec<GateCheck>,
    control: &TaskControl,
) -> Result<(), super::task::Cancelled> {
    for d in &project.datasets {
        control.check()?;
        let path = crate::model::file::resolve_path(&d.path, base_dir);
        let (pass, value, message) = match fingerprint_file(&path, &TaskControl::new()) {
            Ok(f) if f.sha256 == d.sha256 => (true, json!(f.sha256), String::new()),
            Ok(f) => (
                false,
                json!(f.sha256),
                format!(
                    "{} changed since it was added (SHA-256 {} now, {} stored): findings computed on it are stale",
                    d.path, f.sha256, d.sha256
                ),
            ),
            Err(e) => (
                false,
                Value::Null,
                format!(
                    "{} cannot be read ({e}): findings computed on it are stale",
                    d.path
                ),
            ),
        };
        checks.push(GateCheck {
            kind: CheckKind::Evidence,
            name: "fingerprint".into(),
            subject: format!("dataset {} ({})", d.name, d.dataset_id),
            pass,
            value,
            threshold: json!(d.sha256),
            message,
            inconclusive: false,
            link: Some(GateLink::Dataset {
                dataset_id: d.dataset_id.clone(),
            }),
        });
    }
    Ok(())
}

fn fairness_checks(
    project: &Project,
    base_dir: &Path,
    checks: &mut Vec<GateCheck>,
    control: &TaskControl,
) -> Result<(), super::task::Cancelled> {
    let runs = super::audit::run_saved_audits(project, base_dir, control)?;
    for (audit, run) in project.audits.iter().zip(runs) {
        let link = Some(GateLink::Audit {
            audit_id: audit.audit_id.clone(),
        });
        let report = match run.outcome {
            Ok(r) => r,
            Err(e) => {
                checks.push(GateCheck {
                    kind: CheckKind::Fairness,
                    name: "audit".into(),
                    subject: format!("audit {}", audit.name),
                    pass: false,
                    value: Value::Null,
                    threshold: Value::Null,
                    message: format!("the audit cannot run: {e}"),
                    inconclusive: false,
                    link,
                });
                continue;
            }
        };
        for result in &report.results {
            for check in &result.checks {
                let group = check
                    .group
                    .as_ref()
                    .map_or_else(String::new, |g| format!(", {}", g.label()));
                let subject = format!(
                    "audit {}: {}{group}",
                    audit.name,
                    result.sensitive.join(" × ")
                );
                let value = check.value.map_or(Value::Null, |v| json!(v));
                let (pass, message) = match check.pass {
                    Some(true) => (true, String::new()),
                    None if check.inconclusive => (
                        true,
                        format!(
                            "{}; not blocking",
                            check
                                .reason
                                .as_deref()
                                .unwrap_or("inconclusive: a small group")
                        ),
                    ),
                    Some(false) => (
                        false,
                        match check.value {
                            Some(v) => format!("{} = {v:.4} fails {}", check.name, check.rule),
                            None => format!("{} fails: {}", check.name, check.rule),
                        },
                    ),
                    None => (
                        true,
                        format!(
                            "cannot be decided ({}); not blocking",
                            check.reason.as_deref().unwrap_or("undefined value")
                        ),
                    ),
                };
                checks.push(GateCheck {
                    kind: CheckKind::Fairness,
                    name: check.name.clone(),
                    subject,
                    pass,
                    value,
                    threshold: json!(check.rule),
                    message,
                    inconclusive: check.pass.is_none(),
                    link: link.clone(),
                });
            }
        }
    }
    Ok(())
}

fn validation_checks(
    project: &Project,
    base_dir: &Path,
    checks: &mut Vec<GateCheck>,
    control: &TaskControl,
) -> Result<(), super::task::Cancelled> {
    use crate::model::validation::Severity;
    for suite in &project.validation_suites {
        control.check()?;
        let blocking: Vec<usize> = suite
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.severity == Severity::Blocking)
            .map(|(i, _)| i)
            .collect();
        if blocking.is_empty() {
            continue;
        }
        let subject_base = format!("suite {}", suite.name);
        let report = project
            .dataset(&suite.dataset_id)
            .ok_or_else(|| format!("the project has no dataset {:?}", suite.dataset_id))
            .and_then(|d| {
                let path = crate::model::file::resolve_path(&d.path, base_dir);
                super::validation::run_rules_on_file(
                    &path,
                    &suite.rules,
                    suite.reading,
                    &d.missing_tokens,
                    &TaskControl::new(),
                )
                .map(|(results, ..)| results)
                .map_err(|e| e.to_string())
            });
        match report {
            Err(e) => checks.push(GateCheck {
                kind: CheckKind::Validation,
                name: "suite".into(),
                subject: subject_base.clone(),
                pass: false,
                value: Value::Null,
                threshold: Value::Null,
                message: format!("the suite cannot run: {e}"),
                inconclusive: false,
                link: None,
            }),
            Ok(results) => {
                for i in blocking {
                    let r = &results[i];
                    let column = suite.rules[i]
                        .kind
                        .column()
                        .map_or_else(String::new, |c| format!(", column {c}"));
                    checks.push(GateCheck {
                        kind: CheckKind::Validation,
                        name: r.expectation_type.clone(),
                        subject: format!("{subject_base} rule {}{column}", i + 1),
                        pass: r.success,
                        value: r
                            .result
                            .get("unexpected_count")
                            .or_else(|| r.result.get("observed_value"))
                            .cloned()
                            .unwrap_or(Value::Null),
                        threshold: Value::Object(r.kwargs.clone()),
                        message: if r.success {
                            String::new()
                        } else {
                            r.summary()
                        },
                        inconclusive: false,
                        link: Some(GateLink::Rule {
                            suite_id: suite.suite_id.clone(),
                            index: i,
                        }),
                    });
                }
            }
        }
    }
    Ok(())
}

fn risk_checks(project: &Project, today: IsoDate, checks: &mut Vec<GateCheck>) {
    let settings = &project.settings;
    let matrix = &settings.risk_matrix;
    for risk in &project.risks {
        let breaches = risk.appetite_breaches(settings);
        if breaches.is_empty() {
            continue;
        }
        let band = risk
            .residual_band(matrix)
            .and_then(|b| matrix.bands.get(b))
            .map_or_else(|| "?".to_owned(), |b| b.name.clone());
        let appetite: Vec<String> = breaches
            .iter()
            .map(|a| format!("{} ≤ {}", a.category, a.max_residual_band))
            .collect();
        let problem = if risk.status != RiskStatus::Accepted {
            Some("it is not formally accepted (status is not Accepted)".to_owned())
        } else if let Some(acceptance) = &risk.acceptance {
            if let Some(p) = risk.authority_problem(matrix) {
                Some(p)
            } else {
                acceptance
                    .expiry
                    .filter(|e| *e < today)
                    .map(|expiry| format!("its acceptance expired on {expiry}"))
            }
        } else {
            Some("the acceptance is not recorded".to_owned())
        };
        checks.push(GateCheck {
            kind: CheckKind::Risk,
            name: "residual_risk_within_appetite".into(),
            subject: format!("risk {}: {}", risk.risk_id, risk.title),
            pass: problem.is_none(),
            value: json!(band),
            threshold: json!(appetite.join("; ")),
            message: problem.map_or_else(
                || "above appetite, formally accepted".to_owned(),
                |p| {
                    format!(
                        "residual band {band} is above the appetite ({}); {p}",
                        appetite.join("; ")
                    )
                },
            ),
            inconclusive: false,
            link: Some(GateLink::Risk {
                risk_id: risk.risk_id.clone(),
            }),
        });
    }
}

/// One check per drift KRI: a breached KRI fails; one without a value yet passes with a note (the drift has
/// not been run), since there is nothing to block on.
/// The audit trail's chain, when the project has one: every entry's hash, its link to the entry before, the
/// numbering, and whether the project still holds what the newest entry recorded.
fn audit_trail_checks(project: &Project, checks: &mut Vec<GateCheck>) {
    let trail = &project.audit_trail;
    if trail.is_empty() {
        return;
    }
    let problems = crate::model::audit_trail::verify_state(project);
    checks.push(GateCheck {
        kind: CheckKind::AuditTrail,
        name: "hash_chain".into(),
        subject: format!("audit trail ({} entries)", trail.entries.len()),
        pass: problems.is_empty(),
        value: json!(trail.last().map(|e| e.sha256.clone())),
        threshold: Value::Null,
        message: if problems.is_empty() {
            "intact".to_owned()
        } else {
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        },
        inconclusive: false,
        link: None,
    });
}

/// Every release decision of the review board: it passes only when approved (a veto in force, a rejection,
/// a tie or a missing quorum block the release).
fn governance_checks(project: &Project, checks: &mut Vec<GateCheck>) {
    for verdict in crate::model::governance::rules::release_verdicts(&project.governance) {
        let pass = verdict.outcome.approved();
        checks.push(GateCheck {
            kind: CheckKind::Governance,
            name: "release_decision".into(),
            subject: format!("decision {} {}", verdict.decision_id, verdict.title),
            pass,
            value: json!(verdict.outcome.to_string()),
            threshold: json!("approved by the review board, no veto in force"),
            message: if pass {
                String::new()
            } else {
                format!("release blocked: {}", verdict.outcome)
            },
            inconclusive: false,
            link: None,
        });
    }
}

fn drift_checks(project: &Project, checks: &mut Vec<GateCheck>) {
    use crate::model::drift::KriStatus;
    for monitor in &project.drift.monitors {
        let status = monitor.status();
        let op = match monitor.direction {
            crate::model::drift::KriDirection::AtMost => "≤",
            crate::model::drift::KriDirection::AtLeast => "≥",
        };
        let limit = format!("{op} {}", monitor.threshold);
        let value = monitor.latest_value.filter(|v| !v.is_nan());
        checks.push(GateCheck {
            kind: CheckKind::Drift,
            name: "kri_within_threshold".into(),
            subject: format!(
                "KRI {} on {} ({})",
                monitor.monitor_id, monitor.drift_id, monitor.metric
            ),
            pass: status != KriStatus::Breached,
            value: value.map_or(Value::Null, |v| json!(v)),
            threshold: json!(limit),
            message: match (status, value) {
                (KriStatus::Breached, Some(v)) => format!(
                    "KRI {} breached: {} is {v}, the limit is {limit} (risk {})",
                    monitor.monitor_id, monitor.metric, monitor.risk_id
                ),
                (KriStatus::NoData, _) | (_, None) => {
                    "no value yet: run the drift to read the KRI".to_owned()
                }
                (_, Some(v)) => format!("{} is {v}, within {limit}", monitor.metric),
            },
            inconclusive: false,
            link: Some(GateLink::Risk {
                risk_id: monitor.risk_id.clone(),
            }),
        });
    }
}

/// The report as `JUnit` XML: one `testsuite` per kind present (named after the kind), one `testcase` per
/// check (`classname` = kind, `name` = subject and check), a `failure` with the message for a failing check,
/// `skipped` with the reason for an inconclusive one.
/// A report without checks gives an empty `testsuites` element.
#[must_use]
pub fn junit(report: &GateReport) -> String {
    use super::junit::{Case, Suite, render_with_skipped};
    let suites: Vec<Suite> = kinds_in_order(report)
        .into_iter()
        .map(|kind| Suite {
            name: kind.as_str().to_owned(),
            cases: report
                .checks
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| Case {
                    name: format!("{}: {}", c.subject, c.name),
                    classname: kind.as_str().to_owned(),
                    failure: (!c.pass).then(|| c.message.clone()),
                    detail: format!(
                        "value: {}\nthreshold: {}\n{}",
                        c.value, c.threshold, c.message
                    ),
                })
                .collect(),
        })
        .collect();
    let skipped: Vec<Vec<Option<String>>> = kinds_in_order(report)
        .into_iter()
        .map(|kind| {
            report
                .checks
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| (c.pass && c.inconclusive).then(|| c.message.clone()))
                .collect()
        })
        .collect();
    render_with_skipped("riskbench check", &suites, &skipped)
}

fn kinds_in_order(report: &GateReport) -> Vec<CheckKind> {
    let mut kinds: Vec<CheckKind> = report.checks.iter().map(|c| c.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::drift::{DriftMonitor, KriDirection};

    fn monitor(id: &str, value: Option<f64>) -> DriftMonitor {
        DriftMonitor {
            monitor_id: id.to_owned(),
            drift_id: "drift-1".to_owned(),
            metric: "psi:income".to_owned(),
            threshold: 0.25,
            direction: KriDirection::AtMost,
            latest_value: value,
            risk_id: "R-7".to_owned(),
            action_id: "A-1".to_owned(),
        }
    }

    #[test]
    fn a_breached_kri_fails_the_gate_with_kind_drift() {
        let today: IsoDate = "2026-12-01".parse().unwrap_or_else(|e| panic!("{e}"));
        let mut project = Project::blank("p", today);
        project.drift.monitors = vec![
            monitor("kri-1", Some(0.31)),
            monitor("kri-2", Some(0.1)),
            monitor("kri-3", None),
        ];
        let dir = std::env::temp_dir();
        let report = evaluate(&project, "p", &dir, today, &TaskControl::new())
            .unwrap_or_else(|_| panic!("not cancelled"));
        assert!(!report.passed);
        let drift: Vec<&GateCheck> = report
            .checks
            .iter()
            .filter(|c| c.kind == CheckKind::Drift)
            .collect();
        assert_eq!(drift.len(), 3);
        let failed: Vec<&&GateCheck> = drift.iter().filter(|c| !c.pass).collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].subject, "KRI kri-1 on drift-1 (psi:income)");
        assert_eq!(
            failed[0].message,
            "KRI kri-1 breached: psi:income is 0.31, the limit is ≤ 0.25 (risk R-7)"
        );
        assert_eq!(
            failed[0].link,
            Some(GateLink::Risk {
                risk_id: "R-7".to_owned()
            })
        );
        assert_eq!(report.failures().count(), 1);
        assert!(junit(&report).contains("<testsuite name=\"drift\""));
    }

    #[test]
    fn a_vetoed_release_fails_the_gate_until_the_veto_is_lifted() {
        use crate::model::governance::{BoardMember, Decision, VoteChoice, rules};
        let today: IsoDate = "2026-12-01".parse().unwrap_or_else(|e| panic!("{e}"));
        let mut project = Project::blank("p", today);
        let g = &mut project.governance;
        g.board.members = vec![
            BoardMember {
                name: "Ada".into(),
                role: String::new(),
                can_veto: true,
            },
            BoardMember {
                name: "Brian".into(),
                ..BoardMember::default()
            },
        ];
        g.decisions.push(Decision {
            decision_id: "D-1".into(),
            title: "Release v2".into(),
            ..Decision::default()
        });
        rules::cast_vote(g, "D-1", "Ada", VoteChoice::For).unwrap_or_else(|e| panic!("{e}"));
        rules::cast_vote(g, "D-1", "Brian", VoteChoice::For).unwrap_or_else(|e| panic!("{e}"));
        rules::veto(g, "D-1", "Ada", "bias bounty BB-2 open", None)
            .unwrap_or_else(|e| panic!("{e}"));
        let dir = std::env::temp_dir();
        let gate = |p: &Project| {
            evaluate(p, "p", &dir, today, &TaskControl::new())
                .unwrap_or_else(|_| panic!("not cancelled"))
        };
        let report = gate(&project);
        assert!(!report.passed);
        assert_eq!(report.checks.len(), 1);
        assert_eq!(report.checks[0].kind, CheckKind::Governance);
        assert_eq!(
            report.checks[0].message,
            "release blocked: vetoed by Ada: bias bounty BB-2 open"
        );
        assert!(junit(&report).contains("<testsuite name=\"governance\""));
        rules::lift_veto(&mut project.governance, "D-1", "Ada", "BB-2 fixed", None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(gate(&project).passed);
    }
}
