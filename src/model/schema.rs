//! Schema versions of the project file and migration of older files.
//!
//! Every released schema version keeps a fixture in `tests/fixtures/schema/` and a migration step here that
//! turns a file of that version into the next one. A file from a newer Riskbench is refused with a clear
//! error, never silently downgraded.
//!
//! Version history:
//! - 1 (Riskbench 0.1): metadata, settings (risk matrix, fairness thresholds), dataset references.

use ron::Value;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A migration step: turns the document of version `from` into version `from + 1`, in place.
pub type MigrationStep = fn(&mut Value) -> Result<(), String>;

/// The migration steps, indexed by the version they upgrade from (`MIGRATIONS[i]` is `(i + 1) → (i + 2)`).
///
/// Schema 1 is the first released version, so there is nothing to migrate yet.
pub const MIGRATIONS: &[MigrationStep] = &[];

/// Upgrades `value` from version `from` to `from + steps.len()` by running `steps` in order.
///
/// # Errors
/// The message of the first step that fails, naming the version it was upgrading from.
pub fn migrate_value(value: &mut Value, from: u32, steps: &[MigrationStep]) -> Result<(), String> {
    let first = usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX);
    for (offset, step) in steps.iter().enumerate().skip(first) {
        let version = offset + 1;
        step(value).map_err(|e| format!("migrating from schema version {version}: {e}"))?;
        set_field(
            value,
            "schema_version",
            Value::Number((version as u64 + 1).into()),
        );
    }
    Ok(())
}

/// Sets `field` of a struct-like value, adding it when absent.
pub fn set_field(value: &mut Value, field: &str, new: Value) {
    if let Value::Map(map) = value {
        map.insert(Value::String(field.to_owned()), new);
    }
}

/// Renames `from` to `to` in a struct-like value; a no-op when `from` is absent.
pub fn rename_field(value: &mut Value, from: &str, to: &str) {
    if let Value::Map(map) = value
        && let Some(old) = map.remove(&Value::String(from.to_owned()))
    {
        map.insert(Value::String(to.to_owned()), old);
    }
}

/// The value of `field` of a struct-like value.
#[must_use]
pub fn field_mut<'a>(value: &'a mut Value, field: &str) -> Option<&'a mut Value> {
    match value {
        Value::Map(map) => map.get_mut(&Value::String(field.to_owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rename_owner(v: &mut Value) -> Result<(), String> {
        let meta = field_mut(v, "metadata").ok_or("no metadata")?;
        rename_field(meta, "system_owner", "owner");
        Ok(())
    }

    fn fail(_: &mut Value) -> Result<(), String> {
        Err("broken".to_owned())
    }

    #[test]
    fn migration_steps_run_in_order_and_bump_the_version() {
        let mut v: Value =
            ron::from_str("(schema_version: 1, metadata: (system_owner: \"Ana\"))").unwrap();
        migrate_value(&mut v, 1, &[rename_owner]).unwrap();
        let text = ron::to_string(&v).unwrap();
        assert!(text.contains("\"owner\":\"Ana\""), "{text}");
        assert!(text.contains("\"schema_version\":2"), "{text}");
    }

    #[test]
    fn steps_before_the_file_version_are_skipped() {
        let mut v: Value = ron::from_str("(schema_version: 2, metadata: ())").unwrap();
        migrate_value(&mut v, 2, &[fail, rename_owner]).unwrap();
        let err = migrate_value(&mut v, 1, &[fail]).unwrap_err();
        assert_eq!(err, "migrating from schema version 1: broken");
    }
}
