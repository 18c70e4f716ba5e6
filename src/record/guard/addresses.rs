//! Street addresses ("1423 Maple Avenue", "77 W. 3rd St") and post boxes
//! ("PO Box 5521", "P.O. Box 88").

use std::ops::Range;

use super::FindingKind;
use super::names::{Word, tokens};
use super::words::Words;

/// Words between the house number and the street type, at most.
const MAX_STREET_WORDS: usize = 3;

pub(super) fn addresses(text: &str, words: &Words) -> Vec<(FindingKind, Range<usize>)> {
    let toks = tokens(text);
    let mut found = Vec::new();
    for (i, w) in toks.iter().enumerate() {
        if let Some(end) = street_from(&toks, i, words) {
            found.push((FindingKind::Address, w.start..end));
        } else if let Some(end) = post_box_from(text, &toks, i) {
            found.push((FindingKind::Address, w.start..end));
        }
    }
    found
}

/// A house number (digits, perhaps with a letter: "12B"), then an optional
/// compass word, then one to three street words ending in a street type.
fn street_from(toks: &[Word<'_>], i: usize, words: &Words) -> Option<usize> {
    let number = toks[i].text;
    let digits = number.chars().take_while(char::is_ascii_digit).count();
    if !(1..=6).contains(&digits) || number.len() > digits + 1 {
        return None;
    }
    let mut k = i + 1;
    if toks
        .get(k)
        .is_some_and(|w| words.directions.contains(&w.text.to_lowercase()))
    {
        k += 1;
    }
    let first = k;
    while k < toks.len() && k - first <= MAX_STREET_WORDS {
        let w = &toks[k];
        let lower = w.text.to_lowercase();
        let street_word = w.text.chars().next().is_some_and(char::is_uppercase) || ordinal(&lower);
        if !street_word {
            return None;
        }
        if k > first && words.street_types.contains(&lower) {
            return Some(w.end);
        }
        k += 1;
    }
    None
}

/// "3rd", "42nd", "101st".
fn ordinal(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&word[digits..], "st" | "nd" | "rd" | "th")
}

/// "PO Box 12", "P.O. Box 12", "Post Office Box 12", any case.
fn post_box_from(text: &str, toks: &[Word<'_>], i: usize) -> Option<usize> {
    let at = |k: usize| toks.get(i + k).map(|w| w.text.to_lowercase());
    let number_at = |k: usize| {
        toks.get(i + k)
            .filter(|w| w.text.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .map(|w| w.end)
    };
    match at(0)?.as_str() {
        "po" if at(1)? == "box" => number_at(2),
        "p" if at(1)? == "o" && at(2)? == "box" => {
            // Only "P.O." or "P O", not any lone "p" and "o".
            let between = &text[toks[i].end..toks[i + 1].start];
            matches!(between, "." | " " | ". ").then_some(())?;
            number_at(3)
        }
        "post" if at(1)? == "office" && at(2)? == "box" => number_at(3),
        _ => None,
    }
}
