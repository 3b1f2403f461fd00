//! Unit tests of the EDA screen's helpers.

use super::tabs::bytes;
use super::tabs::category_label;
use super::tabs::category_marks_every;
use super::tabs::number;
use super::tabs::optional;
use super::tabs::share;
use egui_plot::GridInput;

#[test]
fn numbers_read_well() {
    assert_eq!(number(1234.0), "1,234");
    assert_eq!(number(0.123_456), "0.1235");
    assert_eq!(number(12.5), "12.5");
    assert_eq!(
        number(2319.5),
        "2320",
        "no zeros trimmed from whole numbers"
    );
    assert_eq!(number(1000.25), "1000");
    assert_eq!(number(-3.25), "-3.25");
    assert_eq!(number(1.5e7), "15,000,000");
    assert_eq!(number(12_345_678.5), "1.235e7");
    assert_eq!(number(0.000_12), "1.200e-4");
    assert_eq!(optional(None), "—");
    assert_eq!(share(0.125), "12.5%");
    assert_eq!(bytes(512), "512 bytes");
    assert_eq!(bytes(3 * 1024 * 1024), "3.0 MB");
}

#[test]
fn sparse_category_marks_keep_every_nth_bar() {
    let at = |n, step| -> Vec<f64> {
        let input = GridInput {
            bounds: (-0.6, 11.6),
            base_step_size: 0.1,
        };
        category_marks_every(n, step)(input)
            .iter()
            .map(|m| m.value)
            .collect()
    };
    assert_eq!(at(12, 5), [0.0, 5.0, 10.0]);
    assert_eq!(at(3, 0), [0.0, 1.0, 2.0]);
}

#[test]
fn category_labels_follow_bar_positions() {
    let labels = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
    assert_eq!(category_label(&labels, 0.0, false), "a");
    assert_eq!(category_label(&labels, 0.0, true), "c");
    assert_eq!(category_label(&labels, 0.5, false), "");
    assert_eq!(category_label(&labels, 5.0, false), "");
    assert_eq!(category_label(&labels, -1.0, false), "");
}
