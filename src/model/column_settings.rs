//! Rules for a dataset's column settings: the setting of a column (a default one when none is stored),
//! storing one so that the project lists only the columns the user changed, and the missing-value
//! placeholders as typed.

use super::data_columns::{ColumnRole, ColumnSetting};

/// The setting of column `name` (a default one when none is stored).
#[must_use]
pub fn setting_of(settings: &[ColumnSetting], name: &str) -> ColumnSetting {
    settings
        .iter()
        .find(|c| c.name == name)
        .cloned()
        .unwrap_or_else(|| ColumnSetting {
            name: name.to_owned(),
            ..ColumnSetting::default()
        })
}

/// Stores `setting` in `settings` (replacing the column's previous one); a setting with nothing but defaults
/// is removed, so the project file only lists columns the user changed.
pub fn store_setting(settings: &mut Vec<ColumnSetting>, setting: ColumnSetting) {
    let is_default = setting.kind.is_none()
        && setting.role == ColumnRole::Feature
        && setting.reference_shares.is_empty();
    match settings.iter().position(|c| c.name == setting.name) {
        Some(i) if is_default => {
            settings.remove(i);
        }
        Some(i) => settings[i] = setting,
        None if is_default => {}
        None => settings.push(setting),
    }
}

/// The placeholders as typed in a text field: comma-separated, trimmed, without empty ones or repeats.
#[must_use]
pub fn parse_tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !out.iter().any(|t| t == token) {
            out.push(token.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_settings_are_not_stored() {
        let mut settings = Vec::new();
        let mut s = setting_of(&settings, "sex");
        s.role = ColumnRole::Sensitive;
        store_setting(&mut settings, s);
        assert_eq!(settings.len(), 1);
        let mut s = setting_of(&settings, "sex");
        assert_eq!(s.role, ColumnRole::Sensitive);
        s.role = ColumnRole::Feature;
        store_setting(&mut settings, s);
        assert!(settings.is_empty(), "back to the defaults: nothing to save");
    }

    #[test]
    fn placeholders_are_split_and_deduplicated() {
        assert_eq!(parse_tokens(" ?, NA,,? , unknown"), ["?", "NA", "unknown"]);
        assert!(parse_tokens(" , ").is_empty());
    }
}
