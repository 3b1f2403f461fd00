//! Automatic layout of a bow-tie: a pure function from the model to boxes, connectors and a bounding box.
//!
//! The GUI canvas, the SVG/PNG export and the PDF report all draw this one layout, so they show the same
//! picture. Coordinates are in points (1/72 inch), origin top-left, y downwards; the GUI scales them by its zoom.
//! Text is wrapped with the Noto Sans metrics of [`crate::model::text_metrics`] at
//! [`LayoutOptions::font_size`].
//!
//! The picture, left to right: threats, then on each threat line its preventive barriers in order, then the
//! lines converge on the top event (hazard above it); on the right the lines fan out through the mitigating
//! barriers to the consequences. Every threat or consequence has its own lane; lanes never overlap. An
//! expanded escalation branch hangs below its barrier in the barrier's column: for each escalation factor its
//! barriers, then the factor, with a connector up into the barrier. Collapsed branches are counted on the box
//! ([`LayoutBox::hidden_escalations`]).
//!
//! Draw [`BowTieLayout::connectors`] first, then [`BowTieLayout::boxes`] on top: lines run behind barriers.

use std::collections::BTreeSet;

use super::set::{Barrier, BowTie, BowTieSet, LineRef, Side};
use crate::model::text_metrics::{text_width, wrap};

/// A point in layout coordinates (points, y downwards).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Point {
    /// From the left.
    pub x: f32,
    /// From the top.
    pub y: f32,
}

impl Point {
    /// A point.
    #[must_use]
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// An axis-aligned rectangle in layout coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    #[must_use]
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self { x, y, w, h }
    }

    /// Right edge.
    #[must_use]
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    #[must_use]
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Centre.
    #[must_use]
    pub fn centre(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Whether the two rectangles share interior area (touching edges do not count).
    #[must_use]
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Whether `p` lies inside or on the edge.
    #[must_use]
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }
}

/// Sizes and spacing of the layout, in points.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Font size of box labels.
    pub font_size: f32,
    /// Line height as a multiple of the font size.
    pub line_spacing: f32,
    /// Width of barrier boxes (and of their column).
    pub barrier_width: f32,
    /// Width of threat and consequence boxes.
    pub event_width: f32,
    /// Width of the hazard and top event boxes.
    pub centre_width: f32,
    /// Space between columns.
    pub column_gap: f32,
    /// Space between lanes.
    pub lane_gap: f32,
    /// Shortest horizontal run over which the lines converge on the top event (longer with many lanes).
    pub converge_width: f32,
    /// Inner padding of boxes.
    pub padding: f32,
    /// Most lines of text in a box; longer labels end in "…".
    pub max_lines: usize,
    /// How far escalation boxes are indented from their barrier's left edge (the connector runs there).
    pub escalation_indent: f32,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            font_size: 8.0,
            line_spacing: 1.25,
            barrier_width: 96.0,
            event_width: 118.0,
            centre_width: 124.0,
            column_gap: 18.0,
            lane_gap: 16.0,
            converge_width: 46.0,
            padding: 5.0,
            max_lines: 6,
            escalation_indent: 10.0,
        }
    }
}

impl LayoutOptions {
    /// Height of one line of box text.
    #[must_use]
    pub fn line_height(&self) -> f32 {
        self.font_size * self.line_spacing
    }
}

/// What a box shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoxKind {
    /// The hazard.
    Hazard,
    /// The top event.
    TopEvent,
    /// A threat.
    Threat,
    /// A consequence.
    Consequence,
    /// A barrier on a threat line.
    PreventiveBarrier,
    /// A barrier on a consequence line.
    MitigatingBarrier,
    /// An escalation factor.
    EscalationFactor,
    /// A barrier on an escalation factor.
    EscalationBarrier,
}

impl BoxKind {
    /// Whether the box is a barrier (coloured by the chosen attribute).
    #[must_use]
    pub const fn is_barrier(self) -> bool {
        matches!(
            self,
            Self::PreventiveBarrier | Self::MitigatingBarrier | Self::EscalationBarrier
        )
    }
}

/// Which model element a box stands for, precise enough to edit it (a shared barrier has one box per place).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BoxTarget {
    /// The hazard.
    Hazard,
    /// The top event.
    TopEvent,
    /// A threat or consequence.
    Line(LineRef),
    /// The barrier at `index` on a line.
    Barrier {
        /// The line.
        line: LineRef,
        /// 0-based position along the line.
        index: usize,
        /// The library barrier.
        barrier_id: String,
    },
    /// An escalation factor of the barrier at `index` on `line`.
    EscalationFactor {
        /// The line of the barrier it degrades.
        line: LineRef,
        /// Position of that barrier on its line.
        index: usize,
        /// The factor.
        factor_id: String,
    },
    /// The barrier at `barrier_index` on an escalation factor.
    EscalationBarrier {
        /// The line of the barrier the factor degrades.
        line: LineRef,
        /// Position of that barrier on its line.
        index: usize,
        /// The factor.
        factor_id: String,
        /// 0-based position on the factor.
        barrier_index: usize,
        /// The library barrier.
        barrier_id: String,
    },
}

impl BoxTarget {
    /// The library barrier id, for barrier boxes.
    #[must_use]
    pub fn barrier_id(&self) -> Option<&str> {
        match self {
            Self::Barrier { barrier_id, .. } | Self::EscalationBarrier { barrier_id, .. } => {
                Some(barrier_id)
            }
            _ => None,
        }
    }
}

/// One box of the layout.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutBox {
    /// What it stands for.
    pub target: BoxTarget,
    /// How it is drawn.
    pub kind: BoxKind,
    /// Where.
    pub rect: Rect,
    /// The label, wrapped to the box width (centred when drawn).
    pub lines: Vec<String>,
    /// Whether the label is bold (the top event).
    pub bold: bool,
    /// Escalation factors of this barrier that are not drawn (collapsed branch, or below the one level that is
    /// drawn); 0 when none are hidden.
    pub hidden_escalations: usize,
}

/// What a connector joins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnectorKind {
    /// Hazard to top event.
    Hazard,
    /// A threat line to the top event.
    Threat,
    /// The top event to a consequence.
    Consequence,
    /// An escalation factor up into its barrier.
    Escalation,
}

/// A polyline joining boxes (drawn behind them).
#[derive(Clone, Debug, PartialEq)]
pub struct Connector {
    /// What it joins.
    pub kind: ConnectorKind,
    /// The points, in order.
    pub points: Vec<Point>,
}

/// The laid-out bow-tie.
#[derive(Clone, Debug, PartialEq)]
pub struct BowTieLayout {
    /// Every box; none overlap.
    pub boxes: Vec<LayoutBox>,
    /// Connectors, to draw before the boxes.
    pub connectors: Vec<Connector>,
    /// The rectangle holding every box and connector (starts at 0, 0).
    pub bounds: Rect,
    /// Font size the labels were wrapped for.
    pub font_size: f32,
    /// Line height of the labels.
    pub line_height: f32,
}

impl BowTieLayout {
    /// The topmost box under `p` (for hit-testing clicks and drops).
    #[must_use]
    pub fn box_at(&self, p: Point) -> Option<&LayoutBox> {
        self.boxes.iter().rev().find(|b| b.rect.contains(p))
    }

    /// The box of a target.
    #[must_use]
    pub fn find(&self, target: &BoxTarget) -> Option<&LayoutBox> {
        self.boxes.iter().find(|b| b.target == *target)
    }
}

/// Ids of every barrier of `bowtie` that has escalation factors: pass it as `collapsed` to [`layout`] to
/// collapse all escalation branches.
#[must_use]
pub fn escalation_parents(set: &BowTieSet, bowtie: &BowTie) -> BTreeSet<String> {
    bowtie
        .line_barrier_ids()
        .filter(|id| {
            set.barrier(id)
                .is_some_and(|b| !b.escalation_factors.is_empty())
        })
        .map(str::to_owned)
        .collect()
}

struct Measured {
    lines: Vec<String>,
    h: f32,
}

/// An escalation item below a barrier, before placement.
struct EscItem {
    kind: BoxKind,
    target: BoxTarget,
    text: Measured,
    hidden: usize,
}

/// One barrier on a lane, before placement.
struct LaneBarrier {
    target: BoxTarget,
    text: Measured,
    hidden: usize,
    /// Escalation factors, each: its barriers, then the factor box.
    groups: Vec<Vec<EscItem>>,
}

struct Lane {
    line: LineRef,
    event: Measured,
    barriers: Vec<LaneBarrier>,
    above: f32,
    below: f32,
}

struct Ctx<'a> {
    o: &'a LayoutOptions,
}

impl Ctx<'_> {
    fn measure(&self, text: &str, width: f32, bold: bool) -> Measured {
        let inner = (width - 2.0 * self.o.padding).max(self.o.font_size);
        let lines = wrap(text, inner, self.o.font_size, bold, self.o.max_lines);
        let shown = lines.len().max(2);
        #[expect(clippy::cast_precision_loss, reason = "at most max_lines lines")]
        let h = 2.0 * self.o.padding + shown as f32 * self.o.line_height();
        Measured { lines, h }
    }

    fn esc_gap(&self) -> f32 {
        self.o.lane_gap * 0.6
    }

    fn esc_width(&self) -> f32 {
        (self.o.barrier_width - self.o.escalation_indent).max(self.o.font_size * 3.0)
    }

    fn stack_height(&self, groups: &[Vec<EscItem>]) -> f32 {
        groups
            .iter()
            .flatten()
            .map(|item| self.esc_gap() + item.text.h)
            .sum()
    }
}

fn hidden_count(barrier: &Barrier) -> usize {
    barrier.escalation_factors.len()
}

fn build_lane(
    ctx: &Ctx<'_>,
    set: &BowTieSet,
    bowtie: &BowTie,
    side: Side,
    index: usize,
    collapsed: &BTreeSet<String>,
) -> Option<Lane> {
    let o = ctx.o;
    let pathway = bowtie.lines(side).get(index)?;
    let line = LineRef {
        side,
        line_id: pathway.pathway_id.clone(),
    };
    let event = ctx.measure(&pathway.name, o.event_width, false);
    let mut barriers = Vec::new();
    for (i, barrier_id) in pathway.barrier_ids.iter().enumerate() {
        let barrier = set.barrier(barrier_id);
        let name = barrier.map_or_else(|| format!("{barrier_id} (missing)"), |b| b.name.clone());
        let text = ctx.measure(&name, o.barrier_width, false);
        let mut groups = Vec::new();
        let mut hidden = 0;
        if let Some(b) = barrier {
            if collapsed.contains(barrier_id) {
                hidden = hidden_count(b);
            } else {
                for f in &b.escalation_factors {
                    let mut group = Vec::new();
                    for (bi, ef_barrier_id) in f.barrier_ids.iter().enumerate() {
                        let ef_barrier = set.barrier(ef_barrier_id);
                        let ef_name = ef_barrier.map_or_else(
                            || format!("{ef_barrier_id} (missing)"),
                            |b| b.name.clone(),
                        );
                        group.push(EscItem {
                            kind: BoxKind::EscalationBarrier,
                            target: BoxTarget::EscalationBarrier {
                                line: line.clone(),
                                index: i,
                                factor_id: f.factor_id.clone(),
                                barrier_index: bi,
                                barrier_id: ef_barrier_id.clone(),
                            },
                            text: ctx.measure(&ef_name, ctx.esc_width(), false),
                            hidden: ef_barrier.map_or(0, hidden_count),
                        });
                    }
                    group.push(EscItem {
                        kind: BoxKind::EscalationFactor,
                        target: BoxTarget::EscalationFactor {
                            line: line.clone(),
                            index: i,
                            factor_id: f.factor_id.clone(),
                        },
                        text: ctx.measure(&f.name, ctx.esc_width(), false),
                        hidden: 0,
                    });
                    groups.push(group);
                }
            }
        }
        barriers.push(LaneBarrier {
            target: BoxTarget::Barrier {
                line: line.clone(),
                index: i,
                barrier_id: barrier_id.clone(),
            },
            text,
            hidden,
            groups,
        });
    }
    let mut above = event.h / 2.0;
    let mut below = event.h / 2.0;
    for b in &barriers {
        above = above.max(b.text.h / 2.0);
        below = below.max(b.text.h / 2.0 + ctx.stack_height(&b.groups));
    }
    Some(Lane {
        line,
        event,
        barriers,
        above,
        below,
    })
}

/// Lays out one bow-tie. `collapsed` holds ids of barriers whose escalation branches are folded away.
///
/// Deterministic: the same input always gives the same output. Nothing here can panic on any model, including
/// dangling barrier ids (drawn as "B-9 (missing)").
///
/// ```
/// use std::collections::BTreeSet;
/// use riskbench::model::bowtie::{BowTieSet, LayoutOptions, layout};
/// let mut set = BowTieSet::default();
/// let id = set.new_bowtie("Unfair credit decisions").unwrap();
/// let threat = set.add_threat(&id, "Biased training labels").unwrap();
/// set.add_barrier(&id, &threat, "Label audit").unwrap();
/// let bowtie = set.bowtie(&id).unwrap();
/// let laid = layout(&set, bowtie, &BTreeSet::new(), &LayoutOptions::default());
/// assert_eq!(laid.boxes.len(), 4); // hazard, top event, threat, barrier
/// ```
#[must_use]
pub fn layout(
    set: &BowTieSet,
    bowtie: &BowTie,
    collapsed: &BTreeSet<String>,
    options: &LayoutOptions,
) -> BowTieLayout {
    let ctx = Ctx { o: options };
    let o = options;
    let lanes = |side: Side| -> Vec<Lane> {
        (0..bowtie.lines(side).len())
            .filter_map(|i| build_lane(&ctx, set, bowtie, side, i, collapsed))
            .collect()
    };
    let left = lanes(Side::Threat);
    let right = lanes(Side::Consequence);
    let side_height = |ls: &[Lane]| -> f32 {
        let sum: f32 = ls.iter().map(|l| l.above + l.below).sum();
        #[expect(clippy::cast_precision_loss, reason = "lane counts are small")]
        let gaps = ls.len().saturating_sub(1) as f32 * o.lane_gap;
        sum + gaps
    };

    let hazard_text = if bowtie.hazard.trim().is_empty() {
        "Hazard (not described)"
    } else {
        bowtie.hazard.as_str()
    };
    let top_text = if bowtie.top_event.trim().is_empty() {
        "Top event (not described)"
    } else {
        bowtie.top_event.as_str()
    };
    let hazard = ctx.measure(hazard_text, o.centre_width, false);
    let top = ctx.measure(top_text, o.centre_width, true);
    let hazard_gap = o.lane_gap * 1.5;
    let centre_half = top.h / 2.0 + hazard_gap + hazard.h;
    let height = side_height(&left)
        .max(side_height(&right))
        .max(2.0 * centre_half)
        .max(top.h);
    let centre_y = height / 2.0;

    let columns = |ls: &[Lane]| ls.iter().map(|l| l.barriers.len()).max().unwrap_or(0);
    #[expect(clippy::cast_precision_loss, reason = "column counts are small")]
    let span = |n: usize| n as f32 * (o.barrier_width + o.column_gap);
    let left_cols = columns(&left);
    let right_cols = columns(&right);
    let left_end = o.event_width + span(left_cols);
    // Many lanes converge more gently over a longer run, so the lines near the top event stay apart.
    let converge = |ls: &[Lane]| {
        o.converge_width
            .max((side_height(ls) * 0.1).min(3.0 * o.converge_width))
    };
    let top_x = left_end + converge(&left);
    let right_start = top_x + o.centre_width + converge(&right);
    let consequence_x = right_start + span(right_cols);
    let width = consequence_x + o.event_width;

    let mut out = BowTieLayout {
        boxes: Vec::new(),
        connectors: Vec::new(),
        bounds: Rect::new(0.0, 0.0, width, height),
        font_size: o.font_size,
        line_height: o.line_height(),
    };

    // Centre: hazard above the top event.
    let top_rect = Rect::new(top_x, centre_y - top.h / 2.0, o.centre_width, top.h);
    let hazard_rect = Rect::new(
        top_x,
        top_rect.y - hazard_gap - hazard.h,
        o.centre_width,
        hazard.h,
    );
    out.connectors.push(Connector {
        kind: ConnectorKind::Hazard,
        points: vec![
            Point::new(hazard_rect.centre().x, hazard_rect.bottom()),
            Point::new(top_rect.centre().x, top_rect.y),
        ],
    });
    out.boxes.push(LayoutBox {
        target: BoxTarget::Hazard,
        kind: BoxKind::Hazard,
        rect: hazard_rect,
        lines: hazard.lines,
        bold: false,
        hidden_escalations: 0,
    });
    out.boxes.push(LayoutBox {
        target: BoxTarget::TopEvent,
        kind: BoxKind::TopEvent,
        rect: top_rect,
        lines: top.lines,
        bold: true,
        hidden_escalations: 0,
    });

    for (side, lanes) in [(Side::Threat, &left), (Side::Consequence, &right)] {
        let mut y = centre_y - side_height(lanes) / 2.0;
        for lane in lanes {
            let line_y = y + lane.above;
            place_lane(
                &ctx,
                &mut out,
                side,
                lane,
                line_y,
                [left_end, right_start, consequence_x],
                top_rect,
            );
            y += lane.above + lane.below + o.lane_gap;
        }
    }
    out
}

fn place_lane(
    ctx: &Ctx<'_>,
    out: &mut BowTieLayout,
    side: Side,
    lane: &Lane,
    line_y: f32,
    [left_end, right_start, consequence_x]: [f32; 3],
    top_rect: Rect,
) {
    let o = ctx.o;
    let (event_x, first_col_x, kind, barrier_kind) = match side {
        Side::Threat => (
            0.0,
            o.event_width + o.column_gap,
            BoxKind::Threat,
            BoxKind::PreventiveBarrier,
        ),
        Side::Consequence => (
            consequence_x,
            right_start,
            BoxKind::Consequence,
            BoxKind::MitigatingBarrier,
        ),
    };
    let event_rect = Rect::new(
        event_x,
        line_y - lane.event.h / 2.0,
        o.event_width,
        lane.event.h,
    );
    let top_mid = top_rect.centre().y;
    let points = match side {
        Side::Threat => vec![
            Point::new(event_rect.right(), line_y),
            Point::new(left_end, line_y),
            Point::new(top_rect.x, top_mid),
        ],
        Side::Consequence => vec![
            Point::new(top_rect.right(), top_mid),
            Point::new(right_start - o.column_gap, line_y),
            Point::new(event_rect.x, line_y),
        ],
    };
    out.connectors.push(Connector {
        kind: match side {
            Side::Threat => ConnectorKind::Threat,
            Side::Consequence => ConnectorKind::Consequence,
        },
        points,
    });
    out.boxes.push(LayoutBox {
        target: BoxTarget::Line(lane.line.clone()),
        kind,
        rect: event_rect,
        lines: lane.event.lines.clone(),
        bold: false,
        hidden_escalations: 0,
    });
    for (i, b) in lane.barriers.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "column counts are small")]
        let col_x = first_col_x + i as f32 * (o.barrier_width + o.column_gap);
        let rect = Rect::new(col_x, line_y - b.text.h / 2.0, o.barrier_width, b.text.h);
        out.boxes.push(LayoutBox {
            target: b.target.clone(),
            kind: barrier_kind,
            rect,
            lines: b.text.lines.clone(),
            bold: false,
            hidden_escalations: b.hidden,
        });
        let spine_x = col_x + o.escalation_indent / 2.0;
        let esc_x = col_x + o.escalation_indent;
        let mut cursor = rect.bottom();
        for group in &b.groups {
            let group_top = cursor + ctx.esc_gap();
            let mut factor_rect = rect;
            for item in group {
                cursor += ctx.esc_gap();
                let r = Rect::new(esc_x, cursor, ctx.esc_width(), item.text.h);
                cursor += item.text.h;
                if item.kind == BoxKind::EscalationFactor {
                    factor_rect = r;
                }
                out.boxes.push(LayoutBox {
                    target: item.target.clone(),
                    kind: item.kind,
                    rect: r,
                    lines: item.text.lines.clone(),
                    bold: false,
                    hidden_escalations: item.hidden,
                });
            }
            let bend_y = group_top - ctx.esc_gap() / 2.0;
            let cx = factor_rect.centre().x;
            out.connectors.push(Connector {
                kind: ConnectorKind::Escalation,
                points: vec![
                    Point::new(cx, factor_rect.y),
                    Point::new(cx, bend_y),
                    Point::new(spine_x, bend_y),
                    Point::new(spine_x, rect.bottom()),
                ],
            });
        }
    }
}

/// Width of the widest wrapped line of a box, for tests and callers that shrink boxes to their text.
#[must_use]
pub fn widest_line(lines: &[String], font_size: f32, bold: bool) -> f32 {
    lines
        .iter()
        .map(|l| text_width(l, font_size, bold))
        .fold(0.0, f32::max)
}
