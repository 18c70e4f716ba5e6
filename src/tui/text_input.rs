//! A one-field text editor: typing, cursor movement and deletion. Lines wrap
//! on screen; Enter belongs to the screen (it moves on), not to the field. A
//! field of several lines (the situation) also keeps line breaks: the
//! screen inserts them (Shift-Enter, Alt-Enter), a paste keeps its own, and
//! Up/Down move between the lines as they are shown.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::wrap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Byte index of the cursor, always on a character boundary.
    cursor: usize,
    /// Whether the text changed since the field was opened.
    edited: bool,
    /// Keeps line breaks, rather than turning them into spaces.
    multiline: bool,
}

impl TextInput {
    pub fn new(text: &str) -> Self {
        TextInput {
            text: text.to_string(),
            cursor: text.len(),
            edited: false,
            multiline: false,
        }
    }

    /// A field of several lines, which keeps line breaks.
    pub fn multiline(text: &str) -> Self {
        TextInput {
            multiline: true,
            ..TextInput::new(text)
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_edited(&self) -> bool {
        self.edited
    }

    /// Replaces the text (e.g. after removing identifying details).
    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.len();
        self.edited = true;
    }

    pub fn insert_str(&mut self, text: &str) {
        // Pasted line breaks become spaces in a one-line field (Enter is the
        // screen's key); a field of several lines keeps them, as `\n`.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let multiline = self.multiline;
        let clean: String = text
            .chars()
            .map(|c| match c {
                '\n' if multiline => '\n',
                '\n' | '\t' => ' ',
                c => c,
            })
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
        self.edited = true;
    }

    /// Applies an editing key; returns false for keys a text field ignores.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(c) if !ctrl && !alt => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                self.edited = true;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.text.len(),
            KeyCode::Char('u') if ctrl => {
                self.text.drain(..self.cursor);
                self.cursor = 0;
                self.edited = true;
            }
            KeyCode::Char('k') if ctrl => {
                self.text.truncate(self.cursor);
                self.edited = true;
            }
            KeyCode::Char('w') if ctrl => {
                let before = &self.text[..self.cursor];
                let trimmed = before.trim_end_matches(' ');
                let start = trimmed.rfind(' ').map_or(0, |i| i + 1);
                self.text.drain(start..self.cursor);
                self.cursor = start;
                self.edited = true;
            }
            KeyCode::Backspace => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                    self.text.remove(self.cursor);
                    self.edited = true;
                }
            }
            KeyCode::Delete => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                    self.edited = true;
                }
            }
            KeyCode::Left => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                }
            }
            KeyCode::Right => {
                if let Some(c) = self.text[self.cursor..].chars().next() {
                    self.cursor += c.len_utf8();
                }
            }
            // In a field of several lines, the start and end of the line.
            KeyCode::Home if self.multiline => {
                self.cursor = self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1);
            }
            KeyCode::End if self.multiline => {
                self.cursor += self.text[self.cursor..]
                    .find('\n')
                    .unwrap_or(self.text.len() - self.cursor);
            }
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            _ => return false,
        }
        true
    }

    /// Moves the cursor to the line above (`up`) or below as the text is
    /// shown `width` wide, at the same column or the end of a shorter line.
    /// Past the first or last line it goes to the start or the end.
    pub fn vertical(&mut self, up: bool, width: usize) {
        let ranges = wrap::ranges(&self.text, width.max(1));
        let row = ranges
            .iter()
            .rposition(|r| r.start <= self.cursor)
            .unwrap_or(0);
        let start = ranges.get(row).map_or(0, |r| r.start);
        let col = wrap::width(&self.text[start..self.cursor]);
        let target = if up {
            row.checked_sub(1)
        } else {
            Some(row + 1).filter(|r| *r < ranges.len())
        };
        let Some(line) = target.and_then(|r| ranges.get(r)) else {
            self.cursor = if up { 0 } else { self.text.len() };
            return;
        };
        let mut at = line.start;
        let mut used = 0;
        for (i, c) in self.text[line.clone()].char_indices() {
            let w = wrap::char_width(c);
            if used + w > col {
                break;
            }
            used += w;
            at = line.start + i + c.len_utf8();
        }
        self.cursor = at;
    }

    /// The text wrapped to `width`, and the cursor's (column, row) in it.
    pub fn layout(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(1);
        let ranges = wrap::ranges(&self.text, width);
        let row = ranges
            .iter()
            .rposition(|r| r.start <= self.cursor)
            .unwrap_or(0);
        let start = ranges.get(row).map_or(0, |r| r.start);
        let mut lines: Vec<String> = ranges
            .iter()
            .map(|r| self.text[r.clone()].to_string())
            .collect();
        let mut col = wrap::width(&self.text[start..self.cursor]);
        let mut row = row;
        if col >= width {
            // The cursor sits just past a full line: show it at the next one.
            row += 1;
            col = 0;
            if lines.len() <= row {
                lines.push(String::new());
            }
        }
        (lines, (col, row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextInput {
        let mut input = TextInput::default();
        for c in text.chars() {
            input.handle(KeyEvent::from(KeyCode::Char(c)));
        }
        input
    }

    #[test]
    fn letters_that_are_keys_elsewhere_are_typed() {
        let input = typed("q j k b ?");
        assert_eq!(input.text(), "q j k b ?");
        assert!(input.is_edited());
    }

    #[test]
    fn editing_keys_move_and_delete_by_character() {
        let mut input = typed("café");
        input.handle(KeyEvent::from(KeyCode::Left));
        input.handle(KeyEvent::from(KeyCode::Backspace));
        assert_eq!(input.text(), "caé");
        input.handle(KeyEvent::from(KeyCode::Home));
        input.handle(KeyEvent::from(KeyCode::Delete));
        assert_eq!(input.text(), "aé");
        input.handle(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(input.text(), "aé");
        input.handle(KeyEvent::from(KeyCode::End));
        input.handle(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(input.text(), "");
        assert!(!input.handle(KeyEvent::from(KeyCode::Enter)));
    }

    #[test]
    fn pasted_line_breaks_become_spaces() {
        let mut input = TextInput::default();
        input.insert_str("one\ntwo\r\n");
        assert_eq!(input.text(), "one two ", "a CRLF is one break, one space");
    }

    #[test]
    fn a_field_of_several_lines_keeps_pasted_line_breaks() {
        let mut input = TextInput::multiline("");
        input.insert_str("one\ntwo\r\nthree\rfour\tfive\u{7}");
        assert_eq!(input.text(), "one\ntwo\nthree\nfour five");
        input.handle(KeyEvent::from(KeyCode::Home));
        input.insert_str("1 ");
        input.handle(KeyEvent::from(KeyCode::End));
        input.insert_str("!");
        assert_eq!(
            input.text(),
            "one\ntwo\nthree\n1 four five!",
            "Home and End keep to the line"
        );
        input.set("again\nand again");
        input.insert_str("\n");
        assert_eq!(
            input.text(),
            "again\nand again\n",
            "set keeps the kind of field"
        );
    }

    #[test]
    fn up_and_down_move_between_the_lines_shown() {
        let mut input = TextInput::multiline("first line\nsecond\nthird line here");
        input.handle(KeyEvent::from(KeyCode::End));
        input.vertical(true, 40);
        assert_eq!(input.layout(40).1, (6, 1), "the end of the shorter line");
        input.vertical(true, 40);
        assert_eq!(input.layout(40).1, (6, 0), "the same column");
        input.vertical(true, 40);
        assert_eq!(input.layout(40).1, (0, 0), "past the top: the start");
        input.vertical(false, 40);
        input.vertical(false, 40);
        assert_eq!(input.layout(40).1, (0, 2));
        // Wrapped lines count as lines too.
        let mut input = TextInput::multiline("abc def ghi");
        input.vertical(true, 4);
        assert_eq!(input.layout(4).1, (3, 1));
        input.vertical(false, 4);
        input.vertical(false, 4);
        assert_eq!(input.layout(4).1, (3, 2), "past the bottom: the end");
    }

    #[test]
    fn the_cursor_follows_wrapped_lines() {
        let input = typed("abc def");
        let (lines, cursor) = input.layout(4);
        assert_eq!(lines, ["abc", "def"]);
        assert_eq!(cursor, (3, 1));
        let (lines, cursor) = typed("abcd").layout(4);
        assert_eq!(lines, ["abcd", ""]);
        assert_eq!(cursor, (0, 1));
    }
}
