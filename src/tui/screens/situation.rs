//! The situation in the user's own words: facts, not names. Skippable.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use time::OffsetDateTime;

use crate::tui::app::{App, Commit, Effect, Screen};
use crate::tui::keymap::Action;
use crate::tui::text_input::TextInput;
use crate::tui::update::guarded;
use crate::tui::{view, wrap};

const REMINDER: &str = "A few lines in your own words, so the record makes sense later. Write facts, not names: leave out names, birth dates, phone numbers, addresses and ID numbers. You can leave it empty.";

pub fn screen(app: &App<'_>) -> Screen {
    Screen::Situation {
        input: TextInput::multiline(&app.record.situation),
    }
}

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    match action {
        Action::Confirm => guarded(app, Commit::Situation, now),
        Action::NewLine | Action::Up | Action::Down => {
            let width = text_width(view::body_rect(app).width);
            if let Screen::Situation { input } = &mut app.screen {
                match action {
                    Action::NewLine => input.insert_str("\n"),
                    up_down => input.vertical(up_down == Action::Up, width),
                }
            }
            None
        }
        Action::Back => {
            app.screen = match &app.record.training {
                Some(training) => Screen::Vignette {
                    label: TextInput::new(training.student.as_deref().unwrap_or("")),
                    scroll: 0,
                },
                None => Screen::Home { cursor: 0 },
            };
            None
        }
        _ => None,
    }
}

/// Keeps the text and moves on to the questions.
pub fn commit(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    let Screen::Situation { input } = &app.screen else {
        return None;
    };
    let text = input.text().trim().to_string();
    let changed = text != app.record.situation;
    app.record.situation = text;
    app.screen = app.walk_screen();
    if changed && !app.record_is_empty() {
        app.touch(now)
    } else {
        None
    }
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Situation { input } = &app.screen else {
        return;
    };
    let theme = &app.theme;
    let width = usize::from(area.width);
    let mut top = vec![Line::styled("What is the situation?", theme.heading)];
    top.extend(
        wrap::lines(REMINDER, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim)),
    );
    // A box of a dozen lines is room enough, and keeps the screen calm.
    let [intro, field, after] = Layout::vertical([
        Constraint::Length(top.len() as u16 + 1),
        Constraint::Max(12),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(top), intro);
    draw_input(app, frame, field, input, " Situation ");
    frame.render_widget(
        Line::styled(
            "Enter: continue to the questions (an empty box skips this)",
            theme.dim,
        ),
        after,
    );
}

/// How wide the text of a box `width` wide is: its borders, and a column
/// for the cursor at the end of a line.
fn text_width(width: u16) -> usize {
    usize::from(width.saturating_sub(3)).max(1)
}

/// A bordered text box with the cursor placed in it.
pub fn draw_input(
    app: &App<'_>,
    frame: &mut Frame<'_>,
    area: Rect,
    input: &TextInput,
    title: &str,
) {
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(app.theme.border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let (lines, (col, row)) = input.layout(text_width(area.width));
    let height = usize::from(inner.height);
    let offset = (row + 1).saturating_sub(height);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(offset)
        .take(height)
        .map(|l| Line::styled(l, app.theme.text))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    let x = inner.x + (col as u16).min(inner.width.saturating_sub(1));
    let y = inner.y + ((row - offset) as u16).min(inner.height.saturating_sub(1));
    frame.set_cursor_position(Position::new(x, y));
}
