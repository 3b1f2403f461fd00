//! Why a bow-tie edit was refused; the [`super::BowTieSet`] is unchanged when an operation returns one.
//!
//! Positions are reported 1-based, as the analyst counts boxes along a line.

/// An edit that the bow-tie model rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BowTieError {
    /// No bow-tie has this id.
    #[error("bow-tie {0:?} does not exist")]
    UnknownBowTie(String),
    /// The bow-tie has no threat or consequence with this id.
    #[error("bow-tie {bowtie_id:?} has no {what} {line_id:?}")]
    UnknownLine {
        /// The bow-tie.
        bowtie_id: String,
        /// "threat" or "consequence".
        what: &'static str,
        /// The id asked for.
        line_id: String,
    },
    /// No register risk has this id.
    #[error("risk {0:?} is not in the register")]
    UnknownRisk(String),
    /// No barrier in the library has this id.
    #[error("barrier {0:?} does not exist")]
    UnknownBarrier(String),
    /// No barrier has an escalation factor with this id.
    #[error("escalation factor {0:?} does not exist")]
    UnknownEscalationFactor(String),
    /// A position past the end of a line.
    #[error("position {} does not exist: the line has {len} boxes", index + 1)]
    PositionOutOfRange {
        /// The 0-based index asked for.
        index: usize,
        /// Boxes on the line.
        len: usize,
    },
    /// The barrier already stands on that line; a barrier appears at most once per line.
    #[error("barrier {0:?} is already on this line")]
    AlreadyOnLine(String),
    /// A name or label that is empty after trimming.
    #[error("{0} must not be empty")]
    EmptyName(&'static str),
    /// Sharing a barrier into its own escalation branch, which would make it guard itself.
    #[error("barrier {0:?} cannot guard its own escalation factor")]
    SelfEscalation(String),
}
