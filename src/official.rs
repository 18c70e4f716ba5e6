//! The official wording of the standards, from a copy the user owns.
//!
//! The project never ships the NOHS text. A user who has the document as
//! plain text can point `dilemma standards --official FILE` at it and read
//! each standard's own words beside our summary. The file is checked before
//! use: every standard from 1 to 44 exactly once, in order, so a wrong or
//! partial copy cannot put words beside the wrong number.

use std::path::{Path, PathBuf};

use crate::source::{Diagnostic, Source};

/// The name `standards --import` keeps the user's copy under, in the data
/// folder beside the records (not `.ron`, so it is never listed as one).
const STORED: &str = "official-standards.txt";

/// Where an imported copy is kept in `data_dir`.
pub fn stored_path(data_dir: &Path) -> PathBuf {
    data_dir.join(STORED)
}

/// The copy kept by `standards --import`, if one was imported. A copy
/// damaged since is an error, so it never puts words beside the wrong number.
pub fn stored(data_dir: &Path) -> Result<Option<Official>, Diagnostic> {
    let path = stored_path(data_dir);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    Official::read(&path).map(Some)
}

/// How many standards the 2024 code has.
pub const STANDARDS: u8 = 44;

/// The official wording of each standard, by number.
#[derive(Debug, Clone)]
pub struct Official {
    /// The file it came from, for the heading.
    pub name: String,
    texts: Vec<String>,
}

impl Official {
    /// Reads and checks a plain-text copy of the standards.
    pub fn read(path: &Path) -> Result<Official, Diagnostic> {
        Official::parse(&Source::read(path)?)
    }

    /// Finds each line that opens with `STANDARD N` (any case) and takes
    /// the text up to the next one. Section headings (lines in capitals)
    /// and blank lines between standards are left out.
    pub fn parse(source: &Source) -> Result<Official, Diagnostic> {
        let mut texts: Vec<String> = Vec::new();
        let mut offset = 0;
        for line in source.text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let trimmed = line.trim();
            if let Some((number, rest)) = opening(trimmed) {
                let expected = texts.len() + 1;
                if number != expected {
                    let place = source.place_at(start + (line.len() - line.trim_start().len()));
                    let what = if number < expected {
                        format!("standard {number} again, or out of order")
                    } else {
                        format!("standard {number}, but standard {expected} is missing")
                    };
                    return Err(Diagnostic::error(
                        place,
                        format!(
                            "{what}: the file must hold standards 1 to {STANDARDS}, once each, in order"
                        ),
                    ));
                }
                if number > usize::from(STANDARDS) {
                    let place = source.place_at(start);
                    return Err(Diagnostic::error(
                        place,
                        format!("standard {number}: the 2024 code has {STANDARDS} standards"),
                    ));
                }
                texts.push(rest.to_string());
            } else if let Some(text) = texts.last_mut()
                && !trimmed.is_empty()
                && !is_heading(trimmed)
            {
                text.push(' ');
                text.push_str(trimmed);
            }
        }
        if texts.len() != usize::from(STANDARDS) {
            let place = source.place_at(source.text.len());
            return Err(Diagnostic::error(
                place,
                format!(
                    "the file ends after standard {}: standards {} to {STANDARDS} are missing",
                    texts.len(),
                    texts.len() + 1
                ),
            ));
        }
        Ok(Official {
            name: source.name.clone(),
            texts,
        })
    }

    /// The official wording of standard `number`.
    pub fn text(&self, number: u8) -> Option<&str> {
        self.texts
            .get(usize::from(number).checked_sub(1)?)
            .map(String::as_str)
    }
}

/// `STANDARD 12 text…` as (12, "text…").
fn opening(line: &str) -> Option<(usize, &str)> {
    let word = line.get(..8)?;
    if !word.eq_ignore_ascii_case("standard") {
        return None;
    }
    let rest = line[8..].trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 || rest.len() == line[8..].len() {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    let text = rest[digits..]
        .trim_start_matches([':', '.', ' ', '\t'])
        .trim();
    Some((number, text))
}

/// A section heading: letters, all of them capitals.
fn is_heading(line: &str) -> bool {
    line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synthetic(numbers: impl Iterator<Item = u8>) -> String {
        let mut text = String::from("A SYNTHETIC COPY\n\nSECTION ONE\n");
        for n in numbers {
            text.push_str(&format!(
                "STANDARD {n} Made-up words for number {n},\ncontinued on a second line.\n\n"
            ));
            if n == 10 {
                text.push_str("SECTION TWO\n\n");
            }
        }
        text
    }

    #[test]
    fn a_complete_copy_gives_each_standard_its_own_words() {
        let source = Source::new("official.txt", synthetic(1..=44));
        let official = Official::parse(&source).unwrap();
        assert_eq!(
            official.text(10),
            Some("Made-up words for number 10, continued on a second line.")
        );
        assert_eq!(
            official.text(11),
            Some("Made-up words for number 11, continued on a second line."),
            "the heading between 10 and 11 belongs to neither"
        );
        assert_eq!(official.text(0), None);
        assert_eq!(official.text(45), None);
    }

    #[test]
    fn a_missing_standard_is_refused_at_its_place() {
        let source = Source::new("official.txt", synthetic((1..=44).filter(|&n| n != 7)));
        let err = Official::parse(&source).unwrap_err().to_string();
        assert!(
            err.starts_with("official.txt:22:1: error: standard 8, but standard 7 is missing"),
            "{err}"
        );
    }

    #[test]
    fn standards_out_of_order_are_refused() {
        let mut numbers: Vec<u8> = (1..=44).collect();
        numbers.swap(2, 3);
        let source = Source::new("official.txt", synthetic(numbers.into_iter()));
        let err = Official::parse(&source).unwrap_err().to_string();
        assert!(
            err.contains("standard 4, but standard 3 is missing"),
            "{err}"
        );
    }

    #[test]
    fn a_short_copy_says_which_are_missing() {
        let source = Source::new("official.txt", synthetic(1..=40));
        let err = Official::parse(&source).unwrap_err().to_string();
        assert!(
            err.contains("ends after standard 40: standards 41 to 44 are missing"),
            "{err}"
        );
    }

    #[test]
    fn a_repeated_standard_is_refused() {
        let source = Source::new(
            "official.txt",
            synthetic((1..=44).chain(std::iter::once(44))),
        );
        let err = Official::parse(&source).unwrap_err().to_string();
        assert!(err.contains("standard 44 again, or out of order"), "{err}");
    }
}
