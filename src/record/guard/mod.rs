//! Spotting identifying details in free text before it is saved or exported.
//!
//! Records should hold facts, not names. This is a safety net, not a
//! guarantee: it finds the common shapes (phone numbers, e-mail addresses,
//! full dates, ID numbers, full names) and asks the person to look. It leans
//! towards missing an unusual name rather than crying wolf at every capital
//! letter, because a warning that is always on teaches people to ignore it.
//!
//! The word lists that keep place names, months and agencies from passing
//! for names live in `assets/guard.ron`.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use addresses::addresses;
use emails::emails;
use names::{names, written_dates};
use numbers::{codes, numbers};
use words::words;

mod addresses;
mod emails;
mod names;
mod numbers;
mod words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Phone,
    Email,
    Address,
    BirthDate,
    IdNumber,
    FullName,
}

impl FindingKind {
    pub fn describe(self) -> &'static str {
        match self {
            FindingKind::Phone => "a phone number",
            FindingKind::Email => "an e-mail address",
            FindingKind::Address => "what may be a street address or post box",
            FindingKind::BirthDate => "a date that may be a birth date",
            FindingKind::IdNumber => "a long number that may be an ID",
            FindingKind::FullName => "what may be a person's full name",
        }
    }

    /// The short label used in `[removed: ...]` markers.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Phone => "phone number",
            FindingKind::Email => "e-mail address",
            FindingKind::Address => "address",
            FindingKind::BirthDate => "date",
            FindingKind::IdNumber => "ID number",
            FindingKind::FullName => "name",
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

/// Finds identifying details in `text`, in order of position, never overlapping.
pub fn scan(text: &str) -> Vec<Finding> {
    let words = words();
    let mut spans: Vec<(FindingKind, Range<usize>)> = emails(text);
    spans.extend(addresses(text, words));
    spans.extend(numbers(text, words));
    spans.extend(codes(text));
    spans.extend(written_dates(text, words));
    spans.extend(names(text, words));
    // Earlier finders win ties: an e-mail address is not also a name.
    let mut kept: Vec<(FindingKind, Range<usize>)> = Vec::new();
    for (kind, range) in spans {
        if !kept
            .iter()
            .any(|(_, k)| k.start < range.end && range.start < k.end)
        {
            kept.push((kind, range));
        }
    }
    kept.sort_by_key(|(_, r)| r.start);
    kept.into_iter()
        .map(|(kind, r)| Finding {
            kind,
            text: text[r.clone()].to_string(),
            start: r.start,
            end: r.end,
        })
        .collect()
}

/// The text with every finding replaced by a marker naming what was removed.
pub fn redact(text: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for f in scan(text) {
        out.push_str(&text[last..f.start]);
        out.push_str("[removed: ");
        out.push_str(f.kind.label());
        out.push(']');
        last = f.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests;
