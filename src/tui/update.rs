//! `update`: a message in, the model changed, maybe an effect out. No I/O
//! here; the clock comes in as an argument.

use ratatui::crossterm::event::{KeyEventKind, MouseEventKind};
use time::OffsetDateTime;

use super::app::{
    App, Browser, Commit, Confirmed, Effect, Msg, Popup, SaveState, Screen, SessionRow,
};
use super::keymap::{self, Action, Context};
use super::screens;
use super::text_input::TextInput;
use super::{popups, view};
use crate::record::guard;

pub fn update(app: &mut App<'_>, msg: Msg, now: OffsetDateTime) -> Option<Effect> {
    let effect = match msg {
        Msg::Resize(width, height) => {
            app.size = (width, height);
            None
        }
        Msg::Saved(Ok(())) => {
            if app.save != SaveState::Off {
                app.save = SaveState::Saved(now);
            }
            None
        }
        Msg::Saved(Err(error)) => {
            app.status = Some(format!("Could not save: {error}"));
            app.save = SaveState::Failed(error);
            None
        }
        Msg::Reviewed(result) => {
            screens::supervise::saved(app, result, now);
            None
        }
        Msg::Sessions(sessions) => {
            let rows = sessions
                .into_iter()
                .map(|s| SessionRow::Read(Box::new(s)))
                .collect();
            screens::home::show_sessions(app, rows)
        }
        Msg::SessionFiles(files) => {
            let rows = files.into_iter().map(SessionRow::Unread).collect();
            screens::home::show_sessions(app, rows)
        }
        Msg::SessionsRead(read) => {
            for (index, session) in read {
                if let Some(row) = app.sessions.get_mut(index) {
                    *row = SessionRow::Read(Box::new(session));
                }
            }
            None
        }
        Msg::Paste(text) => {
            paste(app, &text);
            None
        }
        Msg::Mouse(kind) => {
            forget_digit(app);
            match kind {
                MouseEventKind::ScrollUp => act(app, Action::Up, now),
                MouseEventKind::ScrollDown => act(app, Action::Down, now),
                _ => None,
            }
        }
        Msg::Key(key) => {
            // Some terminals also report releases and repeats; act once.
            if key.kind != KeyEventKind::Press {
                return None;
            }
            app.status = None;
            let context = app.context();
            let action = keymap::action(context, key);
            if !matches!(action, Some(Action::Jump(_))) {
                forget_digit(app);
            }
            match action {
                Some(action) => act(app, action, now),
                None if context.is_text() => {
                    typed(app, |app| match &mut app.screen {
                        Screen::Options {
                            editing: Some(e), ..
                        }
                        | Screen::Consult {
                            editing: Some(e), ..
                        } if app.popups.is_empty() => {
                            e.form.key(key);
                        }
                        Screen::Decide { form } if app.popups.is_empty() => {
                            form.key(key);
                        }
                        Screen::Supervise(screens::supervise::Supervise {
                            writing: Some(w),
                            ..
                        }) if app.popups.is_empty() => {
                            w.form.key(key);
                        }
                        _ => {
                            if let Some(input) = app.focused_input() {
                                input.handle(key);
                            }
                        }
                    });
                    None
                }
                None => None,
            }
        }
    };
    clamp(app);
    effect
}

/// A number key waits for a second digit only until any other key.
fn forget_digit(app: &mut App<'_>) {
    if let Screen::Question(asking) = &mut app.screen {
        asking.digit = None;
    }
}

/// Applies a change to the focused text and lets the browser re-search.
fn typed(app: &mut App<'_>, change: impl FnOnce(&mut App<'_>)) {
    change(app);
    if let Screen::Browser(b) = &mut app.screen
        && b.searching
    {
        b.cursor = 0;
        b.scroll = 0;
    }
}

fn paste(app: &mut App<'_>, text: &str) {
    if !app.context().is_text() {
        return;
    }
    typed(app, |app| match &mut app.screen {
        Screen::Options {
            editing: Some(e), ..
        }
        | Screen::Consult {
            editing: Some(e), ..
        } if app.popups.is_empty() => e.form.paste(text),
        Screen::Decide { form } if app.popups.is_empty() => form.paste(text),
        Screen::Supervise(screens::supervise::Supervise {
            writing: Some(w), ..
        }) if app.popups.is_empty() => w.form.paste(text),
        _ => {
            if let Some(input) = app.focused_input() {
                input.insert_str(text);
            }
        }
    });
}

/// Carries out an action on the popup on top, or else on the screen.
pub fn act(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    if !app.popups.is_empty() {
        return popups::on_action(app, action, now);
    }
    match action {
        Action::Help => {
            app.popups.push(Popup::Help {
                context: app.screen_context(),
                scroll: 0,
            });
            None
        }
        Action::Quit | Action::Interrupt => request_quit(app),
        Action::Search
            if !matches!(
                app.screen_context(),
                Context::Browser | Context::BrowserDetail
            ) =>
        {
            open_browser(app, true);
            None
        }
        _ => screens::on_action(app, action, now),
    }
}

/// Quits, after asking if something the user wrote would be lost.
pub fn request_quit(app: &mut App<'_>) -> Option<Effect> {
    if !app.has_unsaved() {
        return Some(Effect::Quit);
    }
    let text = match &app.save {
        SaveState::Off => "Nothing is saved with --no-save. Quit and lose this dilemma?",
        SaveState::Failed(_) => {
            "The last save failed, so recent changes are not on disk. Quit anyway?"
        }
        _ => "You have typed text that is not saved yet. Quit anyway?",
    };
    app.popups.push(Popup::Confirm {
        text: text.to_string(),
        then: Confirmed::Quit,
    });
    None
}

/// Opens the standards browser over the current screen.
pub fn open_browser(app: &mut App<'_>, searching: bool) {
    let back = std::mem::replace(&mut app.screen, Screen::Home { cursor: 0 });
    app.screen = Screen::Browser(Browser {
        query: TextInput::default(),
        searching,
        cursor: 0,
        detail: false,
        scroll: 0,
        back: Box::new(back),
    });
}

/// The texts a commit would save, each with the label of its field.
fn texts_of(app: &App<'_>, then: Commit) -> Vec<(String, String)> {
    match then {
        Commit::Situation => match &app.screen {
            Screen::Situation { input } => {
                vec![("Situation".to_string(), input.text().to_string())]
            }
            _ => Vec::new(),
        },
        Commit::Note => match app.popups.last() {
            Some(Popup::Note { input, .. }) => vec![("Note".to_string(), input.text().to_string())],
            _ => Vec::new(),
        },
        Commit::Form => screens::open_form(app)
            .map(|f| f.texts().into_iter().map(|(_, l, t)| (l, t)).collect())
            .unwrap_or_default(),
    }
}

/// Checks free text for identifying details before it is saved: commits
/// straight away when there are none, else asks what to do.
pub fn guarded(app: &mut App<'_>, then: Commit, now: OffsetDateTime) -> Option<Effect> {
    let findings: Vec<_> = texts_of(app, then)
        .into_iter()
        .flat_map(|(label, text)| {
            guard::scan(&text)
                .into_iter()
                .map(move |f| (label.clone(), f))
        })
        .collect();
    if findings.is_empty() {
        return commit(app, then, now);
    }
    app.popups.push(Popup::Guard {
        findings,
        then,
        cursor: 0,
    });
    None
}

/// Replaces identifying details in the texts a commit would save.
pub fn redact(app: &mut App<'_>, then: Commit) {
    match then {
        Commit::Situation => {
            if let Screen::Situation { input } = &mut app.screen {
                let clean = guard::redact(input.text());
                input.set(&clean);
            }
        }
        Commit::Note => {
            if let Some(Popup::Note { input, .. }) = app.popups.last_mut() {
                let clean = guard::redact(input.text());
                input.set(&clean);
            }
        }
        Commit::Form => {
            if let Some(form) = screens::open_form_mut(app) {
                for (index, _, text) in form.texts() {
                    form.set_text(index, &guard::redact(&text));
                }
            }
        }
    }
}

/// Saves what was typed into the record.
pub fn commit(app: &mut App<'_>, then: Commit, now: OffsetDateTime) -> Option<Effect> {
    match then {
        Commit::Situation => screens::situation::commit(app, now),
        Commit::Note => popups::commit_note(app, now),
        Commit::Form => screens::commit_form(app, now),
    }
}

/// Keeps every cursor and scroll offset in range.
fn clamp(app: &mut App<'_>) {
    let rows = app.rows();
    let last = rows.saturating_sub(1);
    match &mut app.screen {
        Screen::Home { cursor }
        | Screen::Sessions { cursor }
        | Screen::Review { cursor }
        | Screen::Options { cursor, .. }
        | Screen::Consult { cursor, .. }
        | Screen::Done { cursor } => *cursor = (*cursor).min(last),
        Screen::Question(a) => a.cursor = a.cursor.min(last),
        Screen::Outcome { cursor, .. } => *cursor = (*cursor).min(last),
        Screen::Browser(b) => b.cursor = b.cursor.min(last),
        Screen::Supervise(s) => s.cursor = s.cursor.min(last),
        _ => {}
    }
    view::clamp_scroll(app);
}
