//! Line breaking with real glyph advances.
//!
//! Input is a sequence of styled pieces; output is lines of positioned runs. Breaks
//! happen at spaces; `\n` forces a break; a word wider than the line is split,
//! preferably after `/ - _ . , ; :` (paths, hashes, identifiers), otherwise between
//! any two characters. Every line holds at least one character, so even a column
//! narrower than a glyph terminates.

use crate::report::fonts::Face;

/// A run of text in one face, positioned within its line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LineRun {
    /// Offset from the line start, in points.
    pub(crate) x: f32,
    /// Face.
    pub(crate) face: Face,
    /// Text.
    pub(crate) text: String,
}

/// One wrapped line.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Line {
    /// Runs, left to right.
    pub(crate) runs: Vec<LineRun>,
    /// Width in points.
    pub(crate) width: f32,
}

impl Line {
    fn push(&mut self, face: Face, text: &str, size: f32) {
        if text.is_empty() {
            return;
        }
        let w = face.width(text) * size;
        match self.runs.last_mut() {
            Some(last) if last.face == face => last.text.push_str(text),
            _ => self.runs.push(LineRun {
                x: self.width,
                face,
                text: text.to_string(),
            }),
        }
        self.width += w;
    }

    /// The line's text without styling.
    pub(crate) fn plain(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

enum Token {
    Word(Vec<(Face, String)>),
    Space(Face),
    Newline,
}

/// Cleans user text: tabs become spaces, `\r\n` and `\r` become `\n`, other control
/// characters (and BiDi/format controls that would render as boxes) are dropped.
fn clean_char(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        '\n' | '\r' => Some('\n'),
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}' => None,
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Text the embedded fonts can show. A character the face lacks is drawn with the symbol face
/// ([`Face::for_char`]: `≥ → ✓` stay as they are); one that no embedded face has becomes `?` instead
/// of an empty box.
pub(crate) fn printable(face: Face, text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(|c| face.can_show(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if face.can_show(c) { c } else { '?' })
            .collect(),
    )
}

fn tokenize(pieces: &[(Face, &str)]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word: Vec<(Face, String)> = Vec::new();
    let flush = |word: &mut Vec<(Face, String)>, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            tokens.push(Token::Word(std::mem::take(word)));
        }
    };
    for (face, text) in pieces {
        let text = printable(*face, text);
        let mut prev_cr = false;
        for c in text.chars() {
            let was_cr = prev_cr;
            prev_cr = c == '\r';
            if c == '\n' && was_cr {
                continue;
            }
            let Some(c) = clean_char(c) else { continue };
            match c {
                '\n' => {
                    flush(&mut word, &mut tokens);
                    tokens.push(Token::Newline);
                }
                c if c.is_whitespace() && c != '\u{00A0}' && c != '\u{202F}' => {
                    flush(&mut word, &mut tokens);
                    if !matches!(tokens.last(), Some(Token::Space(_))) {
                        tokens.push(Token::Space(*face));
                    }
                }
                c => match word.last_mut() {
                    Some((f, s)) if f == face => s.push(c),
                    _ => word.push((*face, c.to_string())),
                },
            }
        }
    }
    flush(&mut word, &mut tokens);
    tokens
}

fn word_width(word: &[(Face, String)], size: f32) -> f32 {
    word.iter().map(|(f, s)| f.width(s) * size).sum()
}

/// Wraps styled `pieces` at `size` points into lines no wider than `max_w` points.
pub(crate) fn wrap(pieces: &[(Face, &str)], size: f32, max_w: f32) -> Vec<Line> {
    let max_w = if max_w.is_finite() {
        max_w.max(1.0)
    } else {
        1.0
    };
    let size = if size.is_finite() && size > 0.0 {
        size
    } else {
        1.0
    };
    let mut lines = Vec::new();
    let mut cur = Line::default();
    let mut pending_space: Option<Face> = None;
    for tok in tokenize(pieces) {
        match tok {
            Token::Newline => {
                lines.push(std::mem::take(&mut cur));
                pending_space = None;
            }
            Token::Space(f) => {
                if !cur.runs.is_empty() {
                    pending_space = Some(f);
                }
            }
            Token::Word(word) => {
                let ww = word_width(&word, size);
                let sw = pending_space.map_or(0.0, |f| f.advance(' ') * size);
                if !cur.runs.is_empty() && cur.width + sw + ww <= max_w {
                    if let Some(f) = pending_space {
                        cur.push(f, " ", size);
                    }
                    for (f, s) in &word {
                        cur.push(*f, s, size);
                    }
                } else {
                    if !cur.runs.is_empty() {
                        lines.push(std::mem::take(&mut cur));
                    }
                    if ww <= max_w {
                        for (f, s) in &word {
                            cur.push(*f, s, size);
                        }
                    } else {
                        break_word(&word, size, max_w, &mut lines, &mut cur);
                    }
                }
                pending_space = None;
            }
        }
    }
    if !cur.runs.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Splits a word wider than the line over several lines; the last part stays in `cur`.
fn break_word(
    word: &[(Face, String)],
    size: f32,
    max_w: f32,
    lines: &mut Vec<Line>,
    cur: &mut Line,
) {
    let chars: Vec<(Face, char, f32)> = word
        .iter()
        .flat_map(|(f, s)| s.chars().map(move |c| (*f, c, f.advance(c) * size)))
        .collect();
    let mut start = 0;
    while start < chars.len() {
        // Longest prefix from `start` that fits (at least one character).
        let mut w = 0.0;
        let mut end = start;
        while end < chars.len() && (end == start || w + chars[end].2 <= max_w) {
            w += chars[end].2;
            end += 1;
        }
        if end < chars.len() {
            // Prefer to break after a punctuation mark in the last 60% of the chunk.
            let min_keep = start + ((end - start) * 2).div_ceil(5).max(1);
            if let Some(p) = (min_keep..end).rev().find(|&i| {
                matches!(
                    chars[i].1,
                    '/' | '\\' | '-' | '_' | '.' | ',' | ';' | ':' | '|'
                )
            }) {
                end = p + 1;
            }
        }
        let mut line = Line::default();
        let mut i = start;
        while i < end {
            let face = chars[i].0;
            let mut s = String::new();
            while i < end && chars[i].0 == face {
                s.push(chars[i].1);
                i += 1;
            }
            line.push(face, &s, size);
        }
        start = end;
        if start < chars.len() {
            lines.push(line);
        } else {
            *cur = line;
        }
    }
}

/// Width of `text` in `face` at `size` points.
pub(crate) fn width(face: Face, text: &str, size: f32) -> f32 {
    face.width(text) * size
}

/// `text` (one line) cut with an ellipsis to fit `max_w` points.
pub(crate) fn elide(face: Face, text: &str, size: f32, max_w: f32) -> String {
    let text: String = printable(face, text)
        .chars()
        .filter_map(clean_char)
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    if width(face, &text, size) <= max_w {
        return text;
    }
    let budget = max_w - width(face, "…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = face.advance(c) * size;
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::plain).collect()
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let text = "The quick brown fox jumps over the lazy dog and keeps running far away";
        let lines = wrap(&[(Face::Regular, text)], 10.0, 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 120.0 + 1e-3, "{l:?}");
            assert!(!l.plain().starts_with(' ') && !l.plain().ends_with(' '));
        }
        assert_eq!(plain(&lines).join(" "), text);
    }

    #[test]
    fn breaks_long_words_and_prefers_punctuation() {
        let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let lines = wrap(&[(Face::Regular, hash)], 8.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(plain(&lines).concat(), hash);
        for l in &lines {
            assert!(l.width <= 60.0 + 1e-3);
        }
        let path = "data/raw/credit/loans_2024_full_export.csv";
        let lines = wrap(&[(Face::Regular, path)], 8.0, 70.0);
        assert!(
            plain(&lines)[0].ends_with('/') || plain(&lines)[0].ends_with('_'),
            "{:?}",
            plain(&lines)
        );
    }

    #[test]
    fn mixed_styles_and_newlines() {
        let lines = wrap(
            &[
                (Face::Regular, "a "),
                (Face::Bold, "bold"),
                (Face::Regular, ", then\nnext"),
            ],
            10.0,
            500.0,
        );
        assert_eq!(plain(&lines), vec!["a bold, then", "next"]);
        assert_eq!(lines[0].runs.len(), 3);
        assert!(lines[0].runs[1].x > 0.0);
    }

    #[test]
    fn degenerate_inputs_terminate() {
        assert_eq!(wrap(&[], 10.0, 100.0).len(), 1);
        let lines = wrap(&[(Face::Regular, "WWWW")], 10.0, 0.0);
        assert_eq!(lines.len(), 4);
        let lines = wrap(&[(Face::Regular, "x\u{0007}y\r\nz\t w")], 10.0, f32::NAN);
        assert_eq!(plain(&lines).concat(), "xyzw");
        let _ = wrap(&[(Face::Regular, "漢字🙂👍🏽 ")], f32::INFINITY, 5.0);
        assert!(elide(Face::Regular, "A long title here", 10.0, 40.0).ends_with('…'));
        assert_eq!(elide(Face::Regular, "", 10.0, 0.0), "");
    }
}

#[cfg(test)]
mod glyph_tests {
    use super::*;

    #[test]
    fn symbols_are_kept_and_only_unknown_characters_become_a_question_mark() {
        assert!(matches!(
            printable(Face::Regular, "ratio ≥ 0.8 → pass ✓"),
            std::borrow::Cow::Borrowed("ratio ≥ 0.8 → pass ✓")
        ));
        assert!(matches!(
            printable(Face::Regular, "Café – naïve"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(printable(Face::Bold, "漢"), "?");
        let lines = wrap(&[(Face::Regular, "x ≤ y")], 10.0, 500.0);
        let text: String = lines.iter().map(Line::plain).collect();
        assert_eq!(text, "x ≤ y");
        let expected =
            (Face::Regular.metrics().width("x  y") + Face::Symbol.metrics().advance('≤')) * 10.0;
        assert!((lines[0].width - expected).abs() < 1e-3);
    }
}
