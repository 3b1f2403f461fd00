//! Governance records: the AI review board (members, charter, quorum) and its decisions with votes and vetoes,
//! red-team exercises and their findings, bias-bounty submissions and third-line assurance reviews, each
//! linkable to risks of the register.
//!
//! The rules (who may vote or veto, quorum, the outcome of a decision, whether a release may proceed) are in
//! [`rules`]; the release gate and the report read them from there.

pub mod history;
pub mod rules;

use serde::{Deserialize, Serialize};

use super::IsoDate;
pub use super::severity::Severity;

/// Everything governance records in a project.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Governance {
    /// The AI review board.
    pub board: ReviewBoard,
    /// Decisions of the board, oldest first.
    pub decisions: Vec<Decision>,
    /// Red-team exercises.
    pub red_team: Vec<RedTeamExercise>,
    /// Bias-bounty submissions.
    pub bounty: Vec<BountySubmission>,
    /// Third-line (internal audit) assurance reviews.
    pub assurance: Vec<AssuranceReview>,
}

impl Governance {
    /// Whether nothing is recorded (then left out of the project file).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The AI review board.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewBoard {
    /// Members, each with a name unique on the board.
    pub members: Vec<BoardMember>,
    /// What the board decides and how (its charter, in a paragraph).
    pub charter: String,
    /// How many members must vote for a decision to count; 0 means a majority of the members.
    pub quorum: u32,
}

/// A member of the review board.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardMember {
    /// Full name (unique on the board).
    pub name: String,
    /// Role (e.g. "Chief risk officer").
    pub role: String,
    /// Whether the member may veto a decision.
    pub can_veto: bool,
}

/// What a decision is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DecisionKind {
    /// Whether the system (or a version) may be released: it gates `riskbench check`.
    #[default]
    Release,
    /// Acceptance of a residual risk.
    RiskAcceptance,
    /// Anything else the board decides.
    Other,
}

impl DecisionKind {
    /// Every value, in display order.
    pub const ALL: [Self; 3] = [Self::Release, Self::RiskAcceptance, Self::Other];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Release => "Release",
            Self::RiskAcceptance => "Risk acceptance",
            Self::Other => "Other",
        }
    }
}

/// A member's vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum VoteChoice {
    /// In favour.
    #[default]
    For,
    /// Against.
    Against,
    /// Present, not voting either way (counts towards the quorum).
    Abstain,
}

impl VoteChoice {
    /// Every value, in display order.
    pub const ALL: [Self; 3] = [Self::For, Self::Against, Self::Abstain];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::For => "For",
            Self::Against => "Against",
            Self::Abstain => "Abstain",
        }
    }
}

/// One member's vote on a decision.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Vote {
    /// The member's name.
    pub member: String,
    /// How they voted.
    pub choice: VoteChoice,
    /// When the vote was cast (left out of the file when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<IsoDate>,
}

/// A veto on a decision, and its lifting.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Veto {
    /// The member who vetoed.
    pub by: String,
    /// Why.
    pub reason: String,
    /// When.
    pub date: Option<IsoDate>,
    /// When the veto was lifted, by whom and why; `None` while it stands.
    pub lifted: Option<VetoLift>,
}

/// The lifting of a veto.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VetoLift {
    /// Who lifted it (the member who vetoed, or the board).
    pub by: String,
    /// Why (e.g. "conditions met: R-3 mitigated").
    pub reason: String,
    /// When.
    pub date: Option<IsoDate>,
}

/// A decision put to the board.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Decision {
    /// Stable id (`D-1`).
    pub decision_id: String,
    /// What is decided (e.g. "Release v2.3 to production").
    pub title: String,
    /// What it is about.
    pub kind: DecisionKind,
    /// When the board met on it.
    pub date: Option<IsoDate>,
    /// The votes cast, one per member.
    pub votes: Vec<Vote>,
    /// A veto, if one was used.
    pub veto: Option<Veto>,
    /// Conditions, minutes, rationale.
    pub notes: String,
    /// Risks the decision is about.
    pub risk_ids: Vec<String>,
    /// Votes a member replaced by a later vote, oldest first (left out of the file while empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub earlier_votes: Vec<Vote>,
    /// Vetoes that were lifted and followed by a new veto, oldest first (left out of the file while empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub earlier_vetoes: Vec<Veto>,
}

/// A red-team exercise.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RedTeamExercise {
    /// Stable id (`RT-1`).
    pub exercise_id: String,
    /// Name of the exercise.
    pub title: String,
    /// What was attacked, and how (scope and rules of engagement).
    pub scope: String,
    /// First day.
    pub start: Option<IsoDate>,
    /// Last day.
    pub end: Option<IsoDate>,
    /// The red team's members.
    pub team: Vec<String>,
    /// What they found.
    pub findings: Vec<RedTeamFinding>,
}

/// A finding of a red-team exercise.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RedTeamFinding {
    /// Stable id (`RTF-1`), unique in the project.
    pub finding_id: String,
    /// What was found.
    pub title: String,
    /// How bad it is.
    pub severity: Severity,
    /// The risk of the register it feeds, if any.
    pub risk_id: Option<String>,
}

/// Triage status of a bias-bounty submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TriageStatus {
    /// Received, not looked at.
    #[default]
    New,
    /// Being reproduced.
    Triaging,
    /// Reproduced and valid.
    Accepted,
    /// Already reported.
    Duplicate,
    /// Not reproduced or out of scope.
    Rejected,
    /// Fixed.
    Resolved,
}

impl TriageStatus {
    /// Every value, in display order.
    pub const ALL: [Self; 6] = [
        Self::New,
        Self::Triaging,
        Self::Accepted,
        Self::Duplicate,
        Self::Rejected,
        Self::Resolved,
    ];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Triaging => "Triaging",
            Self::Accepted => "Accepted",
            Self::Duplicate => "Duplicate",
            Self::Rejected => "Rejected",
            Self::Resolved => "Resolved",
        }
    }
}

/// A submission to the bias bounty.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BountySubmission {
    /// Stable id (`BB-1`).
    pub submission_id: String,
    /// Who reported it.
    pub reporter: String,
    /// When it was received.
    pub received: Option<IsoDate>,
    /// The bias found.
    pub finding: String,
    /// How to reproduce it: inputs, data or a path to them.
    pub reproduction: String,
    /// Where it stands.
    pub triage: TriageStatus,
    /// Reward paid or promised.
    #[serde(default, deserialize_with = "crate::model::finite::option_f64")]
    pub reward: Option<f64>,
    /// Currency of the reward.
    pub currency: String,
    /// The risk of the register it feeds, if any.
    pub risk_id: Option<String>,
}

/// The opinion of an assurance review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AssuranceOpinion {
    /// Not given yet.
    #[default]
    Pending,
    /// Controls are adequate and effective.
    Satisfactory,
    /// Some controls need improvement.
    NeedsImprovement,
    /// Controls are inadequate.
    Unsatisfactory,
}

impl AssuranceOpinion {
    /// Every value, in display order.
    pub const ALL: [Self; 4] = [
        Self::Pending,
        Self::Satisfactory,
        Self::NeedsImprovement,
        Self::Unsatisfactory,
    ];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Satisfactory => "Satisfactory",
            Self::NeedsImprovement => "Needs improvement",
            Self::Unsatisfactory => "Unsatisfactory",
        }
    }
}

/// A third-line assurance review (internal audit).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssuranceReview {
    /// Stable id (`AR-1`).
    pub review_id: String,
    /// What was reviewed.
    pub title: String,
    /// Who reviewed it.
    pub reviewer: String,
    /// When the opinion was given.
    pub date: Option<IsoDate>,
    /// The opinion.
    pub opinion: AssuranceOpinion,
    /// Findings and recommendations.
    pub findings: String,
    /// Risks the review covers.
    pub risk_ids: Vec<String>,
}

#[cfg(test)]
mod tests;
