//! A training case: the vignette first, then an optional label for grading.
//! The key is never shown here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use time::OffsetDateTime;

use super::scroll;
use super::situation::draw_input;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::keymap::Action;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let Screen::Vignette {
        label,
        scroll: offset,
    } = &mut app.screen
    else {
        return None;
    };
    if scroll(offset, action, 5) {
        return None;
    }
    match action {
        Action::Confirm => {
            let student = label.text().to_string();
            app.begin_training(&student);
            app.screen = app.walk_screen();
            app.touch(now)
        }
        Action::Back => {
            app.screen = Screen::Home { cursor: 0 };
            None
        }
        _ => None,
    }
}

/// The vignette as lines `width` wide.
pub fn doc(app: &App<'_>, width: usize) -> Doc {
    let theme = &app.theme;
    let mut doc = Doc::default();
    let Some(scenario) = app.scenario else {
        return doc;
    };
    for line in wrap::lines(&format!("Training case: {}", scenario.title), width) {
        doc.push(Line::styled(line, theme.heading));
    }
    doc.blank();
    for line in wrap::lines(scenario.vignette.trim(), width) {
        doc.push(Line::styled(line, theme.text));
    }
    doc.blank();
    for line in wrap::lines(
        "Walk it as you would a real case. Your answers are scored against an expert key at the end.",
        width,
    ) {
        doc.push(Line::styled(line, theme.dim));
    }
    doc
}

/// Where the vignette text goes, and where the label field goes.
pub fn areas(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(3), Constraint::Length(4)]).areas(area)
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Vignette { label, scroll } = &app.screen else {
        return;
    };
    let [text, field] = areas(area);
    let doc = doc(app, usize::from(text.width.saturating_sub(2)));
    view::draw_doc_at(frame, text, &doc, *scroll);
    let [input, hint] =
        Layout::vertical([Constraint::Length(3), Constraint::Length(1)]).areas(field);
    draw_input(
        app,
        frame,
        input,
        label,
        " Your name or label for grading (optional) ",
    );
    frame.render_widget(Line::styled("Enter: start the case", app.theme.dim), hint);
}
