//! The footer's field types, checked against what polars' footer decoder assumes.
//!
//! polars 0.55 decodes the footer by field id and ignores the type the file declares for a field: a field
//! declared as an integer where polars expects a boolean made it panic ("thrift bool field", found by the fuzz
//! campaign), and one declared as a byte where it expects a varint would make it read a different structure
//! than [`super::Thrift`] read. [`conforms`] walks the decoded footer and refuses every field whose declared
//! type differs from the one polars reads for that id, so that what the footer check accepted is exactly what
//! polars will decode. Fields polars does not read by id are skipped by their declared type and are not checked.

use super::Value;

/// The type polars reads for one field id.
pub(super) enum Shape {
    /// A zigzag varint (Thrift i16, i32 or i64).
    Varint,
    /// A single byte (Thrift i8).
    Byte,
    /// A boolean (its value is in the field header).
    Bool,
    /// Length-prefixed bytes (Thrift binary or string).
    Binary,
    /// A list (or set) whose elements all have the inner shape.
    ListOf(&'static Shape),
    /// A struct or union whose listed fields have the given shapes.
    Struct(&'static str, &'static [(i16, Shape)]),
}

const EMPTY: Shape = Shape::Struct("an empty struct", &[]);
const TIME_UNIT: Shape = Shape::Struct("TimeUnit", &[(1, EMPTY), (2, EMPTY), (3, EMPTY)]);
const LOGICAL_TYPE: Shape = Shape::Struct(
    "LogicalType",
    &[
        (1, EMPTY),
        (2, EMPTY),
        (3, EMPTY),
        (4, EMPTY),
        (
            5,
            Shape::Struct("DecimalType", &[(1, Shape::Varint), (2, Shape::Varint)]),
        ),
        (6, EMPTY),
        (
            7,
            Shape::Struct("TimeType", &[(1, Shape::Bool), (2, TIME_UNIT)]),
        ),
        (
            8,
            Shape::Struct("TimestampType", &[(1, Shape::Bool), (2, TIME_UNIT)]),
        ),
        (
            10,
            Shape::Struct("IntType", &[(1, Shape::Byte), (2, Shape::Bool)]),
        ),
        (11, EMPTY),
        (12, EMPTY),
        (13, EMPTY),
        (14, EMPTY),
        (15, EMPTY),
    ],
);
const SCHEMA_ELEMENT: Shape = Shape::Struct(
    "SchemaElement",
    &[
        (1, Shape::Varint),
        (2, Shape::Varint),
        (3, Shape::Varint),
        (4, Shape::Binary),
        (5, Shape::Varint),
        (6, Shape::Varint),
        (7, Shape::Varint),
        (8, Shape::Varint),
        (9, Shape::Varint),
        (10, LOGICAL_TYPE),
    ],
);
const STATISTICS: Shape = Shape::Struct(
    "Statistics",
    &[
        (1, Shape::Binary),
        (2, Shape::Binary),
        (3, Shape::Varint),
        (4, Shape::Varint),
        (5, Shape::Binary),
        (6, Shape::Binary),
        (7, Shape::Bool),
        (8, Shape::Bool),
    ],
);
const COLUMN_META_DATA: Shape = Shape::Struct(
    "ColumnMetaData",
    &[
        (1, Shape::Varint),
        (2, Shape::ListOf(&Shape::Varint)),
        (3, Shape::ListOf(&Shape::Binary)),
        (4, Shape::Varint),
        (5, Shape::Varint),
        (6, Shape::Varint),
        (7, Shape::Varint),
        (9, Shape::Varint),
        (10, Shape::Varint),
        (11, Shape::Varint),
        (12, STATISTICS),
        (14, Shape::Varint),
        (15, Shape::Varint),
    ],
);
const COLUMN_CHUNK: Shape = Shape::Struct(
    "ColumnChunk",
    &[
        (1, Shape::Binary),
        (2, Shape::Varint),
        (3, COLUMN_META_DATA),
        (4, Shape::Varint),
        (5, Shape::Varint),
        (6, Shape::Varint),
        (7, Shape::Varint),
    ],
);
const SORTING_COLUMN: Shape = Shape::Struct(
    "SortingColumn",
    &[(1, Shape::Varint), (2, Shape::Bool), (3, Shape::Bool)],
);
const ROW_GROUP: Shape = Shape::Struct(
    "RowGroup",
    &[
        (1, Shape::ListOf(&COLUMN_CHUNK)),
        (2, Shape::Varint),
        (3, Shape::Varint),
        (4, Shape::ListOf(&SORTING_COLUMN)),
        (5, Shape::Varint),
        (6, Shape::Varint),
        (7, Shape::Varint),
    ],
);
const KEY_VALUE: Shape = Shape::Struct("KeyValue", &[(1, Shape::Binary), (2, Shape::Binary)]);
const COLUMN_ORDER: Shape = Shape::Struct("ColumnOrder", &[(1, EMPTY), (2, EMPTY)]);

/// The footer (`FileMetaData`) as polars 0.55 decodes it.
pub(super) const FILE_META_DATA: Shape = Shape::Struct(
    "FileMetaData",
    &[
        (1, Shape::Varint),
        (2, Shape::ListOf(&SCHEMA_ELEMENT)),
        (3, Shape::Varint),
        (4, Shape::ListOf(&ROW_GROUP)),
        (5, Shape::ListOf(&KEY_VALUE)),
        (6, Shape::Binary),
        (7, Shape::ListOf(&COLUMN_ORDER)),
    ],
);

fn kind(shape: &Shape) -> &'static str {
    match shape {
        Shape::Varint => "an integer",
        Shape::Byte => "a one-byte integer",
        Shape::Bool => "a boolean",
        Shape::Binary => "a string or bytes",
        Shape::ListOf(_) => "a list",
        Shape::Struct(name, _) => name,
    }
}

fn found(value: &Value) -> &'static str {
    match value {
        Value::Bool => "a boolean",
        Value::Byte(_) => "a one-byte integer",
        Value::Int(_) => "an integer",
        Value::Double => "a floating-point number",
        Value::Binary(_) => "a string or bytes",
        Value::List(_) => "a list",
        Value::Map => "a map",
        Value::Struct(_) => "a struct",
    }
}

/// Checks that `value` has `shape`, recursively; `place` names where it is (e.g. "`FileMetaData` field 4,
/// element 1"). Depth is bounded by the decoder that built `value`.
///
/// # Errors
/// The first field whose declared type differs from the one polars reads, with its place.
pub(super) fn conforms(value: &Value, shape: &Shape, place: &str) -> Result<(), String> {
    let fits = match (shape, value) {
        (Shape::Varint, Value::Int(_))
        | (Shape::Byte, Value::Byte(_))
        | (Shape::Bool, Value::Bool)
        | (Shape::Binary, Value::Binary(_)) => true,
        (Shape::ListOf(inner), Value::List(items)) => {
            for (i, item) in items.iter().enumerate() {
                conforms(item, inner, &format!("{place}, element {}", i + 1))?;
            }
            true
        }
        (Shape::Struct(name, fields), Value::Struct(present)) => {
            for (id, item) in present {
                if let Some((_, inner)) = fields.iter().find(|(f, _)| f == id) {
                    conforms(item, inner, &format!("{place} › {name} field {id}"))?;
                }
            }
            true
        }
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "{place} should be {} but the file declares {}",
            kind(shape),
            found(value)
        ))
    }
}
