//! Tests of the Toolkit JSON reader and writer.

use super::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/model_card")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_toolkit_example_card_imports() {
    let card = from_json(&fixture("cats_vs_dogs_v0_0_2.json")).unwrap();
    let d = &card.model_details;
    assert_eq!(d.name, "Fine-tuned MobileNetV2 Model for Cat vs. Dogs");
    assert_eq!(d.owners.len(), 1);
    assert_eq!(d.owners[0].contact, "model-cards@google.com");
    assert_eq!(d.version.name, "v1.0");
    assert_eq!(d.version.date, "08/28/2020");
    assert_eq!(d.licenses[0].custom_text, "Apache-2.0");
    assert_eq!(d.references.len(), 2);
    assert_eq!(card.model_parameters.data.len(), 2);
    assert_eq!(
        card.model_parameters.data[0].role,
        CardDataRole::Training,
        "named Training Set"
    );
    assert_eq!(card.model_parameters.data[1].graphics.collection.len(), 1);
    let metrics = &card.quantitative_analysis.performance_metrics;
    assert_eq!(metrics.len(), 3);
    assert_eq!(metrics[1].slice, "cat");
    assert_eq!(metrics[1].threshold, "0.5");
    assert_eq!(
        metrics[1].confidence_interval,
        Some(["0.9832885766".to_owned(), "1.0032885766".to_owned()])
    );
    assert!(card.claims.is_empty());
    assert_eq!(card.quantitative_analysis.graphics.collection.len(), 1);
    let c = &card.considerations;
    assert_eq!(c.users, ["Fans of dogs and cats."]);
    assert_eq!(c.limitations.len(), 1);
    assert_eq!(
        c.ethical_considerations[0].mitigation_strategy,
        "Avoid application on non-dog and non-cat images."
    );
}

#[test]
fn an_imported_card_exports_with_the_same_content() {
    for name in ["cats_vs_dogs_v0_0_2.json", "full_v0_0_2.json"] {
        let text = fixture(name);
        let mut original: Value = serde_json::from_str(&text).unwrap();
        // An empty graphics object carries nothing; Riskbench leaves it out.
        if let Some(data) = original
            .pointer_mut("/model_parameters/data")
            .and_then(Value::as_array_mut)
        {
            for d in data {
                let d = d.as_object_mut().unwrap();
                if d.get("graphics") == Some(&json!({})) {
                    d.remove("graphics");
                }
            }
        }
        let card = from_json(&text).unwrap();
        let mut written = to_json(&card, &[]);
        // Riskbench adds the role of each dataset; the rest is the original, key for key.
        if let Some(data) = written
            .pointer_mut("/model_parameters/data")
            .and_then(Value::as_array_mut)
        {
            for d in data {
                d.as_object_mut().unwrap().remove("riskbench_role");
            }
        }
        assert_eq!(written, original, "{name}");
        assert_eq!(from_json(&written.to_string()).unwrap(), card, "{name}");
    }
}

#[test]
fn claims_round_trip_with_their_riskbench_fields() {
    let mut card = ModelCard::default();
    card.model_details.name = "m".into();
    card.claims = vec![
        Claim {
            claim_id: "C-1".into(),
            text: "Accurate for every sex".into(),
            metric: "accuracy".into(),
            scope: ClaimScope::EveryGroup {
                column: "sex".into(),
            },
            comparison: Comparison::AtLeast,
            value: 0.85,
            dataset_id: "ds-1".into(),
        },
        Claim {
            claim_id: "C-2".into(),
            metric: "false_negative_rate".into(),
            scope: ClaimScope::Difference {
                column: "sex".into(),
            },
            comparison: Comparison::AtMost,
            value: 0.05,
            ..Claim::default()
        },
        Claim {
            claim_id: "C-3".into(),
            metric: "true_positive_rate".into(),
            scope: ClaimScope::Group {
                column: "race".into(),
                value: "Other".into(),
            },
            comparison: Comparison::AtLeast,
            value: 0.5,
            ..Claim::default()
        },
    ];
    card.considerations.limitations = vec![Limitation {
        description: "l".into(),
        evidence: vec!["R-1".into()],
    }];
    card.model_parameters.data = vec![CardDataset {
        name: "test".into(),
        dataset_id: "ds-1".into(),
        role: CardDataRole::Evaluation,
        ..CardDataset::default()
    }];
    let json = to_json(&card, &[]);
    assert_eq!(
        json.pointer("/quantitative_analysis/performance_metrics/1/type"),
        Some(&json!("false_negative_rate difference_between_groups"))
    );
    assert_eq!(
        json.pointer("/quantitative_analysis/performance_metrics/0/riskbench_claim/comparison"),
        Some(&json!(">="))
    );
    let back = from_json(&serde_json::to_string_pretty(&json).unwrap()).unwrap();
    assert_eq!(back, card);
}

#[test]
fn other_versions_and_extra_sections_are_refused_with_the_reason() {
    let v1 = fixture("cats_vs_dogs_v0_0_2.json").replacen("\"0.0.2\"", "\"0.0.1\"", 1);
    let e = from_json(&v1).unwrap_err().0;
    assert!(
        e.starts_with(
            "schema_version is \"0.0.1\": Riskbench reads Model Card Toolkit cards of schema 0.0.2"
        ),
        "{e}"
    );
    assert!(
        from_json("{}")
            .unwrap_err()
            .0
            .starts_with("the card has no schema_version")
    );
    let e = from_json(r#"{"schema_version": "0.0.2", "claims": []}"#)
        .unwrap_err()
        .0;
    assert!(e.starts_with("claims: not a top-level section"), "{e}");
    let e =
        from_json(r#"{"schema_version": "0.0.2", "model_details": {"owners": [{"name": ["x"]}]}}"#)
            .unwrap_err()
            .0;
    assert_eq!(e, "model_details.owners[0].name: expected text");
    let e = from_json("{\"schema_version\": \n 0.2").unwrap_err().0;
    assert!(e.starts_with("not valid JSON at line 2"), "{e}");
}

#[test]
fn bad_claims_name_their_path() {
    let card = |claim: &str| {
        format!(
            r#"{{"schema_version": "0.0.2", "quantitative_analysis": {{"performance_metrics": [{{"type": "x", "riskbench_claim": {claim}}}]}}}}"#
        )
    };
    let e = from_json(&card(
        r#"{"metric": "acuracy", "comparison": ">=", "value": "0.8"}"#,
    ))
    .unwrap_err()
    .0;
    assert!(
        e.starts_with(
            "quantitative_analysis.performance_metrics[0].riskbench_claim.metric: unknown metric \"acuracy\""
        ),
        "{e}"
    );
    let e = from_json(&card(
        r#"{"metric": "accuracy", "comparison": "=", "value": "0.8"}"#,
    ))
    .unwrap_err()
    .0;
    assert!(e.ends_with("expected >= or <=, found \"=\""), "{e}");
    let e = from_json(&card(
        r#"{"metric": "accuracy", "scope": "every_group", "comparison": ">=", "value": "0.8"}"#,
    ))
    .unwrap_err()
    .0;
    assert!(e.ends_with("this scope needs a \"column\""), "{e}");
}
