//! Numbers: phones, dates written in digits, ID numbers.

use std::ops::Range;

use super::FindingKind;
use super::words::Words;

/// A run of digit groups joined by single separators, as in `555-123-4567`.
#[derive(Debug)]
pub(super) struct Run {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) plus: bool,
    pub(super) groups: Vec<Group>,
}

#[derive(Debug)]
pub(super) struct Group {
    pub(super) digits: String,
    /// Written in brackets, as an area code: `(555)`.
    pub(super) bracketed: bool,
    /// The separator before this group (none for the first).
    pub(super) sep: Option<char>,
}

impl Run {
    pub(super) fn sizes(&self) -> Vec<usize> {
        self.groups.iter().map(|g| g.digits.len()).collect()
    }

    pub(super) fn seps(&self) -> Vec<char> {
        self.groups.iter().filter_map(|g| g.sep).collect()
    }

    pub(super) fn total_digits(&self) -> usize {
        self.groups.iter().map(|g| g.digits.len()).sum()
    }

    pub(super) fn number(&self, i: usize) -> u32 {
        self.groups[i].digits.parse().unwrap_or(u32::MAX)
    }
}

pub(super) fn numbers(text: &str, words: &Words) -> Vec<(FindingKind, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_run = bytes[i].is_ascii_digit()
            || (bytes[i] == b'+'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                && !prev_is_alnum(text, i))
            || (bytes[i] == b'(' && bracketed_group(bytes, i).is_some());
        if !starts_run {
            i += 1;
            continue;
        }
        let run = read_run(bytes, i);
        i = run.end.max(i + 1);
        if let Some(kind) = classify(text, &run, words) {
            let range = if kind == FindingKind::IdNumber && run.groups.len() == 1 {
                whole_token(text, run.start..run.end)
            } else {
                run.start..run.end
            };
            found.push((kind, range));
        }
    }
    found
}

pub(super) fn prev_is_alnum(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// `(123)` at `i`: returns the index just past the `)`.
pub(super) fn bracketed_group(bytes: &[u8], i: usize) -> Option<usize> {
    let digits = bytes[i + 1..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    ((2..=4).contains(&digits) && bytes.get(i + 1 + digits) == Some(&b')'))
        .then_some(i + 2 + digits)
}

pub(super) fn read_run(bytes: &[u8], start: usize) -> Run {
    let mut run = Run {
        start,
        end: start,
        plus: bytes[start] == b'+',
        groups: Vec::new(),
    };
    let mut i = if run.plus { start + 1 } else { start };
    let mut sep = None;
    loop {
        if bytes.get(i) == Some(&b'(')
            && let Some(after) = bracketed_group(bytes, i)
        {
            run.groups.push(Group {
                digits: String::from_utf8_lossy(&bytes[i + 1..after - 1]).into_owned(),
                bracketed: true,
                sep,
            });
            i = after;
        } else {
            let len = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if len == 0 {
                break;
            }
            run.groups.push(Group {
                digits: String::from_utf8_lossy(&bytes[i..i + len]).into_owned(),
                bracketed: false,
                sep,
            });
            i += len;
        }
        run.end = i;
        // One separator, then another group; `) ` after an area code too.
        match bytes.get(i) {
            Some(&c @ (b'-' | b'.' | b'/' | b' '))
                if bytes
                    .get(i + 1)
                    .is_some_and(|n| n.is_ascii_digit() || *n == b'(') =>
            {
                sep = Some(c as char);
                i += 1;
            }
            _ => break,
        }
    }
    run
}

pub(super) fn classify(text: &str, run: &Run, words: &Words) -> Option<FindingKind> {
    let sizes = run.sizes();
    let seps = run.seps();
    let same_sep = seps.windows(2).all(|w| w[0] == w[1]);
    let total = run.total_digits();
    let cue = birth_cue_before(text, run.start, words);

    if run.plus {
        return (8..=15).contains(&total).then_some(FindingKind::Phone);
    }
    if sizes.len() == 3 && same_sep && matches!(seps[0], '/' | '-' | '.') && is_date(run, cue) {
        return Some(FindingKind::BirthDate);
    }
    // A day and month after "DOB" or "born": a birthday without the year.
    if cue && sizes.len() == 2 && matches!(seps[0], '/' | '-' | '.') && day_and_month(run) {
        return Some(FindingKind::BirthDate);
    }
    // A date written year first is the date of an event (a meeting, a
    // hearing), not an ID; as a birth date it was caught just above.
    if sizes.len() == 3 && same_sep && sizes[0] == 4 && iso_shaped(run) {
        return None;
    }
    if sizes == [3, 2, 4] && same_sep && matches!(seps[0], '-' | ' ') {
        return Some(FindingKind::IdNumber);
    }
    let phone_seps = seps.iter().all(|c| matches!(c, '-' | '.' | ' '));
    let nanp = |s: &[usize]| s == [3, 3, 4];
    if phone_seps
        && (nanp(&sizes)
            || (sizes.len() == 4 && run.groups[0].digits == "1" && nanp(&sizes[1..]))
            || (sizes == [3, 4] && matches!(seps[0], '-' | '.')))
        && (same_sep || run.groups.iter().any(|g| g.bracketed) || seps.contains(&' '))
    {
        return Some(FindingKind::Phone);
    }
    if run.groups.iter().any(|g| g.bracketed) && nanp(&sizes) {
        return Some(FindingKind::Phone);
    }
    // A seven-digit local number written with a space: "555 1234" (a
    // local exchange never starts with 0 or 1).
    if sizes == [3, 4] && seps == [' '] && !run.groups[0].digits.starts_with(['0', '1']) {
        return Some(FindingKind::Phone);
    }
    // Numbers from elsewhere: 10 or 11 digits in groups, with a trunk 0
    // ("020 7946 0958", "06 12 34 56 78") or spaced ("55 1234 5678").
    let trunk = run.groups[0].digits.starts_with('0');
    if (10..=11).contains(&total)
        && sizes.len() >= 2
        && same_sep
        && (seps.iter().all(|c| *c == ' ') || (trunk && phone_seps))
    {
        return Some(FindingKind::Phone);
    }
    let year_range = sizes.len() == 2
        && sizes[0] == 4
        && matches!(sizes[1], 2 | 4)
        && (1900..=2100).contains(&run.number(0));
    if year_range {
        return None;
    }
    // Card and account numbers are written in spaced blocks of four.
    let blocks = sizes.len() >= 3
        && sizes.iter().all(|n| *n == 4)
        && seps.iter().all(|c| *c == ' ')
        && !(1900..=2100).contains(&run.number(0));
    if blocks {
        return Some(FindingKind::IdNumber);
    }
    // A plain long number: an ID, unless it is money, a percentage or a decimal.
    let money = text[..run.start]
        .chars()
        .next_back()
        .is_some_and(|c| "$€£¥".contains(c));
    let percent = text[run.end..].starts_with('%');
    let decimal = sizes.len() == 2 && seps == ['.'];
    let spaced = seps.contains(&' ');
    (total >= 7 && !money && !percent && !decimal && !spaced).then_some(FindingKind::IdNumber)
}

/// A full date: month/day/year (either order of day and month) or ISO
/// year-month-day, with a four-digit year from 1900 to 2025. After a cue
/// such as "DOB" or "born", any year and two-digit years count too.
pub(super) fn is_date(run: &Run, cue: bool) -> bool {
    let sizes = run.sizes();
    let year_ok = |y: u32, digits: usize| match digits {
        4 => (1900..=2025).contains(&y) || (cue && (1800..=2100).contains(&y)),
        2 => cue,
        _ => false,
    };
    let day_month = |a: u32, b: u32| {
        ((1..=12).contains(&a) && (1..=31).contains(&b))
            || ((1..=31).contains(&a) && (1..=12).contains(&b))
    };
    let short = |n: usize| (1..=2).contains(&n);
    if short(sizes[0]) && short(sizes[1]) && matches!(sizes[2], 2 | 4) {
        return day_month(run.number(0), run.number(1)) && year_ok(run.number(2), sizes[2]);
    }
    if sizes[0] == 4 && short(sizes[1]) && short(sizes[2]) {
        // Written year first, a recent date is an event (a meeting moved
        // to 2025-11-30); only an older one, or one after "born", is taken
        // for a birth date.
        let year = run.number(0);
        return (cue || year <= 2010)
            && year_ok(year, 4)
            && (1..=12).contains(&run.number(1))
            && (1..=31).contains(&run.number(2));
    }
    false
}

/// Day and month, in either order: "3/4", "25.12".
fn day_and_month(run: &Run) -> bool {
    let sizes = run.sizes();
    let (a, b) = (run.number(0), run.number(1));
    sizes.iter().all(|n| (1..=2).contains(n))
        && (((1..=12).contains(&a) && (1..=31).contains(&b))
            || ((1..=31).contains(&a) && (1..=12).contains(&b)))
}

/// Year, month, day, as "2026-03-04".
fn iso_shaped(run: &Run) -> bool {
    let sizes = run.sizes();
    (1..=2).contains(&sizes[1])
        && (1..=2).contains(&sizes[2])
        && (1..=12).contains(&run.number(1))
        && (1..=31).contains(&run.number(2))
}

pub(super) fn birth_cue_before(text: &str, at: usize, words: &Words) -> bool {
    let mut from = at.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = text[from..at].to_lowercase();
    words
        .birth_cues
        .iter()
        .any(|cue| before.contains(cue.as_str()))
}

/// Widens a range to the whole alphanumeric token around it (`A1234567`).
pub(super) fn whole_token(text: &str, range: Range<usize>) -> Range<usize> {
    let token = |c: char| c.is_alphanumeric();
    let start = text[..range.start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| token(*c))
        .last()
        .map_or(range.start, |(i, _)| i);
    let end = range.end
        + text[range.end..]
            .char_indices()
            .find(|(_, c)| !token(*c))
            .map_or(text.len() - range.end, |(i, _)| i);
    start..end
}

/// Member ids mixing capitals and digits, as Medicare's MBI does
/// ("1EG4-TE5-MK73"): 8 to 20 characters, at least two letters and three
/// digits, no lower case.
pub(super) fn codes(text: &str) -> Vec<(FindingKind, Range<usize>)> {
    let mut found = hashed_numbers(text);
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let part = c.is_ascii_alphanumeric() || c == '-';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                let token = text[from..i].trim_matches('-');
                let from = from + text[from..i].find(token).unwrap_or(0);
                let letters = token.chars().filter(char::is_ascii_alphabetic).count();
                let digits = token.chars().filter(char::is_ascii_digit).count();
                let length = letters + digits;
                if (8..=20).contains(&length)
                    && letters >= 2
                    && digits >= 3
                    && !token.chars().any(|c| c.is_ascii_lowercase())
                {
                    found.push((FindingKind::IdNumber, from..from + token.len()));
                }
                start = None;
            }
            _ => {}
        }
    }
    found
}

/// "Client #448812": a number written after `#` is someone's file or
/// member number once it has five digits or more (a room or a rank has
/// fewer).
fn hashed_numbers(text: &str) -> Vec<(FindingKind, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (at, _) in text.match_indices('#') {
        let digits = bytes[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = at + 1 + digits;
        let whole = !bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        if (5..=12).contains(&digits) && whole {
            found.push((FindingKind::IdNumber, at..end));
        }
    }
    found
}
