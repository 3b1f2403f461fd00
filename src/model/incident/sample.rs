//! The moderation-incident sample as data: a content-moderation model whose false positive rate for African
//! American English (AAE) posts jumps from 10% to 40% after a retraining on 2026-02-16, the press notices,
//! the kill switch falls back to human review, and the team finds the root cause and plans the recovery.
//!
//! [`moderation_project`] builds everything a person would enter (register, bow-tie, FMEA, the incident with
//! its timeline, war room, 5 Whys and fishbone, saved audits and a windowed drift set); the dataset
//! fingerprints and the drift result are filled in by the caller (`riskbench new --template
//! moderation-incident`), which has the files. The numbers quoted in the text follow from the generator's
//! parameters (`sample_projects/moderation_incident/data/generate_moderation_posts.py`).

use super::{
    AiidFields, EffectData, Fallback, FishboneCategory, Incident, KillSwitch, Phase, PhaseRecord,
    Severity, Timestamp, WarRoomFunction, WarRoomMember, add_corrective_action,
};
use crate::model::audit::{AuditSpec, SavedAudit};
use crate::model::drift::{FairnessDriftSpec, SavedDrift, WindowSize, WindowSpec};
use crate::model::fmea::{FmeaRow, FmeaWorksheet, Rating};
use crate::model::register::{Control, ControlEffectiveness, Risk, RiskStatus, TreatmentOption};
use crate::model::{DatasetRef, DatasetRole, IsoDate, Person, Project};

/// The data files of the sample, relative to the project's folder, with their dataset ids and names.
pub const DATA_FILES: [(&str, &str, &str); 3] = [
    (
        "ds-1",
        "Moderation log, 12 weeks",
        "data/moderation_posts.csv",
    ),
    (
        "ds-2",
        "Model v1 decisions (before retraining)",
        "data/moderation_posts_model_v1.csv",
    ),
    (
        "ds-3",
        "Model v2 decisions (after retraining)",
        "data/moderation_posts_model_v2.csv",
    ),
];

fn t(text: &str) -> Option<Timestamp> {
    text.parse().ok()
}

fn d(y: i32, m: u8, day: u8) -> Option<IsoDate> {
    IsoDate::from_ymd(y, m, day)
}

fn r(v: u8) -> Option<Rating> {
    Rating::new(v)
}

fn risk(id: &str, title: &str, owner: &str, description: &str) -> Risk {
    let mut risk = Risk::new(id);
    title.clone_into(&mut risk.title);
    owner.clone_into(&mut risk.owner);
    description.clone_into(&mut risk.description);
    risk.treatment = Some(TreatmentOption::Mitigate);
    risk.status = RiskStatus::InTreatment;
    risk.affected_groups = vec!["Authors writing in African American English".to_owned()];
    risk
}

fn register() -> Vec<Risk> {
    let mut r1 = risk(
        "R-1",
        "Lawful posts in one dialect removed far more often than others",
        "Head of Trust & Safety",
        "The toxicity model flags African American English as toxic more often than Standard American \
         English for posts that do not break the rules, so lawful speech of one community is removed.",
    );
    "Training data and labels that under-represent the dialect".clone_into(&mut r1.cause);
    "False positive rate for AAE posts well above other dialects".clone_into(&mut r1.event);
    "Silenced speech, discrimination claims, press coverage".clone_into(&mut r1.consequence);
    r1.controls.push(Control {
        name: "Appeals process".to_owned(),
        description: "Removed posts can be appealed; a panel decides within 48 hours".to_owned(),
        effectiveness: ControlEffectiveness::PartiallyEffective,
        owner: "Appeals lead".to_owned(),
    });
    let mut r2 = risk(
        "R-2",
        "Model update released without per-dialect evaluation",
        "ML platform lead",
        "Retrained models pass a pooled accuracy gate; nothing checks error rates per dialect before release.",
    );
    "Release gate on pooled metrics only".clone_into(&mut r2.cause);
    let mut r3 = risk(
        "R-3",
        "Loss of public trust and regulatory exposure after a moderation failure",
        "Chief Communications Officer",
        "Visible moderation failures draw press and regulator attention (EU Digital Services Act \
         transparency and complaint-handling duties).",
    );
    "Regulator enquiry, users leaving the platform".clone_into(&mut r3.consequence);
    vec![r1, r2, r3]
}

fn bowtie(project: &mut Project) {
    let set = &mut project.bowties;
    let Ok(id) = set.new_bowtie("Lawful speech removed by the moderation model") else {
        return;
    };
    if let Some(b) = set.bowtie_mut(&id) {
        "Automated removal of user posts".clone_into(&mut b.hazard);
        "Model removes lawful posts of one community at a far higher rate"
            .clone_into(&mut b.top_event);
        b.risk_ids = vec!["R-1".to_owned(), "R-2".to_owned()];
    }
    let (Ok(data), Ok(release), Ok(silenced), Ok(press)) = (
        set.add_threat(&id, "Training data under-represents a dialect"),
        set.add_threat(&id, "Retrained model released without subgroup checks"),
        set.add_consequence(&id, "Authors silenced, discrimination claims"),
        set.add_consequence(&id, "Press coverage and regulator enquiry"),
    ) else {
        return;
    };
    let _ = set.add_barrier(&id, &data, "Dialect-stratified sampling and labelling");
    let _ = set.add_barrier(
        &id,
        &release,
        "Per-dialect false positive gate before release",
    );
    let _ = set.add_barrier(&id, &release, "Weekly fairness monitoring by dialect");
    let _ = set.add_barrier(&id, &silenced, "Appeals process (48-hour panel review)");
    let _ = set.add_barrier(&id, &press, "Kill switch with fallback to human review");
}

fn fmea() -> FmeaWorksheet {
    let mut w = FmeaWorksheet::new("fmea-1", "Moderation pipeline FMEA");
    "Toxicity model, from training data to removal decision".clone_into(&mut w.scope);
    let mut a = FmeaRow::new("FM-1");
    "Training data".clone_into(&mut a.item);
    "Dialect groups under-sampled in the labelled set".clone_into(&mut a.failure_mode);
    "Higher false positive rate for the under-sampled dialect".clone_into(&mut a.effect);
    "Sampling by platform volume, not by dialect".clone_into(&mut a.cause);
    (a.severity, a.occurrence, a.detection) = (r(8), r(5), r(7));
    "Stratify labelling by dialect".clone_into(&mut a.recommended_action);
    let mut b = FmeaRow::new("FM-2");
    "Release gate".clone_into(&mut b.item);
    "Gate checks pooled accuracy only".clone_into(&mut b.failure_mode);
    "A model worse for one group is released".clone_into(&mut b.effect);
    "No subgroup metric in the release checklist".clone_into(&mut b.cause);
    (b.severity, b.occurrence, b.detection) = (r(8), r(4), r(8));
    w.rows = vec![a, b];
    w
}

fn datasets() -> Vec<DatasetRef> {
    DATA_FILES
        .iter()
        .map(|(id, name, path)| DatasetRef {
            dataset_id: (*id).to_owned(),
            name: (*name).to_owned(),
            path: (*path).to_owned(),
            role: DatasetRole::Production,
            label_positive: Some("1".to_owned()),
            ..DatasetRef::default()
        })
        .collect()
}

fn audit(audit_id: &str, name: &str, dataset_id: &str) -> SavedAudit {
    SavedAudit {
        audit_id: audit_id.to_owned(),
        name: name.to_owned(),
        dataset_id: dataset_id.to_owned(),
        spec: AuditSpec {
            label: "appeal_outcome".to_owned(),
            prediction: Some("removed".to_owned()),
            positive: Some("1".to_owned()),
            pred_positive: Some("1".to_owned()),
            sensitive: vec!["dialect".to_owned()],
            reference: [("dialect".to_owned(), "SAE".to_owned())]
                .into_iter()
                .collect(),
            ..AuditSpec::default()
        },
    }
}

fn drift() -> SavedDrift {
    SavedDrift {
        drift_id: "drift-1".to_owned(),
        name: "Weekly false positive rate by dialect".to_owned(),
        reference_dataset_id: "ds-1".to_owned(),
        current_dataset_id: "ds-1".to_owned(),
        windows: Some(WindowSpec {
            time_column: "post_date".to_owned(),
            window: WindowSize::Week,
            reference_window: 1,
            fairness: Some(FairnessDriftSpec {
                label: "appeal_outcome".to_owned(),
                prediction: Some("removed".to_owned()),
                positive: Some("1".to_owned()),
                sensitive: vec!["dialect".to_owned()],
                ..FairnessDriftSpec::default()
            }),
        }),
        options: crate::model::drift::DriftOptions {
            columns: vec!["toxicity_score".to_owned(), "removed".to_owned()],
            ..crate::model::drift::DriftOptions::default()
        },
        ..SavedDrift::default()
    }
}

fn member(name: &str, function: WarRoomFunction, role: &str) -> WarRoomMember {
    WarRoomMember {
        name: name.to_owned(),
        function,
        role: role.to_owned(),
    }
}

fn phase(start: &str, end: &str, notes: &str) -> PhaseRecord {
    PhaseRecord {
        start: t(start),
        end: t(end),
        notes: notes.to_owned(),
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "the sample's text, one field after another"
)]
fn incident() -> Incident {
    let mut inc = Incident::new("INC-1");
    "AAE posts removed at four times the false positive rate after retraining"
        .clone_into(&mut inc.title);
    "Model v2 of the toxicity classifier, deployed on 2026-02-16, removed lawful posts written in \
        African American English (AAE) at a false positive rate of 40% against 10% for Standard American English \
        (SAE) and Indian English. Appeals rose, a journalist asked for comment on 2026-03-06, and the kill switch \
        moved all removal decisions to human review on 2026-03-08.".clone_into(&mut inc.summary);
    inc.severity = Severity::High;
    inc.opened = t("2026-02-16 06:00");
    inc.closed = t("2026-03-27 17:00");
    inc.phases.detection = phase(
        "2026-03-04 09:30",
        "2026-03-06 16:00",
        "Appeal volume for AAE posts tripled; the weekly audit confirmed the false positive gap.",
    );
    inc.phases.containment = phase(
        "2026-03-06 16:00",
        "2026-03-08 18:00",
        "War room convened; kill switch pulled with fallback to human review.",
    );
    inc.phases.recovery = phase(
        "2026-03-09 08:00",
        "2026-03-25 17:00",
        "Wrongly removed posts restored; relabelling of the AAE sample; model v1 thresholds restored for \
         scoring only.",
    );
    inc.phases.post_incident = phase(
        "2026-03-26 10:00",
        "2026-03-27 17:00",
        "Post-mortem, governance changes and the public incident report.",
    );
    inc.affected_groups = vec![
        "Authors writing in African American English".to_owned(),
        "Readers of their communities".to_owned(),
    ];
    inc.harms = vec![
        "Lawful AAE posts removed by model v2: 8 of every 20 a day, 168 in the 21-day log, against 2 of 20 before"
            .to_owned(),
        "Chilling effect on speech in the affected community".to_owned(),
        "Press coverage and loss of trust".to_owned(),
    ];
    inc.aiid = AiidFields {
        deployer: "Example social platform (Trust & Safety)".to_owned(),
        developer: "In-house ML platform team".to_owned(),
        harmed_parties: vec!["Users writing in African American English".to_owned()],
        harm_type: super::HARM_TYPES[0].to_owned(),
    };
    inc.war_room = vec![
        member(
            "Priya Raman",
            WarRoomFunction::Engineering,
            "ML platform lead (incident commander)",
        ),
        member(
            "Tomás Lindqvist",
            WarRoomFunction::Engineering,
            "Data science lead",
        ),
        member("Grace Okafor", WarRoomFunction::Legal, "Product counsel"),
        member(
            "Daniel Weiss",
            WarRoomFunction::Communications,
            "Head of communications",
        ),
        member(
            "Amara Johnson",
            WarRoomFunction::Executive,
            "VP Trust & Safety",
        ),
    ];
    inc.add_decision(
        t("2026-03-06 17:30"),
        "Convene the war room; freeze model releases",
        &["Amara Johnson"],
    );
    inc.add_decision(
        t("2026-03-08 18:00"),
        "Pull the kill switch: every removal decided by human review until a fixed model passes the \
         per-dialect gate",
        &["Amara Johnson", "Priya Raman"],
    );
    inc.add_decision(
        t("2026-03-09 11:00"),
        "Restore wrongly removed posts and notify their authors",
        &["Grace Okafor", "Amara Johnson"],
    );
    inc.add_decision(
        t("2026-03-12 15:00"),
        "Publish an incident report once the root cause is confirmed",
        &["Daniel Weiss", "Grace Okafor"],
    );
    for (at, text, ph) in [
        (
            "2026-02-16 06:00",
            "Model v2 (retrained toxicity classifier) deployed to all traffic",
            Phase::Detection,
        ),
        (
            "2026-03-04 09:30",
            "Appeals team reports AAE appeals tripled since mid-February",
            Phase::Detection,
        ),
        (
            "2026-03-05 14:00",
            "Weekly fairness audit: AAE false positive rate 40% vs 10% for SAE",
            Phase::Detection,
        ),
        (
            "2026-03-06 11:15",
            "Journalist asks for comment on removals of AAE posts",
            Phase::Detection,
        ),
        (
            "2026-03-06 16:00",
            "Incident declared (severity high); war room convened",
            Phase::Containment,
        ),
        (
            "2026-03-08 18:00",
            "Kill switch pulled: removals decided by human review",
            Phase::Containment,
        ),
        (
            "2026-03-09 11:00",
            "Restoration of wrongly removed posts starts",
            Phase::Recovery,
        ),
        (
            "2026-03-16 10:00",
            "Root cause confirmed: AAE under-sampled in the v2 labelling batch",
            Phase::Recovery,
        ),
        (
            "2026-03-25 17:00",
            "Restoration complete; relabelled AAE sample delivered",
            Phase::Recovery,
        ),
        (
            "2026-03-26 10:00",
            "Post-mortem with the war room",
            Phase::PostIncident,
        ),
        (
            "2026-03-27 12:00",
            "Public incident report published",
            Phase::PostIncident,
        ),
    ] {
        if let Some(at) = t(at) {
            inc.add_event(at, text, ph);
        }
    }
    inc.kill_switch = Some(KillSwitch {
        criteria: "Plan criterion: pull when the false positive rate of any dialect exceeds twice the SAE rate \
            for a week, or on a credible public report of disparate removals."
            .to_owned(),
        pulled_by: "Amara Johnson".to_owned(),
        pulled_at: t("2026-03-08 18:00"),
        fallback: Fallback::HumanReview,
        notes: "Model scores still logged for monitoring; human reviewers decide every removal.".to_owned(),
        effect_data: Some(EffectData {
            dataset_id: "ds-1".to_owned(),
            time_column: "post_date".to_owned(),
            group_column: "dialect".to_owned(),
            decision_column: "removed".to_owned(),
            decision_value: "1".to_owned(),
            label_column: "appeal_outcome".to_owned(),
            label_negative: "0".to_owned(),
            window_days: 14,
        }),
    });
    whys(&mut inc);
    fishbone(&mut inc);
    inc.audit_ids = vec!["audit-1".to_owned(), "audit-2".to_owned()];
    inc.drift_ids = vec!["drift-1".to_owned()];
    inc.governance_changes = vec![
        "AI review board set up with veto power (Govern › Governance); it decides every release (D-1)".to_owned(),
        "Dialect red team before each release (RT-1) and a bias bounty open to outside researchers (BB-1)"
            .to_owned(),
        "Release gate: no model ships unless every dialect's false positive rate is within 1.25× of SAE's"
            .to_owned(),
        "Weekly fairness KRI by dialect reviewed by Trust & Safety (second line)".to_owned(),
        "Kill-switch criteria added to the model's operating plan, with the VP Trust & Safety as owner".to_owned(),
        "Labelling vendors must stratify samples by dialect; quarterly audit of the labelled set".to_owned(),
    ];
    "Pooled metrics hid a four-fold gap for one dialect. The appeals data showed it two weeks \
        before the audit did: appeal rates by group are now a monitored signal."
        .clone_into(&mut inc.lessons);
    "Between 16 February and 8 March 2026 an update to our automated moderation model \
        removed lawful posts written in African American English far more often than other posts: about 4 in \
        10 lawful posts in that dialect that the model reviewed were removed, against 1 in 10 for other \
        dialects. On 8 March we switched removals to human review; the wrongly removed posts have been \
        restored and their authors notified. The cause was training data that under-represented the dialect, \
        and a release check that looked only at overall accuracy. We have changed how we label data and how \
        we test models before release, and we now monitor error rates by dialect every week.".clone_into(&mut inc.public_statement);
    inc
}

fn whys(inc: &mut Incident) {
    let w = &mut inc.whys;
    "The false positive rate for AAE posts jumped from 10% to 40% after model v2 was deployed"
        .clone_into(&mut w.problem);
    let Ok(w1) = w.add(
        None,
        "Model v2 scores lawful AAE posts as toxic more often than v1",
        "audit-2 against audit-1: AAE false positive rate 0.40 vs 0.10; SAE unchanged at 0.10",
    ) else {
        return;
    };
    let w2 = w.add(
        Some(&w1),
        "The v2 training batch had few AAE examples, labelled by annotators unfamiliar with the dialect",
        "Labelling vendor's batch report: 3% AAE against 11% in traffic",
    );
    let _ = w.add(
        Some(&w1),
        "The decision threshold was re-tuned on pooled data",
        "Tuning notebook of 2026-02-12",
    );
    let w4 = w.add(
        None,
        "The release gate did not catch the gap",
        "Release checklist v3: pooled accuracy and AUC only",
    );
    if let Ok(w2) = w2 {
        let w5 = w.add(
            Some(&w2),
            "Labelling was sampled by platform volume, not stratified by dialect",
            "Vendor contract, sampling clause",
        );
        if let Ok(w5) = w5
            && let Some(x) = w.get_mut(&w5)
        {
            x.root_cause = true;
        }
    }
    if let Ok(w4) = w4
        && let Ok(w6) = w.add(
            Some(&w4),
            "No one owned subgroup evaluation in the release process",
            "RACI of the ML release process",
        )
        && let Some(x) = w.get_mut(&w6)
    {
        x.root_cause = true;
    }
}

fn fishbone(inc: &mut Incident) {
    let f = &mut inc.fishbone;
    "AAE false positive rate 40% vs 10% after retraining".clone_into(&mut f.effect);
    let c1 = f.add(
        FishboneCategory::Data,
        None,
        "AAE under-sampled in the v2 labelling batch",
    );
    f.add(
        FishboneCategory::Data,
        Some(&c1),
        "Sampling by volume, not by dialect",
    );
    f.add(
        FishboneCategory::Data,
        None,
        "Annotators unfamiliar with AAE",
    );
    f.add(
        FishboneCategory::Model,
        None,
        "Threshold re-tuned on pooled data",
    );
    f.add(
        FishboneCategory::CodePipeline,
        None,
        "Release gate computes pooled metrics only",
    );
    f.add(
        FishboneCategory::Infrastructure,
        None,
        "Full rollout, no canary by dialect",
    );
    f.add(
        FishboneCategory::People,
        None,
        "No owner for subgroup evaluation",
    );
    f.add(
        FishboneCategory::Process,
        None,
        "Appeal trends not reviewed weekly",
    );
    let m = f.add(
        FishboneCategory::Measurement,
        None,
        "No per-dialect monitoring before the incident",
    );
    f.add(
        FishboneCategory::Environment,
        None,
        "AAE share of traffic grew after a viral trend",
    );
    // Links to the barriers that failed and the FMEA rows that missed them (bow-tie barriers B-1 to B-3).
    if let Some(c) = f.get_mut(&c1) {
        c.barrier_id = Some("B-1".to_owned());
        c.fmea_row = Some("fmea-1/FM-1".to_owned());
    }
    if let Some(c) = f.get_mut("C-5") {
        c.barrier_id = Some("B-2".to_owned());
        c.fmea_row = Some("fmea-1/FM-2".to_owned());
    }
    if let Some(c) = f.get_mut(&m) {
        c.barrier_id = Some("B-3".to_owned());
    }
}

/// The governance the incident led to: a review board with veto power, the release decision for the
/// retrained model (vetoed until the shadow test met the dialect gate, then approved), a dialect red team, a
/// bias-bounty report and the internal audit's review.
fn governance() -> crate::model::governance::Governance {
    use crate::model::governance::{
        AssuranceOpinion, AssuranceReview, BoardMember, BountySubmission, Decision, DecisionKind,
        Governance, RedTeamExercise, RedTeamFinding, ReviewBoard, Severity, TriageStatus, Veto,
        VetoLift, Vote, VoteChoice,
    };
    let member = |name: &str, role: &str, can_veto: bool| BoardMember {
        name: name.to_owned(),
        role: role.to_owned(),
        can_veto,
    };
    let vote = |member: &str| Vote {
        member: member.to_owned(),
        choice: VoteChoice::For,
        date: None,
    };
    Governance {
        board: ReviewBoard {
            members: vec![
                member("Amara Johnson", "VP Trust & Safety (chair)", true),
                member("Grace Okafor", "Product counsel", true),
                member("Priya Raman", "ML platform lead", false),
                member("Daniel Weiss", "Head of communications", false),
            ],
            charter: "Set up after INC-1: no moderation model is released, retrained or re-tuned without the \
                board's decision; the chair and counsel may veto a release until the per-dialect gate passes."
                .to_owned(),
            quorum: 3,
        },
        decisions: vec![Decision {
            decision_id: "D-1".to_owned(),
            title: "Resume automated removals with toxicity-v2.1 (retrained on the dialect-stratified set)"
                .to_owned(),
            kind: DecisionKind::Release,
            date: d(2026, 5, 4),
            votes: vec![vote("Amara Johnson"), vote("Priya Raman"), vote("Daniel Weiss")],
            veto: Some(Veto {
                by: "Grace Okafor".to_owned(),
                reason: "Shadow test: AAE false positive rate 12.1% against 9.0% for SAE, above the 1.25× gate"
                    .to_owned(),
                date: d(2026, 5, 4),
                lifted: Some(VetoLift {
                    by: "Grace Okafor".to_owned(),
                    reason: "Second shadow test after per-dialect thresholds: 9.4% against 8.8% (1.07×)"
                        .to_owned(),
                    date: d(2026, 5, 20),
                }),
            }),
            notes: "Human review stays on for AAE posts scored 0.5–0.7 for the first month.".to_owned(),
            risk_ids: vec!["R-1".to_owned(), "R-2".to_owned()],
            ..Decision::default()
        }],
        red_team: vec![RedTeamExercise {
            exercise_id: "RT-1".to_owned(),
            title: "Dialect red team on toxicity-v2.1".to_owned(),
            scope: "Reclaimed terms, code-switching and quoted slurs in AAE, SAE and Indian English".to_owned(),
            start: d(2026, 4, 20),
            end: d(2026, 4, 24),
            team: vec!["Trust & Safety policy".to_owned(), "External AAE linguists (2)".to_owned()],
            findings: vec![RedTeamFinding {
                finding_id: "F-1".to_owned(),
                title: "Reclaimed terms in AAE still removed at twice the SAE rate".to_owned(),
                severity: Severity::High,
                risk_id: Some("R-1".to_owned()),
            }],
        }],
        bounty: vec![BountySubmission {
            submission_id: "BB-1".to_owned(),
            reporter: "Independent researcher".to_owned(),
            received: d(2026, 3, 30),
            finding: "AAE spellings of common words add about 0.2 to the toxicity score".to_owned(),
            reproduction: "40 paired posts (AAE and SAE spelling, same meaning) with their scores".to_owned(),
            triage: TriageStatus::Accepted,
            reward: Some(1500.0),
            currency: "USD".to_owned(),
            risk_id: Some("R-1".to_owned()),
        }],
        assurance: vec![AssuranceReview {
            review_id: "AR-1".to_owned(),
            title: "Internal audit of the post-incident controls".to_owned(),
            reviewer: "Internal audit (third line)".to_owned(),
            date: d(2026, 6, 15),
            opinion: AssuranceOpinion::NeedsImprovement,
            findings: "Per-dialect gate in place and tested; appeal-rate monitoring not yet automated.".to_owned(),
            risk_ids: vec!["R-2".to_owned()],
        }],
    }
}

/// The whole sample project dated `today` (datasets without fingerprints, the drift set without a result).
#[must_use]
pub fn moderation_project(today: IsoDate) -> Project {
    let mut p = Project::blank("Content moderation model (toxicity classifier v2)", today);
    let m = &mut p.metadata;
    "Classifies user posts as toxic and removes those scored 0.5 or above; appeals go to a \
        human panel. This project records the March 2026 incident in which model v2 removed lawful posts in \
        African American English at four times the rate of other dialects.".clone_into(&mut m.description);
    "VP Trust & Safety".clone_into(&mut m.owner);
    "Example social platform".clone_into(&mut m.organisation);
    "toxicity-v2.0".clone_into(&mut m.system_version);
    m.authors = vec![Person {
        name: "Priya Raman".to_owned(),
        role: "ML platform lead".to_owned(),
        ..Person::default()
    }];
    m.approvers = vec![Person {
        name: "Amara Johnson".to_owned(),
        role: "VP Trust & Safety".to_owned(),
        line_of_defence: crate::model::LineOfDefence::Second,
    }];
    p.datasets = datasets();
    p.risks = register();
    bowtie(&mut p);
    p.fmea_worksheets = vec![fmea()];
    p.audits = vec![
        audit(
            "audit-1",
            "Model v1: removals by dialect (before retraining)",
            "ds-2",
        ),
        audit(
            "audit-2",
            "Model v2: removals by dialect (after retraining)",
            "ds-3",
        ),
    ];
    p.drift.drifts = vec![drift()];
    p.incidents = vec![incident()];
    p.governance = governance();
    for (risk_id, text, owner, due) in [
        (
            "R-1",
            "Relabel a dialect-stratified sample with AAE-fluent annotators",
            "Tomás Lindqvist",
            d(2026, 4, 15),
        ),
        (
            "R-1",
            "Retrain and re-tune the threshold per dialect; shadow-test two weeks",
            "Tomás Lindqvist",
            d(2026, 5, 1),
        ),
        (
            "R-2",
            "Add the per-dialect false positive gate to the release pipeline",
            "Priya Raman",
            d(2026, 4, 10),
        ),
        (
            "R-2",
            "Weekly fairness KRI by dialect with an alert to Trust & Safety",
            "Priya Raman",
            d(2026, 4, 3),
        ),
        (
            "R-3",
            "Publish the incident report and notify affected authors",
            "Daniel Weiss",
            d(2026, 3, 27),
        ),
    ] {
        let _ = add_corrective_action(&mut p, "INC-1", risk_id, text, owner, due);
    }
    p
}
