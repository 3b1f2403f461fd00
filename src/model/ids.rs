//! Generated ids (`R-3`, `FM-12`, `fmea-2`, `ds-4`): the next free one after a prefix, and the order that puts
//! `R-2` before `R-10`. One rule for every kind of id in a project.

/// `prefix` followed by one more than the highest number already used after that prefix; ids that do not
/// start with `prefix` followed by a whole number are ignored.
///
/// ```
/// use riskbench::model::ids::next_id;
/// assert_eq!(next_id("R-", ["R-2", "custom", "R-x"].into_iter()), "R-3");
/// assert_eq!(next_id("FM-", std::iter::empty()), "FM-1");
/// ```
#[must_use]
pub fn next_id<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let next = ids
        .filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .map_or(1, |n| n.saturating_add(1));
    format!("{prefix}{next}")
}

/// A sort key that orders ids by the number after their last `-` (`R-2` before `R-10`), then by text; ids
/// without such a number come last.
///
/// ```
/// use riskbench::model::ids::id_order;
/// let mut ids = vec!["R-10", "custom", "R-2"];
/// ids.sort_by_key(|id| id_order(id));
/// assert_eq!(ids, ["R-2", "R-10", "custom"]);
/// ```
#[must_use]
pub fn id_order(id: &str) -> (u64, String) {
    let number = id
        .rsplit('-')
        .next()
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(u64::MAX);
    (number, id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_id_is_one_past_the_highest_number_with_the_prefix() {
        assert_eq!(
            next_id("ds-", ["ds-1", "ds-9", "ds-3"].into_iter()),
            "ds-10"
        );
        assert_eq!(next_id("R-", ["FM-40", "R-"].into_iter()), "R-1");
        assert_eq!(
            next_id("R-", [format!("R-{}", u64::MAX).as_str()].into_iter()),
            format!("R-{}", u64::MAX),
            "saturates instead of overflowing"
        );
    }

    #[test]
    fn id_order_sorts_numbers_numerically_and_others_last() {
        let mut ids = vec!["FM-10", "zeta", "FM-9", "alpha", "R-1"];
        ids.sort_by_key(|id| id_order(id));
        assert_eq!(ids, ["R-1", "FM-9", "FM-10", "alpha", "zeta"]);
    }
}
