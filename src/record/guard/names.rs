//! Words: dates written with month names, and full names.

use std::ops::Range;

use super::FindingKind;
use super::numbers::birth_cue_before;
use super::words::Words;

#[derive(Debug)]
pub(super) struct Word<'t> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: &'t str,
    /// Only a single space separates it from the word before.
    pub(super) joined: bool,
}

pub(super) fn tokens(text: &str) -> Vec<Word<'_>> {
    let in_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-');
    let mut out: Vec<Word<'_>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !in_word(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let raw = &text[start..end];
        let trimmed = raw.trim_end_matches(['\'', '’', '-']);
        let end = start + trimmed.len();
        let gap = out.last().map_or(&text[..start], |w| &text[w.end..start]);
        out.push(Word {
            start,
            end,
            text: trimmed,
            joined: gap == " ",
        });
    }
    out
}

pub(super) fn written_dates(text: &str, words: &Words) -> Vec<(FindingKind, Range<usize>)> {
    let toks = tokens(text);
    let month = |w: &Word<'_>| words.months.contains(&w.text.to_lowercase());
    let day = |w: &Word<'_>| {
        let digits = w.text.trim_end_matches(|c: char| c.is_alphabetic());
        let suffix = &w.text[digits.len()..];
        matches!(
            suffix.to_lowercase().as_str(),
            "" | "st" | "nd" | "rd" | "th"
        ) && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
    };
    let year = |w: &Word<'_>, cue: bool| {
        w.text.len() == 4
            && w.text
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2025).contains(&y) || (cue && (1800..=2100).contains(&y)))
    };
    let mut found = Vec::new();
    for i in 0..toks.len() {
        let cue = birth_cue_before(text, toks[i].start, words);
        let at = |k: usize| toks.get(i + k);
        // "March 4, 1987" / "Mar 4th 1987"
        if let (Some(m), Some(d), Some(y)) = (at(0), at(1), at(2))
            && month(m)
            && day(d)
            && year(y, cue)
        {
            found.push((FindingKind::BirthDate, m.start..y.end));
        }
        // After "born" or "birthday": "June 12th", with no year.
        if cue
            && let (Some(m), Some(d)) = (at(0), at(1))
            && month(m)
            && day(d)
            && !at(2).is_some_and(|y| year(y, cue))
        {
            found.push((FindingKind::BirthDate, m.start..d.end));
        }
        // "4 March 1987" / "4th of March, 1987"
        let of = at(1).is_some_and(|w| w.text.eq_ignore_ascii_case("of"));
        let skip = usize::from(of);
        if let (Some(d), Some(m), Some(y)) = (at(0), at(1 + skip), at(2 + skip))
            && day(d)
            && month(m)
            && year(y, cue)
        {
            found.push((FindingKind::BirthDate, d.start..y.end));
        } else if cue
            && let (Some(d), Some(m)) = (at(0), at(1 + skip))
            && day(d)
            && month(m)
        {
            // "the 4th of March", after "born".
            found.push((FindingKind::BirthDate, d.start..m.end));
        }
    }
    found
}

pub(super) fn names(text: &str, words: &Words) -> Vec<(FindingKind, Range<usize>)> {
    let toks = tokens(text);
    let never = |w: &Word<'_>| words.never_a_name(strip_possessive(w.text));
    let place = |w: &Word<'_>| words.place(strip_possessive(w.text));
    let title = |w: &Word<'_>| words.titles.contains(&w.text.to_lowercase());
    let end_of = |w: &Word<'_>| w.start + strip_possessive(w.text).len();

    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A courtesy title and the Capitalised words after it: "Ms. Rivera",
        // "Mrs. Park" (a surname may also be a place word).
        if title(&toks[i]) && name_shaped(&toks[i]) {
            let gap = &text[toks[i].end..toks.get(i + 1).map_or(text.len(), |w| w.start)];
            let mut last = None;
            for (k, w) in toks.iter().enumerate().skip(i + 1).take(3) {
                let follows = if k == i + 1 {
                    gap == " " || gap == ". "
                } else {
                    w.joined
                };
                if !follows || !name_shaped(w) || never(w) {
                    break;
                }
                last = Some(k);
            }
            if let Some(k) = last {
                found.push((FindingKind::FullName, toks[i].start..end_of(&toks[k])));
                i = k + 1;
                continue;
            }
        }
        // "Gonzalez, Maria": a surname, a comma, a given name, and not the
        // start of a list ("Boston, Denver, Austin").
        if let Some(end) = surname_first(text, &toks, i, &never, &place) {
            found.push((FindingKind::FullName, toks[i].start..end));
            i += 2;
            continue;
        }
        // A run of Capitalised words joined by single spaces.
        let mut j = i;
        // A title ends the run: the next turn of the loop reads it as one.
        while j < toks.len()
            && name_shaped(&toks[j])
            && (j == i || (toks[j].joined && !title(&toks[j])))
        {
            j += 1;
            // "Lopez's": a possessive ends the name.
            if strip_possessive(toks[j - 1].text).len() != toks[j - 1].text.len() {
                break;
            }
        }
        if j == i {
            i += 1;
            continue;
        }
        // Everyday words split the run; what is left is a name unless it
        // is only places ("New York"). A sentence's first word counts too:
        // "Maria Gonzalez told me" opens with a name.
        for part in toks[i..j].split(|w| never(w) || title(w)) {
            let (Some(first), Some(last)) = (part.first(), part.last()) else {
                continue;
            };
            // The word after the part, if only a space comes between.
            let next = toks
                .get(toks.partition_point(|w| w.start <= last.start))
                .filter(|w| w.joined);
            let lower = |w: &Word<'_>| w.text.to_lowercase();
            let names_a_place = next.is_some_and(|w| words.place_nouns.contains(&lower(w)));
            let surname_says = part.len() == 1
                && place(first)
                && next.is_some_and(|w| words.reporting_verbs.contains(&lower(w)));
            if surname_says
                || ((2..=3).contains(&part.len()) && !part.iter().all(place) && !names_a_place)
            {
                found.push((FindingKind::FullName, first.start..end_of(last)));
            }
        }
        i = j;
    }
    found
}

/// A word written as a name is: "Maria", "O'Brien", "DeShawn", or in
/// capitals ("GONZALEZ", with a vowel, so "CPS" is not one).
fn name_shaped(w: &Word<'_>) -> bool {
    let bare = strip_possessive(w.text);
    let letters = bare
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'));
    let capital_first = bare.chars().next().is_some_and(char::is_uppercase);
    let mixed = bare.chars().any(char::is_lowercase);
    let shouted = !mixed
        && bare.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && bare.chars().any(|c| "AEIOUY".contains(c));
    letters && capital_first && (mixed || shouted)
}

/// The end of "Surname, Given" starting at `i`, if that is what is there.
fn surname_first(
    text: &str,
    toks: &[Word<'_>],
    i: usize,
    never: &impl Fn(&Word<'_>) -> bool,
    place: &impl Fn(&Word<'_>) -> bool,
) -> Option<usize> {
    let (surname, given) = (toks.get(i)?, toks.get(i + 1)?);
    let named = |w: &Word<'_>| name_shaped(w) && !never(w) && !place(w);
    let comma = |a: &Word<'_>, b: &Word<'_>| &text[a.end..b.start] == ", ";
    let list_goes_on = toks
        .get(i + 2)
        .is_some_and(|next| comma(given, next) && name_shaped(next));
    let after_list = i > 0 && comma(&toks[i - 1], surname);
    (named(surname) && named(given) && comma(surname, given) && !list_goes_on && !after_list)
        .then_some(given.end)
}

pub(super) fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}
