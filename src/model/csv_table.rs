//! The part of importing a CSV table that every importer shares: byte-order mark, header matching (any
//! order, unknown and repeated headers refused), blank lines skipped, and rows checked against the header
//! length — each problem with its line and column.

/// How an importer names its columns in the messages of a [`TableProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableWords {
    /// What the header line holds, e.g. "register column names".
    pub header_line: &'static str,
    /// What a header must name, with examples, e.g. "a register column such as \"Risk ID\"".
    pub known_column: &'static str,
}

/// A structural problem in an imported CSV table, shared by every importer's error type. Lines and column
/// positions are 1-based, as the user sees them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableProblem {
    /// No header line.
    #[error("line 1: the file is empty; expected a header line with {}", words.header_line)]
    Empty {
        /// The importer's words for its columns.
        words: TableWords,
    },
    /// The CSV syntax is broken (e.g. an unclosed quote).
    #[error("line {line}: {message}")]
    Malformed {
        /// 1-based line.
        line: u64,
        /// The reader's message.
        message: String,
    },
    /// A header that names no known column.
    #[error(
        "line 1, column {position}: unknown column header {header:?}; expected {}",
        words.known_column
    )]
    UnknownHeader {
        /// 1-based column position in the file.
        position: usize,
        /// The header text.
        header: String,
        /// The importer's words for its columns.
        words: TableWords,
    },
    /// A column named twice.
    #[error(
        "line 1, column {position}: column {header:?} appears twice; expected each column once"
    )]
    DuplicateHeader {
        /// 1-based column position of the second occurrence.
        position: usize,
        /// The header text.
        header: String,
    },
    /// A line with a different number of cells than the header.
    #[error("line {line}: expected {expected} cells as in the header line, found {found}")]
    RowLength {
        /// 1-based line where the record starts.
        line: u64,
        /// Cells in the header line.
        expected: usize,
        /// Cells in this line.
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

/// Reads `text` as a CSV table whose first line names the columns, matched with `parse`; `words` name the
/// columns in the problems' messages.
pub(crate) fn read_table<C: Copy + PartialEq>(
    text: &str,
    parse: impl Fn(&str) -> Option<C>,
    words: TableWords,
) -> Result<Table<C>, TableProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(TableProblem::Empty { words }),
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
            words,
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

    const WORDS: TableWords = TableWords {
        header_line: "a and b",
        known_column: "a or b",
    };

    fn parse(name: &str) -> Option<u8> {
        match name.trim().to_ascii_lowercase().as_str() {
            "a" => Some(1),
            "b" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn header_rows_and_problems() {
        let (columns, rows) = read_table("\u{feff}B,,A\n1,,2\n,,\n3,,4\n", parse, WORDS).unwrap();
        assert_eq!(columns, [Some(2), None, Some(1)]);
        assert_eq!(
            rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
            [2, 4]
        );
        assert_eq!(
            read_table("", parse, WORDS),
            Err(TableProblem::Empty { words: WORDS })
        );
        assert_eq!(
            read_table("", parse, WORDS).unwrap_err().to_string(),
            "line 1: the file is empty; expected a header line with a and b"
        );
        assert!(matches!(
            read_table("a,c\n", parse, WORDS),
            Err(TableProblem::UnknownHeader { position: 2, .. })
        ));
        assert!(matches!(
            read_table("a,A\n", parse, WORDS),
            Err(TableProblem::DuplicateHeader { position: 2, .. })
        ));
        assert!(matches!(
            read_table("a,b\n1,2\n3\n", parse, WORDS),
            Err(TableProblem::RowLength {
                line: 3,
                expected: 2,
                found: 1
            })
        ));
    }
}
