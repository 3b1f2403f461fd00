//! The part of importing a CSV table that every importer shares: byte-order mark, header matching (any
//! order, unknown and repeated headers refused), blank lines skipped, and rows checked against the header
//! length — each problem with its line and column.

/// A structural problem in an imported CSV table; importers turn it into their own error type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TableProblem {
    /// No header line.
    Empty,
    /// The CSV syntax is broken (e.g. an unclosed quote).
    Malformed { line: u64, message: String },
    /// A header that names no known column (1-based position).
    UnknownHeader { position: usize, header: String },
    /// A column named twice (position of the second occurrence).
    DuplicateHeader { position: usize, header: String },
    /// A line with a different number of cells than the header.
    RowLength {
        line: u64,
        expected: usize,
        found: usize,
    },
}

/// A CSV table: for each position its column (`None` under an empty header), and the data rows that are
/// not blank, each with its line number.
pub(crate) type Table<C> = (Vec<Option<C>>, Vec<(u64, csv::StringRecord)>);

fn malformed(error: &csv::Error) -> TableProblem {
    TableProblem::Malformed {
        line: error.position().map_or(0, csv::Position::line),
        message: error.to_string(),
    }
}

/// Reads `text` as a CSV table whose first line names the columns, matched with `parse`.
pub(crate) fn read_table<C: Copy + PartialEq>(
    text: &str,
    parse: impl Fn(&str) -> Option<C>,
) -> Result<Table<C>, TableProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(TableProblem::Empty),
        Some(record) => record.map_err(|e| malformed(&e))?,
    };
    let mut columns: Vec<Option<C>> = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        if name.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let column = parse(name).ok_or_else(|| TableProblem::UnknownHeader {
            position: i + 1,
            header: name.to_owned(),
        })?;
        if columns.contains(&Some(column)) {
            return Err(TableProblem::DuplicateHeader {
                position: i + 1,
                header: name.to_owned(),
            });
        }
        columns.push(Some(column));
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| malformed(&e))?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != columns.len() {
            return Err(TableProblem::RowLength {
                line,
                expected: columns.len(),
                found: record.len(),
            });
        }
        rows.push((line, record));
    }
    Ok((columns, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str) -> Option<u8> {
        match name.trim().to_ascii_lowercase().as_str() {
            "a" => Some(1),
            "b" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn header_rows_and_problems() {
        let (columns, rows) = read_table("\u{feff}B,,A\n1,,2\n,,\n3,,4\n", parse).unwrap();
        assert_eq!(columns, [Some(2), None, Some(1)]);
        assert_eq!(
            rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
            [2, 4]
        );
        assert_eq!(read_table("", parse), Err(TableProblem::Empty));
        assert!(matches!(
            read_table("a,c\n", parse),
            Err(TableProblem::UnknownHeader { position: 2, .. })
        ));
        assert!(matches!(
            read_table("a,A\n", parse),
            Err(TableProblem::DuplicateHeader { position: 2, .. })
        ));
        assert!(matches!(
            read_table("a,b\n1,2\n3\n", parse),
            Err(TableProblem::RowLength {
                line: 3,
                expected: 2,
                found: 1
            })
        ));
    }
}
