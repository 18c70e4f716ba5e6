//! A one-field text editor: typing, cursor movement and deletion. Lines wrap
//! on screen; Enter belongs to the screen (it moves on), not to the field.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::wrap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Byte index of the cursor, always on a character boundary.
    cursor: usize,
    /// Whether the text changed since the field was opened.
    edited: bool,
}

impl TextInput {
    pub fn new(text: &str) -> Self {
        TextInput {
            text: text.to_string(),
            cursor: text.len(),
            edited: false,
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
        // Pasted line breaks become spaces: Enter is the screen's key.
        let clean: String = text
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
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
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            _ => return false,
        }
        true
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
        assert_eq!(input.text(), "one two  ");
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
