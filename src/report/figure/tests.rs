//! Unit tests of the figure builders: nice ticks, degenerate input, elided labels.

use super::*;

#[test]
fn ticks_are_nice() {
    let (s, st, n) = nice_ticks(0.0, 0.93, 5.0);
    assert!((s - 0.0).abs() < 1e-6);
    assert!((st - 0.2).abs() < 1e-6);
    assert_eq!(n, 5);
    let (_, _, n) = nice_ticks(0.0, f32::MAX, 5.0);
    assert!(n <= 50);
}

#[test]
fn builders_survive_degenerate_input() {
    let f = Figure::grouped_bar_chart("", &GroupedBarChart::default());
    assert!(f.width_mm > 0.0);
    let chart = GroupedBarChart {
        categories: vec!["a".into(), "b".into()],
        series: vec![BarSeries {
            name: "s".into(),
            values: vec![f32::NAN, f32::INFINITY],
            ci: vec![Some([f32::NAN, 1.0])],
        }],
        y_range: Some([1.0, 1.0]),
        ..Default::default()
    };
    let _ = Figure::grouped_bar_chart("x", &chart);
    let _ = Figure::horizontal_bar_chart("", &HBarChart::default());
    let _ = Figure::risk_heat_maps("", &[]);
    let many: Vec<HeatMapEntry> = (0..40)
        .map(|i| HeatMapEntry {
            id: format!("R{i}"),
            likelihood: 5,
            impact: 5,
        })
        .collect();
    let f = Figure::risk_heat_map(
        "",
        &HeatMap {
            entries: many,
            ..Default::default()
        },
    );
    assert!(
        f.shapes
            .iter()
            .any(|s| matches!(s, Shape::Text(t) if t.text.contains('+')))
    );
}

#[test]
fn elide_shortens() {
    let s = elide("A very long label that cannot fit", 15.0, 7.0, false);
    assert!(s.ends_with('…'));
    assert!(text_w(&s, 7.0, false) <= 15.0 + 1e-3);
}
