//! Every answer so far; choosing one changes it, keeping the later answers
//! that still apply.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::nav;
use crate::tui::app::{App, Asking, Effect, Screen};
use crate::tui::keymap::Action;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

pub fn on_action(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let rows = app.rows();
    let Screen::Review { cursor } = &mut app.screen else {
        return None;
    };
    if nav(cursor, rows, action, 5) {
        return None;
    }
    match action {
        Action::Confirm => {
            let set = app.set;
            match app.walk.answers().get(*cursor).cloned() {
                Some(answer) => {
                    if let Some((id, question)) = set.rules.questions.entry(&answer.question) {
                        app.screen =
                            Screen::Question(Asking::new(id, question, Some(&answer), true));
                    }
                }
                None => app.screen = app.walk_screen(),
            }
        }
        Action::Back => app.screen = app.walk_screen(),
        _ => {}
    }
    None
}

pub fn doc(app: &App<'_>, width: usize) -> (Doc, Option<(usize, usize)>) {
    let Screen::Review { cursor } = &app.screen else {
        return (Doc::default(), None);
    };
    let theme = &app.theme;
    let rules = &app.set.rules;
    let mut doc = Doc::default();
    doc.push(Line::styled("Your answers", theme.heading));
    for line in wrap::lines(
        "Choose an answer to change it. Later answers that still apply are kept.",
        width,
    ) {
        doc.push(Line::styled(line, theme.dim));
    }
    doc.blank();
    let mut focus = None;
    for (i, answer) in app.walk.answers().iter().enumerate() {
        let start = doc.len();
        let here = i == *cursor;
        let prompt = rules.prompt_of(&answer.question);
        let lead = format!(
            "{} {:>3} ",
            if here { ">" } else { " " },
            format!("{}.", i + 1)
        );
        let style = if here { theme.selected } else { theme.text };
        for line in wrap::hanging(&lead, prompt, width) {
            doc.push(Line::styled(line, style));
        }
        let indent = wrap::width(&lead);
        for choice in &answer.choices {
            let label = rules.label_of(&answer.question, choice);
            for line in wrap::hanging("- ", label, width.saturating_sub(indent)) {
                doc.push(Line::from(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(line, theme.good),
                ]));
            }
        }
        if let Some(note) = app.record.notes.get(&answer.question) {
            doc.push(Line::styled(
                wrap::truncate(&format!("{:indent$}Note: {note}", ""), width),
                theme.dim,
            ));
        }
        if here {
            focus = Some((start, doc.len()));
        }
    }
    let here = *cursor == app.walk.answers().len();
    let start = doc.len();
    let next = if app.walk.is_finished() {
        "Continue to the outcome"
    } else {
        "Continue with the next question"
    };
    doc.row(theme, here, vec![Span::raw(next.to_string())]);
    if here {
        focus = Some((start, doc.len()));
    }
    (doc, focus)
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let (doc, focus) = doc(app, usize::from(area.width.saturating_sub(2)));
    view::draw_doc(frame, area, &doc, focus);
}
