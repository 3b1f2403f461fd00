//! The review board's rules: who may vote and veto, the quorum, the outcome of a decision, and which release
//! decisions block the release gate. Edits of votes and vetoes go through [`cast_vote`], [`veto`] and
//! [`lift_veto`], which refuse what the board's rules do not allow with a message that says why.

use super::{Decision, DecisionKind, Governance, ReviewBoard, Veto, VetoLift, Vote, VoteChoice};
use crate::model::IsoDate;

/// Why a governance edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GovernanceError {
    /// The voter is not on the board.
    #[error(
        "{name:?} is not a member of the review board, so cannot vote or veto (members: {members})"
    )]
    NotMember {
        /// Who tried.
        name: String,
        /// The members, comma-separated (or "none yet").
        members: String,
    },
    /// The member has no veto power.
    #[error("{name} is a member of the review board without veto power; only {allowed} may veto")]
    NoVetoRight {
        /// Who tried.
        name: String,
        /// Members who may veto, comma-separated (or "nobody yet").
        allowed: String,
    },
    /// No decision with this id.
    #[error("there is no decision {0}")]
    NoDecision(String),
    /// A veto needs a reason.
    #[error("a veto needs a reason (what must change for the decision to go ahead)")]
    NoReason,
    /// The decision is vetoed already.
    #[error("decision {0} is already vetoed")]
    AlreadyVetoed(String),
    /// Nothing to lift.
    #[error("decision {0} has no veto in force to lift")]
    NoVeto(String),
}

fn list(names: impl Iterator<Item = String>, none: &str) -> String {
    let names: Vec<String> = names.collect();
    if names.is_empty() {
        none.to_owned()
    } else {
        names.join(", ")
    }
}

fn member<'a>(
    board: &'a ReviewBoard,
    name: &str,
) -> Result<&'a super::BoardMember, GovernanceError> {
    board
        .members
        .iter()
        .find(|m| m.name.trim() == name.trim())
        .ok_or_else(|| GovernanceError::NotMember {
            name: name.trim().to_owned(),
            members: list(board.members.iter().map(|m| m.name.clone()), "none yet"),
        })
}

fn decision_mut<'a>(
    gov: &'a mut Governance,
    decision_id: &str,
) -> Result<&'a mut Decision, GovernanceError> {
    gov.decisions
        .iter_mut()
        .find(|d| d.decision_id == decision_id)
        .ok_or_else(|| GovernanceError::NoDecision(decision_id.to_owned()))
}

/// How many votes make a quorum: the board's quorum, or a majority of its members when it is 0.
///
/// ```
/// use riskbench::model::governance::{BoardMember, ReviewBoard, rules::required_quorum};
/// let mut board = ReviewBoard::default();
/// board.members = (0..5).map(|i| BoardMember { name: format!("M{i}"), ..Default::default() }).collect();
/// assert_eq!(required_quorum(&board), 3);
/// board.quorum = 4;
/// assert_eq!(required_quorum(&board), 4);
/// ```
#[must_use]
pub fn required_quorum(board: &ReviewBoard) -> usize {
    if board.quorum == 0 {
        board.members.len() / 2 + 1
    } else {
        usize::try_from(board.quorum).unwrap_or(usize::MAX)
    }
}

/// Records `member`'s vote on a decision (replacing an earlier vote of theirs).
///
/// # Errors
/// The decision does not exist, or `member` is not on the board.
pub fn cast_vote(
    gov: &mut Governance,
    decision_id: &str,
    member_name: &str,
    choice: VoteChoice,
) -> Result<(), GovernanceError> {
    cast_vote_on(gov, decision_id, member_name, choice, None)
}

/// [`cast_vote`] on a known day: the vote carries its date, and a vote the member cast before is kept in
/// the decision's history ([`super::history`]).
///
/// # Errors
/// The decision does not exist, or `member` is not on the board.
pub fn cast_vote_on(
    gov: &mut Governance,
    decision_id: &str,
    member_name: &str,
    choice: VoteChoice,
    date: Option<IsoDate>,
) -> Result<(), GovernanceError> {
    let name = member(&gov.board, member_name)?.name.clone();
    let decision = decision_mut(gov, decision_id)?;
    if let Some(i) = decision.votes.iter().position(|v| v.member.trim() == name) {
        let earlier = decision.votes.remove(i);
        decision.earlier_votes.push(earlier);
    }
    decision.votes.push(Vote {
        member: name,
        choice,
        date,
    });
    Ok(())
}

/// Vetoes a decision.
///
/// # Errors
/// No such decision, not a member, no veto power, no reason, or already vetoed.
pub fn veto(
    gov: &mut Governance,
    decision_id: &str,
    member_name: &str,
    reason: &str,
    date: Option<IsoDate>,
) -> Result<(), GovernanceError> {
    let m = member(&gov.board, member_name)?;
    if !m.can_veto {
        return Err(GovernanceError::NoVetoRight {
            name: m.name.clone(),
            allowed: list(
                gov.board
                    .members
                    .iter()
                    .filter(|m| m.can_veto)
                    .map(|m| m.name.clone()),
                "nobody yet",
            ),
        });
    }
    let by = m.name.clone();
    if reason.trim().is_empty() {
        return Err(GovernanceError::NoReason);
    }
    let decision = decision_mut(gov, decision_id)?;
    if decision.veto.as_ref().is_some_and(|v| v.lifted.is_none()) {
        return Err(GovernanceError::AlreadyVetoed(decision_id.to_owned()));
    }
    if let Some(lifted) = decision.veto.take() {
        decision.earlier_vetoes.push(lifted);
    }
    decision.veto = Some(Veto {
        by,
        reason: reason.trim().to_owned(),
        date,
        lifted: None,
    });
    Ok(())
}

/// Lifts the veto in force on a decision.
///
/// # Errors
/// No such decision, or no veto in force.
pub fn lift_veto(
    gov: &mut Governance,
    decision_id: &str,
    by: &str,
    reason: &str,
    date: Option<IsoDate>,
) -> Result<(), GovernanceError> {
    let decision = decision_mut(gov, decision_id)?;
    match decision.veto.as_mut() {
        Some(v) if v.lifted.is_none() => {
            v.lifted = Some(VetoLift {
                by: by.trim().to_owned(),
                reason: reason.trim().to_owned(),
                date,
            });
            Ok(())
        }
        _ => Err(GovernanceError::NoVeto(decision_id.to_owned())),
    }
}

/// Where a decision stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The board has no members.
    NoBoard,
    /// A veto is in force.
    Vetoed {
        /// Who vetoed.
        by: String,
        /// Why.
        reason: String,
    },
    /// Too few votes.
    NoQuorum {
        /// Valid votes cast.
        cast: usize,
        /// Votes needed.
        required: usize,
    },
    /// More for than against.
    Approved {
        /// Votes for.
        votes_for: usize,
        /// Votes against.
        against: usize,
    },
    /// More against than for.
    Rejected {
        /// Votes for.
        votes_for: usize,
        /// Votes against.
        against: usize,
    },
    /// As many for as against.
    Tied {
        /// Votes each way.
        each: usize,
    },
}

impl Outcome {
    /// Whether the decision was taken in favour.
    #[must_use]
    pub fn approved(&self) -> bool {
        matches!(self, Self::Approved { .. })
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoBoard => write!(f, "not decided: the review board has no members yet"),
            Self::Vetoed { by, reason } => write!(f, "vetoed by {by}: {reason}"),
            Self::NoQuorum { cast, required } => write!(
                f,
                "not decided: no quorum ({cast} of the {required} votes needed were cast)"
            ),
            Self::Approved { votes_for, against } => {
                write!(f, "approved ({votes_for} for, {against} against)")
            }
            Self::Rejected { votes_for, against } => {
                write!(f, "rejected ({votes_for} for, {against} against)")
            }
            Self::Tied { each } => write!(f, "not decided: tied ({each} for, {each} against)"),
        }
    }
}

/// The outcome of a decision under the board's rules: a veto in force decides; otherwise the valid votes
/// (one per member; votes of non-members do not count) must reach the quorum, and the majority of for and
/// against decides (abstentions count towards the quorum only).
#[must_use]
pub fn outcome(board: &ReviewBoard, decision: &Decision) -> Outcome {
    if let Some(v) = decision.veto.as_ref().filter(|v| v.lifted.is_none()) {
        return Outcome::Vetoed {
            by: v.by.clone(),
            reason: v.reason.clone(),
        };
    }
    if board.members.is_empty() {
        return Outcome::NoBoard;
    }
    let mut valid: Vec<&Vote> = Vec::new();
    for v in decision.votes.iter().rev() {
        let is_member = board
            .members
            .iter()
            .any(|m| m.name.trim() == v.member.trim());
        if is_member && !valid.iter().any(|x| x.member.trim() == v.member.trim()) {
            valid.push(v);
        }
    }
    let required = required_quorum(board);
    if valid.len() < required {
        return Outcome::NoQuorum {
            cast: valid.len(),
            required,
        };
    }
    let count = |c: VoteChoice| valid.iter().filter(|v| v.choice == c).count();
    let (votes_for, against) = (count(VoteChoice::For), count(VoteChoice::Against));
    match votes_for.cmp(&against) {
        std::cmp::Ordering::Greater => Outcome::Approved { votes_for, against },
        std::cmp::Ordering::Less => Outcome::Rejected { votes_for, against },
        std::cmp::Ordering::Equal => Outcome::Tied { each: votes_for },
    }
}

/// What is inconsistent in the governance records: votes by non-members, a quorum larger than the board,
/// links to risks that do not exist. One readable line each.
#[must_use]
pub fn problems(gov: &Governance, risk_exists: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let board = &gov.board;
    if usize::try_from(board.quorum).unwrap_or(usize::MAX) > board.members.len()
        && !board.members.is_empty()
    {
        out.push(format!(
            "the quorum ({}) is larger than the board ({} members): no decision can be taken",
            board.quorum,
            board.members.len()
        ));
    }
    for d in &gov.decisions {
        for v in &d.votes {
            if !board
                .members
                .iter()
                .any(|m| m.name.trim() == v.member.trim())
            {
                out.push(format!(
                    "decision {}: the vote of {:?} does not count: not a member of the review board",
                    d.decision_id, v.member
                ));
            }
        }
    }
    let mut link = |owner: String, risk: &str| {
        if !risk.is_empty() && !risk_exists(risk) {
            out.push(format!(
                "{owner} links to risk {risk}, which is not in the register"
            ));
        }
    };
    for d in &gov.decisions {
        for r in &d.risk_ids {
            link(format!("decision {}", d.decision_id), r);
        }
    }
    for x in &gov.red_team {
        for f in &x.findings {
            if let Some(r) = &f.risk_id {
                link(format!("red-team finding {}", f.finding_id), r);
            }
        }
    }
    for b in &gov.bounty {
        if let Some(r) = &b.risk_id {
            link(format!("bias-bounty submission {}", b.submission_id), r);
        }
    }
    for a in &gov.assurance {
        for r in &a.risk_ids {
            link(format!("assurance review {}", a.review_id), r);
        }
    }
    out
}

/// One release decision as the release gate sees it: it passes only when approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseVerdict {
    /// The decision's id.
    pub decision_id: String,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub outcome: Outcome,
}

/// Every release decision with its outcome, for the release gate: a vetoed release (or one not approved)
/// blocks until the veto is lifted and the board approves.
#[must_use]
pub fn release_verdicts(gov: &Governance) -> Vec<ReleaseVerdict> {
    gov.decisions
        .iter()
        .filter(|d| d.kind == DecisionKind::Release)
        .map(|d| ReleaseVerdict {
            decision_id: d.decision_id.clone(),
            title: d.title.clone(),
            outcome: outcome(&gov.board, d),
        })
        .collect()
}
