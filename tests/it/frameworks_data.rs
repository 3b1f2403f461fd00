//! Frameworks beyond NIST: the loaded catalogues against the counts the data files state, the crosswalk's ids
//! on both sides, the EU AI Act applicable-obligation rule over tier × role × date, and unknown ids reported
//! by id.

#![expect(
    clippy::unwrap_used,
    reason = "in tests a failed unwrap is a failed test"
)]

use std::collections::BTreeSet;

use riskbench::model::checklist::ChecklistStatus;
use riskbench::model::context::AiActClassification;
use riskbench::model::frameworks::checklist::{problems, regulatory_position, update};
use riskbench::model::frameworks::crosswalk::{Basis, crosswalk};
use riskbench::model::frameworks::eu_ai_act::{
    EuAiActProfile, GpaiModel, InForce, OperatorRole, applicability, fria_required,
};
use riskbench::model::frameworks::tags::{FrameworkTag, unknown_tags};
use riskbench::model::frameworks::{FrameworkId, ItemRef, framework};
use riskbench::model::register::Risk;
use riskbench::model::taxonomy::AiActTier;
use riskbench::model::{IsoDate, Project};
use serde_json::Value;

fn asset(name: &str) -> Value {
    let path = crate::support::root().join("assets/frameworks").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn count(v: &Value, key: &str) -> usize {
    usize::try_from(v["counts"][key].as_u64().unwrap()).unwrap()
}

fn section_items(framework_id: FrameworkId, prefix: &str) -> (usize, usize) {
    let f = framework(framework_id).unwrap();
    let sections: Vec<_> = f
        .sections
        .iter()
        .filter(|s| s.section_id.starts_with(prefix))
        .collect();
    (sections.len(), sections.iter().map(|s| s.items.len()).sum())
}

#[test]
fn nist_counts_equal_the_data_file() {
    let data = asset("nist-ai-rmf-1.0.json");
    let f = framework(FrameworkId::NistAiRmf).unwrap();
    assert_eq!(f.sections.len(), count(&data, "functions"));
    assert_eq!(f.checklist_items().count(), count(&data, "subcategories"));
    assert_eq!(f.checklist_items().count(), 72);
    let genai = asset("nist-ai-600-1-genai-risks.json");
    let g = framework(FrameworkId::NistGenAi).unwrap();
    assert_eq!(
        g.items().count(),
        usize::try_from(genai["count"].as_u64().unwrap()).unwrap()
    );
    assert_eq!(g.items().count(), 12);
    assert_eq!(g.checklist_items().count(), 0, "tags only");
}

#[test]
fn eu_ai_act_counts_equal_the_data_file() {
    let data = asset("eu-ai-act-obligations.json");
    let f = framework(FrameworkId::EuAiAct).unwrap();
    assert_eq!(f.checklist_items().count(), count(&data, "articles"));
    assert_eq!(f.checklist_items().count(), 18);
    let (areas, use_cases) = section_items(FrameworkId::EuAiAct, "Annex III point");
    assert_eq!(areas, count(&data, "annex_iii_areas"));
    assert_eq!(use_cases, count(&data, "annex_iii_use_cases"));
    assert_eq!((areas, use_cases), (8, 25));
    let bans = f
        .sections
        .iter()
        .find(|s| s.section_id == "Art. 5(1)")
        .unwrap();
    let original: Vec<_> = bans.items.iter().filter(|i| i.verified).collect();
    let reported: Vec<&str> = bans
        .items
        .iter()
        .filter(|i| !i.verified)
        .map(|i| i.item_id.as_str())
        .collect();
    assert_eq!(original.len(), count(&data, "article_5_items"));
    assert_eq!(reported, ["Art. 5(1)(ba)", "Art. 5(1)(bb)"]);
    assert!(bans.items[0].text.starts_with("the placing on the market"));
    let credit = f.item("Annex III 5(b)").unwrap();
    assert!(credit.text.contains("creditworthiness"), "{}", credit.text);
    assert_eq!(
        f.section_of("Annex III 5(b)").unwrap().section_id,
        "Annex III point 5"
    );
}

#[test]
fn iso_counts_equal_the_data_files() {
    let data = asset("iso-iec-42001-annex-a.json");
    let (groups, controls) = section_items(FrameworkId::Iso42001, "A.");
    assert_eq!(groups, count(&data, "annex_a_groups"));
    assert_eq!(controls, count(&data, "annex_a_controls"));
    assert_eq!((groups, controls), (9, 38));
    let (clauses, clause_ids) = section_items(FrameworkId::Iso42001, "Clause ");
    assert_eq!(clauses, count(&data, "clauses_top_level"));
    assert_eq!(clause_ids, count(&data, "clause_ids_total"));

    let data = asset("iso-iec-23894-clauses.json");
    let f = framework(FrameworkId::Iso23894).unwrap();
    assert_eq!(f.items().count(), count(&data, "ids_total"));
    assert_eq!(
        f.items().filter(|i| i.verified).count(),
        count(&data, "verified")
    );
    assert_eq!(
        f.items().filter(|i| !i.verified).count(),
        count(&data, "unverified")
    );
    assert_eq!(
        (f.items().count(), f.items().filter(|i| !i.verified).count()),
        (65, 25)
    );
    assert!(!f.item("6.4.1").unwrap().verified);
    assert!(f.item("6.4.2.3").unwrap().verified);
}

#[test]
fn saif_and_microsoft_counts_equal_the_data_files() {
    let data = asset("google-saif.json");
    let f = framework(FrameworkId::Saif).unwrap();
    let (elements, element_items) = section_items(FrameworkId::Saif, "Core elements");
    assert_eq!(
        (elements, element_items),
        (1, count(&data, "core_elements"))
    );
    let (categories, controls) = {
        let s: Vec<_> = f
            .sections
            .iter()
            .filter(|s| s.section_id.ends_with(" controls"))
            .collect();
        (s.len(), s.iter().map(|s| s.items.len()).sum::<usize>())
    };
    assert_eq!(categories, count(&data, "control_categories"));
    assert_eq!(controls, count(&data, "controls"));
    let (_, risks) = section_items(FrameworkId::Saif, "Risks");
    assert_eq!(risks, count(&data, "risks"));
    assert_eq!((element_items, risks, controls), (6, 15, 23));
    assert_eq!(f.item("DP").unwrap().title, "Data Poisoning");

    let data = asset("ms-responsible-ai-standard-v2.json");
    let f = framework(FrameworkId::MsRai).unwrap();
    assert_eq!(f.sections.len(), count(&data, "principles"));
    assert_eq!(f.checklist_items().count(), count(&data, "goals"));
    assert_eq!(f.checklist_items().count(), 17);
    let unverified: Vec<&str> = f
        .items()
        .filter(|i| !i.verified)
        .map(|i| i.item_id.as_str())
        .collect();
    assert_eq!(unverified, ["PS2", "I1"]);
}

#[test]
fn every_crosswalk_id_exists_on_both_sides() {
    let c = crosswalk().unwrap();
    assert!(c.relations.len() > 300, "{}", c.relations.len());
    for relation in &c.relations {
        assert_eq!(relation.nist.framework_id, FrameworkId::NistAiRmf);
        assert!(relation.nist.item().is_some(), "{}", relation.nist);
        assert!(
            relation.other.item().is_some(),
            "{} (from {})",
            relation.other,
            relation.nist
        );
    }
    let nist_rows: BTreeSet<&str> = c
        .relations
        .iter()
        .filter(|r| !r.function_level)
        .map(|r| r.nist.item_id.as_str())
        .collect();
    assert_eq!(nist_rows.len(), 72, "every subcategory has a row");
    let published_42001 = c
        .relations
        .iter()
        .filter(|r| r.other.framework_id == FrameworkId::Iso42001)
        .all(|r| matches!(r.basis, Basis::Published(_)));
    assert!(published_42001);
    assert!(
        c.relations
            .iter()
            .filter(|r| r.other.framework_id == FrameworkId::EuAiAct)
            .all(|r| r.basis == Basis::Judgement)
    );
    let function_level: Vec<_> = c.relations.iter().filter(|r| r.function_level).collect();
    assert!(
        function_level
            .iter()
            .all(|r| matches!(r.basis, Basis::Published(_)))
    );
    assert!(!function_level.is_empty());
}

#[test]
fn the_eu_mappings_agree_with_the_crosswalk() {
    // The crosswalk's EU AI Act column is the inverse of the obligations file's nist_ai_rmf mappings.
    let data = asset("eu-ai-act-obligations.json");
    let c = crosswalk().unwrap();
    for article in data["articles"].as_array().unwrap() {
        let item = format!("Art. {}", article["article"].as_str().unwrap());
        for sub in article["nist_ai_rmf"]["subcategories"].as_array().unwrap() {
            let sub = sub.as_str().unwrap();
            assert!(
                c.relations
                    .iter()
                    .any(|r| r.nist.item_id == sub && r.other.item_id == item),
                "{item} ↔ {sub}"
            );
        }
    }
}

fn d(s: &str) -> IsoDate {
    s.parse().unwrap()
}

fn classification(tier: AiActTier, area: Option<u8>) -> AiActClassification {
    AiActClassification {
        tier,
        annex_iii_area: area,
        rationale: "test".to_owned(),
    }
}

fn applicable(c: Option<&AiActClassification>, profile: &EuAiActProfile) -> Vec<String> {
    applicability(c, profile, d("2026-09-01"))
        .into_iter()
        .filter(|o| o.applies)
        .map(|o| o.item_id.trim_start_matches("Art. ").to_owned())
        .collect()
}

fn profile(role: OperatorRole, point: &str) -> EuAiActProfile {
    EuAiActProfile {
        role: Some(role),
        annex_iii_point: point.to_owned(),
        ..EuAiActProfile::default()
    }
}

#[test]
fn obligations_follow_tier_and_role() {
    let high = classification(AiActTier::HighRisk, Some(5));
    let provider = profile(OperatorRole::Provider, "5(b)");
    let deployer = profile(OperatorRole::Deployer, "5(b)");
    let both = profile(OperatorRole::ProviderAndDeployer, "5(b)");
    assert_eq!(
        applicable(Some(&high), &provider),
        [
            "5", "6", "9", "10", "11", "12", "13", "14", "15", "16", "17", "72", "73"
        ]
    );
    assert_eq!(
        applicable(Some(&high), &deployer),
        ["5", "14", "26", "27", "73"]
    );
    assert_eq!(
        applicable(Some(&high), &both),
        [
            "5", "6", "9", "10", "11", "12", "13", "14", "15", "16", "17", "26", "27", "72", "73"
        ]
    );
    // Article 27 needs a public-service deployer or an Annex III 5(b)/(c) system, and never point 2.
    let hiring = classification(AiActTier::HighRisk, Some(4));
    assert_eq!(
        applicable(Some(&hiring), &profile(OperatorRole::Deployer, "4(a)")),
        ["5", "14", "26", "73"]
    );
    let mut public = profile(OperatorRole::Deployer, "4(a)");
    public.public_service = true;
    assert!(fria_required(Some(&hiring), &public));
    let grid = classification(AiActTier::HighRisk, Some(2));
    let mut public_grid = profile(OperatorRole::Deployer, "2");
    public_grid.public_service = true;
    assert!(!fria_required(Some(&grid), &public_grid));
    assert!(!fria_required(Some(&high), &provider));

    for role in OperatorRole::ALL {
        let p = profile(role, "");
        assert_eq!(
            applicable(Some(&classification(AiActTier::Limited, None)), &p),
            ["5", "50"],
            "{role:?}"
        );
        assert_eq!(
            applicable(Some(&classification(AiActTier::Minimal, None)), &p),
            ["5"]
        );
        assert_eq!(
            applicable(Some(&classification(AiActTier::Prohibited, None)), &p),
            ["5"]
        );
        assert_eq!(applicable(None, &p), ["5"]);
    }
    let mut gpai = profile(OperatorRole::Provider, "");
    gpai.gpai = GpaiModel::SystemicRisk;
    assert_eq!(
        applicable(Some(&classification(AiActTier::Minimal, None)), &gpai),
        ["5", "53", "55"]
    );
    gpai.gpai = GpaiModel::Model;
    assert_eq!(
        applicable(Some(&classification(AiActTier::Minimal, None)), &gpai),
        ["5", "53"]
    );
    assert_eq!(
        applicable(
            Some(&classification(AiActTier::Minimal, None)),
            &EuAiActProfile::default()
        ),
        ["5"],
        "no role recorded: only Article 5"
    );
}

#[test]
fn in_force_depends_on_the_date_and_the_route() {
    let provider = profile(OperatorRole::Provider, "5(b)");
    let on = |c: &AiActClassification, date: &str, article: &str| {
        applicability(Some(c), &provider, d(date))
            .into_iter()
            .find(|o| o.item_id == format!("Art. {article}"))
            .unwrap()
            .in_force
            .unwrap()
    };
    let annex_iii = classification(AiActTier::HighRisk, Some(5));
    let annex_i = classification(AiActTier::HighRisk, None);
    // Before 2 August 2026 only Article 5 (and the GPAI chapter) is in force.
    assert_eq!(on(&annex_iii, "2026-07-01", "5"), InForce::Yes);
    assert_eq!(on(&annex_iii, "2026-07-01", "15"), InForce::No);
    assert_eq!(on(&annex_iii, "2024-12-01", "5"), InForce::No);
    // Between the original date and the reported new one: postponed, and said so.
    assert_eq!(
        on(&annex_iii, "2026-09-01", "15"),
        InForce::PostponedByAmendment
    );
    assert_eq!(on(&annex_iii, "2027-12-02", "15"), InForce::Yes);
    // The Annex I route has later dates.
    assert_eq!(
        on(&annex_i, "2027-12-02", "15"),
        InForce::PostponedByAmendment
    );
    assert_eq!(on(&annex_i, "2027-07-01", "15"), InForce::No);
    assert_eq!(on(&annex_i, "2028-08-02", "15"), InForce::Yes);
    // Article 72: no confirmed amended date, so the original one.
    assert_eq!(on(&annex_iii, "2026-09-01", "72"), InForce::Yes);
    let art50 = applicability(Some(&annex_iii), &provider, d("2026-09-01"))
        .into_iter()
        .find(|o| o.item_id == "Art. 50")
        .unwrap();
    assert_eq!(art50.dates.unwrap().original, d("2026-08-02"));
}

#[test]
fn the_regulatory_position_counts_applicable_obligations() {
    let mut p = Project::blank("s", d("2026-09-01"));
    assert_eq!(regulatory_position(&p, d("2026-09-01")), None);
    p.context.eu_ai_act = Some(classification(AiActTier::HighRisk, Some(5)));
    p.frameworks.eu_ai_act = profile(OperatorRole::Provider, "5(b)");
    for article in ["5", "9", "10"] {
        update(
            &mut p,
            FrameworkId::EuAiAct,
            &format!("Art. {article}"),
            |e| {
                e.status = ChecklistStatus::Done;
            },
        );
    }
    update(&mut p, FrameworkId::EuAiAct, "Art. 26", |e| {
        e.status = ChecklistStatus::Done;
    });
    let position = regulatory_position(&p, d("2027-12-02")).unwrap();
    assert!(
        position.starts_with(
            "EU AI Act high-risk, provider: 3 of 13 applicable obligations evidenced; open: Art. 6, Art. 11, \
             Art. 12, Art. 13, Art. 14, Art. 15, Art. 16, Art. 17, Art. 72, Art. 73"
        ),
        "{position}"
    );
    for article in ["6", "11", "12", "13", "14", "15", "16", "17", "72", "73"] {
        update(
            &mut p,
            FrameworkId::EuAiAct,
            &format!("Art. {article}"),
            |e| {
                e.status = ChecklistStatus::Done;
            },
        );
    }
    update(&mut p, FrameworkId::EuAiAct, "Art. 15", |e| {
        e.status = ChecklistStatus::InProgress;
    });
    update(&mut p, FrameworkId::EuAiAct, "Art. 73", |e| {
        e.status = ChecklistStatus::NotApplicable;
    });
    assert_eq!(
        regulatory_position(&p, d("2027-12-02")).unwrap(),
        "EU AI Act high-risk, provider: 11 of 13 applicable obligations evidenced; open: Art. 15 (Accuracy, \
         robustness and cybersecurity)"
    );
    for article in ["6", "11", "12", "13", "14", "15", "16", "17", "72", "73"] {
        update(
            &mut p,
            FrameworkId::EuAiAct,
            &format!("Art. {article}"),
            |e| {
                e.status = ChecklistStatus::NotStarted;
            },
        );
    }
    assert!(!position.contains("not yet in force"), "{position}");
    let early = regulatory_position(&p, d("2026-07-01")).unwrap();
    assert!(
        early.ends_with("; 12 of them not yet in force on 2026-07-01"),
        "{early}"
    );
}

#[test]
fn unknown_ids_are_reported_by_id_and_kept() {
    let mut p = Project::blank("s", d("2026-09-01"));
    let mut risk = Risk::new("R-7");
    risk.taxonomy.framework_refs.push(FrameworkTag {
        framework: "eu-ai-act".to_owned(),
        item_id: "Art. 99".to_owned(),
    });
    risk.taxonomy
        .iso_refs
        .push("ISO/IEC 42001 A.11.1".to_owned());
    risk.taxonomy.framework_refs.push(FrameworkTag {
        framework: "ms-rai".to_owned(),
        item_id: "A1".to_owned(),
    });
    p.risks.push(risk);
    update(&mut p, FrameworkId::MsRai, "Z9", |e| {
        e.notes = "old goal".to_owned();
    });
    let unknown: Vec<String> = unknown_tags(&p)
        .iter()
        .map(|t| format!("{} {}", t.framework, t.item_id))
        .collect();
    assert_eq!(unknown, ["iso-42001 A.11.1", "eu-ai-act Art. 99"]);
    let found: Vec<String> = problems(&p).iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "ms-rai Z9: no such item in the shipped Microsoft Responsible AI Standard v2 data",
            "iso-42001 A.11.1: risk R-7 is tagged with ISO/IEC 42001:2023 A.11.1, which the shipped ISO/IEC 42001:2023 data does not have",
            "eu-ai-act Art. 99: risk R-7 is tagged with EU AI Act Art. 99, which the shipped EU AI Act data does not have",
        ]
    );
    // Round trip through the project file keeps them.
    let text = ron::to_string(&p).unwrap();
    let back: Project = ron::from_str(&text).unwrap();
    assert_eq!(back, p);
    assert!(riskbench::model::frameworks::tags::has_tag(
        &back.risks[0],
        &ItemRef::new(FrameworkId::MsRai, "A1")
    ));
}
