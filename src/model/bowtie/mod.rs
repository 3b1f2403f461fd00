//! Bow-tie analysis: the model, its editing operations, warnings, colouring, automatic layout and export. No UI.
//!
//! A project holds one [`BowTieSet`] (`Project::bowties`): any number of [`BowTie`] diagrams, each linked to
//! register risks, and one library of [`Barrier`]s that the diagrams reference by id, so a barrier can be shared
//! between lines and bow-ties and is edited once. Elements follow `risk-methods.md`: hazard, top event,
//! threats, consequences, preventive and mitigating barriers in order along their lines, escalation factors
//! on a barrier, and escalation-factor barriers.
//!
//! - [`attributes`]: barrier type (incl. the AI types), effectiveness, condition, criticality.
//! - [`set`]: the data and every edit (add, insert, move, share, rename, delete with orphan clean-up).
//! - [`warnings`]: advice while the analyst works (lines without barriers, unknown effectiveness, training
//!   entered as a barrier, dangling links).
//! - [`colour`]: colour barriers by any attribute, with a legend (colours in [`crate::model::palette`]).
//! - [`layout`](mod@layout): the automatic layout, a pure function shared by the GUI, the exports and the PDF.
//! - [`draw`](mod@draw): the layout as drawing primitives with title and legend.
//! - [`export`]: SVG text and PNG bytes.
//! - [`links`]: two-sided links to register risks ([`link_risk`], [`unlink_risk`], [`delete_bowtie`]).
//! - [`template`]: the "Unfair credit decisions" example.
//!
//! Typical use (the GUI's canvas does the same with its own zoom):
//!
//! ```
//! use riskbench::model::bowtie::{BowTieSet, ViewOptions, draw, to_svg};
//! let mut set = BowTieSet::default();
//! let id = set.new_bowtie("Harmful chatbot answers").unwrap();
//! let threat = set.add_threat(&id, "Prompt injection").unwrap();
//! let filter = set.add_barrier(&id, &threat, "Input classifier").unwrap();
//! let other = set.new_bowtie("Data leakage").unwrap();
//! let leak = set.add_threat(&other, "Prompt injection").unwrap();
//! set.share_barrier(&other, &leak, 0, &filter).unwrap(); // one barrier, two bow-ties
//! assert_eq!(set.bowties_using(&filter), ["BT-1", "BT-2"]);
//! let bowtie = set.bowtie(&id).unwrap();
//! assert!(!set.warnings(bowtie, &[]).is_empty()); // no consequences, effectiveness unknown, …
//! let svg = to_svg(&draw(&set, bowtie, &ViewOptions::default()));
//! assert!(svg.contains("Input classifier"));
//! ```
//!
//! Nothing here reads files, the clock or the UI, and no input can make it panic.

pub mod attributes;
pub mod colour;
pub mod draw;
pub mod error;
pub mod export;
pub mod layout;
pub mod links;
pub mod set;
pub mod template;
pub mod warnings;

#[cfg(test)]
mod tests;

pub use attributes::{BarrierCondition, BarrierType, Criticality, Effectiveness};
pub use colour::{ColourBy, Colouring, LegendEntry, NO_OWNER};
pub use draw::{DrawItem, Drawing, TextAnchor, ViewOptions, draw, draw_layout};
pub use error::BowTieError;
pub use export::{ExportError, MAX_PNG_SIDE_PX, picture_file, svg_to_png, to_svg};
pub use layout::{
    BowTieLayout, BoxKind, BoxTarget, Connector, ConnectorKind, LayoutBox, LayoutOptions, Point,
    Rect, escalation_parents, layout,
};
pub use links::{delete_bowtie, link_risk, unlink_risk};
pub use set::{
    BARRIER_ID_PREFIX, BOWTIE_ID_PREFIX, Barrier, BarrierPlace, BowTie, BowTieSet,
    CONSEQUENCE_ID_PREFIX, ControlRef, ESCALATION_ID_PREFIX, Element, EscalationFactor, LineRef,
    Pathway, Side, THREAT_ID_PREFIX,
};
pub use template::{EXAMPLE_TITLE, add_example, example_set};
pub use warnings::{BowTieWarning, looks_like_training_or_culture};
