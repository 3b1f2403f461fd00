//! The 5 Whys tree and the timeline as [`Drawing`]s, like the fishbone: one picture for the GUI, the SVG/PNG
//! export and the PDF figure.
//!
//! The 5 Whys is drawn as an indented tree: the problem on top, each answer one indent right of the answer it
//! explains, with an elbow connector from it; root causes are highlighted. The timeline is a chart over the
//! incident's span: one bar per NIST phase, the events as numbered ticks on their own row (numbers staggered
//! over three levels so close events stay readable) and the kill switch as a vertical line.

use super::{Incident, Phase, Timestamp};
use crate::model::bowtie::{DrawItem, Drawing, LayoutOptions, Point, Rect, TextAnchor};
use crate::model::palette;
use crate::model::text_metrics::{CAP_HEIGHT_EM, wrap};

const MARGIN: f32 = 12.0;

fn baseline(line_top: f32, line_height: f32, size: f32) -> f32 {
    line_top + f32::midpoint(line_height, CAP_HEIGHT_EM * size)
}

fn text(x: f32, y: f32, t: &str, size: f32, bold: bool, anchor: TextAnchor) -> DrawItem {
    DrawItem::Text {
        x,
        y,
        text: t.to_owned(),
        size,
        bold,
        anchor,
        colour: palette::INK,
    }
}

fn boxed(
    items: &mut Vec<DrawItem>,
    rect: Rect,
    fill: palette::Rgb,
    lines: &[String],
    o: &LayoutOptions,
    bold: bool,
) {
    items.push(DrawItem::Rect {
        rect,
        fill,
        stroke: palette::BOWTIE_OUTLINE,
        stroke_width: 0.8,
        radius: 3.0,
        dashed: false,
    });
    for (k, line) in lines.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "a handful of lines")]
        let top = rect.y + o.padding + k as f32 * o.line_height();
        items.push(text(
            rect.x + o.padding,
            baseline(top, o.line_height(), o.font_size),
            line,
            o.font_size,
            bold,
            TextAnchor::Start,
        ));
    }
}

/// The 5 Whys of `incident` as an indented tree `width` points wide.
#[must_use]
pub fn draw_whys(incident: &Incident, width: f32, o: &LayoutOptions) -> Drawing {
    const INDENT: f32 = 22.0;
    const GAP: f32 = 6.0;
    let whys = &incident.whys;
    let mut items = Vec::new();
    let mut boxes: Vec<(String, Rect)> = Vec::new();
    let inner = |indent: f32| (width - 2.0 * MARGIN - indent).max(80.0);
    let text_h = |n: usize| {
        #[expect(clippy::cast_precision_loss, reason = "a handful of lines")]
        let n = n as f32;
        n * o.line_height() + 2.0 * o.padding
    };
    let problem = if whys.problem.trim().is_empty() {
        "Problem (not stated)"
    } else {
        whys.problem.as_str()
    };
    let lines = wrap(
        problem,
        inner(0.0) - 2.0 * o.padding,
        o.font_size,
        true,
        o.max_lines,
    );
    let problem_rect = Rect::new(MARGIN, MARGIN, inner(0.0), text_h(lines.len()));
    boxed(
        &mut items,
        problem_rect,
        palette::BOWTIE_HAZARD,
        &lines,
        o,
        true,
    );
    let mut y = problem_rect.bottom() + GAP;
    let mut connectors = Vec::new();
    for (depth, w) in whys.outline() {
        #[expect(clippy::cast_precision_loss, reason = "depth of a small tree")]
        let indent = depth as f32 * INDENT;
        let body = if w.evidence.trim().is_empty() {
            format!("{}  {}", w.why_id, w.answer)
        } else {
            format!("{}  {}\nEvidence: {}", w.why_id, w.answer, w.evidence)
        };
        let lines = wrap(
            &body,
            inner(indent) - 2.0 * o.padding,
            o.font_size,
            false,
            o.max_lines,
        );
        let rect = Rect::new(MARGIN + indent, y, inner(indent), text_h(lines.len()));
        let parent = w
            .parent_id
            .as_deref()
            .and_then(|p| boxes.iter().rev().find(|(id, _)| id == p))
            .map_or(problem_rect, |(_, r)| *r);
        let px = parent.x + INDENT / 2.0;
        connectors.push(DrawItem::Polyline {
            points: vec![
                Point::new(px, parent.bottom()),
                Point::new(px, rect.centre().y),
                Point::new(rect.x, rect.centre().y),
            ],
            stroke: palette::BOWTIE_LINE,
            width: 0.8,
            dashed: false,
        });
        let fill = if w.root_cause {
            palette::BOWTIE_CONSEQUENCE
        } else {
            palette::PAPER
        };
        boxed(&mut items, rect, fill, &lines, o, false);
        y = rect.bottom() + GAP;
        boxes.push((w.why_id.clone(), rect));
    }
    connectors.extend(items);
    Drawing {
        width,
        height: y - GAP + MARGIN,
        background: palette::BOWTIE_BACKGROUND,
        items: connectors,
    }
}

/// The first and last moment the timeline chart shows: the incident's span widened to every event, phase
/// and the kill switch; `None` when nothing is dated.
#[must_use]
pub fn timeline_span(incident: &Incident) -> Option<(Timestamp, Timestamp)> {
    let mut all: Vec<Timestamp> = incident.timeline.iter().map(|e| e.at).collect();
    all.extend(incident.opened);
    all.extend(incident.closed);
    for p in Phase::ALL {
        let r = incident.phases.get(p);
        all.extend(r.start);
        all.extend(r.end);
    }
    if let Some(k) = &incident.kill_switch {
        all.extend(k.pulled_at);
    }
    Some((*all.iter().min()?, *all.iter().max()?))
}

/// The timeline chart of `incident`, `width` points wide; events are numbered 1, 2, … in time order (the
/// order of [`Incident::sorted_timeline`]).
#[must_use]
pub fn draw_timeline(incident: &Incident, width: f32) -> Drawing {
    const LABEL_W: f32 = 112.0;
    const ROW_H: f32 = 16.0;
    const SIZE: f32 = 7.0;
    let mut items = Vec::new();
    let Some((first, last)) = timeline_span(incident) else {
        items.push(text(
            MARGIN,
            MARGIN + SIZE,
            "No dated events",
            SIZE,
            false,
            TextAnchor::Start,
        ));
        return Drawing {
            width,
            height: 2.0 * MARGIN + SIZE,
            background: palette::PAPER,
            items,
        };
    };
    let t0 = first.minutes_since_epoch();
    let span = (last.minutes_since_epoch() - t0).max(60);
    let x0 = MARGIN + LABEL_W;
    let plot_w = (width - x0 - MARGIN).max(50.0);
    #[expect(
        clippy::cast_precision_loss,
        reason = "minutes over a few years fit an f32 closely enough to draw"
    )]
    let x_of = |t: Timestamp| x0 + (t.minutes_since_epoch() - t0) as f32 / span as f32 * plot_w;
    // Event row first (numbers need up to three levels), then one row per phase, then the axis.
    let events = incident.sorted_timeline();
    let mut level_end = [f32::NEG_INFINITY; 3];
    let mut event_marks = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let x = x_of(e.at);
        let label = (i + 1).to_string();
        let w = crate::model::text_metrics::text_width(&label, SIZE, true);
        let level = level_end
            .iter()
            .position(|end| x - w / 2.0 > *end + 1.5)
            .unwrap_or(2);
        level_end[level] = x + w / 2.0;
        event_marks.push((x, label, level));
    }
    let top = MARGIN;
    #[expect(clippy::cast_precision_loss, reason = "level below 3")]
    let number_y = |level: usize| top + SIZE + level as f32 * (SIZE + 1.0);
    let events_y = top + 3.0 * (SIZE + 1.0) + 4.0;
    items.push(text(
        MARGIN,
        events_y + SIZE * 0.35,
        "Events",
        SIZE,
        true,
        TextAnchor::Start,
    ));
    items.push(DrawItem::Polyline {
        points: vec![Point::new(x0, events_y), Point::new(x0 + plot_w, events_y)],
        stroke: palette::BOWTIE_LINE,
        width: 0.6,
        dashed: false,
    });
    for (x, label, level) in &event_marks {
        items.push(DrawItem::Polyline {
            points: vec![
                Point::new(*x, number_y(*level) + 1.5),
                Point::new(*x, events_y + 3.0),
            ],
            stroke: palette::ACCENT,
            width: 0.8,
            dashed: false,
        });
        items.push(text(
            *x,
            number_y(*level),
            label,
            SIZE,
            true,
            TextAnchor::Middle,
        ));
    }
    let mut y = events_y + ROW_H / 2.0 + 2.0;
    for (i, p) in Phase::ALL.iter().enumerate() {
        let r = incident.phases.get(*p);
        items.push(text(
            MARGIN,
            y + ROW_H / 2.0 + SIZE * 0.35,
            p.label(),
            SIZE,
            false,
            TextAnchor::Start,
        ));
        if let Some(s) = r.start {
            let end = r.end.unwrap_or(last);
            let (a, b) = (x_of(s), x_of(end).max(x_of(s) + 1.5));
            items.push(DrawItem::Rect {
                rect: Rect::new(a, y + 3.0, b - a, ROW_H - 6.0),
                fill: palette::category(i),
                stroke: palette::BOWTIE_OUTLINE,
                stroke_width: 0.5,
                radius: 1.5,
                dashed: r.end.is_none(),
            });
        }
        y += ROW_H;
    }
    // The kill switch.
    if let Some(at) = incident.kill_switch.as_ref().and_then(|k| k.pulled_at) {
        let x = x_of(at);
        items.push(DrawItem::Polyline {
            points: vec![Point::new(x, events_y), Point::new(x, y)],
            stroke: palette::FAIL,
            width: 1.2,
            dashed: true,
        });
        items.push(DrawItem::Text {
            x: x + 2.0,
            y: y - 2.0,
            text: "Kill switch".to_owned(),
            size: SIZE,
            bold: true,
            anchor: TextAnchor::Start,
            colour: palette::FAIL,
        });
    }
    // Axis with day ticks, at most eight.
    items.push(DrawItem::Polyline {
        points: vec![Point::new(x0, y), Point::new(x0 + plot_w, y)],
        stroke: palette::INK,
        width: 0.8,
        dashed: false,
    });
    let days = (span / 1440).max(1);
    let step = [1, 2, 3, 7, 14, 28, 56, 91, 182, 365]
        .into_iter()
        .find(|s| days / s <= 7)
        .unwrap_or(365);
    let mut day = first.date.date();
    let end_day = last.date.date();
    while day <= end_day {
        let t = Timestamp::start_of(day.into());
        if t >= first {
            let x = x_of(t);
            items.push(DrawItem::Polyline {
                points: vec![Point::new(x, y), Point::new(x, y + 3.0)],
                stroke: palette::INK,
                width: 0.6,
                dashed: false,
            });
            items.push(text(
                x,
                y + 4.0 + SIZE,
                &t.date.to_string(),
                SIZE,
                false,
                TextAnchor::Middle,
            ));
        }
        match day.checked_add(time::Duration::days(step)) {
            Some(next) => day = next,
            None => break,
        }
    }
    Drawing {
        width,
        height: y + 4.0 + SIZE + MARGIN,
        background: palette::PAPER,
        items,
    }
}
