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

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::source::Source;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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

    /// The short label used in `[removed: ...]` markers.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Phone => "phone number",
            FindingKind::Email => "e-mail address",
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
    spans.extend(numbers(text, words));
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

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

const WORDS_NAME: &str = "assets/guard.ron";
const WORDS: &str = include_str!("../../assets/guard.ron");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordFile {
    titles: Vec<String>,
    birth_cues: Vec<String>,
    months: Vec<String>,
    days: Vec<String>,
    common: Vec<String>,
    places: Vec<String>,
}

struct Words {
    titles: HashSet<String>,
    birth_cues: Vec<String>,
    months: HashSet<String>,
    /// Words that never count as part of a name.
    not_names: HashSet<String>,
}

fn words() -> &'static Words {
    static WORDS_CELL: OnceLock<Words> = OnceLock::new();
    WORDS_CELL.get_or_init(|| {
        // The list is compiled in and parsed by the test suite; should it
        // ever fail, the guard still finds numbers, dates and addresses.
        let file: WordFile = Source::new(WORDS_NAME, WORDS).parse().unwrap_or(WordFile {
            titles: Vec::new(),
            birth_cues: Vec::new(),
            months: Vec::new(),
            days: Vec::new(),
            common: Vec::new(),
            places: Vec::new(),
        });
        let lower = |list: &[String]| list.iter().map(|w| w.to_lowercase()).collect();
        let mut not_names: HashSet<String> = lower(&file.common);
        not_names.extend(lower(&file.places));
        not_names.extend(lower(&file.days));
        not_names.extend(lower(&file.months));
        Words {
            titles: lower(&file.titles),
            birth_cues: file.birth_cues.iter().map(|w| w.to_lowercase()).collect(),
            months: lower(&file.months),
            not_names,
        }
    })
}

// ---------------------------------------------------------------------------
// E-mail addresses
// ---------------------------------------------------------------------------

fn emails(text: &str) -> Vec<(FindingKind, Range<usize>)> {
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

// ---------------------------------------------------------------------------
// Numbers: phones, dates written in digits, ID numbers
// ---------------------------------------------------------------------------

/// A run of digit groups joined by single separators, as in `555-123-4567`.
#[derive(Debug)]
struct Run {
    start: usize,
    end: usize,
    plus: bool,
    groups: Vec<Group>,
}

#[derive(Debug)]
struct Group {
    digits: String,
    /// Written in brackets, as an area code: `(555)`.
    bracketed: bool,
    /// The separator before this group (none for the first).
    sep: Option<char>,
}

impl Run {
    fn sizes(&self) -> Vec<usize> {
        self.groups.iter().map(|g| g.digits.len()).collect()
    }

    fn seps(&self) -> Vec<char> {
        self.groups.iter().filter_map(|g| g.sep).collect()
    }

    fn total_digits(&self) -> usize {
        self.groups.iter().map(|g| g.digits.len()).sum()
    }

    fn number(&self, i: usize) -> u32 {
        self.groups[i].digits.parse().unwrap_or(u32::MAX)
    }
}

fn numbers(text: &str, words: &Words) -> Vec<(FindingKind, Range<usize>)> {
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

fn prev_is_alnum(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// `(123)` at `i`: returns the index just past the `)`.
fn bracketed_group(bytes: &[u8], i: usize) -> Option<usize> {
    let digits = bytes[i + 1..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    ((2..=4).contains(&digits) && bytes.get(i + 1 + digits) == Some(&b')'))
        .then_some(i + 2 + digits)
}

fn read_run(bytes: &[u8], start: usize) -> Run {
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

fn classify(text: &str, run: &Run, words: &Words) -> Option<FindingKind> {
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
fn is_date(run: &Run, cue: bool) -> bool {
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
        return year_ok(run.number(0), 4)
            && (1..=12).contains(&run.number(1))
            && (1..=31).contains(&run.number(2));
    }
    false
}

fn birth_cue_before(text: &str, at: usize, words: &Words) -> bool {
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
fn whole_token(text: &str, range: Range<usize>) -> Range<usize> {
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

// ---------------------------------------------------------------------------
// Words: dates written with month names, and full names
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Word<'t> {
    start: usize,
    end: usize,
    text: &'t str,
    /// Only a single space separates it from the word before.
    joined: bool,
    /// The first word of a sentence, line or text.
    sentence_start: bool,
}

fn tokens(text: &str) -> Vec<Word<'_>> {
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
        let before = text[..start].trim_end();
        let sentence_start = before.is_empty()
            || gap.contains('\n')
            || before.ends_with(['.', '!', '?', '•', '*', '"', '“', '>', '#']);
        out.push(Word {
            start,
            end,
            text: trimmed,
            joined: gap == " ",
            sentence_start,
        });
    }
    out
}

fn written_dates(text: &str, words: &Words) -> Vec<(FindingKind, Range<usize>)> {
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
        // "4 March 1987" / "4th of March, 1987"
        let of = at(1).is_some_and(|w| w.text.eq_ignore_ascii_case("of"));
        let skip = usize::from(of);
        if let (Some(d), Some(m), Some(y)) = (at(0), at(1 + skip), at(2 + skip))
            && day(d)
            && month(m)
            && year(y, cue)
        {
            found.push((FindingKind::BirthDate, d.start..y.end));
        }
    }
    found
}

fn names(text: &str, words: &Words) -> Vec<(FindingKind, Range<usize>)> {
    let toks = tokens(text);
    let capitalised = |w: &Word<'_>| {
        let bare = strip_possessive(w.text);
        let mut chars = bare.chars();
        chars.next().is_some_and(char::is_uppercase)
            && bare.chars().any(char::is_lowercase)
            && bare
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
    };
    let plain_word = |w: &Word<'_>| {
        words
            .not_names
            .contains(&strip_possessive(w.text).to_lowercase())
    };
    let title = |w: &Word<'_>| words.titles.contains(&w.text.to_lowercase());
    let end_of = |w: &Word<'_>| w.start + strip_possessive(w.text).len();

    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A courtesy title and the Capitalised words after it: "Ms. Rivera".
        if title(&toks[i]) && capitalised(&toks[i]) {
            let gap = &text[toks[i].end..toks.get(i + 1).map_or(text.len(), |w| w.start)];
            let mut last = None;
            for (k, w) in toks.iter().enumerate().skip(i + 1).take(3) {
                let follows = if k == i + 1 {
                    gap == " " || gap == ". "
                } else {
                    w.joined
                };
                if !follows || !capitalised(w) || plain_word(w) {
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
        // A run of Capitalised words joined by single spaces.
        let mut j = i;
        // A title ends the run: the next turn of the loop reads it as one.
        while j < toks.len()
            && capitalised(&toks[j])
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
        let mut run: &[Word<'_>] = &toks[i..j];
        if run[0].sentence_start {
            run = &run[1..];
        }
        for part in run.split(|w| plain_word(w) || title(w)) {
            if (2..=3).contains(&part.len()) {
                found.push((
                    FindingKind::FullName,
                    part[0].start..end_of(&part[part.len() - 1]),
                ));
            }
        }
        i = j;
    }
    found
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(FindingKind, String)> {
        scan(text).into_iter().map(|f| (f.kind, f.text)).collect()
    }

    #[test]
    fn the_word_lists_parse() {
        let file: Result<WordFile, _> = Source::new(WORDS_NAME, WORDS).parse();
        assert!(file.is_ok(), "{}", file.err().unwrap());
        assert!(words().not_names.contains("tuesday"));
        assert!(words().titles.contains("ms"));
    }

    /// Text that holds identifying details, and the detail to find.
    const POSITIVE: &[(&str, FindingKind, &str)] = &[
        (
            "Call her at (555) 123-4567 tonight.",
            FindingKind::Phone,
            "(555) 123-4567",
        ),
        (
            "His cell is 555-123-4567.",
            FindingKind::Phone,
            "555-123-4567",
        ),
        (
            "Reach me on +1 555 123 4567",
            FindingKind::Phone,
            "+1 555 123 4567",
        ),
        ("Number: 555.123.4567", FindingKind::Phone, "555.123.4567"),
        (
            "the London office, +44 20 7946 0958.",
            FindingKind::Phone,
            "+44 20 7946 0958",
        ),
        (
            "She called 1-800-555-0199 twice",
            FindingKind::Phone,
            "1-800-555-0199",
        ),
        (
            "a landline, 555 123 4567, at home",
            FindingKind::Phone,
            "555 123 4567",
        ),
        ("desk line 555-1234", FindingKind::Phone, "555-1234"),
        (
            "wrote to maria.lopez@example.org about it",
            FindingKind::Email,
            "maria.lopez@example.org",
        ),
        (
            "cc j_smith+notes@mail.co.uk.",
            FindingKind::Email,
            "j_smith+notes@mail.co.uk",
        ),
        (
            "DOB 3/4/1987, lives alone",
            FindingKind::BirthDate,
            "3/4/1987",
        ),
        (
            "born 1987-03-04 in the county",
            FindingKind::BirthDate,
            "1987-03-04",
        ),
        (
            "seen on 03/04/1987 at intake",
            FindingKind::BirthDate,
            "03/04/1987",
        ),
        ("DOB: 3/4/87", FindingKind::BirthDate, "3/4/87"),
        (
            "born March 4, 1987",
            FindingKind::BirthDate,
            "March 4, 1987",
        ),
        (
            "date of birth 4th of June 1990",
            FindingKind::BirthDate,
            "4th of June 1990",
        ),
        (
            "the date 25.12.1999 came up",
            FindingKind::BirthDate,
            "25.12.1999",
        ),
        (
            "SSN 123-45-6789 on the form",
            FindingKind::IdNumber,
            "123-45-6789",
        ),
        ("case number 004512398", FindingKind::IdNumber, "004512398"),
        (
            "client ID A12345678 in the file",
            FindingKind::IdNumber,
            "A12345678",
        ),
        (
            "Medicaid 12-3456-7890",
            FindingKind::IdNumber,
            "12-3456-7890",
        ),
        (
            "card 4111 1111 1111 1111 expires",
            FindingKind::IdNumber,
            "4111 1111 1111 1111",
        ),
        (
            "I met with Maria Lopez yesterday.",
            FindingKind::FullName,
            "Maria Lopez",
        ),
        (
            "Ms. Rivera said she would wait",
            FindingKind::FullName,
            "Ms. Rivera",
        ),
        ("then Mr Smith came in", FindingKind::FullName, "Mr Smith"),
        (
            "the father, John Paul Jones, called",
            FindingKind::FullName,
            "John Paul Jones",
        ),
        (
            "she told Kevin O'Brien first",
            FindingKind::FullName,
            "Kevin O'Brien",
        ),
        (
            "referred by Dr. Ana García-Ruiz",
            FindingKind::FullName,
            "Dr. Ana García-Ruiz",
        ),
        (
            "On Tuesday Maria Lopez's son",
            FindingKind::FullName,
            "Maria Lopez",
        ),
    ];

    /// Text a practitioner might well write that holds nothing identifying.
    const NEGATIVE: &[&str] = &[
        "The client called on Monday about the rent.",
        "We met at the Department of Human Services.",
        "She has 3 children aged 4, 7 and 12.",
        "Rent went up by $1,200 in 2023, and $1500000 is the grant.",
        "Standard 20 says to talk to the colleague first.",
        "Call 911 right away if it happens again.",
        "I saw her in New York last week.",
        "Adult Protective Services opened a case.",
        "I told my supervisor on Tuesday.",
        "Scores went from 12 to 45 between 2019 and 2021.",
        "Sessions run 45-60 minutes, 2019-2020 was worse.",
        "Version 3.2.1 of the app, room 1204, about 15% of clients.",
        "She uses Google Meet and WhatsApp with her sister.",
        "We follow the NOHS Ethical Standards (2024).",
        "The hearing is at Los Angeles County Court.",
        "Email me later, we meet @ noon.",
        "He was born in 1987 and moved here as a teen.",
        "Maria said the plan was fine.",
        "Christmas Eve was hard for the family.",
        "Talked with my Clinical Supervisor and Program Director.",
        "The next review is in 3 months; the score was 3.1415926.",
        "Dear Supervisor, here is my summary.",
        "The session moved to Zoom on March 4.",
        "Paid $2,500 on 4/5, and 10:30 is the time.",
        "He goes to Alcoholics Anonymous and the Employee Assistance Program.",
        "Mental Health First Aid training with the Human Resources team.",
    ];

    #[test]
    fn finds_every_identifying_detail_in_the_positive_samples() {
        for (text, kind, expected) in POSITIVE {
            let found = kinds(text);
            assert!(
                found.contains(&(*kind, expected.to_string())),
                "in {text:?} expected {kind:?} {expected:?}, found {found:?}"
            );
        }
        assert!(POSITIVE.len() >= 15);
    }

    #[test]
    fn stays_quiet_on_the_negative_samples() {
        for text in NEGATIVE {
            assert_eq!(kinds(text), Vec::new(), "false alarm in {text:?}");
        }
        assert!(NEGATIVE.len() >= 15);
    }

    #[test]
    fn a_name_at_the_start_of_a_sentence_is_not_taken_for_granted_but_its_tail_is() {
        // "Yesterday" starts the sentence; the name after it is still found.
        assert_eq!(
            kinds("Yesterday Maria Lopez came in."),
            vec![(FindingKind::FullName, "Maria Lopez".to_string())]
        );
        // Two Capitalised words opening a sentence: the first may just be a
        // capitalised ordinary word, so a lone surname is not flagged.
        assert_eq!(kinds("Grace Hospital called."), Vec::new());
    }

    #[test]
    fn findings_point_at_their_bytes_and_do_not_overlap() {
        let text = "Write to ana.ruiz@example.org or call (555) 123-4567 — née 1990-01-02.";
        let found = scan(text);
        for f in &found {
            assert_eq!(&text[f.start..f.end], f.text);
        }
        for pair in found.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn redaction_replaces_each_finding_with_a_marker() {
        assert_eq!(
            redact("Ms. Rivera (DOB 3/4/1987) at 555-123-4567 or r@x.org"),
            "[removed: name] (DOB [removed: date]) at [removed: phone number] or [removed: e-mail address]"
        );
        assert_eq!(redact("nothing to hide here"), "nothing to hide here");
    }

    #[test]
    fn survives_awkward_text() {
        for text in [
            "",
            "@",
            "a@",
            "@b.c",
            "+",
            "(",
            "(12",
            "((555)",
            "é@é.éé",
            "1-",
            "Mr",
            "Mr.",
        ] {
            let _ = scan(text);
            let _ = redact(text);
        }
    }
}
