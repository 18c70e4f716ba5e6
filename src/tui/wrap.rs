//! Word wrapping that knows where each line starts in the text, so a text
//! field can place its cursor and a screen can know its height before drawing.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// Display width of a character (0 for combining marks, 2 for wide ones).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width of a string.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Splits `text` into lines at most `width` columns wide, breaking at spaces
/// where possible and at explicit newlines always. Each line is a byte range
/// of `text`; a line may end in spaces, which a caller can trim for display.
pub fn ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut base = 0;
    for para in text.split('\n') {
        wrap_paragraph(para, base, width, &mut out);
        base += para.len() + 1;
    }
    out
}

fn wrap_paragraph(para: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    let mut start = 0;
    let mut col = 0;
    // The byte index of the last space on this line: where it may break.
    let mut space: Option<usize> = None;
    for (i, c) in para.char_indices() {
        let w = char_width(c);
        if c == ' ' {
            space = Some(i);
            col += w;
            continue;
        }
        if col + w > width && col > 0 {
            match space.filter(|s| *s > start) {
                Some(s) => {
                    out.push(base + start..base + s);
                    start = para[s..]
                        .char_indices()
                        .find(|(_, c)| *c != ' ')
                        .map_or(para.len(), |(j, _)| s + j);
                    col = self::width(&para[start..i]);
                    if col + w > width {
                        out.push(base + start..base + i);
                        start = i;
                        col = 0;
                    }
                }
                None => {
                    out.push(base + start..base + i);
                    start = i;
                    col = 0;
                }
            }
            space = None;
        }
        col += w;
    }
    out.push(base + start..base + para.len());
}

/// The wrapped lines of `text`, trailing spaces removed.
pub fn lines(text: &str, width: usize) -> Vec<String> {
    ranges(text, width)
        .into_iter()
        .map(|r| text[r].trim_end().to_string())
        .collect()
}

/// Wraps `text` to fit after `first` on the first line and after `indent`
/// spaces on the others; returns the full lines including those prefixes.
pub fn hanging(first: &str, text: &str, width: usize) -> Vec<String> {
    let lead = self::width(first);
    let body = lines(text, width.saturating_sub(lead).max(1));
    body.into_iter()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{first}{line}")
            } else {
                format!("{:lead$}{line}", "")
            }
        })
        .collect()
}

/// Cuts `text` to at most `width` columns, ending in "..." when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(3);
    let mut out = String::new();
    let mut col = 0;
    for c in text.chars() {
        let w = char_width(c);
        if col + w > keep {
            break;
        }
        out.push(c);
        col += w;
    }
    if width >= 3 {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_at_spaces_and_keeps_every_word() {
        let text = "Raise it privately with the colleague first";
        let got = lines(text, 12);
        assert_eq!(
            got,
            ["Raise it", "privately", "with the", "colleague", "first"]
        );
        assert!(got.iter().all(|l| width(l) <= 12));
    }

    #[test]
    fn long_words_are_cut_and_newlines_kept() {
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(lines("one\n\ntwo", 10), ["one", "", "two"]);
        assert_eq!(lines("", 10), [""]);
    }

    #[test]
    fn ranges_cover_the_text_in_order() {
        let text = "a bb ccc dddd eeeee";
        let mut at = 0;
        for r in ranges(text, 5) {
            assert!(r.start >= at);
            at = r.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn hanging_indents_continuation_lines() {
        assert_eq!(
            hanging("1. ", "one two three", 9),
            ["1. one", "   two", "   three"]
        );
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("standards", 6), "sta...");
        assert_eq!(truncate("short", 6), "short");
    }
}
