//! Unit tests of the register model: ratings, problems, counts and the CSV round trip.

use super::csv_import::{parse_actions, parse_controls, parse_line_of_defence};
use super::*;

fn d(text: &str) -> IsoDate {
    text.parse().unwrap()
}

fn today() -> IsoDate {
    d("2026-11-28")
}

fn rated(id: &str, inherent: (u8, u8), residual: Option<(u8, u8)>) -> Risk {
    Risk {
        inherent: Some(Rating::new(inherent.0, inherent.1)),
        residual: residual.map(|(l, i)| Rating::new(l, i)),
        ..Risk::new(id)
    }
}

/// A risk with every field filled, with awkward text.
fn full_risk() -> Risk {
    Risk {
        risk_id: "R-7".to_owned(),
        title: "Gender bias, \"credit\" model".to_owned(),
        description: "Line one\nline two, with comma\r\nand CRLF; semicolon | bar \\ backslash — ünïcødé 漢字"
            .to_owned(),
        trustworthiness: vec!["fair".to_owned(), "valid; reliable".to_owned()],
        mit_domain: Some("1. Discrimination & Toxicity".to_owned()),
        mit_subdomain: Some("1.1 Unfair discrimination".to_owned()),
        rmf_subcategories: vec!["MEASURE 2.11".to_owned(), "MAP 1.5".to_owned()],
        cause: "Historic data, \"biased\"".to_owned(),
        event: "Unequal approvals".to_owned(),
        consequence: "Harm to applicants\nand fines".to_owned(),
        affected_groups: vec!["Women".to_owned(), "Applicants 60+".to_owned()],
        owner: "Ana Müller".to_owned(),
        line_of_defence: LineOfDefence::Second,
        inherent: Some(Rating::new(4, 5)),
        controls: vec![
            Control {
                name: "Fairness audit | quarterly".to_owned(),
                description: " leading space, trailing space \nnew line\\n literal".to_owned(),
                effectiveness: ControlEffectiveness::PartiallyEffective,
                owner: "Bo".to_owned(),
            },
            Control {
                name: String::new(),
                description: String::new(),
                effectiveness: ControlEffectiveness::NotTested,
                owner: String::new(),
            },
        ],
        residual: Some(Rating::new(2, 5)),
        treatment: Some(TreatmentOption::Accept),
        treatment_rationale: "Cost, \"benefit\"".to_owned(),
        actions: vec![
            Action {
                action_id: "A-1".to_owned(),
                description: "Reweigh | resample; \"retrain\"".to_owned(),
                owner: "Cé".to_owned(),
                due: Some(d("2027-01-31")),
                status: ActionStatus::InProgress,
                kri: "DP ratio ≥ 0.8".to_owned(),
                effort_days: Some(2.5),
                cost: Some(12000.0),
            },
            Action {
                action_id: "A-2".to_owned(),
                due: None,
                status: ActionStatus::NotImplemented,
                ..Action::default()
            },
        ],
        status: RiskStatus::Accepted,
        review_date: Some(d("2027-03-01")),
        evidence: vec![
            EvidenceLink {
                kind: EvidenceKind::AuditCheck,
                reference: "audit-1/demographic_parity".to_owned(),
                dataset_sha256: Some("ab".repeat(32)),
                note: "ratio 0.62 < 0.8".to_owned(),
                dataset_id: "ds-1".to_owned(),
                check: Some(CheckRef {
                    audit_name: "Sex".to_owned(),
                    sensitive: vec!["sex".to_owned(), "age_group".to_owned()],
                    check_name: "demographic_parity_ratio".to_owned(),
                    group: String::new(),
                    failed: true,
                    value: Some(0.62),
                }),
            },
            EvidenceLink {
                kind: EvidenceKind::Document,
                reference: "minutes.pdf".to_owned(),
                dataset_sha256: None,
                note: String::new(),
                dataset_id: String::new(),
                check: None,
            },
        ],
        bowtie_ids: vec!["bowtie-1".to_owned()],
        fmea_rows: vec!["fmea-1/FM-3".to_owned(), "fmea-2/FM-1".to_owned()],
        acceptance: Some(Acceptance {
            accepted_by: "Dana".to_owned(),
            role: "Executive committee".to_owned(),
            date: d("2026-11-01"),
            conditions: "Re-audit, quarterly".to_owned(),
            expiry: Some(d("2027-11-01")),
        }),
        business_impact: BusinessImpact {
            kpi: "Approval rate".to_owned(),
            estimated_cost: Some(1_234_567.891),
            currency: "EUR".to_owned(),
        },
        needs_review: Some("dataset changed".to_owned()),
        taxonomy: TaxonomyTags::default(),
    }
}

#[test]
fn scores_and_bands_on_default_matrix() {
    let m = RiskMatrix::default();
    assert_eq!(score(&Rating::new(1, 1)), 1);
    assert_eq!(Rating::new(4, 5).score(), 20);
    let names = |r: &Risk, residual: bool| {
        let band = if residual {
            r.residual_band(&m)
        } else {
            r.inherent_band(&m)
        };
        band.map(|b| m.bands[b].name.clone())
    };
    let cases = [
        ((1, 4), "Low"),
        ((1, 5), "Medium"),
        ((3, 3), "Medium"),
        ((2, 5), "High"),
        ((4, 4), "High"),
        ((3, 6), "Critical"),
        ((5, 5), "Critical"),
    ];
    for ((l, i), band) in cases {
        let r = rated("R-1", (l, i), Some((l, i)));
        assert_eq!(names(&r, false).as_deref(), Some(band), "{l}×{i}");
        assert_eq!(names(&r, true).as_deref(), Some(band), "{l}×{i}");
    }
    assert_eq!(Risk::new("R-1").inherent_band(&m), None);
    assert_eq!(Risk::new("R-1").residual_band(&m), None);
    assert_eq!(rated("R-1", (0, 3), None).inherent_band(&m), None);
}

#[test]
fn a_complete_risk_has_no_problems() {
    let mut risk = full_risk();
    risk.actions[1].owner = "Ed".to_owned();
    risk.actions[1].due = Some(d("2027-02-01"));
    assert_eq!(
        risk.problems(&RiskMatrix::default(), today()),
        Vec::<String>::new()
    );
    assert!(
        Risk::new("R-1")
            .problems(&RiskMatrix::default(), today())
            .is_empty()
    );
}

fn problems_of(risk: &Risk) -> Vec<String> {
    risk.problems(&RiskMatrix::default(), today())
}

#[test]
fn problem_rules() {
    let out = problems_of(&rated("R-1", (6, 0), Some((1, 9))));
    assert_eq!(
        out,
        [
            "the inherent likelihood 6 is outside the matrix's levels 1 to 5",
            "the inherent impact 0 is outside the matrix's levels 1 to 5",
            "the residual impact 9 is outside the matrix's levels 1 to 5",
            "the residual score 9 is above the inherent score 0; controls should not raise a risk",
        ]
    );
    assert_eq!(
        problems_of(&rated("R-1", (2, 2), Some((3, 2)))),
        ["the residual score 6 is above the inherent score 4; controls should not raise a risk"]
    );
    assert!(problems_of(&rated("R-1", (2, 2), Some((2, 2)))).is_empty());

    let mut accepted = Risk {
        status: RiskStatus::Accepted,
        ..Risk::new("R-1")
    };
    assert_eq!(
        problems_of(&accepted),
        ["the risk is marked Accepted but has no acceptance record (who, when, conditions)"]
    );
    accepted.acceptance = Some(Acceptance {
        accepted_by: "Dana".to_owned(),
        role: String::new(),
        date: d("2025-01-01"),
        conditions: String::new(),
        expiry: Some(d("2026-11-27")),
    });
    assert_eq!(
        problems_of(&accepted),
        ["the acceptance expired on 2026-11-27; it must be renewed or the risk treated"]
    );
    if let Some(a) = accepted.acceptance.as_mut() {
        a.expiry = Some(today());
    }
    assert!(
        problems_of(&accepted).is_empty(),
        "valid through the expiry day"
    );

    let mut accept = Risk {
        treatment: Some(TreatmentOption::Accept),
        ..Risk::new("R-1")
    };
    assert_eq!(
        problems_of(&accept),
        ["the treatment is Accept but no rationale is given"]
    );
    accept.treatment_rationale = "  ".to_owned();
    assert_eq!(problems_of(&accept).len(), 1);
    accept.treatment_rationale = "Low cost".to_owned();
    assert!(problems_of(&accept).is_empty());

    let actions = Risk {
        actions: vec![
            Action {
                action_id: "A-1".to_owned(),
                ..Action::default()
            },
            Action {
                owner: "Bo".to_owned(),
                due: Some(today()),
                ..Action::default()
            },
        ],
        ..Risk::new("R-1")
    };
    assert_eq!(
        problems_of(&actions),
        ["action A-1 has no owner", "action A-1 has no due date"]
    );

    let mut review = Risk {
        review_date: Some(d("2026-11-27")),
        ..Risk::new("R-1")
    };
    assert_eq!(
        problems_of(&review),
        ["the review date 2026-11-27 has passed"]
    );
    review.review_date = Some(today());
    assert!(problems_of(&review).is_empty());
    review.review_date = Some(d("2020-01-01"));
    review.status = RiskStatus::Closed;
    assert!(
        problems_of(&review).is_empty(),
        "closed risks need no review"
    );

    let mut mitigate = Risk {
        treatment: Some(TreatmentOption::Mitigate),
        ..Risk::new("R-1")
    };
    assert_eq!(
        problems_of(&mitigate),
        ["the treatment is Mitigate but there are no controls and no actions"]
    );
    mitigate.controls.push(Control {
        name: "Audit".to_owned(),
        ..Control::default()
    });
    assert!(problems_of(&mitigate).is_empty());
}

#[test]
fn overdue_actions_are_open_or_in_progress_and_past_due() {
    let action = |id: &str, due: &str, status| Action {
        action_id: id.to_owned(),
        due: Some(d(due)),
        status,
        ..Action::default()
    };
    let risk = Risk {
        actions: vec![
            action("A-1", "2026-11-27", ActionStatus::Open),
            action("A-2", "2026-11-27", ActionStatus::InProgress),
            action("A-3", "2026-11-27", ActionStatus::Done),
            action("A-4", "2026-11-27", ActionStatus::NotImplemented),
            action("A-5", "2026-11-28", ActionStatus::Open),
            Action {
                action_id: "A-6".to_owned(),
                ..Action::default()
            },
        ],
        ..Risk::new("R-1")
    };
    let ids: Vec<&str> = risk
        .overdue_actions(today())
        .iter()
        .map(|a| a.action_id.as_str())
        .collect();
    assert_eq!(ids, ["A-1", "A-2"]);
}

#[test]
fn next_ids_skip_foreign_ids() {
    let risks = [
        Risk::new("R-2"),
        Risk::new("R-x"),
        Risk::new("R-10"),
        Risk::new("other"),
    ];
    assert_eq!(next_risk_id(&risks), "R-11");
    assert_eq!(next_risk_id(&[]), "R-1");
}

#[test]
fn heat_map_and_band_counts() {
    let m = RiskMatrix::default();
    let risks = [
        rated("R-1", (4, 5), Some((2, 5))),
        rated("R-2", (4, 5), Some((1, 1))),
        rated("R-3", (1, 1), None),
        rated("R-4", (7, 1), None),
        Risk::new("R-5"),
    ];
    let inherent = heat_map_counts(&risks, &m, false);
    assert_eq!(inherent.len(), 5);
    assert!(inherent.iter().all(|row| row.len() == 5));
    assert_eq!(inherent[3][4], ["R-1", "R-2"]);
    assert_eq!(inherent[0][0], ["R-3"]);
    assert_eq!(inherent.iter().flatten().map(Vec::len).sum::<usize>(), 3);
    let residual = heat_map_counts(&risks, &m, true);
    assert_eq!(residual[1][4], ["R-1"]);
    assert_eq!(residual[0][0], ["R-2"]);
    assert_eq!(residual.iter().flatten().map(Vec::len).sum::<usize>(), 2);

    assert_eq!(counts_by_band(&risks, &m, false), [1, 0, 0, 2]);
    assert_eq!(counts_by_band(&risks, &m, true), [1, 0, 1, 0]);
}

#[test]
fn bulk_status() {
    let mut risks = [Risk::new("R-1"), Risk::new("R-2"), Risk::new("R-3")];
    risks[1].status = RiskStatus::Closed;
    let changed = set_status_bulk(&mut risks, ["R-1", "R-2", "R-9"], RiskStatus::Closed);
    assert_eq!(changed, 1);
    let statuses: Vec<RiskStatus> = risks.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [RiskStatus::Closed, RiskStatus::Closed, RiskStatus::Open]
    );
    let ids = vec!["R-3".to_owned()];
    assert_eq!(
        set_status_bulk(&mut risks, &ids, RiskStatus::InTreatment),
        1
    );
    assert_eq!(risks[2].status, RiskStatus::InTreatment);
}

#[test]
fn labels_and_parsing() {
    for status in RiskStatus::ALL {
        assert_eq!(RiskStatus::parse(status.label()), Some(*status));
        assert_eq!(RiskStatus::parse(&format!("{status:?}")), Some(*status));
    }
    for v in TreatmentOption::ALL {
        assert_eq!(TreatmentOption::parse(v.label()), Some(*v));
    }
    for v in ControlEffectiveness::ALL {
        assert_eq!(ControlEffectiveness::parse(v.label()), Some(*v));
    }
    for v in EvidenceKind::ALL {
        assert_eq!(EvidenceKind::parse(v.label()), Some(*v));
    }
    for v in RegisterColumn::ALL {
        assert_eq!(RegisterColumn::parse(v.header()), Some(*v));
    }
    for v in LineOfDefence::ALL {
        assert_eq!(parse_line_of_defence(v.label()), Some(v));
    }
    assert_eq!(parse_line_of_defence("2nd"), Some(LineOfDefence::Second));
    assert_eq!(
        RiskStatus::parse("in-treatment"),
        Some(RiskStatus::InTreatment)
    );
    assert_eq!(RiskStatus::parse("maybe"), None);
    assert_eq!(RiskStatus::InTreatment.to_string(), "In treatment");
}

#[test]
fn csv_round_trip_is_exact() {
    let m = RiskMatrix::default();
    let mut other = Risk::new("R-8");
    other.business_impact.estimated_cost = Some(0.1 + 0.2);
    let risks = vec![full_risk(), other, Risk::new("R-9")];
    let text = risks_to_csv(&risks).unwrap();
    assert!(text.starts_with("Risk ID,Title,Description,"));
    assert!(text.contains("\r\n"));
    let back = risks_from_csv(&text, &m).unwrap();
    assert_eq!(back, risks);
    assert_eq!(risks_to_csv(&back).unwrap(), text);
}

#[test]
fn compact_cells_are_readable_and_lenient() {
    let risk = full_risk();
    assert_eq!(
        RegisterColumn::Actions.cell_text(&risk),
        "A-1 | In progress | 2027-01-31 | Cé | DP ratio ≥ 0.8 | Reweigh \\| resample; \"retrain\" | 2.5 | 12000\n\
         A-2 | Not implemented |  |  |  | "
    );
    let controls = parse_controls("Audit|effective|Bo\n\n  Review |  not tested  \r\n").unwrap();
    assert_eq!(controls.len(), 2);
    assert_eq!(controls[0].name, "Audit");
    assert_eq!(controls[0].effectiveness, ControlEffectiveness::Effective);
    assert_eq!(controls[0].owner, "Bo");
    assert_eq!(controls[1].name, "  Review");
    assert_eq!(controls[1].effectiveness, ControlEffectiveness::NotTested);
}

#[test]
fn import_reports_line_and_column() {
    let m = RiskMatrix::default();
    let err = |text: &str| risks_from_csv(text, &m).unwrap_err().to_string();
    assert_eq!(
        err("Risk ID,Review date\nR-1,2026-01-01\n\"R-2\",\"31/12/2026\"\n"),
        "line 3, column \"Review date\": expected a date written YYYY-MM-DD, found \"31/12/2026\""
    );
    assert_eq!(
        err("Title,Status\n\"multi\nline\",Open\nx,Pending\n"),
        "line 4, column \"Status\": expected a risk status (Open, In treatment, Accepted, Closed), found \"Pending\""
    );
    assert_eq!(
        err("Title,Residual impact\nx,0\n"),
        "line 2, column \"Residual impact\": expected an impact level, a whole number from 1 to 5, found \"0\""
    );
    assert_eq!(
        err("Title,Inherent likelihood\nx,3\n"),
        "line 2, column \"Inherent impact\": expected an impact level because the inherent likelihood is given, found \"\""
    );
    assert_eq!(
        err("Title,Controls\nx,\"A | good\"\n"),
        "line 2, column \"Controls\": expected in control 1 a control effectiveness (Effective, Partially effective, Ineffective, Not tested), not \"good\", found \"A | good\""
    );
    assert_eq!(
        err("Actions\n\"A-1 | Open | tomorrow\"\n"),
        "line 2, column \"Actions\": expected in action 1 a due date: a date written YYYY-MM-DD, not \"tomorrow\", found \"A-1 | Open | tomorrow\""
    );
    assert_eq!(
        err("Evidence\nfoo | bar\n"),
        "line 2, column \"Evidence\": expected in evidence link 1 an evidence kind (Audit check, Validation rule, Drift result, Data alert, Document), not \"foo\", found \"foo | bar\""
    );
    assert_eq!(
        err("Controls\na|b|c|d|e\n"),
        "line 2, column \"Controls\": expected in control 1 at most 4 fields `name | effectiveness | owner | description`, 5 given, found \"a|b|c|d|e\""
    );
    assert_eq!(
        err("Accepted by\nDana\n"),
        "line 2, column \"Acceptance date\": expected a date written YYYY-MM-DD because the risk has an acceptance record, found \"\""
    );
    assert_eq!(
        err("Estimated cost\nlots\n"),
        "line 2, column \"Estimated cost\": expected a number such as 25000 or 1.5e6, or nothing, found \"lots\""
    );
    assert_eq!(
        err("Line of defence\n4th\n"),
        "line 2, column \"Line of defence\": expected a line of defence (1st line (operations), 2nd line (risk & compliance), 3rd line (internal audit), External / board), found \"4th\""
    );
    assert_eq!(
        err("Title,Colour\nx,red\n"),
        "line 1, column 2: unknown column header \"Colour\"; expected a register column such as \"Risk ID\" or \"Inherent likelihood\""
    );
    assert_eq!(
        err("Title,title\nx,y\n"),
        "line 1, column 2: column \"title\" appears twice; expected each column once"
    );
    assert_eq!(
        err("Title,Owner\nx\n"),
        "line 2: expected 2 cells as in the header line, found 1"
    );
    assert_eq!(
        err("Risk ID\nR-1\nR-1\n"),
        "line 3, column \"Risk ID\": risk id \"R-1\" is used twice; expected unique ids"
    );
    assert_eq!(
        err(""),
        "line 1: the file is empty; expected a header line with register column names"
    );
}

#[test]
fn import_fills_missing_ids_and_skips_blank_lines() {
    let m = RiskMatrix::default();
    let risks = risks_from_csv("\u{feff}risk id,TITLE,\nR-3,a,\n,,\n,b,\n", &m).unwrap();
    let ids: Vec<&str> = risks.iter().map(|r| r.risk_id.as_str()).collect();
    assert_eq!(ids, ["R-3", "R-4"]);
    assert_eq!(risks[1].title, "b");
}

#[test]
fn ron_round_trip() {
    let risks = vec![full_risk(), Risk::new("R-2")];
    let text = ron::ser::to_string_pretty(&risks, ron::ser::PrettyConfig::default()).unwrap();
    let back: Vec<Risk> = ron::from_str(&text).unwrap();
    assert_eq!(back, risks);
    let minimal: Risk = ron::from_str("(risk_id: \"R-5\")").unwrap();
    assert_eq!(minimal, Risk::new("R-5"));
    assert!(
        ron::from_str::<Risk>("(title: \"x\")").is_err(),
        "risk_id is required"
    );
}

fn accepted_high(role: &str) -> (Risk, Settings) {
    let mut settings = Settings::default();
    settings.risk_matrix.bands[2].acceptance_authority = "Executive committee".to_owned();
    settings.appetite.push(RiskAppetite {
        category: "fair".to_owned(),
        max_residual_band: "medium".to_owned(),
        statement: "No unmitigated unfair treatment".to_owned(),
    });
    let mut risk = Risk::new("R-1");
    risk.trustworthiness = vec!["fair".to_owned()];
    risk.inherent = Some(Rating::new(5, 4));
    risk.residual = Some(Rating::new(3, 4)); // 12 = High
    risk.status = RiskStatus::Accepted;
    risk.treatment = Some(TreatmentOption::Accept);
    risk.treatment_rationale = "Benefit outweighs".to_owned();
    risk.acceptance = Some(Acceptance {
        accepted_by: "Dana".to_owned(),
        role: role.to_owned(),
        date: IsoDate::from_ymd(2026, 11, 1).unwrap(),
        conditions: String::new(),
        expiry: None,
    });
    (risk, settings)
}

#[test]
fn acceptance_must_come_from_the_band_authority() {
    let today = IsoDate::from_ymd(2026, 11, 28).unwrap();
    let (risk, settings) = accepted_high("Executive Committee (chair)");
    assert!(risk.authority_problem(&settings.risk_matrix).is_none());
    assert!(risk.all_problems(&settings, today).is_empty());
    let (risk, settings) = accepted_high("Model risk manager");
    let problem = risk.authority_problem(&settings.risk_matrix).unwrap();
    assert!(
        problem.contains("band High must be accepted by Executive committee"),
        "{problem}"
    );
    assert_eq!(risk.all_problems(&settings, today), vec![problem]);
}

#[test]
fn appetite_breaches_follow_the_residual_band_and_category() {
    let today = IsoDate::from_ymd(2026, 11, 28).unwrap();
    let (mut risk, settings) = accepted_high("Executive committee");
    assert_eq!(risk.appetite_breaches(&settings).len(), 1);
    // Accepted: documented, not a problem.
    assert!(risk.all_problems(&settings, today).is_empty());
    risk.status = RiskStatus::InTreatment;
    let problems = risk.all_problems(&settings, today);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("above the appetite for fair")),
        "{problems:?}"
    );
    // Medium residual (2 × 4 = 8) is within appetite.
    risk.residual = Some(Rating::new(2, 4));
    assert!(risk.appetite_breaches(&settings).is_empty());
    // Another category has no appetite set.
    risk.residual = Some(Rating::new(3, 4));
    risk.trustworthiness = vec!["safe".to_owned()];
    assert!(risk.appetite_breaches(&settings).is_empty());
}

#[test]
fn appetite_rows_must_name_bands() {
    let mut settings = Settings::default();
    settings.appetite.push(RiskAppetite {
        category: "fair".to_owned(),
        max_residual_band: "Severe".to_owned(),
        statement: String::new(),
    });
    let problems = settings.appetite_problems();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("not a band"));
}

#[test]
fn action_resources_are_read_when_present_and_checked() {
    let actions = parse_actions("A-1 | Open | | Bo | | Retrain | 3 | 1500.5\nA-2 | Done").unwrap();
    assert_eq!(actions.len(), 2);
    assert_eq!(actions[0].effort_days, Some(3.0));
    assert_eq!(actions[0].cost, Some(1500.5));
    assert_eq!((actions[1].effort_days, actions[1].cost), (None, None));
    assert_eq!(
        parse_actions("A-1 | Open | | | | x | three").unwrap_err(),
        "in action 1 an effort in person-days: a number, not \"three\""
    );
    assert_eq!(
        parse_actions("A-1 | Open | | | | x | 1 | -5").unwrap_err(),
        "in action 1 a cost: a number of at least 0, not \"-5\""
    );
    assert_eq!(amount_text(1500.5), "1500.5");
}
