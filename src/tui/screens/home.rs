//! The first screen (start, resume, browse, quit) and the list of saved
//! dilemmas.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};
use time::OffsetDateTime;

use super::{nav, situation};
use crate::engine::Walk;
use crate::record::{Record, new_id};
use crate::tui::app::{App, Effect, HOME_ROWS, SaveState, Screen, Session, SessionRow};
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
        app.record = Record::new(new_id(now), &app.set.rules.version, app.set.hash(), now);
        app.walk = Walk::new(&app.set.rules);
        app.refresh();
        if app.save != SaveState::Off {
            app.save = SaveState::NotYet;
        }
    }
    app.screen = situation::screen(app);
}

/// Opens the resume list on `rows`, newest first, and asks for the rows in
/// view to be read.
pub fn show_sessions(app: &mut App<'_>, rows: Vec<SessionRow>) -> Option<Effect> {
    app.sessions = rows;
    if app.sessions.is_empty() {
        app.status = Some("There are no saved dilemmas yet.".to_string());
        app.screen = Screen::Home { cursor: 1 };
        return None;
    }
    app.screen = Screen::Sessions { cursor: 0 };
    read_in_view(app)
}

pub fn on_sessions(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let rows = app.sessions.len();
    let Screen::Sessions { cursor } = &mut app.screen else {
        return None;
    };
    if nav(cursor, rows, action, 5) {
        return read_in_view(app);
    }
    match action {
        Action::Back => app.screen = Screen::Home { cursor: 1 },
        Action::Confirm => {
            let index = *cursor;
            match app.sessions.get(index).map(|row| (row, row.read())) {
                Some((
                    _,
                    Some(Session {
                        record: Ok(record), ..
                    }),
                )) => {
                    let record = record.clone();
                    app.open(record);
                }
                Some((
                    _,
                    Some(Session {
                        record: Err(problem),
                        ..
                    }),
                )) => {
                    app.status = Some(format!("This record cannot be opened: {problem}"));
                }
                Some((_, None)) => return read_in_view(app),
                None => {}
            }
        }
        _ => {}
    }
    None
}

/// The rows of the resume list on screen: the heading and a blank line,
/// then two lines a row, the cursor's row kept in view at the bottom edge
/// when the list scrolls (as `view::offset_for` does for documents).
fn window(cursor: usize, rows: usize, height: usize) -> std::ops::Range<usize> {
    let fit = (height.saturating_sub(2) / 2).max(1);
    let top = (cursor + 1).saturating_sub(fit);
    top..(top + fit).min(rows)
}

/// Asks for the unread rows that may be drawn next to be read. The height
/// used is the terminal's, a little more than the list's, so the rows the
/// list shows are always among them whatever the status line takes.
pub fn read_in_view(app: &App<'_>) -> Option<Effect> {
    let Screen::Sessions { cursor } = app.screen else {
        return None;
    };
    let rows = app.sessions.len();
    let fit = window(0, usize::MAX, usize::from(app.size.1)).len();
    let wanted = cursor.saturating_sub(fit)..(cursor + fit + 1).min(rows);
    let unread: Vec<(usize, std::path::PathBuf)> = wanted
        .filter_map(|i| match &app.sessions[i] {
            SessionRow::Unread(file) => Some((i, file.path.clone())),
            SessionRow::Read(_) => None,
        })
        .collect();
    (!unread.is_empty()).then_some(Effect::ReadSessions(unread))
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
    // Only the rows on screen are laid out: the list may hold thousands.
    let rows = app.sessions.len();
    let shown = window(*cursor, rows, usize::from(area.height));
    let fit = window(0, usize::MAX, usize::from(area.height)).len();
    for i in shown.clone() {
        let row = &app.sessions[i];
        let (title, detail) = match row.read() {
            Some(Session {
                record: Ok(record), ..
            }) => (
                describe(record, width.saturating_sub(4)),
                format!(
                    "{}  {}",
                    crate::record::ymd_text(record.updated.date()),
                    progress_of(record)
                ),
            ),
            Some(Session {
                id,
                record: Err(problem),
            }) => (
                format!("{id} (cannot be read)"),
                wrap::truncate(problem, width.saturating_sub(6)),
            ),
            None => (
                wrap::truncate(row.id(), width.saturating_sub(4)),
                "reading...".to_string(),
            ),
        };
        doc.row(theme, i == *cursor, vec![Span::raw(title)]);
        doc.push(Line::styled(format!("    {detail}"), theme.dim));
    }
    view::draw_doc_at(frame, area, &doc, 0);
    if rows > fit && area.width > 0 && area.height > 0 {
        let mut state = ScrollbarState::new(rows - fit).position(shown.start);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some("\u{2502}")),
            area,
            &mut state,
        );
    }
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
