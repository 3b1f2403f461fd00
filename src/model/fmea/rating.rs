//! Ratings (S, O, D on 1–10), the risk priority number and the AIAG-VDA style Action Priority lookup.
//!
//! The rating criteria are our own, written for ML systems; the UI shows them as tooltips and in the
//! rating picker.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A severity, occurrence or detection rating: an integer from 1 to 10.
///
/// ```
/// use riskbench::model::fmea::Rating;
/// assert_eq!(Rating::new(7).map(Rating::get), Some(7));
/// assert!(Rating::new(0).is_none());
/// assert!(Rating::new(11).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Rating(u8);

impl Rating {
    /// The lowest rating, 1.
    pub const MIN: Self = Self(1);
    /// The highest rating, 10.
    pub const MAX: Self = Self(10);

    /// The rating `value`, if it is between 1 and 10.
    #[must_use]
    pub const fn new(value: u8) -> Option<Self> {
        if value >= 1 && value <= 10 {
            Some(Self(value))
        } else {
            None
        }
    }

    /// The rating as a number from 1 to 10.
    #[must_use]
    pub const fn get(self) -> u8 {
        self.0
    }

    /// Every rating from 1 to 10, ascending.
    pub fn all() -> impl DoubleEndedIterator<Item = Self> {
        (1..=10).map(Self)
    }

    /// Index 0–9 into the criteria tables.
    const fn index(self) -> usize {
        self.0 as usize - 1
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A number outside 1–10 given as a rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a rating must be a whole number from 1 to 10, found {0}")]
pub struct RatingOutOfRange(pub u8);

impl TryFrom<u8> for Rating {
    type Error = RatingOutOfRange;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value).ok_or(RatingOutOfRange(value))
    }
}

impl From<Rating> for u8 {
    fn from(rating: Rating) -> Self {
        rating.0
    }
}

/// Risk priority number: S × O × D, from 1 to 1000.
///
/// Shown for teams that still use it; sorting and colouring use [`ActionPriority`].
///
/// ```
/// use riskbench::model::fmea::{rpn, Rating};
/// let r = |v| Rating::new(v).unwrap();
/// assert_eq!(rpn(r(10), r(2), r(2)), 40);
/// ```
#[must_use]
pub fn rpn(severity: Rating, occurrence: Rating, detection: Rating) -> u16 {
    u16::from(severity.0) * u16::from(occurrence.0) * u16::from(detection.0)
}

/// AIAG-VDA style Action Priority of a failure mode.
///
/// Ordered from lowest to highest, so `High > Medium > Low`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActionPriority {
    /// L: action could be taken.
    Low,
    /// M: action should be taken, or the current controls justified.
    Medium,
    /// H: action must be taken, or the current controls justified and the justification approved.
    High,
}

impl ActionPriority {
    /// Every value, highest priority first (display and sort order).
    pub const ALL: [Self; 3] = [Self::High, Self::Medium, Self::Low];

    /// The one-letter code used in worksheet cells and CSV files: `H`, `M` or `L`.
    #[must_use]
    pub const fn letter(self) -> &'static str {
        match self {
            Self::High => "H",
            Self::Medium => "M",
            Self::Low => "L",
        }
    }

    /// Label for legends and pickers.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::High => "High",
            Self::Medium => "Medium",
            Self::Low => "Low",
        }
    }

    /// What the priority obliges the team to do, for tooltips.
    #[must_use]
    pub const fn meaning(self) -> &'static str {
        match self {
            Self::High => {
                "Action must be taken to lower occurrence or improve detection, or the current controls \
                 justified in writing and the justification approved"
            }
            Self::Medium => {
                "Action should be taken to lower occurrence or improve detection, or the current controls \
                 justified"
            }
            Self::Low => {
                "Action could be taken; no justification is required to leave the row as it is"
            }
        }
    }

    /// Parses `H`/`M`/`L` or `High`/`Medium`/`Low`, ignoring case and surrounding spaces.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "h" | "high" => Some(Self::High),
            "m" | "medium" => Some(Self::Medium),
            "l" | "low" => Some(Self::Low),
            _ => None,
        }
    }

    /// The Action Priority for a severity, occurrence and detection rating.
    ///
    /// ```
    /// use riskbench::model::fmea::{ActionPriority, Rating};
    /// let r = |v| Rating::new(v).unwrap();
    /// assert_eq!(ActionPriority::of(r(10), r(2), r(2)), ActionPriority::Low);
    /// assert_eq!(ActionPriority::of(r(9), r(8), r(1)), ActionPriority::High);
    /// ```
    #[must_use]
    pub const fn of(severity: Rating, occurrence: Rating, detection: Rating) -> Self {
        AP_TABLE[severity_band(severity)][occurrence_band(occurrence)][detection_band(detection)]
    }
}

impl fmt::Display for ActionPriority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

/// Severity band index: 0 = 9–10, 1 = 7–8, 2 = 4–6, 3 = 2–3, 4 = 1.
const fn severity_band(s: Rating) -> usize {
    match s.0 {
        9.. => 0,
        7..=8 => 1,
        4..=6 => 2,
        2..=3 => 3,
        _ => 4,
    }
}

/// Occurrence band index: 0 = 8–10, 1 = 6–7, 2 = 4–5, 3 = 2–3, 4 = 1.
const fn occurrence_band(o: Rating) -> usize {
    match o.0 {
        8.. => 0,
        6..=7 => 1,
        4..=5 => 2,
        2..=3 => 3,
        _ => 4,
    }
}

/// Detection band index: 0 = 7–10, 1 = 5–6, 2 = 2–4, 3 = 1.
const fn detection_band(d: Rating) -> usize {
    match d.0 {
        7.. => 0,
        5..=6 => 1,
        2..=4 => 2,
        _ => 3,
    }
}

const H: ActionPriority = ActionPriority::High;
const M: ActionPriority = ActionPriority::Medium;
const L: ActionPriority = ActionPriority::Low;

/// `AP_TABLE[severity band][occurrence band][detection band]`, as in `risk-methods.md`.
const AP_TABLE: [[[ActionPriority; 4]; 5]; 5] = [
    // S 9–10
    [
        [H, H, H, H],
        [H, H, H, H],
        [H, H, H, M],
        [H, M, L, L],
        [L, L, L, L],
    ],
    // S 7–8
    [
        [H, H, H, H],
        [H, H, H, M],
        [H, M, M, M],
        [M, M, L, L],
        [L, L, L, L],
    ],
    // S 4–6
    [
        [H, H, M, M],
        [M, M, M, L],
        [M, L, L, L],
        [L, L, L, L],
        [L, L, L, L],
    ],
    // S 2–3
    [
        [M, M, L, L],
        [L, L, L, L],
        [L, L, L, L],
        [L, L, L, L],
        [L, L, L, L],
    ],
    // S 1
    [
        [L, L, L, L],
        [L, L, L, L],
        [L, L, L, L],
        [L, L, L, L],
        [L, L, L, L],
    ],
];

/// Which rating a criterion describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RatingKind {
    /// Severity S: how bad the effect is for people, compliance and the system's purpose.
    Severity,
    /// Occurrence O: how often the cause leads to the failure, given the prevention controls.
    Occurrence,
    /// Detection D: how likely the detection controls catch the failure before it does harm.
    Detection,
}

impl RatingKind {
    /// Every kind, in worksheet order.
    pub const ALL: [Self; 3] = [Self::Severity, Self::Occurrence, Self::Detection];

    /// Name for headings and the rating picker.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Severity => "Severity (S)",
            Self::Occurrence => "Occurrence (O)",
            Self::Detection => "Detection (D)",
        }
    }

    /// What the scale measures, in one sentence, for the picker's heading.
    #[must_use]
    pub const fn question(self) -> &'static str {
        match self {
            Self::Severity => {
                "How serious is the worst credible effect of this failure for people, compliance and the \
                 system's purpose?"
            }
            Self::Occurrence => {
                "How often will this cause produce the failure in our ML pipeline, given the prevention \
                 controls in place?"
            }
            Self::Detection => {
                "How likely is it that the current detection controls (validation rules, monitoring, human \
                 review) catch the failure before it reaches people?"
            }
        }
    }

    /// The criteria for ratings 1 to 10 (index 0 is rating 1).
    #[must_use]
    pub const fn criteria(self) -> &'static [RatingCriterion; 10] {
        match self {
            Self::Severity => &SEVERITY_CRITERIA,
            Self::Occurrence => &OCCURRENCE_CRITERIA,
            Self::Detection => &DETECTION_CRITERIA,
        }
    }

    /// The criterion for one rating.
    ///
    /// ```
    /// use riskbench::model::fmea::{Rating, RatingKind};
    /// let c = RatingKind::Severity.criterion(Rating::MAX);
    /// assert_eq!(c.label, "Harm to health, safety or fundamental rights");
    /// ```
    #[must_use]
    pub const fn criterion(self, rating: Rating) -> &'static RatingCriterion {
        &self.criteria()[rating.index()]
    }
}

/// The meaning of one rating value: a short label and a one-sentence description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RatingCriterion {
    /// The rating value, 1–10.
    pub value: u8,
    /// Short label for the picker (a few words).
    pub label: &'static str,
    /// One sentence for the tooltip.
    pub description: &'static str,
}

const fn criterion(value: u8, label: &'static str, description: &'static str) -> RatingCriterion {
    RatingCriterion {
        value,
        label,
        description,
    }
}

/// Severity criteria for ML systems, rating 1 first.
pub const SEVERITY_CRITERIA: [RatingCriterion; 10] = [
    criterion(
        1,
        "No discernible effect",
        "The failure changes no decision and affects no person, obligation or operation.",
    ),
    criterion(
        2,
        "Internal signal only",
        "The failure shows only in internal metrics, logs or dashboards and changes no decision.",
    ),
    criterion(
        3,
        "Minor deviation within tolerance",
        "Model quality drifts but stays within the agreed tolerances, or a small non-critical slice is \
         affected and users do not notice.",
    ),
    criterion(
        4,
        "Rework for users or operators",
        "Users or operators must override outputs, redo work or handle extra escalations, at a small cost \
         and with no lasting harm to anyone.",
    ),
    criterion(
        5,
        "Oversight or secondary function lost",
        "Explanations, confidence scores, audit logs or other outputs that support oversight are missing or \
         wrong, while the primary output is still usable.",
    ),
    criterion(
        6,
        "Primary function degraded",
        "Model quality falls below its validated level (overall or for a subgroup) beyond the agreed \
         tolerance, and decisions get noticeably worse.",
    ),
    criterion(
        7,
        "Primary function lost",
        "Predictions are wrong or unavailable at a scale that forces a fallback to manual processing or a \
         withdrawal of the model.",
    ),
    criterion(
        8,
        "Significant harm to people",
        "Wrong decisions cause significant financial, material or psychological harm to individuals, or \
         systematically disadvantage a group, and are hard to contest or reverse.",
    ),
    criterion(
        9,
        "Regulatory non-compliance",
        "The failure breaches a legal or regulatory obligation (for example the EU AI Act, data protection, \
         consumer or anti-discrimination law) and can lead to enforcement, fines or an ordered withdrawal.",
    ),
    criterion(
        10,
        "Harm to health, safety or fundamental rights",
        "The failure can injure people or endanger their health or safety, or infringe fundamental rights \
         such as non-discrimination, privacy or due process.",
    ),
];

/// Occurrence criteria for ML systems, rating 1 first.
///
/// "Run" means one execution of the pipeline step (a data load, a labelling batch, a training run, a
/// release, a day of serving).
pub const OCCURRENCE_CRITERIA: [RatingCriterion; 10] = [
    criterion(
        1,
        "Prevented by design",
        "The failure cannot occur: the design rules it out, for example a typed schema makes the bad input \
         impossible to represent.",
    ),
    criterion(
        2,
        "Remote",
        "Never observed here or in comparable systems, and prevention controls are proven by tests that run \
         on every change.",
    ),
    criterion(
        3,
        "Very low",
        "Seen only in isolated cases in comparable systems; prevention is automated, enforced in the \
         pipeline and tested.",
    ),
    criterion(
        4,
        "Low",
        "Fewer than 1 run in 1,000, or less than once a year in production; prevention is automated but \
         has known gaps.",
    ),
    criterion(
        5,
        "Moderately low",
        "About 1 run in 500, or about once a year in production; prevention controls exist and are mostly \
         enforced.",
    ),
    criterion(
        6,
        "Moderate",
        "About 1 run in 100, or a few times a year; prevention relies on documented practice that the \
         pipeline does not enforce.",
    ),
    criterion(
        7,
        "Moderately high",
        "About 1 run in 50, or every quarter; prevention depends on individual care and review habits.",
    ),
    criterion(
        8,
        "High",
        "About 1 run in 20, or monthly in production; a known weakness with no dedicated prevention control.",
    ),
    criterion(
        9,
        "Very high",
        "More than 1 run in 10, or weekly in production; prevention is ad hoc or missing.",
    ),
    criterion(
        10,
        "Almost every run",
        "The failure happens in almost every run or release, or is inherent in the data or method as used.",
    ),
];

/// Detection criteria for ML systems, rating 1 first.
pub const DETECTION_CRITERIA: [RatingCriterion; 10] = [
    criterion(
        1,
        "Certain detection",
        "The failure cannot pass: a proven automated gate blocks it every time before training, release or \
         serving.",
    ),
    criterion(
        2,
        "Very high",
        "A tested automated gate with explicit thresholds blocks release or serving, and a person reviews \
         every exception.",
    ),
    criterion(
        3,
        "High",
        "Automated validation in the pipeline (schema, range, sliced performance tests) catches this \
         failure before release in nearly all cases.",
    ),
    criterion(
        4,
        "Moderately high",
        "Automated monitoring targeted at this failure alerts within hours or days of its start, with \
         known blind spots.",
    ),
    criterion(
        5,
        "Moderate",
        "A targeted check exists but runs late or periodically, for example a monthly sliced evaluation or \
         one that waits weeks for ground-truth labels.",
    ),
    criterion(
        6,
        "Low",
        "Only aggregate monitoring (overall accuracy, volumes, latency) exists, which misses the failure \
         when it hits a subgroup or slice.",
    ),
    criterion(
        7,
        "Very low",
        "A manual, infrequent or untargeted control, such as a quarterly review of reports, might notice \
         the failure.",
    ),
    criterion(
        8,
        "Remote",
        "Only informal or sampled human review, which is unlikely to recognise this failure, stands between \
         it and the people affected.",
    ),
    criterion(
        9,
        "Very remote",
        "Detection is possible only by chance, such as someone happening to inspect the affected outputs.",
    ),
    criterion(
        10,
        "No detection",
        "No control can detect the failure before harm; it surfaces only through complaints, incidents, \
         audits or the press.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_range_and_serde_conversion() {
        assert_eq!(Rating::all().count(), 10);
        assert_eq!(Rating::try_from(0), Err(RatingOutOfRange(0)));
        assert_eq!(Rating::try_from(11), Err(RatingOutOfRange(11)));
        assert_eq!(u8::from(Rating::MAX), 10);
    }

    #[test]
    fn rpn_is_the_product() {
        let r = |v| Rating::new(v).unwrap();
        assert_eq!(rpn(r(1), r(1), r(1)), 1);
        assert_eq!(rpn(r(10), r(10), r(10)), 1000);
        assert_eq!(rpn(r(7), r(4), r(6)), 168);
        assert_eq!(rpn(r(10), r(2), r(2)), 40);
        for s in Rating::all() {
            for o in Rating::all() {
                for d in Rating::all() {
                    assert_eq!(
                        u32::from(rpn(s, o, d)),
                        u32::from(s.get()) * u32::from(o.get()) * u32::from(d.get())
                    );
                }
            }
        }
    }

    #[test]
    fn criteria_tables_are_complete_and_ordered() {
        for kind in RatingKind::ALL {
            for (i, c) in kind.criteria().iter().enumerate() {
                assert_eq!(usize::from(c.value), i + 1, "{kind:?}");
                assert!(!c.label.is_empty() && c.label.len() <= 48, "{kind:?} {c:?}");
                assert!(c.description.ends_with('.'), "{kind:?} {c:?}");
                // One sentence: the only full stop is the final one (ignoring "e.g." style abbreviations).
                let body = &c.description[..c.description.len() - 1];
                assert!(!body.contains(". "), "{kind:?} {c:?}");
            }
        }
        assert_eq!(
            RatingKind::Severity
                .criterion(Rating::new(9).unwrap())
                .label,
            "Regulatory non-compliance"
        );
    }

    #[test]
    fn priority_text() {
        for ap in ActionPriority::ALL {
            assert_eq!(ActionPriority::parse(ap.letter()), Some(ap));
            assert_eq!(ActionPriority::parse(ap.label()), Some(ap));
        }
        assert_eq!(ActionPriority::parse(" h "), Some(ActionPriority::High));
        assert_eq!(ActionPriority::parse("X"), None);
        assert!(ActionPriority::High > ActionPriority::Medium);
    }
}
