//! Bow-tie export: the SVG snapshot of the example, the PNG rasterisation, and `riskbench bowtie`.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use crate::support::pdf as common;

use crate::support::{assert_one_line_error, riskbench_in};
use std::path::{Path, PathBuf};

use riskbench::model::bowtie::{
    self, ColourBy, ViewOptions, draw, example_set, svg_to_png, to_svg,
};
use riskbench::model::{IsoDate, Project};

#[test]
fn example_svg_matches_snapshot() {
    let set = example_set();
    let svg = to_svg(&draw(&set, &set.diagrams[0], &ViewOptions::default()));
    common::snapshot("bowtie_example.svg", &svg);
    // Everything the analyst typed is in the picture, escaped.
    for b in &set.barriers {
        let first_word = b.name.split_whitespace().next().unwrap();
        assert!(svg.contains(first_word), "{}", b.name);
    }
    assert!(svg.contains("Barrier colour: Effectiveness"));
    assert!(svg.contains("×2"), "the shared barrier is marked");
}

#[test]
fn colouring_changes_only_barrier_fills_and_legend() {
    let set = example_set();
    let bt = &set.diagrams[0];
    let by_effect = to_svg(&draw(&set, bt, &ViewOptions::default()));
    let by_owner = to_svg(&draw(
        &set,
        bt,
        &ViewOptions {
            colour_by: ColourBy::Owner,
            ..ViewOptions::default()
        },
    ));
    assert_ne!(by_effect, by_owner);
    assert!(
        by_owner.contains("Barrier colour: Owner") && by_owner.contains("Head of underwriting")
    );
    // Same geometry: the polylines are identical.
    let lines = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("<polyline"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(lines(&by_effect), lines(&by_owner));
}

/// Width, height and whether the PNG has more than one colour, read from the decoded image.
fn png_facts(bytes: &[u8]) -> (u32, u32, usize) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(bytes).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (width, height));
    let mut colours: Vec<&[u8]> = pixmap.data().chunks(4).collect();
    colours.sort_unstable();
    colours.dedup();
    (width, height, colours.len())
}

#[test]
fn png_rasterises_the_svg_with_the_embedded_font() {
    let set = example_set();
    let drawing = draw(&set, &set.diagrams[0], &ViewOptions::default());
    let svg = to_svg(&drawing);
    let png = svg_to_png(&svg, 1.5).unwrap();
    // To look at the picture: BOWTIE_PNG_DIR=/tmp cargo test --test bowtie_export
    if let Some(dir) = std::env::var_os("BOWTIE_PNG_DIR") {
        std::fs::write(Path::new(&dir).join("bowtie_example.png"), &png).unwrap();
        let (large, id) = large_example();
        let big = to_svg(&draw(
            &large,
            large.bowtie(&id).unwrap(),
            &ViewOptions::default(),
        ));
        std::fs::write(
            Path::new(&dir).join("bowtie_large.png"),
            svg_to_png(&big, 1.5).unwrap(),
        )
        .unwrap();
    }
    let (w, h, colours) = png_facts(&png);
    assert!((f64::from(w) - f64::from(drawing.width * 1.5).ceil()).abs() < 0.5);
    assert!((f64::from(h) - f64::from(drawing.height * 1.5).ceil()).abs() < 0.5);
    // Text is drawn (anti-aliased glyphs give many shades), not just flat boxes.
    assert!(colours > 200, "{colours} colours");
    assert!(svg_to_png(&svg, 0.0).is_err());
    assert!(svg_to_png(&svg, 1000.0).is_err());
    assert!(svg_to_png("not svg", 1.0).is_err());
}

/// 10 threats and 8 consequences with two barriers each, two escalation factors with two barriers each.
fn large_example() -> (bowtie::BowTieSet, String) {
    let mut set = bowtie::BowTieSet::default();
    let id = set.new_bowtie("Large example").unwrap();
    let mut parents = Vec::new();
    for t in 0..10 {
        let line = set
            .add_threat(
                &id,
                &format!("Threat {t}: a cause described at some length to wrap"),
            )
            .unwrap();
        parents.push(
            set.add_barrier(&id, &line, &format!("Preventive barrier {t}.1"))
                .unwrap(),
        );
        set.add_barrier(
            &id,
            &line,
            &format!("Preventive barrier {t}.2 with a longer name"),
        )
        .unwrap();
    }
    for c in 0..8 {
        let line = set
            .add_consequence(&id, &format!("Consequence {c}"))
            .unwrap();
        set.add_barrier(&id, &line, &format!("Mitigating barrier {c}.1"))
            .unwrap();
        set.add_barrier(&id, &line, &format!("Mitigating barrier {c}.2"))
            .unwrap();
    }
    for p in parents.iter().take(2) {
        let f = set.add_escalation_factor(p, "Escalation factor").unwrap();
        set.add_escalation_barrier(&f, "EF barrier A").unwrap();
        set.add_escalation_barrier(&f, "EF barrier B").unwrap();
    }
    (set, id)
}

fn project_with(dir: &Path, bowties: usize) -> PathBuf {
    let mut project = Project::blank("Loan model", IsoDate::from_ymd(2026, 11, 28).unwrap());
    for _ in 0..bowties {
        bowtie::add_example(&mut project.bowties, None).unwrap();
    }
    let path = dir.join(format!("p{bowties}.riskbench.ron"));
    riskbench::model::file::save_project(&path, &project).unwrap();
    path
}

#[test]
fn cli_writes_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let one = project_with(dir.path(), 1);
    let one = one.to_str().unwrap();
    let out = riskbench_in(&["bowtie", one, "-o", "b.svg"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: BT-1") && err.contains("unknown effectiveness"),
        "{err}"
    );
    let svg = std::fs::read_to_string(dir.path().join("b.svg")).unwrap();
    let set = example_set();
    assert_eq!(
        svg,
        to_svg(&draw(&set, &set.diagrams[0], &ViewOptions::default()))
    );

    let out = riskbench_in(
        &[
            "bowtie",
            one,
            "--name",
            "unfair credit decisions",
            "-o",
            "b.PNG",
            "--colour-by",
            "type",
            "--collapse",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, _, _) = png_facts(&std::fs::read(dir.path().join("b.PNG")).unwrap());
    assert!(w > 500);
}

#[test]
fn cli_errors_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let none = project_with(dir.path(), 0);
    let two = project_with(dir.path(), 2);
    let (none, two) = (none.to_str().unwrap(), two.to_str().unwrap());
    assert_one_line_error(
        &riskbench_in(&["bowtie", none, "-o", "x.svg"], dir.path()),
        "no bow-ties",
    );
    assert_one_line_error(
        &riskbench_in(&["bowtie", two, "-o", "x.svg"], dir.path()),
        "--name (BT-1",
    );
    assert_one_line_error(
        &riskbench_in(
            &["bowtie", two, "--name", "BT-7", "-o", "x.svg"],
            dir.path(),
        ),
        "no bow-tie with id or title \"BT-7\"",
    );
    assert_one_line_error(
        &riskbench_in(
            &["bowtie", two, "--name", "BT-2", "-o", "x.pdf"],
            dir.path(),
        ),
        ".svg or .png",
    );
    assert_one_line_error(
        &riskbench_in(
            &[
                "bowtie",
                two,
                "--name",
                "BT-2",
                "-o",
                "x.svg",
                "--colour-by",
                "mood",
            ],
            dir.path(),
        ),
        "--colour-by",
    );
    assert_one_line_error(
        &riskbench_in(
            &["bowtie", "missing.riskbench.ron", "-o", "x.svg"],
            dir.path(),
        ),
        "missing",
    );
    assert!(!dir.path().join("x.svg").exists());
    // By id with several bow-ties works.
    let out = riskbench_in(
        &["bowtie", two, "--name", "BT-2", "-o", "x.svg"],
        dir.path(),
    );
    assert!(out.status.success());
}
