//! Help text for the FMEA worksheet: Action Priority versus RPN, and why RPN is only shown.

/// Help on Action Priority (AP) versus the risk priority number (RPN), including RPN's known flaws.
///
/// Plain text with blank lines between paragraphs and `- ` bullets, for the help panel and the report.
pub const HELP_AP_VS_RPN: &str = "\
Action Priority (AP) and RPN

Each failure mode is rated for severity S (how bad the effect is), occurrence O (how often the cause \
produces the failure, given the prevention controls) and detection D (how likely the detection controls \
catch it before it reaches people; 1 is best). Both figures below are computed from these three ratings.

Action Priority is read from the AIAG-VDA lookup table: H means action must be taken, or the current \
controls justified and the justification approved; M means action should be taken; L means action could \
be taken. The table weighs severity first, then occurrence, then detection, so a failure that can harm \
people's health, safety or rights stays high even when it is rare or easy to detect. Riskbench sorts and \
colours the worksheet by AP, then severity, then RPN.

RPN = S × O × D (1 to 1000) is shown for teams that still use it. Do not rank or set thresholds on it \
alone:
- The same RPN stands for very different risks: S 10, O 4, D 2 and S 4, O 5, D 4 both give 80, yet the \
first can harm someone's health or rights (AP H) and the second means rework (AP L).
- The scale is not uniform: only 120 of the numbers from 1 to 1000 can occur, they bunch at the low end, \
and a one-step change in a rating moves RPN by very different amounts depending on the other two.
- The ratings are ordinal (ranks, not measurements): a 6 is not twice as bad as a 3, so multiplying them \
has no meaning, and a fixed threshold such as \"act when RPN > 100\" lets a severity 9 or 10 failure \
through when it is rare and easy to detect.
- Lowering detection is rewarded as much as lowering occurrence or severity, which invites adding checks \
instead of removing causes.

After an action, enter the revised ratings: a revised rating left empty means unchanged. The revised RPN \
and AP show the effect, and the before/after chart counts rows per AP.
";

#[cfg(test)]
mod tests {
    use super::super::rating::{ActionPriority, Rating, rpn};
    use super::*;

    #[test]
    fn examples_in_the_help_are_true() {
        let r = |v| Rating::new(v).unwrap();
        assert_eq!(rpn(r(10), r(4), r(2)), 80);
        assert_eq!(rpn(r(4), r(5), r(4)), 80);
        assert_eq!(ActionPriority::of(r(10), r(4), r(2)), ActionPriority::High);
        assert_eq!(ActionPriority::of(r(4), r(5), r(4)), ActionPriority::Low);
        let mut values: Vec<u16> = Vec::new();
        for s in Rating::all() {
            for o in Rating::all() {
                for d in Rating::all() {
                    values.push(rpn(s, o, d));
                }
            }
        }
        values.sort_unstable();
        values.dedup();
        assert_eq!(values.len(), 120);
        assert!(HELP_AP_VS_RPN.contains("120 of the numbers"));
    }
}
