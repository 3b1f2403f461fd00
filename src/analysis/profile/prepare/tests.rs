//! Unit tests of column preparation: type inference, placeholders, declared missing tokens and overrides.

use super::*;

#[test]
fn iso_dates() {
    for ok in [
        "2024-01-31",
        "2024-01-31T12:00",
        "2024-01-31 12:00:59",
        "2024-01-31T12:00:00.123Z",
        "2024-01-31T12:00:00+02:00",
    ] {
        assert!(is_iso_datetime(ok), "{ok}");
    }
    for bad in [
        "2024-13-01",
        "2024-1-1",
        "31/01/2024",
        "2024-01-31T25:00",
        "2024-01-00",
        "x",
    ] {
        assert!(!is_iso_datetime(bad), "{bad}");
    }
}

#[test]
fn order_keys_sort_like_floats() {
    let mut v = [3.0, -1.0, f64::INFINITY, -0.5, 0.0, f64::NEG_INFINITY, 2.5];
    let mut by_key = v;
    by_key.sort_by_key(|x| order_key(*x));
    v.sort_by(f64::total_cmp);
    assert_eq!(v.map(f64::to_bits), by_key.map(f64::to_bits));
}

fn decoded(data: &CodeData) -> Vec<Option<&str>> {
    data.codes
        .iter()
        .map(|c| (*c != MISSING).then(|| data.labels[*c as usize].as_str()))
        .collect()
}

#[test]
fn high_cardinality_encoding_by_sorting_and_hashing_agree() {
    // Short ids take the sorting path; one long value makes the hashing path handle the same data.
    let mut values: Vec<Option<String>> = (0..6000)
        .map(|i| match i % 97 {
            0 => None,
            1 => Some(String::new()),
            _ => Some(format!("id{}", i % 5000)),
        })
        .collect();
    let ca = StringChunked::new("id".into(), &values);
    let sorted = encode_strings(&ca);
    let expected: Vec<Option<&str>> = values
        .iter()
        .map(|v| v.as_deref().filter(|t| !t.is_empty()))
        .collect();
    assert_eq!(decoded(&sorted), expected);
    assert_eq!(
        sorted.counts.iter().sum::<u64>(),
        expected.iter().flatten().count() as u64
    );
    values[3] = Some("a value longer than eleven bytes".to_owned());
    let ca = StringChunked::new("id".into(), &values);
    let hashed = encode_strings(&ca);
    let expected: Vec<Option<&str>> = values
        .iter()
        .map(|v| v.as_deref().filter(|t| !t.is_empty()))
        .collect();
    assert_eq!(decoded(&hashed), expected);
    assert_eq!(hashed.labels.len(), sorted.labels.len() + 1);
}

#[test]
fn boolean_pairs() {
    let pair = |a: &str, b: &str| is_boolean_pair(&[a.to_owned(), b.to_owned()]);
    assert!(pair("no", "yes"));
    assert!(pair("0", "1"));
    assert!(!pair("no", "true"));
    assert!(!is_boolean_pair(&["yes".to_owned()]));
}
