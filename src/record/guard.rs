//! Spotting identifying details in free text before it is saved or exported.
//!
//! Records should hold facts, not names. This is a safety net, not a
//! guarantee: it finds the common shapes and asks the person to look.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FindingKind {
    Phone,
    Email,
    BirthDate,
    IdNumber,
    FullName,
}

impl FindingKind {
    pub fn describe(self) -> &'static str {
        match self {
            FindingKind::Phone => "a phone number",
            FindingKind::Email => "an e-mail address",
            FindingKind::BirthDate => "a date that may be a birth date",
            FindingKind::IdNumber => "a long number that may be an ID",
            FindingKind::FullName => "what may be a person's full name",
        }
    }
}

/// Something that looks identifying, with its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Finds identifying details in `text`, in order of position.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    for (start, word) in words(text) {
        let end = start + word.len();
        let trimmed = word.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':' | '(' | ')'));
        let offset = word.find(trimmed).unwrap_or(0);
        if trimmed.contains('@') && trimmed.contains('.') && !trimmed.starts_with('@') {
            found.push(finding(
                FindingKind::Email,
                text,
                start + offset,
                start + offset + trimmed.len(),
            ));
        } else {
            let digits = trimmed.chars().filter(char::is_ascii_digit).count();
            let phone_like = trimmed
                .chars()
                .all(|c| c.is_ascii_digit() || "-+().".contains(c));
            if phone_like && (10..=15).contains(&digits) {
                found.push(finding(FindingKind::Phone, text, start + offset, end));
            }
        }
    }
    found
}

/// The text with every finding replaced by a marker naming what was removed.
pub fn redact(text: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for f in scan(text) {
        out.push_str(&text[last..f.start]);
        out.push_str("[removed: ");
        out.push_str(f.kind.describe());
        out.push(']');
        last = f.end;
    }
    out.push_str(&text[last..]);
    out
}

fn finding(kind: FindingKind, text: &str, start: usize, end: usize) -> Finding {
    Finding {
        kind,
        start,
        end,
        text: text[start..end].to_string(),
    }
}

fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}
