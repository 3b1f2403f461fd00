//! Readable summaries of what changed between two states of a project, for the audit trail.
//!
//! Both states are turned into the same generic tree (their serde form) and compared. Lists of items with an
//! id (risks, FMEA rows, datasets, actions…) are matched by id, so an added, removed or edited item is named
//! by its id ("added risk R-17 'Proxy discrimination via postcode'", "FMEA row FM-2 severity 7 → 8");
//! every other difference is named by its field path ("intended use edited"). Because the comparison is over
//! the whole project, a change made on any screen or by any command is described, never missed.

use serde_json::{Map, Value};

use crate::model::project::Project;

/// At most this many lines per trail entry; the rest is counted in a last line.
pub const MAX_LINES: usize = 40;

/// Strings up to this many characters are quoted in full; longer ones are reported as edited.
const SHORT_TEXT: usize = 60;

/// A project's content as compared and hashed: without the trail, the schema version and the last-saved date.
#[must_use]
pub fn comparable(project: &Project) -> Value {
    let mut copy = project.clone();
    copy.audit_trail = super::AuditTrail::default();
    copy.schema_version = 0;
    copy.metadata.modified = copy.metadata.created;
    serde_json::to_value(&copy).unwrap_or(Value::Null)
}

/// One line per change from `before` to `after`, at most [`MAX_LINES`] (then "… and N more changes").
#[must_use]
pub fn describe_changes(before: &Project, after: &Project) -> Vec<String> {
    let mut lines = Vec::new();
    walk(
        &Place::default(),
        &comparable(before),
        &comparable(after),
        &mut lines,
    );
    if lines.len() > MAX_LINES {
        let more = lines.len() - (MAX_LINES - 1);
        lines.truncate(MAX_LINES - 1);
        lines.push(format!("… and {more} more changes"));
    }
    lines
}

/// Where in the project a difference is: the innermost item with an id ("R-3", "FMEA row FM-2") and the
/// field words below it.
#[derive(Clone, Default)]
struct Place {
    item: String,
    fields: Vec<String>,
}

impl Place {
    fn field(&self, key: &str) -> Self {
        let mut next = self.clone();
        // The metadata block is the project itself: "system name", not "metadata system name".
        if !(next.item.is_empty() && next.fields.is_empty() && key == "metadata") {
            next.fields.push(key.replace('_', " "));
        }
        next
    }

    fn item(label: String) -> Self {
        Self {
            item: label,
            fields: Vec::new(),
        }
    }

    fn label(&self) -> String {
        let fields = self.fields.join(" ");
        match (self.item.is_empty(), fields.is_empty()) {
            (true, _) => fields,
            (false, true) => self.item.clone(),
            (false, false) => format!("{} {fields}", self.item),
        }
    }

    /// Prefix for list changes: "R-3 actions: " or "affected groups: ".
    fn prefix(&self) -> String {
        let label = self.label();
        // A top-level list needs no prefix: "added risk R-17", not "risks: added risk R-17".
        if label.is_empty() || (self.item.is_empty() && self.fields.len() == 1) {
            String::new()
        } else {
            format!("{label}: ")
        }
    }
}

/// The singular noun of a list's items, from the list's field name.
fn noun(list_key: &str) -> String {
    match list_key {
        "risks" => "risk".to_owned(),
        "rows" => "FMEA row".to_owned(),
        "fmea_worksheets" => "FMEA worksheet".to_owned(),
        "bowties" => "bow-tie".to_owned(),
        other => {
            let words = other.replace('_', " ");
            words.strip_suffix('s').map_or(words.clone(), str::to_owned)
        }
    }
}

/// The field that identifies the items of a list: a string `…_id` (or `id`) field every item has, with
/// distinct values; the one named after the list wins when there are several.
fn id_key(list_key: &str, a: &[Value], b: &[Value]) -> Option<String> {
    let first = a.iter().chain(b).next()?.as_object()?;
    let mut candidates: Vec<&String> = first
        .keys()
        .filter(|k| k.as_str() == "id" || k.ends_with("_id"))
        .filter(|k| first.get(*k).is_some_and(Value::is_string))
        .collect();
    candidates.sort_by_key(|k| {
        let stem = k.trim_end_matches("_id");
        (!list_key.contains(stem), k.len())
    });
    candidates.into_iter().find_map(|k| {
        let unique = |list: &[Value]| {
            let mut ids: Vec<&str> = Vec::with_capacity(list.len());
            for item in list {
                let id = item.get(k).and_then(Value::as_str)?;
                if ids.contains(&id) {
                    return None;
                }
                ids.push(id);
            }
            Some(())
        };
        (unique(a).is_some() && unique(b).is_some()).then(|| k.clone())
    })
}

fn item_label(noun: &str, id: &str) -> String {
    if noun == "risk" {
        id.to_owned()
    } else {
        format!("{noun} {id}")
    }
}

fn title_of(item: &Value) -> Option<&str> {
    ["title", "name", "failure_mode", "description"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .filter(|s| !s.is_empty())
}

fn short(text: &str) -> String {
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() <= SHORT_TEXT {
        one_line
    } else {
        let cut: String = one_line.chars().take(SHORT_TEXT - 1).collect();
        format!("{cut}…")
    }
}

/// A value in a few words: `'text'`, `4`, `yes`, `—`, `likelihood 4, impact 2`.
fn render(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{}'", short(s)),
        Value::Array(items) => format!("{} item(s)", items.len()),
        Value::Object(map) => short(
            &map.iter()
                .filter(|(_, v)| !v.is_object() && !v.is_array())
                .map(|(k, v)| format!("{} {}", k.replace('_', " "), render(v)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

fn walk(place: &Place, a: &Value, b: &Value, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => walk_object(place, x, y, out),
        (Value::Array(x), Value::Array(y)) => {
            let key = place.fields.last().map(|f| f.replace(' ', "_"));
            walk_list(place, key.as_deref().unwrap_or(""), x, y, out);
        }
        (Value::String(x), Value::String(y)) => {
            let long = |s: &str| s.chars().count() > SHORT_TEXT || s.contains('\n');
            if long(x) || long(y) {
                out.push(format!(
                    "{} edited ({} → {} characters)",
                    place.label(),
                    x.chars().count(),
                    y.chars().count()
                ));
            } else {
                out.push(format!("{} {} → {}", place.label(), render(a), render(b)));
            }
        }
        (Value::Null, _) => out.push(format!("{} set to {}", place.label(), render(b))),
        (_, Value::Null) => out.push(format!("{} cleared (was {})", place.label(), render(a))),
        _ => out.push(format!("{} {} → {}", place.label(), render(a), render(b))),
    }
}

/// The empty value of the same shape: what a field left out of the file while empty stands for.
fn zeroed(value: &Value) -> Value {
    match value {
        Value::Null => Value::Null,
        Value::Bool(_) => Value::Bool(false),
        Value::Number(_) => Value::from(0),
        Value::String(_) => Value::String(String::new()),
        Value::Array(_) => Value::Array(Vec::new()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), zeroed(v))).collect())
        }
    }
}

fn walk_object(
    place: &Place,
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    out: &mut Vec<String>,
) {
    // A field left out of the file while empty (`skip_serializing_if`) is compared as the empty value it
    // stands for, so adding the first item reads "added workshop WS-1", not "set to 1 item".
    let absent = |other: Option<&Value>| other.map_or(Value::Null, zeroed);
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    for key in keys {
        let (x, y) = (a.get(key), b.get(key));
        let (x_missing, y_missing) = (absent(y), absent(x));
        walk(
            &place.field(key),
            x.unwrap_or(&x_missing),
            y.unwrap_or(&y_missing),
            out,
        );
    }
}

fn walk_list(place: &Place, list_key: &str, a: &[Value], b: &[Value], out: &mut Vec<String>) {
    let prefix = place.prefix();
    if let Some(id) = id_key(list_key, a, b) {
        let noun = noun(list_key);
        let id_of = |v: &Value| v.get(&id).and_then(Value::as_str).unwrap_or("").to_owned();
        let described = |v: &Value| {
            let label = format!("{noun} {}", id_of(v));
            match title_of(v) {
                Some(t) => format!("{label} '{}'", short(t)),
                None => label,
            }
        };
        for old in a {
            if !b.iter().any(|n| id_of(n) == id_of(old)) {
                out.push(format!("{prefix}removed {}", described(old)));
            }
        }
        for new in b {
            match a.iter().find(|o| id_of(o) == id_of(new)) {
                None => out.push(format!("{prefix}added {}", described(new))),
                Some(old) => walk(&Place::item(item_label(&noun, &id_of(new))), old, new, out),
            }
        }
        let common_a: Vec<String> = a
            .iter()
            .map(id_of)
            .filter(|i| b.iter().any(|n| id_of(n) == *i))
            .collect();
        let common_b: Vec<String> = b
            .iter()
            .map(id_of)
            .filter(|i| a.iter().any(|o| id_of(o) == *i))
            .collect();
        if common_a != common_b {
            out.push(format!("{prefix}{} order changed", noun_plural(list_key)));
        }
        return;
    }
    let scalars = a.iter().chain(b).all(|v| !v.is_object() && !v.is_array());
    if scalars {
        let before = out.len();
        for old in a {
            if !b.contains(old) {
                out.push(format!("{prefix}removed {}", render(old)));
            }
        }
        for new in b {
            if !a.contains(new) {
                out.push(format!("{prefix}added {}", render(new)));
            }
        }
        if out.len() == before {
            out.push(format!("{prefix}order changed"));
        }
        return;
    }
    if a.len() == b.len() {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            walk(&place.field(&format!("#{}", i + 1)), x, y, out);
        }
    } else {
        out.push(format!(
            "{} {} → {} entries",
            place.label(),
            a.len(),
            b.len()
        ));
    }
}

fn noun_plural(list_key: &str) -> String {
    list_key.replace('_', " ")
}
