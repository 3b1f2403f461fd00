use super::fishbone_layout::{FishTarget, layout};
use super::*;
use crate::model::bowtie::{LayoutOptions, Rect};
use crate::model::{IsoDate, Project};

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn project_with_incident() -> Project {
    let mut p = Project::blank("Moderation", IsoDate::from_ymd(2026, 3, 1).unwrap());
    let mut inc = Incident::new("INC-1");
    inc.opened = Some(ts("2026-03-02 08:00"));
    inc.closed = Some(ts("2026-03-20 17:00"));
    p.incidents.push(inc);
    p
}

#[test]
fn an_event_outside_the_incident_is_named_with_both_times() {
    let mut p = project_with_incident();
    let inc = &mut p.incidents[0];
    inc.add_event(ts("2026-03-03 09:00"), "Press enquiry", Phase::Detection);
    let late = inc.add_event(ts("2026-03-21 10:00"), "Retrospective", Phase::PostIncident);
    let problems = p.incidents[0].problems(&p);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].item, format!("event {late}"));
    assert!(
        problems[0].problem.contains(
            "2026-03-21 10:00 is outside the incident (2026-03-02 08:00 to 2026-03-20 17:00)"
        ),
        "{}",
        problems[0]
    );
    assert_eq!(p.incidents[0].timeline.len(), 2, "nothing is dropped");

    // The load-time consistency check lists it for a person to decide; repair leaves the record alone.
    let found = crate::model::consistency::check(&p);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].item, "incident \"INC-1\"");
    assert_eq!(found[0].field, format!("event {late}"));
    assert_eq!(found[0].repair, None);
    let before = p.clone();
    crate::model::consistency::repair(&mut p);
    assert_eq!(p, before);
}

#[test]
#[expect(
    clippy::many_single_char_names,
    reason = "answers a to d of a small tree"
)]
fn whys_branch_and_refuse_a_loop_with_its_path() {
    let mut w = FiveWhys::default();
    let a = w.add(None, "FPR jumped for dialect B", "audit-1").unwrap();
    let b = w
        .add(Some(&a), "Retrained on new data", "release notes")
        .unwrap();
    let c = w
        .add(Some(&a), "Threshold tuned on pooled data", "notebook")
        .unwrap();
    let d = w
        .add(Some(&b), "Dialect B under-sampled", "data card")
        .unwrap();
    assert_eq!(w.children(Some(&a)).len(), 2);
    let err = w.set_parent(&a, Some(&d)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "answering W-4 with W-1 would make a loop (W-1 → W-2 → W-4 → W-1): a cause cannot explain itself"
    );
    assert_eq!(w.get(&a).unwrap().parent_id, None, "unchanged");
    assert!(w.cycle().is_none());
    w.set_parent(&c, Some(&d)).unwrap();
    let depths: Vec<(usize, &str)> = w
        .outline()
        .iter()
        .map(|(d, x)| (*d, x.why_id.as_str()))
        .collect();
    assert_eq!(depths, [(1, "W-1"), (2, "W-2"), (3, "W-4"), (4, "W-3")]);
    assert!(matches!(
        w.add(Some("W-9"), "x", ""),
        Err(WhyError::Unknown(_))
    ));
}

#[test]
#[expect(
    clippy::many_single_char_names,
    reason = "answers a to c of a small tree"
)]
fn a_loop_in_a_loaded_file_is_reported_and_every_answer_still_listed() {
    let mut p = project_with_incident();
    let w = &mut p.incidents[0].whys;
    let a = w.add(None, "A", "").unwrap();
    let b = w.add(Some(&a), "B", "").unwrap();
    let c = w.add(Some(&b), "C", "").unwrap();
    // As a hand-edited file could say: B answers C, closing C → B → C.
    w.get_mut(&b).unwrap().parent_id = Some(c.clone());
    let cycle = w.cycle().unwrap();
    assert_eq!(cycle.len(), 3);
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(w.outline().len(), 3);
    let problems = p.incidents[0].problems(&p);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].problem.contains("form a loop"),
        "{}",
        problems[0]
    );
}

#[test]
fn removing_an_answer_keeps_its_answers() {
    let mut w = FiveWhys::default();
    let a = w.add(None, "A", "").unwrap();
    let b = w.add(Some(&a), "B", "").unwrap();
    let c = w.add(Some(&b), "C", "").unwrap();
    w.remove(&b);
    assert_eq!(w.get(&c).unwrap().parent_id.as_deref(), Some(a.as_str()));
}

#[test]
fn a_link_to_a_deleted_barrier_is_reported_and_kept() {
    let mut p = project_with_incident();
    p.bowties = crate::model::bowtie::example_set();
    let barrier = p.bowties.barriers[0].barrier_id.clone();
    let fish = &mut p.incidents[0].fishbone;
    let c = fish.add(
        FishboneCategory::Measurement,
        None,
        "No per-dialect monitoring",
    );
    fish.get_mut(&c).unwrap().barrier_id = Some(barrier.clone());
    assert!(p.incidents[0].problems(&p).is_empty());
    assert_eq!(
        flags_for_barrier(&p, &barrier),
        [format!("barrier {barrier} failed in incident INC-1")]
    );
    p.bowties.barriers.retain(|b| b.barrier_id != barrier);
    let problems = p.incidents[0].problems(&p);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].to_string(),
        format!(
            "cause C-1: it links to barrier {barrier}, which is no longer in the barrier library; the link is \
             kept until you link another barrier or clear it"
        )
    );
    assert_eq!(
        p.incidents[0].fishbone.causes[0].barrier_id.as_deref(),
        Some(barrier.as_str())
    );
}

#[test]
fn corrective_actions_go_to_the_register_and_the_roadmap() {
    let mut p = project_with_incident();
    let mut risk = crate::model::register::Risk::new("R-1");
    risk.title = "Disparate removal".to_owned();
    p.risks.push(risk);
    let due = IsoDate::from_ymd(2026, 4, 1);
    let a1 = add_corrective_action(
        &mut p,
        "INC-1",
        "R-1",
        "Re-label dialect B",
        "Data lead",
        due,
    )
    .unwrap();
    let a2 =
        add_corrective_action(&mut p, "INC-1", "R-1", "Per-dialect KRI", "MLOps", None).unwrap();
    assert_eq!((a1.as_str(), a2.as_str()), ("A1", "A2"));
    assert_eq!(p.risks[0].actions.len(), 2);
    let road = recovery_roadmap(&p, &p.incidents[0]);
    assert_eq!(road.len(), 2);
    assert_eq!(road[0].owner, "Data lead");
    assert_eq!(incidents_of_action(&p, "R-1", "A2"), ["INC-1"]);
    assert_eq!(
        add_corrective_action(&mut p, "INC-1", "R-9", "x", "", None).unwrap_err(),
        "there is no risk R-9 in the register"
    );
    p.risks[0].actions.pop();
    let problems = p.incidents[0].problems(&p);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].item, "action A2 of R-1");
}

#[test]
fn timeline_csv_is_sorted_and_quoted() {
    let mut inc = Incident::new("INC-1");
    inc.add_event(
        ts("2026-03-04 10:00"),
        "Kill switch, \"human review\"",
        Phase::Containment,
    );
    inc.add_event(ts("2026-03-02 08:00"), "=cmd", Phase::Detection);
    assert_eq!(
        inc.timeline_csv(),
        "event_id,time,phase,event\nE-2,2026-03-02 08:00,Detection and analysis,'=cmd\n\
         E-1,2026-03-04 10:00,Containment,\"Kill switch, \"\"human review\"\"\"\n"
    );
}

fn big_fishbone(per_bone: usize, subs: usize) -> Fishbone {
    let mut fish = Fishbone {
        effect: "False positive rate for dialect B jumped from 8% to 30% after the retraining"
            .to_owned(),
        causes: Vec::new(),
    };
    for (i, cat) in FishboneCategory::ALL.iter().enumerate() {
        for k in 0..per_bone {
            let c = fish.add(
                *cat,
                None,
                &format!(
                    "Cause {k} on bone {i} with a longer description that wraps onto several lines"
                ),
            );
            for s in 0..subs {
                fish.add(*cat, Some(&c), &format!("Sub-cause {s}"));
            }
        }
    }
    fish
}

fn assert_no_overlaps(fish: &Fishbone) {
    let laid = layout(fish, &LayoutOptions::default());
    assert_eq!(laid.boxes.len(), 1 + 8 + fish.causes.len());
    for (i, a) in laid.boxes.iter().enumerate() {
        assert!(a.rect.x >= 0.0 && a.rect.y >= 0.0, "{a:?}");
        assert!(
            a.rect.right() <= laid.size.x && a.rect.bottom() <= laid.size.y,
            "{a:?}"
        );
        for b in &laid.boxes[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "{:?} overlaps {:?}",
                a.target,
                b.target
            );
        }
    }
    for c in &fish.causes {
        assert!(laid.find(&FishTarget::Cause(c.cause_id.clone())).is_some());
    }
}

#[test]
fn fishbone_layout_has_no_overlaps_small_and_large() {
    assert_no_overlaps(&Fishbone::default());
    assert_no_overlaps(&big_fishbone(1, 0));
    assert_no_overlaps(&big_fishbone(3, 2));
    assert_no_overlaps(&big_fishbone(40, 3));
    let mut uneven = big_fishbone(0, 0);
    for k in 0..25 {
        uneven.add(FishboneCategory::Model, None, &format!("Model cause {k}"));
    }
    uneven.add(
        FishboneCategory::Environment,
        None,
        "New slang after a viral event",
    );
    assert_no_overlaps(&uneven);
}

#[test]
fn fishbone_layout_is_deterministic_and_survives_a_sub_cause_loop() {
    let fish = big_fishbone(5, 2);
    let o = LayoutOptions::default();
    assert_eq!(layout(&fish, &o), layout(&fish, &o));
    let mut looped = big_fishbone(0, 0);
    let a = looped.add(FishboneCategory::Data, None, "A");
    let b = looped.add(FishboneCategory::Data, Some(&a), "B");
    looped.get_mut(&a).unwrap().parent_id = Some(b);
    assert_no_overlaps(&looped);
    let drawing = fishbone_layout::draw(&looped, &o);
    let svg = crate::model::bowtie::to_svg(&drawing);
    assert!(svg.contains(">Code/Pipeline<"), "{svg}");
}

#[test]
fn fishbone_sub_causes_nest_two_levels_and_removal_takes_them() {
    let mut fish = Fishbone::default();
    let a = fish.add(FishboneCategory::Data, None, "A");
    let b = fish.add(FishboneCategory::Model, Some(&a), "B");
    let c = fish.add(FishboneCategory::Data, Some(&b), "C");
    assert_eq!(fish.get(&c).unwrap().parent_id.as_deref(), Some(a.as_str()));
    assert_eq!(fish.sub_causes(&a).len(), 2);
    assert_eq!(fish.on_bone(FishboneCategory::Data).len(), 1);
    fish.remove(&a);
    assert!(fish.causes.is_empty());
}

#[test]
fn whys_and_timeline_drawings_hold_every_item() {
    let p = sample::moderation_project(IsoDate::from_ymd(2026, 3, 27).unwrap());
    let inc = &p.incidents[0];
    assert!(inc.problems(&p).is_empty(), "{:?}", inc.problems(&p));
    let o = LayoutOptions::default();
    let whys = diagrams::draw_whys(inc, 480.0, &o);
    let rects: Vec<&Rect> = whys
        .items
        .iter()
        .filter_map(|i| match i {
            crate::model::bowtie::DrawItem::Rect { rect, .. } => Some(rect),
            _ => None,
        })
        .collect();
    assert_eq!(rects.len(), 1 + inc.whys.whys.len());
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(!a.overlaps(b));
        }
    }
    let timeline = diagrams::draw_timeline(inc, 500.0);
    let numbers = timeline
        .items
        .iter()
        .filter(|i| matches!(i, crate::model::bowtie::DrawItem::Text { bold: true, text, .. } if text.parse::<usize>().is_ok()))
        .count();
    assert_eq!(numbers, inc.timeline.len());
    assert_eq!(
        diagrams::draw_timeline(inc, 500.0),
        timeline,
        "deterministic"
    );
    assert!(timeline.width <= 500.0);
}
