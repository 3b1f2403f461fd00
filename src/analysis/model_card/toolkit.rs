//! Model Card Toolkit JSON, schema 0.0.2 (`model_card_toolkit/schema/v0.0.2/model_card.schema.json` of
//! github.com/tensorflow/model-card-toolkit): written from the project's card and read into it.
//!
//! The schema forbids extra keys at the top level only, so Riskbench's own fields sit inside the objects
//! that allow them, each prefixed `riskbench_`: a claim is a `quantitative_analysis.performance_metrics`
//! entry (type = the metric, slice = where it holds, value and `confidence_interval` = what the audit
//! measured) with a `riskbench_claim` object holding the claim itself and its verdict; a dataset of
//! `model_parameters.data` carries `riskbench_dataset_id` and `riskbench_role`; a limitation carries
//! `riskbench_evidence`. Numbers are text, as the schema wants. Keys are written in sorted order, so the
//! output is deterministic. Reading is strict where the schema is (the version, unknown top-level keys,
//! value types) and names the path of what is wrong.

use serde_json::{Map, Value, json};

use super::claims::ClaimCheck;
use crate::model::model_card::{
    CardDataRole, CardDataset, Citation, Claim, ClaimScope, Comparison, Considerations,
    EthicalConsideration, Graphic, Graphics, KeyValue, License, Limitation, ModelCard,
    ModelDetails, ModelParameters, Owner, PerformanceMetric, QuantitativeAnalysis, Version,
};

/// The schema version written and read.
pub const SCHEMA_VERSION: &str = "0.0.2";

/// The top-level keys the schema allows.
const TOP_LEVEL: [&str; 5] = [
    "schema_version",
    "model_details",
    "model_parameters",
    "quantitative_analysis",
    "considerations",
];

/// Why a card could not be read. The message names the path of the offending value.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct ToolkitError(pub String);

fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    if !value.is_empty() {
        map.insert(key.to_owned(), Value::String(value.to_owned()));
    }
}

fn put_list(map: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    if !items.is_empty() {
        map.insert(key.to_owned(), Value::Array(items));
    }
}

fn put_obj(map: &mut Map<String, Value>, key: &str, obj: Map<String, Value>) {
    if !obj.is_empty() {
        map.insert(key.to_owned(), Value::Object(obj));
    }
}

fn descriptions(items: &[String]) -> Vec<Value> {
    items.iter().map(|d| json!({ "description": d })).collect()
}

fn graphics_json(g: &Graphics) -> Map<String, Value> {
    let mut m = Map::new();
    put(&mut m, "description", &g.description);
    put_list(
        &mut m,
        "collection",
        g.collection
            .iter()
            .map(|x| {
                let mut o = Map::new();
                put(&mut o, "name", &x.name);
                put(&mut o, "description", &x.description);
                put(&mut o, "image", &x.image);
                Value::Object(o)
            })
            .collect(),
    );
    m
}

/// A number as the schema's text, in Rust's shortest round-trip form.
fn num(v: f64) -> String {
    format!("{v}")
}

fn scope_json(scope: &ClaimScope) -> (&'static str, Option<&str>, Option<&str>) {
    match scope {
        ClaimScope::Overall => ("overall", None, None),
        ClaimScope::Group { column, value } => ("group", Some(column), Some(value)),
        ClaimScope::EveryGroup { column } => ("every_group", Some(column), None),
        ClaimScope::Difference { column } => ("difference", Some(column), None),
        ClaimScope::Ratio { column } => ("ratio", Some(column), None),
    }
}

fn claim_metric(claim: &Claim, check: Option<&ClaimCheck>) -> Value {
    let (kind, column, group) = scope_json(&claim.scope);
    let mut inner = Map::new();
    inner.insert("claim_id".into(), json!(claim.claim_id));
    inner.insert("metric".into(), json!(claim.metric));
    inner.insert("scope".into(), json!(kind));
    if let Some(c) = column {
        inner.insert("column".into(), json!(c));
    }
    if let Some(g) = group {
        inner.insert("group".into(), json!(g));
    }
    inner.insert("comparison".into(), json!(claim.comparison.ascii()));
    inner.insert("value".into(), json!(num(claim.value)));
    if !claim.text.is_empty() {
        inner.insert("text".into(), json!(claim.text));
    }
    if !claim.dataset_id.is_empty() {
        inner.insert("dataset_id".into(), json!(claim.dataset_id));
    }
    let mut m = Map::new();
    let metric_type = match &claim.scope {
        ClaimScope::Difference { .. } => format!("{} difference_between_groups", claim.metric),
        ClaimScope::Ratio { .. } => format!("{} ratio_between_groups", claim.metric),
        _ => claim.metric.clone(),
    };
    m.insert("type".into(), json!(metric_type));
    m.insert("slice".into(), json!(claim.scope.describe()));
    if let Some(check) = check {
        inner.insert("verdict".into(), json!(check.verdict.label()));
        inner.insert("reason".into(), json!(check.reason));
        if let Some(audit) = &check.audit_name {
            inner.insert("audit".into(), json!(audit));
        }
        if let Some(row) = check.deciding_row() {
            if let Some(v) = row.measured.value {
                m.insert("value".into(), json!(num(v)));
            }
            if let Some([lo, hi]) = row.measured.interval {
                m.insert(
                    "confidence_interval".into(),
                    json!({"lower_bound": num(lo), "upper_bound": num(hi)}),
                );
            }
            if row.group != "overall" {
                inner.insert("measured_group".into(), json!(row.group));
            }
        }
    }
    m.insert("riskbench_claim".into(), Value::Object(inner));
    Value::Object(m)
}

#[expect(
    clippy::many_single_char_names,
    reason = "one letter per section, as in the schema's order"
)]
/// The card as Model Card Toolkit JSON (schema 0.0.2). With `checks` (from
/// [`super::claims::check_claims`], in claim order) each claim carries what was measured and its verdict.
#[must_use]
pub fn to_json(card: &ModelCard, checks: &[ClaimCheck]) -> Value {
    let d = &card.model_details;
    let mut details = Map::new();
    put(&mut details, "name", &d.name);
    put(&mut details, "overview", &d.overview);
    put(&mut details, "documentation", &d.documentation);
    put_list(
        &mut details,
        "owners",
        d.owners
            .iter()
            .map(|o| {
                let mut m = Map::new();
                put(&mut m, "name", &o.name);
                put(&mut m, "contact", &o.contact);
                Value::Object(m)
            })
            .collect(),
    );
    let mut version = Map::new();
    put(&mut version, "name", &d.version.name);
    put(&mut version, "date", &d.version.date);
    put(&mut version, "diff", &d.version.diff);
    put_obj(&mut details, "version", version);
    put_list(
        &mut details,
        "licenses",
        d.licenses
            .iter()
            .map(|l| {
                let mut m = Map::new();
                put(&mut m, "identifier", &l.identifier);
                put(&mut m, "custom_text", &l.custom_text);
                Value::Object(m)
            })
            .collect(),
    );
    put_list(
        &mut details,
        "references",
        d.references
            .iter()
            .map(|r| json!({ "reference": r }))
            .collect(),
    );
    put_list(
        &mut details,
        "citations",
        d.citations
            .iter()
            .map(|c| {
                let mut m = Map::new();
                put(&mut m, "style", &c.style);
                put(&mut m, "citation", &c.citation);
                Value::Object(m)
            })
            .collect(),
    );
    put(&mut details, "path", &d.path);

    let p = &card.model_parameters;
    let mut params = Map::new();
    put(&mut params, "model_architecture", &p.model_architecture);
    put_list(
        &mut params,
        "data",
        p.data
            .iter()
            .map(|x| {
                let mut m = Map::new();
                put(&mut m, "name", &x.name);
                put(&mut m, "link", &x.link);
                put(&mut m, "description", &x.description);
                if !x.sensitive.is_empty() {
                    m.insert("sensitive".into(), json!({ "sensitive_data": x.sensitive }));
                }
                put_obj(&mut m, "graphics", graphics_json(&x.graphics));
                put(&mut m, "riskbench_dataset_id", &x.dataset_id);
                put(&mut m, "riskbench_role", &x.role.label().to_lowercase());
                Value::Object(m)
            })
            .collect(),
    );
    put(&mut params, "input_format", &p.input_format);
    let kv = |items: &[KeyValue]| -> Vec<Value> {
        items
            .iter()
            .map(|k| json!({"key": k.key, "value": k.value}))
            .collect()
    };
    put_list(&mut params, "input_format_map", kv(&p.input_format_map));
    put(&mut params, "output_format", &p.output_format);
    put_list(&mut params, "output_format_map", kv(&p.output_format_map));

    let q = &card.quantitative_analysis;
    let mut metrics: Vec<Value> = q
        .performance_metrics
        .iter()
        .map(|pm| {
            let mut m = Map::new();
            put(&mut m, "type", &pm.metric_type);
            put(&mut m, "value", &pm.value);
            put(&mut m, "slice", &pm.slice);
            put(&mut m, "threshold", &pm.threshold);
            if let Some([lo, hi]) = &pm.confidence_interval {
                m.insert(
                    "confidence_interval".into(),
                    json!({"lower_bound": lo, "upper_bound": hi}),
                );
            }
            Value::Object(m)
        })
        .collect();
    for claim in &card.claims {
        let check = checks.iter().find(|c| c.claim_id == claim.claim_id);
        metrics.push(claim_metric(claim, check));
    }
    let mut quantitative = Map::new();
    put_list(&mut quantitative, "performance_metrics", metrics);
    put_obj(&mut quantitative, "graphics", graphics_json(&q.graphics));

    let c = &card.considerations;
    let mut considerations = Map::new();
    put_list(&mut considerations, "users", descriptions(&c.users));
    put_list(&mut considerations, "use_cases", descriptions(&c.use_cases));
    put_list(
        &mut considerations,
        "limitations",
        c.limitations
            .iter()
            .map(|l| {
                let mut m = Map::new();
                m.insert("description".into(), json!(l.description));
                if !l.evidence.is_empty() {
                    m.insert("riskbench_evidence".into(), json!(l.evidence));
                }
                Value::Object(m)
            })
            .collect(),
    );
    put_list(&mut considerations, "tradeoffs", descriptions(&c.tradeoffs));
    put_list(
        &mut considerations,
        "ethical_considerations",
        c.ethical_considerations
            .iter()
            .map(|e| {
                let mut m = Map::new();
                put(&mut m, "name", &e.name);
                put(&mut m, "mitigation_strategy", &e.mitigation_strategy);
                Value::Object(m)
            })
            .collect(),
    );

    let mut root = Map::new();
    root.insert("schema_version".into(), json!(SCHEMA_VERSION));
    put_obj(&mut root, "model_details", details);
    put_obj(&mut root, "model_parameters", params);
    put_obj(&mut root, "quantitative_analysis", quantitative);
    put_obj(&mut root, "considerations", considerations);
    Value::Object(root)
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

type Obj = Map<String, Value>;

fn err(path: &str, what: &str) -> ToolkitError {
    ToolkitError(format!("{path}: {what}"))
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Obj, ToolkitError> {
    value
        .as_object()
        .ok_or_else(|| err(path, "expected an object"))
}

fn child<'a>(obj: &'a Obj, key: &str, path: &str) -> Result<Option<&'a Obj>, ToolkitError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => object(v, &format!("{path}.{key}")).map(Some),
    }
}

/// Text at `key`; numbers and booleans are accepted as their text (older cards write numbers).
fn text(obj: &Obj, key: &str, path: &str) -> Result<String, ToolkitError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(Value::Bool(b)) => Ok(b.to_string()),
        Some(_) => Err(err(&format!("{path}.{key}"), "expected text")),
    }
}

fn items<'a>(obj: &'a Obj, key: &str, path: &str) -> Result<Vec<(String, &'a Obj)>, ToolkitError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let p = format!("{path}.{key}[{i}]");
                object(v, &p).map(|o| (p, o))
            })
            .collect(),
        Some(_) => Err(err(&format!("{path}.{key}"), "expected a list")),
    }
}

fn described(obj: &Obj, key: &str, path: &str) -> Result<Vec<String>, ToolkitError> {
    items(obj, key, path)?
        .into_iter()
        .map(|(p, o)| text(o, "description", &p))
        .collect()
}

fn graphics(obj: &Obj, path: &str) -> Result<Graphics, ToolkitError> {
    let Some(g) = child(obj, "graphics", path)? else {
        return Ok(Graphics::default());
    };
    let p = format!("{path}.graphics");
    Ok(Graphics {
        description: text(g, "description", &p)?,
        collection: items(g, "collection", &p)?
            .into_iter()
            .map(|(p, o)| {
                Ok(Graphic {
                    name: text(o, "name", &p)?,
                    description: text(o, "description", &p)?,
                    image: text(o, "image", &p)?,
                })
            })
            .collect::<Result<_, ToolkitError>>()?,
    })
}

fn read_claim(inner: &Obj, path: &str) -> Result<Claim, ToolkitError> {
    let column = text(inner, "column", path)?;
    let need_column = || {
        if column.is_empty() {
            Err(err(path, "this scope needs a \"column\""))
        } else {
            Ok(column.clone())
        }
    };
    let scope = match text(inner, "scope", path)?.as_str() {
        "overall" | "" => ClaimScope::Overall,
        "group" => {
            let value = text(inner, "group", path)?;
            if value.is_empty() {
                return Err(err(path, "a group claim needs a \"group\""));
            }
            ClaimScope::Group {
                column: need_column()?,
                value,
            }
        }
        "every_group" => ClaimScope::EveryGroup {
            column: need_column()?,
        },
        "difference" => ClaimScope::Difference {
            column: need_column()?,
        },
        "ratio" => ClaimScope::Ratio {
            column: need_column()?,
        },
        other => {
            return Err(err(
                &format!("{path}.scope"),
                &format!(
                    "unknown scope {other:?}: expected overall, group, every_group, difference or ratio"
                ),
            ));
        }
    };
    let comparison_text = text(inner, "comparison", path)?;
    let comparison = Comparison::parse(&comparison_text).ok_or_else(|| {
        err(
            &format!("{path}.comparison"),
            &format!("expected >= or <=, found {comparison_text:?}"),
        )
    })?;
    let value_text = text(inner, "value", path)?;
    let value: f64 = value_text
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| {
            err(
                &format!("{path}.value"),
                &format!("expected a number, found {value_text:?}"),
            )
        })?;
    let metric = text(inner, "metric", path)?;
    super::claims::parse_metric(&metric).map_err(|e| err(&format!("{path}.metric"), &e))?;
    Ok(Claim {
        claim_id: text(inner, "claim_id", path)?,
        text: text(inner, "text", path)?,
        metric,
        scope,
        comparison,
        value,
        dataset_id: text(inner, "dataset_id", path)?,
    })
}

/// Reads a Model Card Toolkit JSON card (schema 0.0.2).
///
/// # Errors
/// [`ToolkitError`] naming the path: not JSON, another schema version, a key the schema does not allow at
/// the top level, a value of the wrong type, a Riskbench claim that does not parse.
pub fn from_json(input: &str) -> Result<ModelCard, ToolkitError> {
    let value: Value = serde_json::from_str(input).map_err(|e| {
        ToolkitError(format!(
            "not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let root = object(&value, "the card")?;
    match root.get("schema_version") {
        Some(Value::String(v)) if v == SCHEMA_VERSION => {}
        Some(Value::String(v)) => {
            return Err(ToolkitError(format!(
                "schema_version is {v:?}: Riskbench reads Model Card Toolkit cards of schema {SCHEMA_VERSION} \
                 (convert the card with the Toolkit first)"
            )));
        }
        Some(_) => return Err(err("schema_version", "expected text such as \"0.0.2\"")),
        None => {
            return Err(ToolkitError(format!(
                "the card has no schema_version: Riskbench reads Model Card Toolkit cards of schema \
                 {SCHEMA_VERSION}"
            )));
        }
    }
    if let Some(key) = root.keys().find(|k| !TOP_LEVEL.contains(&k.as_str())) {
        return Err(ToolkitError(format!(
            "{key}: not a top-level section of schema {SCHEMA_VERSION} (expected {})",
            TOP_LEVEL.join(", ")
        )));
    }
    let mut card = ModelCard::default();
    if let Some(d) = child(root, "model_details", "")? {
        let p = "model_details";
        let version = child(d, "version", p)?;
        card.model_details = ModelDetails {
            name: text(d, "name", p)?,
            overview: text(d, "overview", p)?,
            documentation: text(d, "documentation", p)?,
            owners: items(d, "owners", p)?
                .into_iter()
                .map(|(p, o)| {
                    Ok(Owner {
                        name: text(o, "name", &p)?,
                        contact: text(o, "contact", &p)?,
                    })
                })
                .collect::<Result<_, ToolkitError>>()?,
            version: match version {
                None => Version::default(),
                Some(v) => Version {
                    name: text(v, "name", "model_details.version")?,
                    date: text(v, "date", "model_details.version")?,
                    diff: text(v, "diff", "model_details.version")?,
                },
            },
            licenses: items(d, "licenses", p)?
                .into_iter()
                .map(|(p, o)| {
                    Ok(License {
                        identifier: text(o, "identifier", &p)?,
                        custom_text: text(o, "custom_text", &p)?,
                    })
                })
                .collect::<Result<_, ToolkitError>>()?,
            references: items(d, "references", p)?
                .into_iter()
                .map(|(p, o)| text(o, "reference", &p))
                .collect::<Result<_, _>>()?,
            citations: items(d, "citations", p)?
                .into_iter()
                .map(|(p, o)| {
                    Ok(Citation {
                        style: text(o, "style", &p)?,
                        citation: text(o, "citation", &p)?,
                    })
                })
                .collect::<Result<_, ToolkitError>>()?,
            path: text(d, "path", p)?,
        };
    }
    if let Some(m) = child(root, "model_parameters", "")? {
        let p = "model_parameters";
        let kv = |key: &str| -> Result<Vec<KeyValue>, ToolkitError> {
            items(m, key, p)?
                .into_iter()
                .map(|(p, o)| {
                    Ok(KeyValue {
                        key: text(o, "key", &p)?,
                        value: text(o, "value", &p)?,
                    })
                })
                .collect()
        };
        card.model_parameters = ModelParameters {
            model_architecture: text(m, "model_architecture", p)?,
            data: items(m, "data", p)?
                .into_iter()
                .map(|(p, o)| read_dataset(o, &p))
                .collect::<Result<_, _>>()?,
            input_format: text(m, "input_format", p)?,
            input_format_map: kv("input_format_map")?,
            output_format: text(m, "output_format", p)?,
            output_format_map: kv("output_format_map")?,
        };
    }
    if let Some(q) = child(root, "quantitative_analysis", "")? {
        let p = "quantitative_analysis";
        let mut analysis = QuantitativeAnalysis {
            performance_metrics: Vec::new(),
            graphics: graphics(q, p)?,
        };
        for (path, o) in items(q, "performance_metrics", p)? {
            if let Some(inner) = child(o, "riskbench_claim", &path)? {
                let mut claim = read_claim(inner, &format!("{path}.riskbench_claim"))?;
                if claim.claim_id.is_empty() || card.claim(&claim.claim_id).is_some() {
                    claim.claim_id = card.next_claim_id();
                }
                card.claims.push(claim);
                continue;
            }
            let interval = match child(o, "confidence_interval", &path)? {
                None => None,
                Some(ci) => {
                    let cp = format!("{path}.confidence_interval");
                    Some([text(ci, "lower_bound", &cp)?, text(ci, "upper_bound", &cp)?])
                }
            };
            analysis.performance_metrics.push(PerformanceMetric {
                metric_type: text(o, "type", &path)?,
                value: text(o, "value", &path)?,
                slice: text(o, "slice", &path)?,
                threshold: text(o, "threshold", &path)?,
                confidence_interval: interval,
            });
        }
        card.quantitative_analysis = analysis;
    }
    if let Some(c) = child(root, "considerations", "")? {
        let p = "considerations";
        card.considerations = Considerations {
            users: described(c, "users", p)?,
            use_cases: described(c, "use_cases", p)?,
            limitations: items(c, "limitations", p)?
                .into_iter()
                .map(|(p, o)| {
                    let evidence = match o.get("riskbench_evidence") {
                        None | Some(Value::Null) => Vec::new(),
                        Some(Value::Array(list)) => list
                            .iter()
                            .map(|v| {
                                v.as_str().map(str::to_owned).ok_or_else(|| {
                                    err(&format!("{p}.riskbench_evidence"), "expected text")
                                })
                            })
                            .collect::<Result<_, _>>()?,
                        Some(_) => {
                            return Err(err(&format!("{p}.riskbench_evidence"), "expected a list"));
                        }
                    };
                    Ok(Limitation {
                        description: text(o, "description", &p)?,
                        evidence,
                    })
                })
                .collect::<Result<_, ToolkitError>>()?,
            tradeoffs: described(c, "tradeoffs", p)?,
            ethical_considerations: items(c, "ethical_considerations", p)?
                .into_iter()
                .map(|(p, o)| {
                    Ok(EthicalConsideration {
                        name: text(o, "name", &p)?,
                        mitigation_strategy: text(o, "mitigation_strategy", &p)?,
                    })
                })
                .collect::<Result<_, ToolkitError>>()?,
        };
    }
    Ok(card)
}

fn read_dataset(o: &Obj, path: &str) -> Result<CardDataset, ToolkitError> {
    let name = text(o, "name", path)?;
    let role = match text(o, "riskbench_role", path)?.as_str() {
        "training" => CardDataRole::Training,
        "" if name.to_lowercase().contains("train") => CardDataRole::Training,
        "evaluation" | "" => CardDataRole::Evaluation,
        other => {
            return Err(err(
                &format!("{path}.riskbench_role"),
                &format!("expected training or evaluation, found {other:?}"),
            ));
        }
    };
    let sensitive = match child(o, "sensitive", path)? {
        None => Vec::new(),
        Some(s) => match s.get("sensitive_data") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(list)) => list
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_owned).ok_or_else(|| {
                        err(&format!("{path}.sensitive.sensitive_data"), "expected text")
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(err(
                    &format!("{path}.sensitive.sensitive_data"),
                    "expected a list",
                ));
            }
        },
    };
    Ok(CardDataset {
        link: text(o, "link", path)?,
        description: text(o, "description", path)?,
        sensitive,
        role,
        dataset_id: text(o, "riskbench_dataset_id", path)?,
        graphics: graphics(o, path)?,
        name,
    })
}

#[cfg(test)]
#[path = "toolkit_tests.rs"]
mod tests;
