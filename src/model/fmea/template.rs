//! The "ML pipeline FMEA" template: typical failure modes of each pipeline step, with causes, current
//! controls, ratings and a recommended action, written as a starting point the team then adapts.
//!
//! Ratings assume a typical tabular decision model (credit, fraud, triage) in a regulated setting with
//! the controls listed; teams re-rate them for their own system.

use super::rating::Rating;
use super::row::{ActionStatus, FmeaRow};
use super::worksheet::{FmeaWorksheet, ROW_ID_PREFIX};

/// The pipeline steps the template covers, in pipeline order; each row's item is one of them.
pub const ML_PIPELINE_STEPS: [&str; 8] = [
    "Data collection",
    "Labelling",
    "Feature engineering",
    "Training",
    "Evaluation",
    "Deployment",
    "Monitoring",
    "Feedback loops",
];

/// Title given to a worksheet made from the template.
pub const ML_PIPELINE_TEMPLATE_TITLE: &str = "ML pipeline FMEA";

struct Entry {
    step: usize,
    function: &'static str,
    failure_mode: &'static str,
    effect: &'static str,
    affected_groups: &'static [&'static str],
    severity: u8,
    cause: &'static str,
    prevention_controls: &'static str,
    occurrence: u8,
    detection_controls: &'static str,
    detection: u8,
    recommended_action: &'static str,
}

const DATA_COLLECTION: usize = 0;
const LABELLING: usize = 1;
const FEATURE_ENGINEERING: usize = 2;
const TRAINING: usize = 3;
const EVALUATION: usize = 4;
const DEPLOYMENT: usize = 5;
const MONITORING: usize = 6;
const FEEDBACK_LOOPS: usize = 7;

const ENTRIES: &[Entry] = &[
    // ---- Data collection
    Entry {
        step: DATA_COLLECTION,
        function: "Provide training data that represents the population the model will score",
        failure_mode: "A group the model will serve is under-represented in the training sample",
        effect: "Higher error rates for that group, hidden in overall metrics; unequal approval or detection \
                 rates",
        affected_groups: &[
            "Under-represented applicant groups (e.g. rural, young, recent migrants)",
        ],
        severity: 8,
        cause: "Sample drawn from past customers only (selection bias); collection channel excludes people \
                without online access",
        prevention_controls: "Datasheet documents the sampling frame; representation targets per group agreed \
                              before collection",
        occurrence: 6,
        detection_controls: "Group shares in the data profile compared by hand with the applicant population",
        detection: 6,
        recommended_action: "Add a representation check to ingestion that blocks training when a monitored \
                             group's share falls below 80% of its share in the reference population; collect \
                             or reweight data to close the gap",
    },
    Entry {
        step: DATA_COLLECTION,
        function: "Use only personal data with a lawful basis for this purpose",
        failure_mode: "Personal data beyond the stated purpose, or special-category data, lands in the \
                       training set",
        effect: "Data protection breach: data must be deleted and the model retrained; regulator enforcement \
                 and fines",
        affected_groups: &["Data subjects"],
        severity: 9,
        cause: "Source export includes unreviewed fields (free-text notes, health or location data); data \
                collected for servicing reused for scoring",
        prevention_controls: "Data protection impact assessment; field allow-list in the extraction query",
        occurrence: 4,
        detection_controls: "Privacy review of the data dictionary at project start only",
        detection: 7,
        recommended_action: "Make the extraction job fail on columns not in the allow-list; scan free-text \
                             fields for special-category data before landing; repeat the privacy review on \
                             every schema change",
    },
    Entry {
        step: DATA_COLLECTION,
        function: "Deliver source data with stable schema and meaning",
        failure_mode: "Upstream source changes units, encodings or category codes without notice",
        effect: "Features computed on wrong values; every score shifts while no error is raised",
        affected_groups: &["All decision subjects", "Operations team"],
        severity: 7,
        cause: "No data contract with the source owner; category code list reissued; positional CSV extract",
        prevention_controls: "Versioned extraction query; source team announces changes informally",
        occurrence: 6,
        detection_controls: "Schema check on column names and types at ingestion (misses unit and code changes)",
        detection: 5,
        recommended_action: "Agree a data contract with the source owner; add value-range, unit and \
                             category-set expectations that stop the pipeline on violation",
    },
    // ---- Labelling
    Entry {
        step: LABELLING,
        function: "Assign each training example the correct target label",
        failure_mode: "Annotators label ambiguous cases inconsistently",
        effect: "Noisy targets cap accuracy and teach annotator-specific bias; evaluation on the same labels \
                 overstates quality",
        affected_groups: &["Decision subjects with borderline cases"],
        severity: 6,
        cause: "Guidelines leave edge cases undefined; no calibration session; each item labelled once",
        prevention_controls: "Written labelling guidelines with examples",
        occurrence: 7,
        detection_controls: "Lead annotator spot-checks 1% of items",
        detection: 7,
        recommended_action: "Double-label a 10% sample, track Cohen's kappa per class and retrain annotators \
                             below 0.7; add adjudicated edge cases to the guidelines",
    },
    Entry {
        step: LABELLING,
        function: "Define a target that measures the outcome the model should predict",
        failure_mode: "Past human decisions are used as labels and encode discriminatory practice",
        effect: "The model automates past unequal treatment of protected groups; discrimination claims",
        affected_groups: &["Protected groups (sex, ethnicity, age, disability)"],
        severity: 10,
        cause: "Target is the past decision ('approved') instead of the outcome ('repaid'); outcomes observed \
                only for approved cases",
        prevention_controls: "Target definition approved by the model risk committee",
        occurrence: 5,
        detection_controls: "Fairness metrics on the test set, measured against the same historical labels",
        detection: 7,
        recommended_action: "Use an outcome-based target; apply reject inference for unobserved outcomes; \
                             audit label rates by group against an independent reference before training",
    },
    Entry {
        step: LABELLING,
        function: "Produce vendor labels at the contracted accuracy",
        failure_mode: "Annotators accept the tool's preselected default label",
        effect: "Systematic false negatives in the labels; the model under-predicts the positive class and \
                 misses cases that need intervention",
        affected_groups: &["People whose cases need intervention"],
        severity: 7,
        cause: "Annotation UI preselects the majority class; vendor paid per item labelled, not per item correct",
        prevention_controls: "Quality clause in the vendor contract",
        occurrence: 6,
        detection_controls: "Gold-standard items in 2% of tasks; vendor accuracy report monthly",
        detection: 5,
        recommended_action: "Remove preselected defaults from the annotation UI; pay per verified item; raise \
                             gold items to 5% and reject batches below 95% gold accuracy automatically",
    },
    // ---- Feature engineering
    Entry {
        step: FEATURE_ENGINEERING,
        function: "Build features only from information available at prediction time",
        failure_mode: "Target leakage: a feature is derived from data recorded after the prediction point",
        effect: "Offline metrics look excellent, production performance collapses; the released model was \
                 never really validated",
        affected_groups: &["All decision subjects"],
        severity: 7,
        cause: "Join on customer id without a point-in-time cut-off (e.g. collection calls used in a default \
                model)",
        prevention_controls: "Feature store with event timestamps; code review",
        occurrence: 5,
        detection_controls: "Review of implausibly strong features; offline vs shadow-mode metric comparison",
        detection: 5,
        recommended_action: "Enforce point-in-time joins in the feature store API; add a test that fails when \
                             any single feature alone reaches AUC above 0.9",
    },
    Entry {
        step: FEATURE_ENGINEERING,
        function: "Compute features identically in training and serving",
        failure_mode: "Training/serving skew: a feature is computed differently online than in training",
        effect: "Production scores differ from validated behaviour for some or all inputs, without any error",
        affected_groups: &["All decision subjects"],
        severity: 7,
        cause: "Feature logic written twice (SQL for training, application code for serving) with different \
                handling of nulls and time zones",
        prevention_controls: "Shared feature definitions for most features; exceptions documented",
        occurrence: 6,
        detection_controls: "Weekly comparison of training and serving feature distributions",
        detection: 6,
        recommended_action: "Serve features from the training transformation code; log served feature vectors \
                             and replay a daily sample through the training pipeline, alerting on any mismatch",
    },
    Entry {
        step: FEATURE_ENGINEERING,
        function: "Use features that are justified and non-discriminatory",
        failure_mode: "A feature acts as a proxy for a protected attribute",
        effect: "Indirect discrimination through postcode, first name, device type or shopping pattern",
        affected_groups: &["Protected groups (ethnicity, sex, age)"],
        severity: 9,
        cause: "Features chosen by predictive power alone; no check of their association with protected \
                attributes",
        prevention_controls: "Compliance approves the feature list",
        occurrence: 5,
        detection_controls: "Correlation screen against protected attributes, only where those are collected",
        detection: 6,
        recommended_action: "Measure how well each feature predicts protected attributes on a consented \
                             reference sample; require written justification above the threshold; compare \
                             group metrics with and without flagged features",
    },
    // ---- Training
    Entry {
        step: TRAINING,
        function: "Learn relationships that generalise to new inputs",
        failure_mode: "The model learns a spurious correlation (source, site, scanner or time artefact)",
        effect: "Good test results, failure on data from new sources or sites after launch",
        affected_groups: &["Decision subjects from new sources, sites or channels"],
        severity: 7,
        cause: "Source correlates with the label in training data; a random split puts the same artefact in \
                train and test",
        prevention_controls: "Data from several sources; regularisation",
        occurrence: 5,
        detection_controls: "Random hold-out test set",
        detection: 7,
        recommended_action: "Evaluate on a split grouped by source or site; inspect attributions on a review \
                             sample for features that should be irrelevant; balance sources in sampling",
    },
    Entry {
        step: TRAINING,
        function: "Produce a model that can be rebuilt and audited",
        failure_mode: "The training run cannot be reproduced",
        effect: "The approved model cannot be rebuilt or audited; fixes cannot be checked against the \
                 validated baseline; documentation duties unmet",
        affected_groups: &["Model risk and internal audit", "Regulators"],
        severity: 5,
        cause: "Unpinned library versions, unrecorded random seeds, training data read from a mutable table",
        prevention_controls: "Dependency lock file; experiment tracking",
        occurrence: 6,
        detection_controls: "Model registry requires a training run id; nobody re-runs training",
        detection: 8,
        recommended_action: "Snapshot training data by content hash; record seeds, container image digest and \
                             data hash in the registry; rebuild one model per quarter and compare metrics",
    },
    Entry {
        step: TRAINING,
        function: "Select the model on data kept apart from the final test",
        failure_mode: "Model selection and early stopping use the test set",
        effect: "Reported performance is optimistic; the released model performs worse than signed off",
        affected_groups: &["All decision subjects", "Model approvers"],
        severity: 6,
        cause: "Test set reused across many experiments for tuning and early stopping",
        prevention_controls: "Validation split defined in the pipeline configuration",
        occurrence: 6,
        detection_controls: "Peer review of experiment notebooks",
        detection: 7,
        recommended_action: "Lock the final test set so only the release job can read it; log each access; \
                             evaluate it once per release candidate",
    },
    // ---- Evaluation
    Entry {
        step: EVALUATION,
        function: "Show the model meets release criteria for every group it serves",
        failure_mode: "Aggregate metrics hide poor performance for a subgroup",
        effect: "Model released with materially higher false-negative or false-positive rates for a group",
        affected_groups: &[
            "Groups by sex, age band, ethnicity, disability",
            "Small and intersectional groups",
        ],
        severity: 8,
        cause: "Release criteria on overall AUC only; too few test examples to measure small groups",
        prevention_controls: "Fairness metrics listed in the model development standard",
        occurrence: 6,
        detection_controls: "Sliced metrics in the evaluation notebook, read by the developer",
        detection: 6,
        recommended_action: "Make per-group TPR and FPR with confidence intervals a release gate with \
                             thresholds set by the fairness owner; oversample small groups in the test set",
    },
    Entry {
        step: EVALUATION,
        function: "Estimate performance as it will be in production",
        failure_mode: "The test set does not reflect the production population or period",
        effect: "Sign-off rests on performance that does not hold after launch",
        affected_groups: &["All decision subjects"],
        severity: 6,
        cause: "Random split of historical data instead of an out-of-time split; launch in a new market or \
                channel",
        prevention_controls: "Out-of-time validation required by the model development standard",
        occurrence: 5,
        detection_controls: "Test and recent production feature distributions compared before release",
        detection: 5,
        recommended_action: "Use an out-of-time window as the primary release metric; run the model in shadow \
                             mode on live traffic before go-live",
    },
    Entry {
        step: EVALUATION,
        function: "Deliver scores that can be read as probabilities",
        failure_mode: "Calibration is not evaluated while downstream rules treat scores as probabilities",
        effect: "Thresholds and expected-loss figures are wrong; too many or too few cases go to human review",
        affected_groups: &["Decision subjects near the threshold", "Case handlers"],
        severity: 6,
        cause: "Only ranking metrics (AUC) evaluated; class re-weighting in training distorts probabilities",
        prevention_controls: "None specific to calibration",
        occurrence: 7,
        detection_controls: "Business owner reviews referral volumes after launch",
        detection: 7,
        recommended_action: "Report reliability curves and expected calibration error per group; recalibrate on \
                             a held-out set; set review thresholds on calibrated scores",
    },
    // ---- Deployment
    Entry {
        step: DEPLOYMENT,
        function: "Serve exactly the approved model version",
        failure_mode: "A wrong model version or artefact is deployed",
        effect: "An unvalidated model makes live decisions; decisions made before rollback need review",
        affected_groups: &["All decision subjects"],
        severity: 8,
        cause: "Serving configuration points at a 'latest' tag; manual copy of model files in a hotfix",
        prevention_controls: "CI/CD deploys from the model registry",
        occurrence: 3,
        detection_controls: "Post-deployment smoke test checks only that the endpoint responds",
        detection: 6,
        recommended_action: "Deploy by immutable registry version and artefact hash; smoke-test predictions on \
                             a fixed golden set against the values recorded at validation and block traffic on \
                             mismatch",
    },
    Entry {
        step: DEPLOYMENT,
        function: "Score only inputs inside the validated domain",
        failure_mode: "Out-of-scope inputs are scored without warning",
        effect: "Confident but meaningless outputs for people outside the intended population",
        affected_groups: &[
            "People outside the intended population (e.g. minors, other languages, new products)",
        ],
        severity: 8,
        cause: "No input domain check at the API; intended-use limits stated only in the model card",
        prevention_controls: "Intended use documented in the model card; API contract with client teams",
        occurrence: 5,
        detection_controls: "None before scoring; monthly review of volumes by segment",
        detection: 8,
        recommended_action: "Add an input domain validator (ranges, categories, language, out-of-distribution \
                             score) that routes out-of-scope requests to human review and logs them",
    },
    Entry {
        step: DEPLOYMENT,
        function: "Keep human review of model recommendations effective",
        failure_mode: "Reviewers rubber-stamp model recommendations (automation bias)",
        effect: "Human oversight exists on paper only; model errors pass unchallenged to decisions",
        affected_groups: &["Decision subjects", "Reviewers"],
        severity: 8,
        cause: "Queue targets of hundreds of cases a day; the score is shown before the case facts",
        prevention_controls: "Reviewer training at onboarding",
        occurrence: 7,
        detection_controls: "Monthly override-rate report",
        detection: 6,
        recommended_action: "Show case facts before the score; track time per case and override rate per \
                             reviewer; seed known-wrong recommendations to measure reviewer attention",
    },
    Entry {
        step: DEPLOYMENT,
        function: "Fall back safely when the model is unavailable or switched off",
        failure_mode: "No working fallback when the model service fails or the kill switch is used",
        effect: "Decisions stop, or default to an unsafe value such as auto-approve, during the outage",
        affected_groups: &["Decision subjects during the outage", "Operations team"],
        severity: 7,
        cause: "Client defaults to approve on timeout; manual process neither staffed nor rehearsed",
        prevention_controls: "Timeout handling in client code",
        occurrence: 4,
        detection_controls: "Uptime alerting on the endpoint",
        detection: 3,
        recommended_action: "Define the fallback (rules or human review) per decision type; fail closed on \
                             timeout; test the kill switch every quarter",
    },
    // ---- Monitoring
    Entry {
        step: MONITORING,
        function: "Detect loss of model performance in production",
        failure_mode: "Data or concept drift goes unnoticed",
        effect: "Performance degrades for weeks or months; wrong decisions accumulate before anyone reacts",
        affected_groups: &["All decision subjects"],
        severity: 7,
        cause: "Ground-truth labels arrive 3–12 months late; monitoring covers latency and error rates only",
        prevention_controls: "Scheduled retraining every 12 months",
        occurrence: 7,
        detection_controls: "Quarterly manual performance review once labels arrive",
        detection: 7,
        recommended_action: "Monitor input drift (PSI per feature, weekly) and the score distribution daily \
                             with alert thresholds; trigger a review when PSI exceeds 0.25 on a top-10 feature",
    },
    Entry {
        step: MONITORING,
        function: "Detect loss of fairness in production",
        failure_mode: "A group's error rate rises after launch while overall metrics stay stable",
        effect: "Unequal treatment persists for months unnoticed",
        affected_groups: &["Protected groups", "Intersectional subgroups"],
        severity: 8,
        cause: "Population mix or behaviour of one group changes; protected attributes not available in \
                production",
        prevention_controls: "Fairness assessed at release only",
        occurrence: 5,
        detection_controls: "Aggregate performance dashboard",
        detection: 8,
        recommended_action: "Compute group metrics monthly on a consented monitoring sample; alert when a group \
                             ratio falls below 0.8; name an accountable owner for the alert",
    },
    Entry {
        step: MONITORING,
        function: "Make monitoring alerts lead to action",
        failure_mode: "Alerts are ignored (alert fatigue or no owner)",
        effect: "Detected problems are not acted on; monitoring gives governance false assurance",
        affected_groups: &["Decision subjects", "Model risk function"],
        severity: 6,
        cause: "Thresholds too tight, so most alerts are false alarms; alerts routed to a shared inbox",
        prevention_controls: "Runbook for model alerts",
        occurrence: 6,
        detection_controls: "Monthly count of open alerts reported to the model owner",
        detection: 5,
        recommended_action: "Tune thresholds on history to a target false-alarm rate; route alerts to an \
                             on-call rota with acknowledgement deadlines; report unacknowledged alerts to the \
                             risk committee",
    },
    // ---- Feedback loops
    Entry {
        step: FEEDBACK_LOOPS,
        function: "Retrain on outcomes that cover the whole population",
        failure_mode: "Selective labels: only cases the model approved ever get outcomes",
        effect: "The model never learns it was wrong about rejected people; bias against initially rejected \
                 groups is locked in",
        affected_groups: &["Groups rejected more often in the past"],
        severity: 8,
        cause: "Retraining uses outcomes of approved or treated cases only; no exploration",
        prevention_controls: "None",
        occurrence: 8,
        detection_controls: "Annual independent model validation",
        detection: 8,
        recommended_action: "Keep a small randomised or human-decided holdout to observe outcomes across the \
                             score range; apply reject inference; compare approval rates by group across \
                             retraining cycles",
    },
    Entry {
        step: FEEDBACK_LOOPS,
        function: "Direct attention without distorting the data it generates",
        failure_mode: "Runaway loop: segments flagged more are inspected more and so yield more recorded cases",
        effect: "Initial differences between areas or groups are amplified with each retraining",
        affected_groups: &["Neighbourhoods and customer segments flagged early"],
        severity: 9,
        cause: "Recorded case counts used as the label without adjusting for inspection intensity",
        prevention_controls: "Cap on the share of inspections per segment",
        occurrence: 6,
        detection_controls: "Quarterly review of flag rates by region",
        detection: 6,
        recommended_action: "Model the hit rate per inspection, not counts; allocate a share of inspections at \
                             random; monitor flag-rate and hit-rate divergence by segment",
    },
    Entry {
        step: FEEDBACK_LOOPS,
        function: "Learn from user feedback without being manipulated",
        failure_mode: "Feedback used for retraining is poisoned or unrepresentative",
        effect: "Retraining shifts the model towards the manipulators (e.g. fraudsters marking their own \
                 transactions legitimate)",
        affected_groups: &["Customers", "Fraud victims"],
        severity: 7,
        cause: "User feedback accepted as labels without verification; a few accounts produce most feedback",
        prevention_controls: "Rate limit on feedback per account",
        occurrence: 5,
        detection_controls: "Manual review of a feedback sample before each retraining",
        detection: 6,
        recommended_action: "Cap each account's share of feedback and weight it by account reputation; test \
                             each retrained model against the previous one on verified labels before promotion",
    },
];

/// A new worksheet from the ML pipeline template, with rows `FM-1`, `FM-2`, … in pipeline order.
///
/// Every row has a recommended action with status Open and no owner or date yet: the team assigns them.
///
/// ```
/// use riskbench::model::fmea::{ml_pipeline_template, ML_PIPELINE_STEPS};
/// let sheet = ml_pipeline_template("fmea-1");
/// assert!(ML_PIPELINE_STEPS.iter().all(|step| sheet.rows.iter().any(|r| r.item == *step)));
/// assert!(sheet.rows_lacking_required_action().is_empty());
/// ```
#[must_use]
pub fn ml_pipeline_template(worksheet_id: impl Into<String>) -> FmeaWorksheet {
    let rows = ENTRIES
        .iter()
        .enumerate()
        .map(|(i, e)| FmeaRow {
            row_id: format!("{ROW_ID_PREFIX}{}", i + 1),
            item: ML_PIPELINE_STEPS
                .get(e.step)
                .copied()
                .unwrap_or_default()
                .to_owned(),
            function: e.function.to_owned(),
            failure_mode: e.failure_mode.to_owned(),
            effect: e.effect.to_owned(),
            affected_groups: e.affected_groups.iter().map(|g| (*g).to_owned()).collect(),
            severity: Rating::new(e.severity),
            cause: e.cause.to_owned(),
            prevention_controls: e.prevention_controls.to_owned(),
            occurrence: Rating::new(e.occurrence),
            detection_controls: e.detection_controls.to_owned(),
            detection: Rating::new(e.detection),
            recommended_action: e.recommended_action.to_owned(),
            status: Some(ActionStatus::Open),
            ..FmeaRow::default()
        })
        .collect();
    FmeaWorksheet {
        worksheet_id: worksheet_id.into(),
        title: ML_PIPELINE_TEMPLATE_TITLE.to_owned(),
        scope: "Template: typical failure modes of an ML pipeline from data collection to feedback loops. \
                Adapt items, causes and controls to the system and re-rate every row."
            .to_owned(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::super::rating::ActionPriority;
    use super::*;

    #[test]
    fn every_step_has_at_least_two_rows_in_pipeline_order() {
        let sheet = ml_pipeline_template("fmea-1");
        for step in ML_PIPELINE_STEPS {
            let n = sheet.rows.iter().filter(|r| r.item == step).count();
            assert!(n >= 2, "{step}: {n} rows");
        }
        let positions: Vec<usize> = sheet
            .rows
            .iter()
            .map(|r| ML_PIPELINE_STEPS.iter().position(|s| *s == r.item).unwrap())
            .collect();
        assert!(positions.is_sorted(), "{positions:?}");
    }

    #[test]
    fn rows_are_complete_and_rated_in_range() {
        let sheet = ml_pipeline_template("fmea-1");
        let mut ids = std::collections::HashSet::new();
        for row in &sheet.rows {
            assert!(ids.insert(row.row_id.clone()));
            let (s, o, d) = row.ratings().expect("all three ratings set");
            for r in [s, o, d] {
                assert!((1..=10).contains(&r.get()));
            }
            for text in [
                &row.function,
                &row.failure_mode,
                &row.effect,
                &row.cause,
                &row.prevention_controls,
                &row.detection_controls,
                &row.recommended_action,
            ] {
                assert!(!text.trim().is_empty(), "{}", row.row_id);
                assert!(
                    !text.contains("  "),
                    "double space in {}: {text}",
                    row.row_id
                );
                assert!(
                    !text.ends_with('.'),
                    "{}: cells are phrases, no full stop",
                    row.row_id
                );
            }
            assert!(!row.affected_groups.is_empty(), "{}", row.row_id);
            assert!(!row.has_revision());
        }
    }

    #[test]
    fn template_spans_all_priorities_and_flags_nothing_required() {
        let sheet = ml_pipeline_template("fmea-1");
        let counts = sheet.priority_counts().before;
        for ap in ActionPriority::ALL {
            assert!(counts.get(ap) > 0, "no {ap:?} row");
        }
        assert_eq!(counts.unrated, 0);
        assert!(sheet.rows_lacking_required_action().is_empty());
    }
}
