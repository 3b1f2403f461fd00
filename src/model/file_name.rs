//! Suggested file names made from titles: lower-case letters and digits, every run of other characters one
//! separator, none at either end ("Loan approval – credit scoring" → `loan_approval_credit_scoring`).

/// The file-name stem of `title` with `separator` between words; `fallback` when nothing is left.
#[must_use]
pub fn stem(title: &str, separator: char, fallback: &str) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if pending && !out.is_empty() {
                out.push(separator);
            }
            pending = false;
            out.extend(c.to_lowercase());
        } else {
            pending = true;
        }
    }
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out
    }
}

/// `path` with `.extension` added when it has none (a name the user typed without one).
#[must_use]
pub fn with_default_extension(path: &std::path::Path, extension: &str) -> std::path::PathBuf {
    if path.extension().is_none() {
        path.with_extension(extension)
    } else {
        path.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn no_doubled_or_trailing_separators() {
        assert_eq!(
            stem("Loan approval – credit scoring (v2)", '_', "project"),
            "loan_approval_credit_scoring_v2"
        );
        assert_eq!(
            stem("  ML  pipeline FMEA ", '_', "fmea"),
            "ml_pipeline_fmea"
        );
        assert_eq!(stem("Bias -> harm", '-', "bowtie"), "bias-harm");
        assert_eq!(stem(" -- ", '_', "project"), "project");
    }
}
