//! Tests of the bow-tie model operations, warnings, colouring and the layout invariants.

use std::collections::BTreeSet;

use super::*;
use crate::model::register::{Control, Risk};
use crate::model::text_metrics::text_width;

fn one_line_set() -> (BowTieSet, String, LineRef) {
    let mut set = BowTieSet::default();
    let id = set.new_bowtie("Unfair decisions").unwrap();
    let t = set.add_threat(&id, "Biased labels").unwrap();
    (set, id, t)
}

fn names(set: &BowTieSet, bowtie_id: &str, line: &LineRef) -> Vec<String> {
    set.bowtie(bowtie_id)
        .unwrap()
        .line(line)
        .unwrap()
        .barrier_ids
        .iter()
        .map(|id| set.barrier(id).unwrap().name.clone())
        .collect()
}

/// 10 threats, 8 consequences, 40 barriers in all (36 on lines, 4 on escalation factors), long labels.
fn large_set() -> (BowTieSet, String) {
    let mut set = BowTieSet::default();
    let id = set.new_bowtie("Large").unwrap();
    {
        let b = set.bowtie_mut(&id).unwrap();
        b.hazard = "Fully automated underwriting of consumer credit across all channels".to_owned();
        b.top_event = "Systematically unfair or unreliable decisions reach applicants".to_owned();
    }
    let mut first_barriers = Vec::new();
    for t in 0..10 {
        let label = if t % 3 == 0 {
            format!(
                "Threat {t}: an unusually long description of a cause that needs several wrapped lines to show"
            )
        } else {
            format!("Threat {t}")
        };
        let line = set.add_threat(&id, &label).unwrap();
        for k in 0..2 {
            let b = set
                .add_barrier(
                    &id,
                    &line,
                    &format!("Preventive {t}.{k} with a reasonably long name"),
                )
                .unwrap();
            if k == 0 {
                first_barriers.push(b);
            }
        }
    }
    for c in 0..8 {
        let line = set
            .add_consequence(&id, &format!("Consequence {c}"))
            .unwrap();
        for k in 0..2 {
            set.add_barrier(&id, &line, &format!("Mitigating {c}.{k}"))
                .unwrap();
        }
    }
    for parent in first_barriers.iter().take(2) {
        let f = set
            .add_escalation_factor(parent, "Escalation factor that degrades the barrier")
            .unwrap();
        set.add_escalation_barrier(&f, "EF barrier one").unwrap();
        set.add_escalation_barrier(&f, "EF barrier two").unwrap();
    }
    assert_eq!(set.barriers.len(), 40);
    (set, id)
}

// --- Model operations ---------------------------------------------------------------------------

#[test]
fn ids_are_stable_and_never_reused() {
    let (mut set, id, t) = one_line_set();
    assert_eq!(id, "BT-1");
    assert_eq!(t, LineRef::threat("T-1"));
    let a = set.add_barrier(&id, &t, "A").unwrap();
    let b = set.add_barrier(&id, &t, "B").unwrap();
    assert_eq!((a.as_str(), b.as_str()), ("B-1", "B-2"));
    set.delete_barrier(&a).unwrap();
    assert_eq!(set.add_barrier(&id, &t, "C").unwrap(), "B-3");
    let c = set.add_consequence(&id, "Harm").unwrap();
    assert_eq!(c, LineRef::consequence("C-1"));
    assert_eq!(set.new_bowtie("Second").unwrap(), "BT-2");
}

#[test]
fn insert_and_move_keep_order() {
    let (mut set, id, t) = one_line_set();
    for n in ["A", "B", "C"] {
        set.add_barrier(&id, &t, n).unwrap();
    }
    set.insert_barrier(&id, &t, 1, "X").unwrap();
    assert_eq!(names(&set, &id, &t), ["A", "X", "B", "C"]);
    set.move_barrier(&id, &t, 0, &t, 3).unwrap();
    assert_eq!(names(&set, &id, &t), ["X", "B", "C", "A"]);
    set.move_barrier(&id, &t, 3, &t, 0).unwrap();
    assert_eq!(names(&set, &id, &t), ["A", "X", "B", "C"]);
    // To another line of the same bow-tie.
    let t2 = set.add_threat(&id, "Proxies").unwrap();
    set.move_barrier(&id, &t, 1, &t2, 0).unwrap();
    assert_eq!(names(&set, &id, &t), ["A", "B", "C"]);
    assert_eq!(names(&set, &id, &t2), ["X"]);
    // Lines reorder too.
    set.move_line(&id, &t2, 0).unwrap();
    assert_eq!(set.bowtie(&id).unwrap().threats[0].pathway_id, "T-2");
}

#[test]
fn failed_edits_change_nothing() {
    let (mut set, id, t) = one_line_set();
    let a = set.add_barrier(&id, &t, "A").unwrap();
    let before = set.clone();
    assert_eq!(
        set.insert_barrier(&id, &t, 5, "Z"),
        Err(BowTieError::PositionOutOfRange { index: 5, len: 1 })
    );
    assert_eq!(
        set.add_barrier(&id, &t, "   "),
        Err(BowTieError::EmptyName("the barrier name"))
    );
    assert!(matches!(
        set.add_barrier(&id, &LineRef::threat("T-9"), "Z"),
        Err(BowTieError::UnknownLine { .. })
    ));
    assert!(matches!(
        set.add_threat("BT-9", "x"),
        Err(BowTieError::UnknownBowTie(_))
    ));
    assert_eq!(
        set.share_barrier(&id, &t, 0, &a),
        Err(BowTieError::AlreadyOnLine(a.clone()))
    );
    assert!(set.move_barrier(&id, &t, 0, &t, 1).is_err());
    assert!(set.move_barrier(&id, &t, 1, &t, 0).is_err());
    assert!(set.delete_barrier("B-99").is_err());
    assert!(set.remove_barrier_at(&id, &t, 1).is_err());
    assert!(set.add_escalation_factor("B-99", "x").is_err());
    assert!(set.set_text(&id, &Element::Barrier(a.clone()), "").is_err());
    assert_eq!(set, before);
    // The error text is one readable line.
    let msg = BowTieError::PositionOutOfRange { index: 5, len: 1 }.to_string();
    assert_eq!(msg, "position 6 does not exist: the line has 1 boxes");
}

#[test]
fn shared_barrier_is_edited_once_and_survives_partial_removal() {
    let mut set = BowTieSet::default();
    let one = set.new_bowtie("One").unwrap();
    let two = set.new_bowtie("Two").unwrap();
    let t1 = set.add_threat(&one, "Threat").unwrap();
    let t2 = set.add_threat(&two, "Threat").unwrap();
    let gate = set.add_barrier(&one, &t1, "Fairness gate").unwrap();
    set.share_barrier(&two, &t2, 0, &gate).unwrap();
    assert_eq!(set.barriers.len(), 1);
    assert_eq!(set.bowties_using(&gate), ["BT-1", "BT-2"]);
    assert_eq!(set.barrier_places(&gate).len(), 2);
    set.set_text(
        &two,
        &Element::Barrier(gate.clone()),
        "Fairness gate (4/5 rule)",
    )
    .unwrap();
    set.barrier_mut(&gate).unwrap().effectiveness = Effectiveness::Good;
    assert_eq!(names(&set, &one, &t1), ["Fairness gate (4/5 rule)"]);
    assert_eq!(
        set.barrier(&gate).unwrap().effectiveness,
        Effectiveness::Good
    );
    // Taking it off one line keeps it in the library; off the last line removes it.
    assert!(set.remove_barrier_at(&one, &t1, 0).unwrap().is_empty());
    assert!(set.barrier(&gate).is_some());
    assert_eq!(
        set.remove_barrier_at(&two, &t2, 0).unwrap(),
        std::slice::from_ref(&gate)
    );
    assert!(set.barriers.is_empty());
}

#[test]
fn deleting_cleans_up_orphans_including_escalation_barriers() {
    let (mut set, id, t) = one_line_set();
    let review = set.add_barrier(&id, &t, "Human review").unwrap();
    let f = set.add_escalation_factor(&review, "Overload").unwrap();
    let cap = set.add_escalation_barrier(&f, "Queue cap").unwrap();
    let other = set.add_barrier(&id, &t, "Other").unwrap();
    // An escalation barrier that also stands on a line survives the factor's removal.
    set.share_escalation_barrier(&f, 1, &other).unwrap();
    assert_eq!(
        set.share_escalation_barrier(&f, 0, &review),
        Err(BowTieError::SelfEscalation(review.clone()))
    );
    let removed = set.delete_barrier(&review).unwrap();
    assert_eq!(removed, [review.clone(), cap.clone()]);
    assert!(set.barrier(&other).is_some());
    assert!(set.escalation_factor(&f).is_none());
    // Removing a line removes barriers only it used.
    let removed = set.remove_line(&id, &t).unwrap();
    assert_eq!(removed, [other]);
    assert!(set.barriers.is_empty());
    // Removing a bow-tie too.
    let t = set.add_threat(&id, "Again").unwrap();
    set.add_barrier(&id, &t, "B").unwrap();
    assert_eq!(set.remove_bowtie(&id).unwrap().len(), 1);
    assert!(set.diagrams.is_empty() && set.barriers.is_empty());
}

#[test]
fn escalation_barriers_reorder_and_dangling_ids_are_dropped() {
    let (mut set, id, t) = one_line_set();
    let b = set.add_barrier(&id, &t, "Review").unwrap();
    let f = set.add_escalation_factor(&b, "Overload").unwrap();
    set.add_escalation_barrier(&f, "One").unwrap();
    set.insert_escalation_barrier(&f, 0, "Zero").unwrap();
    set.move_escalation_barrier(&f, 0, 1).unwrap();
    let (_, factor) = set.escalation_factor(&f).unwrap();
    let ef_names: Vec<&str> = factor
        .barrier_ids
        .iter()
        .map(|i| set.barrier(i).unwrap().name.as_str())
        .collect();
    assert_eq!(ef_names, ["One", "Zero"]);
    assert_eq!(set.remove_escalation_barrier_at(&f, 0).unwrap().len(), 1);
    // A hand-edited file with a dangling id.
    set.diagrams[0].threats[0]
        .barrier_ids
        .push("B-404".to_owned());
    assert!(set.remove_orphans().is_empty());
    assert_eq!(set.diagrams[0].threats[0].barrier_ids, [b]);
}

#[test]
fn rename_every_element() {
    let (mut set, id, t) = one_line_set();
    let b = set.add_barrier(&id, &t, "B").unwrap();
    let f = set.add_escalation_factor(&b, "F").unwrap();
    for (el, text) in [
        (Element::Title, "New title"),
        (Element::Hazard, "Hazard"),
        (Element::TopEvent, " Top "),
        (Element::Line(t.clone()), "Threat"),
        (Element::Barrier(b.clone()), "Barrier"),
        (Element::EscalationFactor(f.clone()), "Factor"),
    ] {
        set.set_text(&id, &el, text).unwrap();
    }
    let bt = set.bowtie(&id).unwrap();
    assert_eq!(
        (
            bt.title.as_str(),
            bt.hazard.as_str(),
            bt.top_event.as_str(),
            bt.threats[0].name.as_str()
        ),
        ("New title", "Hazard", "Top", "Threat")
    );
    assert_eq!(set.escalation_factor(&f).unwrap().1.name, "Factor");
    assert_eq!(set.find_bowtie("new TITLE").unwrap().bowtie_id, id);
    assert_eq!(set.find_bowtie("BT-1").unwrap().bowtie_id, id);
    assert!(set.find_bowtie("nothing").is_none());
}

#[test]
fn project_file_round_trip() {
    let set = example_set();
    let text = ron::ser::to_string_pretty(&set, ron::ser::PrettyConfig::default()).unwrap();
    let back: BowTieSet = ron::from_str(&text).unwrap();
    assert_eq!(back, set);
    // Missing fields take their defaults.
    let minimal: BowTieSet = ron::from_str("(diagrams: [(bowtie_id: \"BT-1\")])").unwrap();
    assert_eq!(minimal.diagrams[0].bowtie_id, "BT-1");
}

// --- Warnings -----------------------------------------------------------------------------------

#[test]
fn warnings_guide_without_blocking() {
    let (mut set, id, t) = one_line_set();
    let bt = set.bowtie(&id).unwrap().clone();
    let w = set.warnings(&bt, &[]);
    assert!(w.contains(&BowTieWarning::NoTopEvent));
    assert!(w.contains(&BowTieWarning::NoConsequences));
    assert!(w.contains(&BowTieWarning::LineWithoutBarriers {
        line: t.clone(),
        name: "Biased labels".to_owned()
    }));
    let training = set
        .add_barrier(&id, &t, "Staff awareness training")
        .unwrap();
    let gate = set
        .add_barrier(&id, &t, "Training data validation")
        .unwrap();
    set.barrier_mut(&gate).unwrap().effectiveness = Effectiveness::Good;
    let f = set.add_escalation_factor(&gate, "Schema drift").unwrap();
    let ef_training = set
        .add_escalation_barrier(&f, "Engineer training on schemas")
        .unwrap();
    set.barrier_mut(&ef_training).unwrap().effectiveness = Effectiveness::Poor;
    let bt = set.bowtie(&id).unwrap().clone();
    let w = set.warnings(&bt, &[]);
    assert!(
        !w.iter()
            .any(|x| matches!(x, BowTieWarning::LineWithoutBarriers { .. }))
    );
    assert!(w.contains(&BowTieWarning::UnknownEffectiveness {
        barrier_id: training.clone(),
        name: "Staff awareness training".to_owned()
    }));
    let flagged: Vec<&BowTieWarning> = w
        .iter()
        .filter(|x| matches!(x, BowTieWarning::TrainingAsBarrier { .. }))
        .collect();
    assert_eq!(flagged.len(), 1, "{w:?}");
    assert_eq!(flagged[0].element(), Some(Element::Barrier(training)));
    assert!(flagged[0].to_string().contains("escalation factor"));
    // Links to the register.
    let mut bt = bt;
    bt.risk_ids = vec!["R-1".to_owned(), "R-9".to_owned()];
    set.barrier_mut(&gate).unwrap().control = Some(ControlRef {
        risk_id: "R-1".to_owned(),
        control_name: "Schema check".to_owned(),
    });
    let mut risk = Risk::new("R-1");
    let w = set.warnings(&bt, std::slice::from_ref(&risk));
    assert!(w.contains(&BowTieWarning::UnknownRisk {
        risk_id: "R-9".to_owned()
    }));
    assert!(
        w.iter()
            .any(|x| matches!(x, BowTieWarning::UnknownControl { .. }))
    );
    risk.controls.push(Control {
        name: "Schema check".to_owned(),
        ..Control::default()
    });
    let w = set.warnings(&bt, &[risk]);
    assert!(
        !w.iter()
            .any(|x| matches!(x, BowTieWarning::UnknownControl { .. }))
    );
}

#[test]
fn colour_by_every_attribute_has_a_legend_entry_for_each_barrier() {
    let set = example_set();
    let bt = &set.diagrams[0];
    for by in ColourBy::ALL {
        let colouring = Colouring::new(by, set.barriers_of(bt));
        let legend = colouring.legend();
        assert!(legend.len() >= 2, "{by:?}");
        for b in set.barriers_of(bt) {
            let label = colouring.class_label(b);
            let entry = legend
                .iter()
                .find(|e| e.label == label)
                .unwrap_or_else(|| panic!("{by:?} {label}"));
            assert_eq!(entry.fill, colouring.fill(b), "{by:?} {label}");
        }
        assert_eq!(ColourBy::parse(by.label()), Some(by));
    }
    // The default is the effectiveness stoplight.
    let c = Colouring::new(ColourBy::default(), set.barriers_of(bt));
    assert_eq!(c.legend().len(), Effectiveness::ALL.len());
}

// --- Layout -------------------------------------------------------------------------------------

fn assert_no_overlaps(laid: &BowTieLayout) {
    for (i, a) in laid.boxes.iter().enumerate() {
        for b in &laid.boxes[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "{:?} overlaps {:?}",
                a.target,
                b.target
            );
        }
        assert!(
            a.rect.x >= laid.bounds.x - 0.01
                && a.rect.y >= laid.bounds.y - 0.01
                && a.rect.right() <= laid.bounds.right() + 0.01
                && a.rect.bottom() <= laid.bounds.bottom() + 0.01,
            "{:?} outside the bounds",
            a.target
        );
    }
}

fn assert_text_fits(laid: &BowTieLayout, options: &LayoutOptions) {
    for b in &laid.boxes {
        let widest = layout::widest_line(&b.lines, laid.font_size, b.bold);
        assert!(
            widest <= b.rect.w - 2.0 * options.padding + 0.01,
            "{:?}: {:?}",
            b.target,
            b.lines
        );
        #[expect(clippy::cast_precision_loss, reason = "few lines")]
        let text_h = b.lines.len() as f32 * laid.line_height;
        assert!(
            text_h <= b.rect.h - 2.0 * options.padding + 0.01,
            "{:?}",
            b.target
        );
    }
}

fn assert_order_and_sides(set: &BowTieSet, bt: &BowTie, laid: &BowTieLayout) {
    let top = laid.find(&BoxTarget::TopEvent).unwrap().rect;
    let hazard = laid.find(&BoxTarget::Hazard).unwrap().rect;
    assert!(hazard.bottom() <= top.y, "hazard above the top event");
    for side in [Side::Threat, Side::Consequence] {
        let mut previous_lane_bottom = f32::MIN;
        for p in bt.lines(side) {
            let line = LineRef {
                side,
                line_id: p.pathway_id.clone(),
            };
            let event = laid.find(&BoxTarget::Line(line.clone())).unwrap().rect;
            match side {
                Side::Threat => assert!(event.right() <= top.x),
                Side::Consequence => assert!(event.x >= top.right()),
            }
            // Lines keep their order top to bottom.
            assert!(event.y > previous_lane_bottom);
            previous_lane_bottom = event.y;
            // Barriers keep their order left to right, between the event and the top event, on the line.
            let mut previous_x = if side == Side::Threat {
                event.right()
            } else {
                top.right()
            };
            for (index, barrier_id) in p.barrier_ids.iter().enumerate() {
                let r = laid
                    .find(&BoxTarget::Barrier {
                        line: line.clone(),
                        index,
                        barrier_id: barrier_id.clone(),
                    })
                    .unwrap()
                    .rect;
                assert!(r.x >= previous_x, "{barrier_id} out of order");
                previous_x = r.right();
                assert!(
                    (r.centre().y - event.centre().y).abs() < 0.01,
                    "barrier on its line"
                );
                match side {
                    Side::Threat => assert!(r.right() <= top.x),
                    Side::Consequence => assert!(r.right() <= event.x),
                }
                // Escalation boxes hang below their barrier, within its column.
                if let Some(b) = set.barrier(barrier_id) {
                    for f in &b.escalation_factors {
                        if let Some(fb) = laid.find(&BoxTarget::EscalationFactor {
                            line: line.clone(),
                            index,
                            factor_id: f.factor_id.clone(),
                        }) {
                            assert!(
                                fb.rect.y >= r.bottom()
                                    && fb.rect.x >= r.x
                                    && fb.rect.right() <= r.right() + 0.01
                            );
                        }
                    }
                }
            }
            assert!(previous_x <= if side == Side::Threat { top.x } else { event.x });
        }
    }
}

#[test]
fn example_layout_invariants() {
    let set = example_set();
    let bt = &set.diagrams[0];
    let options = LayoutOptions::default();
    let laid = layout(&set, bt, &BTreeSet::new(), &options);
    assert_no_overlaps(&laid);
    assert_text_fits(&laid, &options);
    assert_order_and_sides(&set, bt, &laid);
    // Hazard, top event, 3 threats, 3 consequences, 9 line barrier boxes (one barrier on two lines), 1 factor,
    // 2 EF barriers.
    assert_eq!(laid.boxes.len(), 2 + 6 + 9 + 1 + 2);
    assert_eq!(
        laid.boxes
            .iter()
            .filter(|b| b.kind == BoxKind::EscalationBarrier)
            .count(),
        2
    );
    // Connectors: hazard, one per line, one per expanded escalation factor.
    assert_eq!(laid.connectors.len(), 1 + 6 + 1);
    // Threat lines converge on the top event's left side, consequence lines leave from its right side.
    let top = laid.find(&BoxTarget::TopEvent).unwrap().rect;
    for c in &laid.connectors {
        match c.kind {
            ConnectorKind::Threat => {
                assert_eq!(*c.points.last().unwrap(), Point::new(top.x, top.centre().y));
            }
            ConnectorKind::Consequence => {
                assert_eq!(c.points[0], Point::new(top.right(), top.centre().y));
            }
            ConnectorKind::Hazard | ConnectorKind::Escalation => {}
        }
    }
}

#[test]
fn layout_is_deterministic() {
    let (set, id) = large_set();
    let bt = set.bowtie(&id).unwrap();
    let a = layout(&set, bt, &BTreeSet::new(), &LayoutOptions::default());
    let b = layout(
        &set,
        &bt.clone(),
        &BTreeSet::new(),
        &LayoutOptions::default(),
    );
    assert_eq!(a, b);
    let va = draw(&set, bt, &ViewOptions::default());
    assert_eq!(
        to_svg(&va),
        to_svg(&draw(&set, bt, &ViewOptions::default()))
    );
}

#[test]
fn large_bowtie_lays_out_readably() {
    let (set, id) = large_set();
    let bt = set.bowtie(&id).unwrap();
    let options = LayoutOptions::default();
    let laid = layout(&set, bt, &BTreeSet::new(), &options);
    assert_no_overlaps(&laid);
    assert_text_fits(&laid, &options);
    assert_order_and_sides(&set, bt, &laid);
    // 2 centre boxes, 18 events, 40 barriers, 2 escalation factors.
    assert_eq!(laid.boxes.len(), 2 + 18 + 40 + 2);
    // Readable: not absurdly tall or wide for 10 lanes and 2+2 barrier columns, fits on A3 landscape at
    // a reasonable scale, and every box is at least two lines of text high.
    assert!(
        laid.bounds.w < 1200.0 && laid.bounds.h < 1400.0,
        "{:?}",
        laid.bounds
    );
    assert!(laid.bounds.h / laid.bounds.w < 1.6, "{:?}", laid.bounds);
    for b in &laid.boxes {
        assert!(b.rect.h >= 2.0 * laid.line_height);
    }
    // Collapsing every escalation branch hides the escalation boxes, counts them on the barrier and makes
    // the picture shorter.
    let collapsed = escalation_parents(&set, bt);
    assert_eq!(collapsed.len(), 2);
    let folded = layout(&set, bt, &collapsed, &options);
    assert_no_overlaps(&folded);
    assert_eq!(folded.boxes.len(), 2 + 18 + 36);
    assert_eq!(
        folded
            .boxes
            .iter()
            .filter(|b| b.hidden_escalations == 1)
            .count(),
        2
    );
    assert!(folded.bounds.h < laid.bounds.h);
}

#[test]
fn layout_survives_degenerate_models() {
    let mut set = BowTieSet::default();
    let id = set.new_bowtie("Empty").unwrap();
    let laid = layout(
        &set,
        set.bowtie(&id).unwrap(),
        &BTreeSet::new(),
        &LayoutOptions::default(),
    );
    assert_eq!(laid.boxes.len(), 2);
    assert_no_overlaps(&laid);
    // Dangling ids, empty and huge labels, only consequences.
    let c = set.add_consequence(&id, &"word ".repeat(400)).unwrap();
    set.diagrams[0].consequences[0]
        .barrier_ids
        .push("B-404".to_owned());
    set.add_barrier(&id, &c, &"x".repeat(500)).unwrap();
    let options = LayoutOptions::default();
    let laid = layout(&set, set.bowtie(&id).unwrap(), &BTreeSet::new(), &options);
    assert_no_overlaps(&laid);
    assert_text_fits(&laid, &options);
    assert!(
        laid.boxes
            .iter()
            .any(|b| b.lines.iter().any(|l| l.contains("B-404 (missing)")))
    );
    assert!(
        laid.boxes
            .iter()
            .all(|b| b.lines.len() <= options.max_lines)
    );
    assert!(
        to_svg(&draw(
            &set,
            set.bowtie(&id).unwrap(),
            &ViewOptions::default()
        ))
        .ends_with("</svg>\n")
    );
}

#[test]
fn hit_testing_finds_boxes() {
    let set = example_set();
    let laid = layout(
        &set,
        &set.diagrams[0],
        &BTreeSet::new(),
        &LayoutOptions::default(),
    );
    for b in &laid.boxes {
        assert_eq!(
            laid.box_at(b.rect.centre()).map(|x| &x.target),
            Some(&b.target)
        );
    }
    assert!(laid.box_at(Point::new(-5.0, -5.0)).is_none());
    assert!(text_width("x", 8.0, false) > 0.0);
}
