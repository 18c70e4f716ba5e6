//! The first screen (start, resume, browse, quit) and the list of saved
//! dilemmas.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use time::OffsetDateTime;

use super::{nav, situation};
use crate::engine::Walk;
use crate::record::{Record, new_id};
use crate::tui::app::{App, Effect, HOME_ROWS, SaveState, Screen};
use crate::tui::keymap::Action;
use crate::tui::update::{open_browser, request_quit};
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let Screen::Home { cursor } = &mut app.screen else {
        return None;
    };
    if nav(cursor, HOME_ROWS.len(), action, 4) {
        return None;
    }
    if action != Action::Confirm {
        return None;
    }
    match *cursor {
        0 => {
            start_new(app, now);
            None
        }
        1 if app.save == SaveState::Off => {
            app.status = Some("Saved dilemmas cannot be opened with --no-save.".to_string());
            None
        }
        1 => Some(Effect::ListSessions),
        2 => {
            open_browser(app, false);
            None
        }
        _ => request_quit(app),
    }
}

/// A fresh record and walk, unless the current one is still untouched.
pub fn start_new(app: &mut App<'_>, now: OffsetDateTime) {
    if !app.record_is_empty() || !app.walk.answers().is_empty() {
        app.record = Record::new(new_id(now), &app.set.rules.version, &app.set.hash, now);
        app.walk = Walk::new(&app.set.rules);
        app.refresh();
        if app.save != SaveState::Off {
            app.save = SaveState::NotYet;
        }
    }
    app.screen = situation::screen(app);
}

pub fn on_sessions(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let rows = app.sessions.len();
    let Screen::Sessions { cursor } = &mut app.screen else {
        return None;
    };
    if nav(cursor, rows, action, 5) {
        return None;
    }
    match action {
        Action::Back => app.screen = Screen::Home { cursor: 1 },
        Action::Confirm => {
            let index = *cursor;
            match app.sessions.get(index).map(|s| s.record.clone()) {
                Some(Ok(record)) => app.open(record),
                Some(Err(problem)) => {
                    app.status = Some(format!("This record cannot be opened: {problem}"));
                }
                None => {}
            }
        }
        _ => {}
    }
    None
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Home { cursor } = &app.screen else {
        return;
    };
    let theme = &app.theme;
    let width = usize::from(area.width);
    let mut doc = Doc::default();
    doc.push(Line::styled(
        "Work through an ethical dilemma",
        theme.heading,
    ));
    for line in wrap::lines(
        "A few short questions about your situation show which NOHS standards apply, why, and the steps they set out in order. Safety comes first. It takes about five minutes, and you can go back at any time.",
        width,
    ) {
        doc.push(Line::styled(line, theme.text));
    }
    doc.blank();
    for (i, row) in HOME_ROWS.iter().enumerate() {
        let detail = match i {
            1 if app.save == SaveState::Off => " (not with --no-save)".to_string(),
            _ => String::new(),
        };
        doc.row(
            theme,
            i == *cursor,
            vec![Span::raw(row.to_string()), Span::styled(detail, theme.dim)],
        );
    }
    view::draw_doc(frame, area, &doc, None);
}

pub fn draw_sessions(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Sessions { cursor } = &app.screen else {
        return;
    };
    let theme = &app.theme;
    let width = usize::from(area.width);
    let mut doc = Doc::default();
    doc.push(Line::styled("Saved dilemmas, newest first", theme.heading));
    doc.blank();
    let mut focus = None;
    for (i, session) in app.sessions.iter().enumerate() {
        let start = doc.len();
        let (title, detail) = match &session.record {
            Ok(record) => (
                describe(record, width.saturating_sub(4)),
                format!(
                    "{}  {}",
                    crate::record::ymd_text(record.updated.date()),
                    progress_of(record)
                ),
            ),
            Err(problem) => (
                format!("{} (cannot be read)", session.id),
                wrap::truncate(problem, width.saturating_sub(6)),
            ),
        };
        doc.row(theme, i == *cursor, vec![Span::raw(title)]);
        doc.push(Line::styled(format!("    {detail}"), theme.dim));
        if i == *cursor {
            focus = Some((start, doc.len()));
        }
    }
    view::draw_doc(frame, area, &doc, focus);
}

/// The first line of the situation, or what the record holds.
fn describe(record: &Record, width: usize) -> String {
    let first = record.situation.lines().next().unwrap_or("").trim();
    let text = if first.is_empty() {
        match &record.training {
            Some(t) => format!("Training: {}", t.scenario),
            None => format!("Dilemma {}", record.id),
        }
    } else {
        first.to_string()
    };
    wrap::truncate(&text, width)
}

fn progress_of(record: &Record) -> String {
    let phases: Vec<&str> = record.phases_done().iter().map(|p| p.name()).collect();
    let answers = record.answers.len();
    format!(
        "{answers} answer{}; done: {}",
        if answers == 1 { "" } else { "s" },
        if phases.is_empty() {
            "nothing yet".to_string()
        } else {
            phases.join(", ")
        }
    )
}
