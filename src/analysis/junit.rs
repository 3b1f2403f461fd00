//! `JUnit` XML, the test-report format CI servers (GitHub Actions reporters, GitLab, Jenkins) render: one
//! `testsuite` per group of checks, one `testcase` per check, a `failure` element with the message when it
//! fails, a `skipped` element with the reason when it could not be decided ([`render_with_skipped`]). Deterministic: the same checks give the same bytes (no timestamps, no durations).

use std::fmt::Write as _;

/// One test case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The case's name.
    pub name: String,
    /// The `classname` attribute (the group it belongs to).
    pub classname: String,
    /// The failure message; `None` when it passes.
    pub failure: Option<String>,
    /// Text inside the failure element (details).
    pub detail: String,
}

/// One test suite.
#[derive(Debug, Clone, PartialEq)]
pub struct Suite {
    /// The suite's name.
    pub name: String,
    /// Its cases.
    pub cases: Vec<Case>,
}

/// Escapes text for XML attributes and content (control characters other than tab and line breaks, which
/// XML 1.0 forbids, are dropped).
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// The XML document: `<testsuites name=…>` holding the suites (an empty element when there are none).
#[must_use]
pub fn render(name: &str, suites: &[Suite]) -> String {
    render_with_skipped(name, suites, &[])
}

/// [`render`] where some cases were skipped: `skipped[s][c]` is the reason case `c` of suite `s` was not
/// decided (a `skipped` element, counted in `skipped`, never a failure); missing entries mean "ran". A case
/// with a failure is a failure whatever `skipped` says.
#[must_use]
pub fn render_with_skipped(
    name: &str,
    suites: &[Suite],
    skipped: &[Vec<Option<String>>],
) -> String {
    let skip_of = |s: usize, c: usize| -> Option<&str> {
        skipped
            .get(s)
            .and_then(|v| v.get(c))
            .and_then(Option::as_deref)
            .filter(|_| suites[s].cases[c].failure.is_none())
    };
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites
        .iter()
        .flat_map(|s| &s.cases)
        .filter(|c| c.failure.is_some())
        .count();
    let skipped_in = |s: usize| {
        (0..suites[s].cases.len())
            .filter(|c| skip_of(s, *c).is_some())
            .count()
    };
    let skipped_total: usize = (0..suites.len()).map(skipped_in).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped_total}\">",
        escape(name)
    );
    for (s, suite) in suites.iter().enumerate() {
        let failed = suite.cases.iter().filter(|c| c.failure.is_some()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"{}\">",
            escape(&suite.name),
            suite.cases.len(),
            skipped_in(s)
        );
        for (c, case) in suite.cases.iter().enumerate() {
            let head = format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&case.classname),
                escape(&case.name)
            );
            match &case.failure {
                None => match skip_of(s, c) {
                    Some(reason) => {
                        let _ = writeln!(
                            out,
                            "{head}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                            escape(reason)
                        );
                    }
                    None => {
                        let _ = writeln!(out, "{head}/>");
                    }
                },
                Some(message) => {
                    let _ = writeln!(
                        out,
                        "{head}>\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                        escape(message),
                        escape(&case.detail)
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn a_skipped_case_has_its_reason_and_is_counted_not_failed() {
        let case = |name: &str, failure: Option<&str>| Case {
            name: name.to_owned(),
            classname: "k".to_owned(),
            failure: failure.map(str::to_owned),
            detail: String::new(),
        };
        let suites = [Suite {
            name: "k".to_owned(),
            cases: vec![case("a", None), case("b", None), case("c", Some("bad"))],
        }];
        let skipped = [vec![
            None,
            Some("small group".to_owned()),
            Some("ignored".to_owned()),
        ]];
        let xml = render_with_skipped("x", &suites, &skipped);
        assert!(xml.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">"));
        assert!(xml.contains(
            "<testcase classname=\"k\" name=\"b\">\n      <skipped message=\"small group\"/>\n    </testcase>"
        ));
        assert!(xml.contains("<testcase classname=\"k\" name=\"a\"/>"));
        assert_eq!(xml.matches("<skipped").count(), 1);
    }

    #[test]
    fn no_suites_is_an_empty_document() {
        assert_eq!(
            render("x", &[]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"x\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n</testsuites>\n"
        );
    }
}
