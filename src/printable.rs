//! Text from files and typing, made safe to print: control characters
//! (escape sequences that could retitle or clear a terminal, or hide text)
//! and the marks that reverse the direction of text are removed. New lines,
//! carriage returns (Windows line ends) and tabs stay.

use std::borrow::Cow;

/// `text` without control characters other than new line, carriage return
/// and tab, and without bidirectional overrides.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|c| !unsafe_char(*c)).collect())
}

/// Makes `text` printable in place.
pub fn clean(text: &mut String) {
    if let Cow::Owned(clean) = printable(text) {
        *text = clean;
    }
}

/// A name or value quoted in a message, cut to `max` characters with an
/// ellipsis so a runaway input cannot flood the screen.
pub fn shortened(text: &str, max: usize) -> Cow<'_, str> {
    let text = printable(text);
    if text.chars().count() <= max {
        return text;
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    Cow::Owned(format!("{kept}…"))
}

fn unsafe_char(c: char) -> bool {
    // A carriage return alone can overwrite a line already printed.
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_direction_marks_and_carriage_returns_go_new_lines_stay() {
        assert_eq!(
            printable("a\x1b]0;owned\x07b\x1b[2Jc\u{9b}d\u{202E}e\nf\tg\r\nfake\rreal"),
            "a]0;ownedb[2Jcde\nf\tg\nfakereal"
        );
        assert!(matches!(printable("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(shortened("abcdef", 4), "abc…");
        assert_eq!(shortened("abc", 4), "abc");
    }
}
