//! E-mail addresses.

use std::ops::Range;

use super::FindingKind;

pub(super) fn emails(text: &str) -> Vec<(FindingKind, Range<usize>)> {
    let local = |c: char| c.is_alphanumeric() || "._%+-'_".contains(c);
    let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| local(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let start = start + text[start..at].len() - text[start..at].trim_start_matches('.').len();
        let after = &text[at + 1..];
        let len = after
            .char_indices()
            .find(|(_, c)| !domain(*c))
            .map_or(after.len(), |(i, _)| i);
        let host = after[..len].trim_end_matches(['.', '-']);
        let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.chars().filter(|c| c.is_alphabetic()).count() >= 2
        });
        if start < at && tld_ok {
            found.push((FindingKind::Email, start..at + 1 + host.len()));
        }
    }
    found
}
