//! One worksheet row (a failure mode with its cause, controls, ratings and actions) and its columns.
//!
//! Cells are read and written as text, the way a spreadsheet-like editor, CSV files and the clipboard
//! see them; [`FmeaRow::set_cell`] validates the text and says which column expected what.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::rating::{ActionPriority, Rating, RatingKind, rpn};
use crate::model::IsoDate;

/// State of the recommended action of a row.
///
/// The same states as actions in the risk register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActionStatus {
    /// Agreed but not started.
    Open,
    /// Being implemented.
    InProgress,
    /// Implemented; the revised ratings should now be filled in.
    Done,
    /// Decided against, with the reason in "Action taken".
    NotImplemented,
}

impl ActionStatus {
    /// Whether the action is still to be done: open or in progress (not done, not decided against).
    ///
    /// ```
    /// use riskbench::model::fmea::ActionStatus;
    /// assert!(ActionStatus::InProgress.is_open());
    /// assert!(!ActionStatus::NotImplemented.is_open());
    /// ```
    #[must_use]
    pub const fn is_open(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }

    /// Every value, in workflow order.
    pub const ALL: [Self; 4] = [
        Self::Open,
        Self::InProgress,
        Self::Done,
        Self::NotImplemented,
    ];

    /// Text shown in cells and written to CSV.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::InProgress => "In progress",
            Self::Done => "Done",
            Self::NotImplemented => "Not implemented",
        }
    }

    /// Parses a label, ignoring case, spaces, `-` and `_`; also accepts "Completed" and "Closed" for
    /// [`ActionStatus::Done`].
    ///
    /// ```
    /// use riskbench::model::fmea::ActionStatus;
    /// assert_eq!(ActionStatus::parse("in progress"), Some(ActionStatus::InProgress));
    /// assert_eq!(ActionStatus::parse("NOT_IMPLEMENTED"), Some(ActionStatus::NotImplemented));
    /// assert_eq!(ActionStatus::parse("maybe"), None);
    /// ```
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let key: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "open" => Some(Self::Open),
            "inprogress" => Some(Self::InProgress),
            "done" | "completed" | "closed" => Some(Self::Done),
            "notimplemented" => Some(Self::NotImplemented),
            _ => None,
        }
    }
}

impl fmt::Display for ActionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One row of an FMEA worksheet.
///
/// Field order is the order in the project file. RPN and Action Priority are not stored: they are
/// computed from the ratings ([`FmeaRow::rpn`], [`FmeaRow::action_priority`]).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct FmeaRow {
    /// Stable id within the worksheet (`FM-1`), used by links from the register and the report.
    pub row_id: String,
    /// Item or ML pipeline step the failure mode belongs to (e.g. "Labelling").
    #[serde(default)]
    pub item: String,
    /// What the item must do.
    #[serde(default)]
    pub function: String,
    /// How the item fails to do it.
    #[serde(default)]
    pub failure_mode: String,
    /// Consequence of the failure for people, compliance and the system.
    #[serde(default)]
    pub effect: String,
    /// Groups of people the effect falls on.
    #[serde(default)]
    pub affected_groups: Vec<String>,
    /// Severity S of the effect.
    #[serde(default)]
    pub severity: Option<Rating>,
    /// Why the failure happens.
    #[serde(default)]
    pub cause: String,
    /// Controls in place that prevent the cause.
    #[serde(default)]
    pub prevention_controls: String,
    /// Occurrence O of the cause given the prevention controls.
    #[serde(default)]
    pub occurrence: Option<Rating>,
    /// Controls in place that detect the cause or the failure.
    #[serde(default)]
    pub detection_controls: String,
    /// Detection D: how well the detection controls catch it (1 = certainly).
    #[serde(default)]
    pub detection: Option<Rating>,
    /// Action recommended to lower the risk.
    #[serde(default)]
    pub recommended_action: String,
    /// Who is accountable for the action.
    #[serde(default)]
    pub owner: String,
    /// When the action is due.
    #[serde(default)]
    pub target_date: Option<IsoDate>,
    /// State of the action; `None` when no action was decided.
    #[serde(default)]
    pub status: Option<ActionStatus>,
    /// What was actually done (or why it was not).
    #[serde(default)]
    pub action_taken: String,
    /// Severity after the action; `None` means unchanged.
    #[serde(default)]
    pub revised_severity: Option<Rating>,
    /// Occurrence after the action; `None` means unchanged.
    #[serde(default)]
    pub revised_occurrence: Option<Rating>,
    /// Detection after the action; `None` means unchanged.
    #[serde(default)]
    pub revised_detection: Option<Rating>,
    /// Evidence links: audit findings, validation results, drift reports, documents.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Id of the linked risk in the register.
    #[serde(default)]
    pub risk_id: Option<String>,
    /// Ids of the linked bow-tie barriers.
    #[serde(default)]
    pub barrier_ids: Vec<String>,
}

impl FmeaRow {
    /// An empty row with the given id.
    #[must_use]
    pub fn new(row_id: impl Into<String>) -> Self {
        Self {
            row_id: row_id.into(),
            ..Self::default()
        }
    }

    /// S, O and D, if all three are rated.
    #[must_use]
    pub fn ratings(&self) -> Option<(Rating, Rating, Rating)> {
        Some((self.severity?, self.occurrence?, self.detection?))
    }

    /// RPN = S × O × D, if all three are rated.
    #[must_use]
    pub fn rpn(&self) -> Option<u16> {
        self.ratings().map(|(s, o, d)| rpn(s, o, d))
    }

    /// Action Priority from the lookup table, if all three are rated.
    #[must_use]
    pub fn action_priority(&self) -> Option<ActionPriority> {
        self.ratings().map(|(s, o, d)| ActionPriority::of(s, o, d))
    }

    /// Whether any revised rating is filled in.
    #[must_use]
    pub fn has_revision(&self) -> bool {
        self.revised_severity.is_some()
            || self.revised_occurrence.is_some()
            || self.revised_detection.is_some()
    }

    /// S, O and D after the action: each revised rating, or the original where it was left empty.
    ///
    /// `None` when no revised rating is filled in, or a needed original rating is missing.
    ///
    /// ```
    /// use riskbench::model::fmea::{FmeaRow, Rating};
    /// let r = |v| Rating::new(v);
    /// let mut row = FmeaRow::new("FM-1");
    /// (row.severity, row.occurrence, row.detection) = (r(8), r(6), r(7));
    /// assert_eq!(row.revised_rpn(), None);
    /// row.revised_detection = r(3);
    /// assert_eq!(row.revised_rpn(), Some(8 * 6 * 3));
    /// ```
    #[must_use]
    pub fn revised_ratings(&self) -> Option<(Rating, Rating, Rating)> {
        if !self.has_revision() {
            return None;
        }
        Some((
            self.revised_severity.or(self.severity)?,
            self.revised_occurrence.or(self.occurrence)?,
            self.revised_detection.or(self.detection)?,
        ))
    }

    /// RPN after the action (see [`FmeaRow::revised_ratings`]).
    #[must_use]
    pub fn revised_rpn(&self) -> Option<u16> {
        self.revised_ratings().map(|(s, o, d)| rpn(s, o, d))
    }

    /// Action Priority after the action (see [`FmeaRow::revised_ratings`]).
    #[must_use]
    pub fn revised_action_priority(&self) -> Option<ActionPriority> {
        self.revised_ratings()
            .map(|(s, o, d)| ActionPriority::of(s, o, d))
    }

    /// The priority that applies now: the revised one when revised ratings exist, else the original.
    #[must_use]
    pub fn current_action_priority(&self) -> Option<ActionPriority> {
        self.revised_action_priority()
            .or_else(|| self.action_priority())
    }

    /// Whether the row is High priority and has no recommended action: the worksheet flags it.
    #[must_use]
    pub fn lacks_required_action(&self) -> bool {
        self.action_priority() == Some(ActionPriority::High)
            && self.recommended_action.trim().is_empty()
    }

    /// The text of one cell, as shown in the editor and written to CSV.
    ///
    /// Lists are joined with `"; "` (see [`join_list`]); empty optional values are empty strings.
    #[must_use]
    pub fn cell_text(&self, column: Column) -> String {
        let rating = |r: Option<Rating>| r.map(|r| r.to_string()).unwrap_or_default();
        let number = |n: Option<u16>| n.map(|n| n.to_string()).unwrap_or_default();
        let priority =
            |p: Option<ActionPriority>| p.map(|p| p.letter().to_owned()).unwrap_or_default();
        match column {
            Column::RowId => self.row_id.clone(),
            Column::Item => self.item.clone(),
            Column::Function => self.function.clone(),
            Column::FailureMode => self.failure_mode.clone(),
            Column::Effect => self.effect.clone(),
            Column::AffectedGroups => join_list(&self.affected_groups),
            Column::Severity => rating(self.severity),
            Column::Cause => self.cause.clone(),
            Column::PreventionControls => self.prevention_controls.clone(),
            Column::Occurrence => rating(self.occurrence),
            Column::DetectionControls => self.detection_controls.clone(),
            Column::Detection => rating(self.detection),
            Column::Rpn => number(self.rpn()),
            Column::ActionPriority => priority(self.action_priority()),
            Column::RecommendedAction => self.recommended_action.clone(),
            Column::Owner => self.owner.clone(),
            Column::TargetDate => self.target_date.map(|d| d.to_string()).unwrap_or_default(),
            Column::Status => self
                .status
                .map(|s| s.label().to_owned())
                .unwrap_or_default(),
            Column::ActionTaken => self.action_taken.clone(),
            Column::RevisedSeverity => rating(self.revised_severity),
            Column::RevisedOccurrence => rating(self.revised_occurrence),
            Column::RevisedDetection => rating(self.revised_detection),
            Column::RevisedRpn => number(self.revised_rpn()),
            Column::RevisedActionPriority => priority(self.revised_action_priority()),
            Column::Evidence => join_list(&self.evidence),
            Column::RiskId => self.risk_id.clone().unwrap_or_default(),
            Column::BarrierIds => join_list(&self.barrier_ids),
        }
    }

    /// Sets one cell from text, after validating it; on error the row is unchanged.
    ///
    /// Empty text clears optional cells. Free-text cells keep the text as given; ratings must be whole
    /// numbers from 1 to 10, dates `YYYY-MM-DD`, statuses one of [`ActionStatus::label`]; lists are split
    /// on `;` (see [`split_list`]). Ids are trimmed. The row id and computed columns cannot be set here.
    ///
    /// ```
    /// use riskbench::model::fmea::{Column, FmeaRow};
    /// let mut row = FmeaRow::new("FM-1");
    /// row.set_cell(Column::Severity, " 9 ").unwrap();
    /// assert_eq!(row.cell_text(Column::Severity), "9");
    /// let err = row.set_cell(Column::Occurrence, "11").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Occurrence (O): expected a whole number from 1 to 10, found \"11\""
    /// );
    /// ```
    ///
    /// # Errors
    /// [`CellError`] naming the column and what it expected.
    pub fn set_cell(&mut self, column: Column, text: &str) -> Result<(), CellError> {
        let error = |expected: &'static str| CellError {
            column,
            expected,
            found: text.to_owned(),
        };
        let rating = |text: &str| -> Result<Option<Rating>, CellError> {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                return Ok(None);
            }
            trimmed
                .parse::<u8>()
                .ok()
                .and_then(Rating::new)
                .map(Some)
                .ok_or_else(|| error(EXPECTED_RATING))
        };
        match column {
            Column::RowId
            | Column::Rpn
            | Column::ActionPriority
            | Column::RevisedRpn
            | Column::RevisedActionPriority => return Err(error(EXPECTED_READ_ONLY)),
            Column::Item => text.clone_into(&mut self.item),
            Column::Function => text.clone_into(&mut self.function),
            Column::FailureMode => text.clone_into(&mut self.failure_mode),
            Column::Effect => text.clone_into(&mut self.effect),
            Column::AffectedGroups => self.affected_groups = split_list(text),
            Column::Severity => self.severity = rating(text)?,
            Column::Cause => text.clone_into(&mut self.cause),
            Column::PreventionControls => text.clone_into(&mut self.prevention_controls),
            Column::Occurrence => self.occurrence = rating(text)?,
            Column::DetectionControls => text.clone_into(&mut self.detection_controls),
            Column::Detection => self.detection = rating(text)?,
            Column::RecommendedAction => text.clone_into(&mut self.recommended_action),
            Column::Owner => text.clone_into(&mut self.owner),
            Column::TargetDate => {
                let trimmed = text.trim();
                self.target_date = if trimmed.is_empty() {
                    None
                } else {
                    Some(trimmed.parse().map_err(|_| error(EXPECTED_DATE))?)
                };
            }
            Column::Status => {
                let trimmed = text.trim();
                self.status = if trimmed.is_empty() {
                    None
                } else {
                    Some(ActionStatus::parse(trimmed).ok_or_else(|| error(EXPECTED_STATUS))?)
                };
            }
            Column::ActionTaken => text.clone_into(&mut self.action_taken),
            Column::RevisedSeverity => self.revised_severity = rating(text)?,
            Column::RevisedOccurrence => self.revised_occurrence = rating(text)?,
            Column::RevisedDetection => self.revised_detection = rating(text)?,
            Column::Evidence => self.evidence = split_list(text),
            Column::RiskId => {
                let trimmed = text.trim();
                if trimmed.contains(char::is_whitespace) {
                    return Err(error(EXPECTED_ID));
                }
                self.risk_id = (!trimmed.is_empty()).then(|| trimmed.to_owned());
            }
            Column::BarrierIds => {
                let ids = split_list(text);
                if ids.iter().any(|id| id.contains(char::is_whitespace)) {
                    return Err(error(EXPECTED_IDS));
                }
                self.barrier_ids = ids;
            }
        }
        Ok(())
    }

    /// Checks that `text` would be accepted by [`FmeaRow::set_cell`] for `column`, without changing
    /// anything.
    ///
    /// # Errors
    /// The error [`FmeaRow::set_cell`] would return.
    pub fn validate_cell(column: Column, text: &str) -> Result<(), CellError> {
        Self::default().set_cell(column, text)
    }
}

const EXPECTED_RATING: &str = "a whole number from 1 to 10";
const EXPECTED_DATE: &str = "a date written YYYY-MM-DD";
const EXPECTED_STATUS: &str = "one of Open, In progress, Done, Not implemented";
pub(super) const EXPECTED_ID: &str = "an id without spaces";
const EXPECTED_IDS: &str = "ids without spaces, separated by ;";
const EXPECTED_READ_ONLY: &str = "no input (the column is computed or read-only)";

/// Joins list items for one cell: `"; "` between items, with `\` escaping `;` and `\` inside items.
///
/// ```
/// use riskbench::model::fmea::{join_list, split_list};
/// let items = vec!["Applicants".to_owned(), "Loan officers; branch staff".to_owned()];
/// let text = join_list(&items);
/// assert_eq!(text, r"Applicants; Loan officers\; branch staff");
/// assert_eq!(split_list(&text), items);
/// ```
#[must_use]
pub fn join_list(items: &[String]) -> String {
    let mut text = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            text.push_str("; ");
        }
        for c in item.chars() {
            if c == ';' || c == '\\' {
                text.push('\\');
            }
            text.push(c);
        }
    }
    text
}

/// Splits one cell into list items on unescaped `;` (or line breaks), trimming items and dropping empty
/// ones; `\;` and `\\` stand for `;` and `\`, and a `\` before anything else is kept as it is.
#[must_use]
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut finish = |current: &mut String| {
        let item = current.trim();
        if !item.is_empty() {
            items.push(item.to_owned());
        }
        current.clear();
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&next @ (';' | '\\')) => {
                    current.push(next);
                    chars.next();
                }
                _ => current.push('\\'),
            },
            ';' | '\n' | '\r' => finish(&mut current),
            _ => current.push(c),
        }
    }
    finish(&mut current);
    items
}

/// A cell text that the column does not accept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: expected {expected}, found {found:?}", column.header())]
pub struct CellError {
    /// The column that rejected the text.
    pub column: Column,
    /// What the column accepts, in words.
    pub expected: &'static str,
    /// The text given.
    pub found: String,
}

/// What kind of value a column holds, so the editor can pick a widget and alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ValueKind {
    /// The row id, assigned by the worksheet.
    RowId,
    /// Free text, possibly several lines.
    Text,
    /// A list of items separated by `;`.
    List,
    /// A rating 1–10.
    Rating,
    /// A whole number computed from ratings (RPN).
    Number,
    /// An Action Priority letter.
    Priority,
    /// A `YYYY-MM-DD` date.
    Date,
    /// An [`ActionStatus`].
    Status,
    /// A single id linking elsewhere.
    Link,
    /// A list of ids linking elsewhere.
    LinkList,
}

/// A worksheet column, in worksheet order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Column {
    /// Row id (`FM-1`).
    RowId,
    /// Item or pipeline step.
    Item,
    /// Function of the item.
    Function,
    /// Failure mode.
    FailureMode,
    /// Effect of the failure.
    Effect,
    /// Affected groups.
    AffectedGroups,
    /// Severity S.
    Severity,
    /// Cause of the failure.
    Cause,
    /// Prevention controls.
    PreventionControls,
    /// Occurrence O.
    Occurrence,
    /// Detection controls.
    DetectionControls,
    /// Detection D.
    Detection,
    /// RPN = S × O × D (computed).
    Rpn,
    /// Action Priority (computed).
    ActionPriority,
    /// Recommended action.
    RecommendedAction,
    /// Action owner.
    Owner,
    /// Action target date.
    TargetDate,
    /// Action status.
    Status,
    /// Action taken.
    ActionTaken,
    /// Revised severity.
    RevisedSeverity,
    /// Revised occurrence.
    RevisedOccurrence,
    /// Revised detection.
    RevisedDetection,
    /// Revised RPN (computed).
    RevisedRpn,
    /// Revised Action Priority (computed).
    RevisedActionPriority,
    /// Evidence links.
    Evidence,
    /// Linked register risk id.
    RiskId,
    /// Linked bow-tie barrier ids.
    BarrierIds,
}

impl Column {
    /// Every column, in worksheet order; a column's position here is its index in the grid.
    pub const ALL: [Self; 27] = [
        Self::RowId,
        Self::Item,
        Self::Function,
        Self::FailureMode,
        Self::Effect,
        Self::AffectedGroups,
        Self::Severity,
        Self::Cause,
        Self::PreventionControls,
        Self::Occurrence,
        Self::DetectionControls,
        Self::Detection,
        Self::Rpn,
        Self::ActionPriority,
        Self::RecommendedAction,
        Self::Owner,
        Self::TargetDate,
        Self::Status,
        Self::ActionTaken,
        Self::RevisedSeverity,
        Self::RevisedOccurrence,
        Self::RevisedDetection,
        Self::RevisedRpn,
        Self::RevisedActionPriority,
        Self::Evidence,
        Self::RiskId,
        Self::BarrierIds,
    ];

    /// The number of columns.
    pub const COUNT: usize = Self::ALL.len();

    /// Position of the column in [`Column::ALL`].
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The column at a grid position.
    #[must_use]
    pub fn from_index(index: usize) -> Option<Self> {
        Self::ALL.get(index).copied()
    }

    /// Header text in the editor, CSV files and copied ranges.
    #[must_use]
    pub const fn header(self) -> &'static str {
        match self {
            Self::RowId => "ID",
            Self::Item => "Item / pipeline step",
            Self::Function => "Function",
            Self::FailureMode => "Failure mode",
            Self::Effect => "Effect",
            Self::AffectedGroups => "Affected groups",
            Self::Severity => "Severity (S)",
            Self::Cause => "Cause",
            Self::PreventionControls => "Prevention controls",
            Self::Occurrence => "Occurrence (O)",
            Self::DetectionControls => "Detection controls",
            Self::Detection => "Detection (D)",
            Self::Rpn => "RPN",
            Self::ActionPriority => "AP",
            Self::RecommendedAction => "Recommended action",
            Self::Owner => "Owner",
            Self::TargetDate => "Target date",
            Self::Status => "Status",
            Self::ActionTaken => "Action taken",
            Self::RevisedSeverity => "Revised S",
            Self::RevisedOccurrence => "Revised O",
            Self::RevisedDetection => "Revised D",
            Self::RevisedRpn => "Revised RPN",
            Self::RevisedActionPriority => "Revised AP",
            Self::Evidence => "Evidence",
            Self::RiskId => "Risk ID",
            Self::BarrierIds => "Barrier IDs",
        }
    }

    /// Stable machine key (`snake_case`), for saved column widths and visibility.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::RowId => "row_id",
            Self::Item => "item",
            Self::Function => "function",
            Self::FailureMode => "failure_mode",
            Self::Effect => "effect",
            Self::AffectedGroups => "affected_groups",
            Self::Severity => "severity",
            Self::Cause => "cause",
            Self::PreventionControls => "prevention_controls",
            Self::Occurrence => "occurrence",
            Self::DetectionControls => "detection_controls",
            Self::Detection => "detection",
            Self::Rpn => "rpn",
            Self::ActionPriority => "action_priority",
            Self::RecommendedAction => "recommended_action",
            Self::Owner => "owner",
            Self::TargetDate => "target_date",
            Self::Status => "status",
            Self::ActionTaken => "action_taken",
            Self::RevisedSeverity => "revised_severity",
            Self::RevisedOccurrence => "revised_occurrence",
            Self::RevisedDetection => "revised_detection",
            Self::RevisedRpn => "revised_rpn",
            Self::RevisedActionPriority => "revised_action_priority",
            Self::Evidence => "evidence",
            Self::RiskId => "risk_id",
            Self::BarrierIds => "barrier_ids",
        }
    }

    /// The column whose header or key is `text`, ignoring case and surrounding spaces.
    ///
    /// ```
    /// use riskbench::model::fmea::Column;
    /// assert_eq!(Column::from_header(" severity (s) "), Some(Column::Severity));
    /// assert_eq!(Column::from_header("revised_rpn"), Some(Column::RevisedRpn));
    /// assert_eq!(Column::from_header("Likelihood"), None);
    /// ```
    #[must_use]
    pub fn from_header(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.header().eq_ignore_ascii_case(text) || c.key().eq_ignore_ascii_case(text))
    }

    /// What kind of value the column holds.
    #[must_use]
    pub const fn value_kind(self) -> ValueKind {
        match self {
            Self::RowId => ValueKind::RowId,
            Self::Item
            | Self::Function
            | Self::FailureMode
            | Self::Effect
            | Self::Cause
            | Self::PreventionControls
            | Self::DetectionControls
            | Self::RecommendedAction
            | Self::Owner
            | Self::ActionTaken => ValueKind::Text,
            Self::AffectedGroups | Self::Evidence => ValueKind::List,
            Self::Severity
            | Self::Occurrence
            | Self::Detection
            | Self::RevisedSeverity
            | Self::RevisedOccurrence
            | Self::RevisedDetection => ValueKind::Rating,
            Self::Rpn | Self::RevisedRpn => ValueKind::Number,
            Self::ActionPriority | Self::RevisedActionPriority => ValueKind::Priority,
            Self::TargetDate => ValueKind::Date,
            Self::Status => ValueKind::Status,
            Self::RiskId => ValueKind::Link,
            Self::BarrierIds => ValueKind::LinkList,
        }
    }

    /// Whether the value is computed from other cells (RPN, AP and their revised forms).
    #[must_use]
    pub const fn is_computed(self) -> bool {
        matches!(self.value_kind(), ValueKind::Number | ValueKind::Priority)
    }

    /// Whether the user can type into the column: everything except the row id and computed columns.
    #[must_use]
    pub const fn is_editable(self) -> bool {
        !self.is_computed() && !matches!(self, Self::RowId)
    }

    /// Which rating scale the column uses, for the rating picker and tooltips.
    #[must_use]
    pub const fn rating_kind(self) -> Option<RatingKind> {
        match self {
            Self::Severity | Self::RevisedSeverity => Some(RatingKind::Severity),
            Self::Occurrence | Self::RevisedOccurrence => Some(RatingKind::Occurrence),
            Self::Detection | Self::RevisedDetection => Some(RatingKind::Detection),
            _ => None,
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.header())
    }
}

#[cfg(test)]
#[path = "row_tests.rs"]
mod tests;
