//! A small form: text fields, tick lists, yes/no questions, pick lists and a
//! button. Options, consultations and the decision are all edited with it.

use ratatui::crossterm::event::KeyEvent;
use ratatui::text::{Line, Span};

use super::keymap::Action;
use super::text_input::TextInput;
use super::theme::Theme;
use super::wrap;

#[derive(Debug, Clone)]
pub enum FieldKind {
    Text(TextInput),
    Check {
        items: Vec<String>,
        ticked: Vec<bool>,
        cursor: usize,
    },
    /// Unanswered, yes or no.
    YesNo(Option<bool>),
    Pick {
        items: Vec<String>,
        index: usize,
    },
    Button,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: String,
    /// A line under the label saying what belongs here.
    pub hint: Option<String>,
    pub kind: FieldKind,
    /// Free text a person writes, checked for identifying details. Dates
    /// typed as YYYY-MM-DD are not: a consultation date is not a birth date.
    pub prose: bool,
}

impl Field {
    pub fn text(label: &str, hint: Option<&str>, value: &str) -> Field {
        Field {
            label: label.to_string(),
            hint: hint.map(str::to_string),
            kind: FieldKind::Text(TextInput::new(value)),
            prose: true,
        }
    }

    pub fn date(label: &str, value: &str) -> Field {
        Field {
            prose: false,
            ..Field::text(label, None, value)
        }
    }

    pub fn button(label: &str) -> Field {
        Field {
            label: label.to_string(),
            hint: None,
            kind: FieldKind::Button,
            prose: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Something was changed since the form opened.
    pub dirty: bool,
}

/// A form drawn as lines.
pub struct FormLines {
    pub lines: Vec<Line<'static>>,
    /// The rows the focused field takes, from its first to past its last.
    pub focus: (usize, usize),
    /// Where the text cursor is (column, row), when a text field has focus.
    pub cursor: Option<(usize, usize)>,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    Nothing,
    /// The value of this field changed.
    Changed(usize),
    Submit,
    Cancel,
}

impl Form {
    pub fn new(title: &str, fields: Vec<Field>) -> Form {
        Form {
            title: title.to_string(),
            fields,
            focus: 0,
            dirty: false,
        }
    }

    pub fn on_text(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Text(_))
        )
    }

    pub fn focused_input(&mut self) -> Option<&mut TextInput> {
        match self.fields.get_mut(self.focus).map(|f| &mut f.kind) {
            Some(FieldKind::Text(input)) => Some(input),
            _ => None,
        }
    }

    /// Types into the focused text field.
    pub fn key(&mut self, key: KeyEvent) -> FormEvent {
        let focus = self.focus;
        let handled = self.focused_input().is_some_and(|input| input.handle(key));
        if handled {
            self.dirty = true;
            FormEvent::Changed(focus)
        } else {
            FormEvent::Nothing
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(input) = self.focused_input() {
            input.insert_str(text);
            self.dirty = true;
        }
    }

    pub fn act(&mut self, action: Action) -> FormEvent {
        let last = self.fields.len().saturating_sub(1);
        let focus = self.focus;
        let changed = |form: &mut Form| {
            form.dirty = true;
            FormEvent::Changed(focus)
        };
        let Some(field) = self.fields.get_mut(focus) else {
            return FormEvent::Nothing;
        };
        match (action, &mut field.kind) {
            (Action::Down, _) => self.focus = (focus + 1).min(last),
            (Action::Up, _) => self.focus = focus.saturating_sub(1),
            (Action::Save, _) => return FormEvent::Submit,
            (Action::Cancel, _) => return FormEvent::Cancel,
            (Action::Confirm, FieldKind::Button) => return FormEvent::Submit,
            (Action::Confirm, _) => self.focus = (focus + 1).min(last),
            (Action::Toggle, FieldKind::Check { ticked, cursor, .. }) => {
                if let Some(t) = ticked.get_mut(*cursor) {
                    *t = !*t;
                }
                return changed(self);
            }
            (Action::Toggle, FieldKind::YesNo(value)) => {
                *value = match value {
                    None => Some(true),
                    Some(true) => Some(false),
                    Some(false) => None,
                };
                return changed(self);
            }
            (Action::Toggle | Action::Right, FieldKind::Pick { items, index }) => {
                *index = (*index + 1) % items.len().max(1);
                return changed(self);
            }
            (Action::Left, FieldKind::Pick { items, index }) => {
                *index = (*index + items.len().max(1) - 1) % items.len().max(1);
                return changed(self);
            }
            (Action::Toggle, FieldKind::Button) => return FormEvent::Submit,
            (Action::Right, FieldKind::Check { items, cursor, .. }) => {
                *cursor = (*cursor + 1).min(items.len().saturating_sub(1));
            }
            (Action::Left, FieldKind::Check { cursor, .. }) => *cursor = cursor.saturating_sub(1),
            (Action::Right, FieldKind::YesNo(value)) => {
                *value = Some(false);
                return changed(self);
            }
            (Action::Left, FieldKind::YesNo(value)) => {
                *value = Some(true);
                return changed(self);
            }
            _ => {}
        }
        FormEvent::Nothing
    }

    pub fn text(&self, index: usize) -> &str {
        match self.fields.get(index).map(|f| &f.kind) {
            Some(FieldKind::Text(input)) => input.text(),
            _ => "",
        }
    }

    pub fn set_text(&mut self, index: usize, text: &str) {
        if let Some(Field {
            kind: FieldKind::Text(input),
            ..
        }) = self.fields.get_mut(index)
        {
            input.set(text);
        }
    }

    pub fn picked(&self, index: usize) -> usize {
        match self.fields.get(index).map(|f| &f.kind) {
            Some(FieldKind::Pick { index, .. }) => *index,
            _ => 0,
        }
    }

    pub fn ticked(&self, index: usize) -> Vec<bool> {
        match self.fields.get(index).map(|f| &f.kind) {
            Some(FieldKind::Check { ticked, .. }) => ticked.clone(),
            _ => Vec::new(),
        }
    }

    pub fn yes_no(&self, index: usize) -> Option<bool> {
        match self.fields.get(index).map(|f| &f.kind) {
            Some(FieldKind::YesNo(v)) => *v,
            _ => None,
        }
    }

    /// The text fields, as (index, label, text), for the identifying-details check.
    pub fn texts(&self) -> Vec<(usize, String, String)> {
        self.fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match &f.kind {
                FieldKind::Text(input) if f.prose => {
                    Some((i, f.label.clone(), input.text().to_string()))
                }
                _ => None,
            })
            .collect()
    }

    /// The form drawn as lines `width` wide.
    pub fn lines(&self, theme: &Theme, width: usize) -> FormLines {
        let mut out: Vec<Line<'static>> = Vec::new();
        let mut focus_rows = (0, 0);
        let mut cursor = None;
        let inner = width.saturating_sub(4).max(1);
        for (i, field) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let start = out.len();
            let marker = if focused { "> " } else { "  " };
            let label_style = if focused { theme.heading } else { theme.text };
            if !matches!(field.kind, FieldKind::Button) {
                for (j, line) in wrap::lines(&field.label, width.saturating_sub(2))
                    .into_iter()
                    .enumerate()
                {
                    let lead = if j == 0 { marker } else { "  " };
                    out.push(Line::from(vec![
                        Span::styled(lead.to_string(), theme.heading),
                        Span::styled(line, label_style),
                    ]));
                }
                if let Some(hint) = &field.hint {
                    for line in wrap::lines(hint, inner) {
                        out.push(Line::styled(format!("    {line}"), theme.dim));
                    }
                }
            }
            match &field.kind {
                FieldKind::Text(input) => {
                    // Brackets show the field even where colour does not.
                    let room = inner.saturating_sub(3).max(1);
                    let (lines, (col, row)) = input.layout(room);
                    for line in &lines {
                        let pad = room.saturating_sub(wrap::width(line)) + 1;
                        out.push(Line::from(vec![
                            Span::styled("   [", theme.dim),
                            Span::styled(format!("{line}{:pad$}", ""), theme.input),
                            Span::styled("]", theme.dim),
                        ]));
                    }
                    if focused {
                        cursor = Some((4 + col, start + row + field_header_rows(field, width)));
                    }
                }
                FieldKind::Check {
                    items,
                    ticked,
                    cursor: at,
                } => {
                    let mut line: Vec<Span<'static>> = vec![Span::raw("    ")];
                    let mut col = 4;
                    for (j, item) in items.iter().enumerate() {
                        let mark = if ticked[j] { "[x]" } else { "[ ]" };
                        let text = format!("{mark} {item}");
                        let w = wrap::width(&text) + 2;
                        if col + w > width && col > 4 {
                            out.push(Line::from(std::mem::take(&mut line)));
                            line.push(Span::raw("    "));
                            col = 4;
                        }
                        let style = if focused && j == *at {
                            theme.selected
                        } else {
                            theme.text
                        };
                        line.push(Span::styled(text, style));
                        line.push(Span::raw("  "));
                        col += w;
                    }
                    out.push(Line::from(line));
                }
                FieldKind::YesNo(value) => {
                    let opt = |on: bool, text: &str| {
                        let mark = if on { "(o)" } else { "( )" };
                        format!("{mark} {text}")
                    };
                    out.push(Line::from(vec![
                        Span::raw("    "),
                        Span::styled(opt(*value == Some(true), "yes"), theme.text),
                        Span::raw("   "),
                        Span::styled(opt(*value == Some(false), "no"), theme.text),
                        Span::raw("   "),
                        Span::styled(opt(value.is_none(), "not answered"), theme.dim),
                    ]));
                }
                FieldKind::Pick { items, index } => {
                    // The whole item, wrapped: a next step cut short is no use.
                    let item = items.get(*index).cloned().unwrap_or_default();
                    let count = format!("  ({} of {})", index + 1, items.len());
                    let style = if focused { theme.selected } else { theme.text };
                    let lines = wrap::hanging(
                        "< ",
                        &format!("{item} >"),
                        inner.saturating_sub(wrap::width(&count)),
                    );
                    let last = lines.len().saturating_sub(1);
                    for (j, line) in lines.into_iter().enumerate() {
                        let mut spans = vec![Span::raw("    "), Span::styled(line, style)];
                        if j == last {
                            spans.push(Span::styled(count.clone(), theme.dim));
                        }
                        out.push(Line::from(spans));
                    }
                }
                FieldKind::Button => {
                    let style = if focused { theme.selected } else { theme.key };
                    out.push(Line::from(vec![
                        Span::styled(marker.to_string(), theme.heading),
                        Span::styled(format!("[ {} ]", field.label), style),
                    ]));
                }
            }
            focus_rows = if focused {
                (start, out.len())
            } else {
                focus_rows
            };
            out.push(Line::default());
        }
        FormLines {
            lines: out,
            focus: focus_rows,
            cursor,
        }
    }
}

fn field_header_rows(field: &Field, width: usize) -> usize {
    let inner = width.saturating_sub(4).max(1);
    wrap::lines(&field.label, width.saturating_sub(2)).len()
        + field
            .hint
            .as_ref()
            .map_or(0, |h| wrap::lines(h, inner).len())
}

/// Draws a form with its title, scrolled so the focused field shows, with
/// the text cursor placed in the focused text field.
pub fn draw(
    form: &Form,
    theme: &Theme,
    frame: &mut ratatui::Frame<'_>,
    area: ratatui::layout::Rect,
) {
    use ratatui::layout::{Constraint, Layout, Position};
    use ratatui::widgets::Paragraph;

    // Fields wider than this are harder to read, not easier.
    let area = ratatui::layout::Rect {
        width: area.width.min(100),
        ..area
    };
    // A long title (a supervisor's comment names its item) wraps, up to
    // three lines, and a blank line sets it apart from the fields.
    let title_lines: Vec<Line> = wrap::lines(&form.title, usize::from(area.width).max(1))
        .into_iter()
        .take(3)
        .map(|l| Line::styled(l, theme.heading))
        .collect();
    let [title, body] = Layout::vertical([
        Constraint::Length(title_lines.len() as u16 + 1),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(title_lines), title);
    let width = usize::from(body.width.saturating_sub(1)).max(1);
    let FormLines {
        lines,
        focus: (start, end),
        cursor,
    } = form.lines(theme, width);
    let height = usize::from(body.height);
    let offset = if end > height {
        (end - height).min(start)
    } else {
        0
    };
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(shown), body);
    if let Some((col, row)) = cursor
        && row >= offset
        && row < offset + height
    {
        let x = body.x + (col as u16).min(body.width.saturating_sub(1));
        let y = body.y + (row - offset) as u16;
        frame.set_cursor_position(Position::new(x, y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(
            "t",
            vec![
                Field::text("Title", None, ""),
                Field {
                    label: "Public?".to_string(),
                    hint: None,
                    kind: FieldKind::YesNo(None),
                    prose: false,
                },
                Field::button("Save"),
            ],
        )
    }

    #[test]
    fn tab_and_enter_walk_the_fields_and_the_button_submits() {
        let mut f = form();
        assert!(f.on_text());
        assert_eq!(f.act(Action::Confirm), FormEvent::Nothing);
        assert_eq!(f.focus, 1);
        assert_eq!(f.act(Action::Toggle), FormEvent::Changed(1));
        assert_eq!(f.yes_no(1), Some(true));
        f.act(Action::Down);
        f.act(Action::Down);
        assert_eq!(f.focus, 2, "focus stops at the last field");
        assert_eq!(f.act(Action::Confirm), FormEvent::Submit);
        assert!(f.dirty);
    }
}
