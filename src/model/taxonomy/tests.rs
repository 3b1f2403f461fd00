//! Unit tests of the taxonomies: the NIST AI RMF core, the risk categories and their lookups.

use super::*;

#[test]
fn the_rmf_core_has_the_published_structure() {
    let core = rmf_core().unwrap();
    let ids: Vec<&str> = core.functions.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["GOVERN", "MAP", "MEASURE", "MANAGE"]);
    let per_category: Vec<Vec<usize>> = core
        .functions
        .iter()
        .map(|f| f.categories.iter().map(|c| c.subcategories.len()).collect())
        .collect();
    assert_eq!(
        per_category,
        vec![
            vec![7, 3, 2, 3, 2, 2],
            vec![6, 3, 5, 2, 2],
            vec![3, 13, 3, 3],
            vec![4, 4, 2, 3]
        ]
    );
    assert_eq!(
        core.functions
            .iter()
            .map(|f| f.categories.len())
            .sum::<usize>(),
        19
    );
    assert_eq!(core.subcategories().count(), 72);
    for (f, function) in core.functions.iter().enumerate() {
        for (c, category) in function.categories.iter().enumerate() {
            assert_eq!(
                category.id,
                format!("{} {}", function.id, c + 1),
                "function {f}"
            );
            for (s, sub) in category.subcategories.iter().enumerate() {
                assert_eq!(sub.id, format!("{}.{}", category.id, s + 1));
                assert!(!sub.text.trim().is_empty());
            }
        }
    }
    for anchor in [
        "MAP 1.5",
        "MEASURE 2.11",
        "MANAGE 1.3",
        "MANAGE 1.4",
        "MANAGE 2.4",
    ] {
        assert!(core.subcategory(anchor).is_some(), "{anchor}");
    }
    assert!(
        core.subcategory("MEASURE 2.11")
            .unwrap()
            .text
            .starts_with("Fairness and bias")
    );
    assert!(core.attribution.contains("NIST does not endorse"));
}

#[test]
fn the_genai_profile_lists_twelve_risks() {
    let (attribution, risks) = genai_risks().unwrap();
    assert_eq!(risks.len(), 12);
    let numbers: Vec<u32> = risks.iter().map(|r| r.number).collect();
    assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
    assert!(attribution.contains("AI 600-1"));
    assert_eq!(risks[0].name, "CBRN Information or Capabilities");
}

#[test]
fn the_mit_domain_taxonomy_has_7_domains_and_24_subdomains_in_order() {
    let mit = mit_repository().unwrap();
    let domain_ids: Vec<&str> = mit.domains.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(domain_ids, ["1", "2", "3", "4", "5", "6", "7"]);
    let per_domain: Vec<usize> = mit.domains.iter().map(|d| d.subdomains.len()).collect();
    assert_eq!(per_domain, [3, 2, 2, 3, 2, 6, 6]);
    assert_eq!(mit.subdomains().count(), 24);
    let mut seen = std::collections::HashSet::new();
    for domain in &mit.domains {
        assert!(!domain.name.trim().is_empty());
        for (k, sub) in domain.subdomains.iter().enumerate() {
            assert_eq!(
                sub.id,
                format!("{}.{}", domain.id, k + 1),
                "ids run in order"
            );
            assert!(seen.insert(sub.id.clone()), "{} is unique", sub.id);
            assert!(!sub.name.trim().is_empty());
            assert_eq!(sub.name, sub.name.trim());
            assert_eq!(sub.description, sub.description.trim());
        }
    }
    let multi_agent = mit.subdomain("7.6").unwrap();
    assert_eq!(multi_agent.name, "Multi-agent risks");
    assert!(
        multi_agent
            .description
            .starts_with("Risks from multi-agent interactions")
    );
    assert_eq!(
        mit.domain("7").unwrap().name,
        "AI System Safety, Failures, & Limitations"
    );
    assert!(mit.attribution.contains("CC BY 4.0"));
    assert!(mit.attribution.contains("2408.12622"));
    assert!(mit.version.contains("26 March 2025"));
}

#[test]
fn mit_labels_as_risks_store_them_resolve() {
    let mit = mit_repository().unwrap();
    let sub = mit.subdomain("1.1").unwrap();
    assert_eq!(
        sub.label(),
        "1.1 Unfair discrimination and misrepresentation"
    );
    assert_eq!(mit.subdomain(&sub.label()), Some(sub));
    assert_eq!(mit.subdomain("7.6 > Multi-agent risks").unwrap().id, "7.6");
    assert_eq!(mit.domain("1. Discrimination & Toxicity").unwrap().id, "1");
    assert_eq!(
        mit.domain("6").unwrap().label(),
        "6. Socioeconomic & Environmental"
    );
    assert!(mit.subdomain("7.7").is_none());
    assert!(mit.subdomain("").is_none());
    assert!(mit.domain("Privacy").is_none());
}

#[test]
fn the_causal_taxonomy_is_three_by_three() {
    let mit = mit_repository().unwrap();
    let dims: Vec<&str> = mit.causal.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(dims, ["entity", "intent", "timing"]);
    for dim in &mit.causal {
        let codes: Vec<u8> = dim.levels.iter().map(|l| l.code).collect();
        assert_eq!(codes, [1, 2, 3], "{}", dim.id);
        assert_eq!(dim.levels[2].name, "Other");
        assert!(dim.levels.iter().all(|l| !l.description.is_empty()));
    }
    // The enums follow the data.
    for (dim, labels) in [
        ("entity", MitEntity::ALL.map(MitEntity::label)),
        ("intent", MitIntent::ALL.map(MitIntent::label)),
        ("timing", MitTiming::ALL.map(MitTiming::label)),
    ] {
        let names: Vec<&str> = mit
            .causal_dimension(dim)
            .unwrap()
            .levels
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        assert_eq!(names, labels);
    }
    assert_eq!(
        MitTiming::PreDeployment.description(),
        "The risk occurs before the AI is deployed"
    );
    assert_eq!(
        MitEntity::Ai.description(),
        "The risk is caused by a decision or action made by an AI system"
    );
}

#[test]
fn iso_ids_are_well_formed_unique_and_complete() {
    let iso = iso_ids().unwrap();
    let well_formed = |id: &str, prefix: &str| {
        id.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .split('.')
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    let clauses: Vec<&str> = iso
        .iso_23894
        .clauses
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert!(
        clauses
            .iter()
            .all(|id| well_formed(id, "") && id.starts_with('6'))
    );
    for anchor in ["6.4.2", "6.4.3", "6.4.4", "6.5", "6.6", "6.7"] {
        assert!(clauses.contains(&anchor), "{anchor}");
    }
    let groups: Vec<&str> = iso.iso_42001.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        groups,
        [
            "A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9", "A.10"
        ]
    );
    let mut controls = 0;
    for group in &iso.iso_42001.groups {
        assert!(well_formed(&group.id, "A."));
        for control in &group.controls {
            assert!(well_formed(&control.id, "A."), "{}", control.id);
            assert!(control.id.starts_with(&format!("{}.", group.id)));
            assert!(!control.label.trim().is_empty());
            controls += 1;
        }
    }
    assert_eq!(controls, 38);
    let refs = iso.references();
    let unique: std::collections::HashSet<&String> = refs.iter().map(|(r, _)| r).collect();
    assert_eq!(unique.len(), refs.len());
    assert_eq!(refs.len(), clauses.len() + 38);
    assert!(iso.reference("ISO/IEC 23894 6.4.2").is_some());
    assert!(iso.reference("ISO/IEC 42001 A.6.2.6").is_some());
    assert!(iso.reference("ISO/IEC 42001 A.6.2.9").is_none());
    assert!(iso.reference("A.6.2.6").is_none());
    assert!(iso.notice.contains("not reproduced"));
}

#[test]
fn every_attribution_is_present() {
    let lines = attributions();
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|(_, text)| !text.contains("malformed")));
    assert!(lines[2].1.contains("CC BY 4.0"));
}

#[test]
fn custom_category_ids_continue_after_the_largest() {
    assert_eq!(next_custom_category_id(&[]), "cat-1");
    let taken = [
        CustomCategory {
            category_id: "cat-2".to_owned(),
            ..CustomCategory::default()
        },
        CustomCategory {
            category_id: "vendor".to_owned(),
            ..CustomCategory::default()
        },
    ];
    assert_eq!(next_custom_category_id(&taken), "cat-3");
}
