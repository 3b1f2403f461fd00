//! `JUnit` XML, the test-report format CI servers (GitHub Actions reporters, GitLab, Jenkins) render: one
//! `testsuite` per group of checks, one `testcase` per check, a `failure` element with the message when it
//! fails. Deterministic: the same checks give the same bytes (no timestamps, no durations).

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
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites
        .iter()
        .flat_map(|s| &s.cases)
        .filter(|c| c.failure.is_some())
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">",
        escape(name)
    );
    for suite in suites {
        let failed = suite.cases.iter().filter(|c| c.failure.is_some()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">",
            escape(&suite.name),
            suite.cases.len()
        );
        for case in &suite.cases {
            let head = format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&case.classname),
                escape(&case.name)
            );
            match &case.failure {
                None => {
                    let _ = writeln!(out, "{head}/>");
                }
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
    fn no_suites_is_an_empty_document() {
        assert_eq!(
            render("x", &[]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"x\" tests=\"0\" failures=\"0\" errors=\"0\">\n</testsuites>\n"
        );
    }
}
