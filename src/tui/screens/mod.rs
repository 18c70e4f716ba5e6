//! One module per screen: how it reacts to actions and how it is drawn.

pub mod browser;
pub mod consult;
pub mod decide;
pub mod done;
pub mod home;
pub mod options;
pub mod outcome;
pub mod question;
pub mod review;
pub mod score;
pub mod situation;
pub mod supervise;
pub mod vignette;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use time::OffsetDateTime;

use super::app::{App, Commit, Confirmed, Effect, Popup, Screen};
use super::form::{Form, FormEvent};
use super::keymap::Action;
use super::update::guarded;
use super::view::{self, Doc};
use super::wrap;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    match &app.screen {
        Screen::Home { .. } => home::on_action(app, action, now),
        Screen::Sessions { .. } => home::on_sessions(app, action),
        Screen::Vignette { .. } => vignette::on_action(app, action, now),
        Screen::Situation { .. } => situation::on_action(app, action, now),
        Screen::Question(_) => question::on_action(app, action, now),
        Screen::Review { .. } => review::on_action(app, action),
        Screen::Outcome { .. } => outcome::on_action(app, action, now),
        Screen::Score { .. } => score::on_action(app, action),
        Screen::Options { .. } => options::on_action(app, action, now),
        Screen::Consult { .. } => consult::on_action(app, action, now),
        Screen::Decide { .. } => decide::on_action(app, action, now),
        Screen::Done { .. } => done::on_action(app, action, now),
        Screen::Browser(_) => browser::on_action(app, action),
        Screen::Supervise(_) => supervise::on_action(app, action, now),
    }
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    match &app.screen {
        Screen::Home { .. } => home::draw(app, frame, area),
        Screen::Sessions { .. } => home::draw_sessions(app, frame, area),
        Screen::Vignette { .. } => vignette::draw(app, frame, area),
        Screen::Situation { .. } => situation::draw(app, frame, area),
        Screen::Question(_) => question::draw(app, frame, area),
        Screen::Review { .. } => review::draw(app, frame, area),
        Screen::Outcome { .. } => outcome::draw(app, frame, area),
        Screen::Score { .. } => score::draw(app, frame, area),
        Screen::Options { .. } => options::draw(app, frame, area),
        Screen::Consult { .. } => consult::draw(app, frame, area),
        Screen::Decide { .. } => decide::draw(app, frame, area),
        Screen::Done { .. } => done::draw(app, frame, area),
        Screen::Browser(_) => browser::draw(app, frame, area),
        Screen::Supervise(_) => supervise::draw(app, frame, area),
    }
}

/// The form open on this screen, if any.
pub fn open_form<'s>(app: &'s App<'_>) -> Option<&'s Form> {
    match &app.screen {
        Screen::Options {
            editing: Some(e), ..
        }
        | Screen::Consult {
            editing: Some(e), ..
        } => Some(&e.form),
        Screen::Decide { form } => Some(form),
        Screen::Supervise(supervise::Supervise {
            writing: Some(w), ..
        }) => Some(&w.form),
        _ => None,
    }
}

pub fn open_form_mut<'s>(app: &'s mut App<'_>) -> Option<&'s mut Form> {
    match &mut app.screen {
        Screen::Options {
            editing: Some(e), ..
        }
        | Screen::Consult {
            editing: Some(e), ..
        } => Some(&mut e.form),
        Screen::Decide { form } => Some(form),
        Screen::Supervise(supervise::Supervise {
            writing: Some(w), ..
        }) => Some(&mut w.form),
        _ => None,
    }
}

/// Saves the open form into the record.
pub fn commit_form(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    match &app.screen {
        Screen::Options { .. } => options::commit(app, now),
        Screen::Consult { .. } => consult::commit(app, now),
        Screen::Decide { .. } => decide::commit(app, now),
        Screen::Supervise(_) => supervise::commit(app, now),
        _ => None,
    }
}

/// Closes the open form without saving.
pub fn close_form(app: &mut App<'_>) {
    match &mut app.screen {
        Screen::Options { editing, .. } | Screen::Consult { editing, .. } => *editing = None,
        Screen::Decide { .. } => {
            app.screen = Screen::Consult {
                cursor: 0,
                editing: None,
            }
        }
        Screen::Supervise(_) => supervise::close_form(app),
        _ => {}
    }
}

/// Moves a list cursor; returns whether the action was a movement.
/// Passes an action to the option or consultation form being edited, if
/// one is open: saving goes through the identifying-details check, and
/// cancelling asks first when something was changed. `None` when no form is open.
pub fn edit_form(
    app: &mut App<'_>,
    action: Action,
    now: OffsetDateTime,
    discard: &str,
) -> Option<Option<Effect>> {
    let (Screen::Options { editing, .. } | Screen::Consult { editing, .. }) = &mut app.screen
    else {
        return None;
    };
    let form = &mut editing.as_mut()?.form;
    Some(match form.act(action) {
        FormEvent::Submit => guarded(app, Commit::Form, now),
        FormEvent::Cancel if form.dirty => {
            app.popups.push(Popup::Confirm {
                text: discard.to_string(),
                then: Confirmed::DiscardForm,
            });
            None
        }
        FormEvent::Cancel => {
            *editing = None;
            None
        }
        _ => None,
    })
}

pub fn nav(cursor: &mut usize, rows: usize, action: Action, page: usize) -> bool {
    let last = rows.saturating_sub(1);
    *cursor = match action {
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (*cursor + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageUp => cursor.saturating_sub(page),
        Action::PageDown => (*cursor + page).min(last),
        _ => return false,
    };
    true
}

/// Moves a scroll offset; the caller's clamp keeps it in range.
pub fn scroll(offset: &mut usize, action: Action, page: usize) -> bool {
    *offset = match action {
        Action::Up => offset.saturating_sub(1),
        Action::Down => offset.saturating_add(1),
        Action::Top => 0,
        Action::Bottom => usize::MAX / 2,
        Action::PageUp => offset.saturating_sub(page),
        Action::PageDown => offset.saturating_add(page),
        _ => return false,
    };
    true
}

/// One entry of a list the user keeps (an option, a consultation): a head
/// line and labelled details, empty ones left out.
pub struct Entry {
    pub head: String,
    pub details: Vec<(&'static str, String)>,
}

/// Draws a list the user keeps: its heading and why it matters, the entries,
/// then a row to add one and a row to move on. `cursor` counts the entries
/// first, then the two rows.
pub fn draw_entries(
    app: &App<'_>,
    frame: &mut Frame<'_>,
    area: Rect,
    cursor: usize,
    (title, intro): (&str, &str),
    entries: &[Entry],
    rows: [&str; 2],
) {
    let theme = &app.theme;
    let width = usize::from(area.width.saturating_sub(2));
    let mut doc = Doc::default();
    doc.push(Line::styled(title.to_string(), theme.heading));
    for line in wrap::lines(intro, width) {
        doc.push(Line::styled(line, theme.dim));
    }
    doc.blank();
    let mut focus = None;
    for (i, entry) in entries.iter().enumerate() {
        let start = doc.len();
        let here = i == cursor;
        let lead = format!("{} {}. ", if here { ">" } else { " " }, i + 1);
        let style = if here { theme.selected } else { theme.text };
        for line in wrap::hanging(&lead, &entry.head, width) {
            doc.push(Line::styled(line, style));
        }
        let indent = wrap::width(&lead);
        for (label, value) in entry.details.iter().filter(|(_, v)| !v.is_empty()) {
            for line in wrap::hanging(&format!("{label}: "), value, width.saturating_sub(indent)) {
                doc.push(Line::styled(format!("{:indent$}{line}", ""), theme.dim));
            }
        }
        if here {
            focus = Some((start, doc.len()));
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let here = cursor == entries.len() + i;
        if here {
            focus = Some((doc.len(), doc.len() + 1));
        }
        doc.row(theme, here, vec![Span::raw(row.to_string())]);
    }
    view::draw_doc(frame, area, &doc, focus);
}
