//! Who was consulted, by role (never by name), when, and what they advised.

use ratatui::Frame;
use ratatui::layout::Rect;
use time::OffsetDateTime;

use super::{Entry, draw_entries, edit_form, nav};
use crate::record::Consultation;
use crate::record::ymd_text as format_date;
use crate::tui::app::{App, Confirmed, Editing, Effect, Popup, Screen};
use crate::tui::form::{self, Field, Form};
use crate::tui::keymap::Action;
use crate::wizard::parse_date;

const ROLE: usize = 0;
const DATE: usize = 1;
const ADVICE: usize = 2;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let count = app.record.consultations.len();
    if let Some(effect) = edit_form(
        app,
        action,
        now,
        "Discard your changes to this consultation?",
    ) {
        return effect;
    }
    let Screen::Consult { cursor, .. } = &mut app.screen else {
        return None;
    };
    if nav(cursor, count + 2, action, 5) {
        return None;
    }
    let at = *cursor;
    match action {
        Action::Confirm if at < count => open(app, Some(at), now),
        Action::Confirm if at == count => open(app, None, now),
        Action::Confirm => app.screen = super::decide::screen(app),
        Action::Add => open(app, None, now),
        Action::Remove if at < count => app.popups.push(Popup::Confirm {
            text: format!(
                "Remove the consultation with \"{}\"?",
                app.record.consultations[at].role
            ),
            then: Confirmed::RemoveConsultation(at),
        }),
        Action::Back => {
            app.screen = Screen::Options {
                cursor: 0,
                editing: None,
            }
        }
        _ => {}
    }
    None
}

fn open(app: &mut App<'_>, index: Option<usize>, now: OffsetDateTime) {
    let existing = index.and_then(|i| app.record.consultations.get(i));
    let date = existing.map_or(now.date(), |c| c.date);
    let form = Form::new(
        if index.is_some() {
            "Edit this consultation"
        } else {
            "A new consultation"
        },
        vec![
            Field::text(
                "Who did you consult?",
                Some(
                    "By role, never by name: for example clinical supervisor, agency ethics committee, senior colleague.",
                ),
                existing.map_or("", |c| c.role.as_str()),
            ),
            Field::date("When? (YYYY-MM-DD)", &format_date(date)),
            Field::text(
                "What did they advise?",
                None,
                existing.map_or("", |c| c.advice.as_str()),
            ),
            Field::button("Save this consultation"),
        ],
    );
    if let Screen::Consult { editing, .. } = &mut app.screen {
        *editing = Some(Editing { index, form });
    }
}

pub fn commit(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    let Screen::Consult {
        cursor,
        editing: Some(e),
    } = &mut app.screen
    else {
        return None;
    };
    let form = &mut e.form;
    let role = form.text(ROLE).trim().to_string();
    if role.is_empty() {
        form.focus = ROLE;
        app.status = Some("Say who you consulted, by role.".to_string());
        return None;
    }
    let date = match parse_date(form.text(DATE)) {
        Ok(date) => date,
        Err(problem) => {
            form.focus = DATE;
            app.status = Some(problem);
            return None;
        }
    };
    let consultation = Consultation {
        role,
        date,
        advice: form.text(ADVICE).trim().to_string(),
    };
    let list = &mut app.record.consultations;
    *cursor = match e.index {
        Some(i) if i < list.len() => {
            list[i] = consultation;
            i
        }
        _ => {
            list.push(consultation);
            list.len() - 1
        }
    };
    if let Screen::Consult { editing, .. } = &mut app.screen {
        *editing = None;
    }
    app.touch(now)
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Consult { cursor, editing } = &app.screen else {
        return;
    };
    if let Some(e) = editing {
        form::draw(&e.form, &app.theme, frame, area);
        return;
    }
    let entries: Vec<Entry> = app
        .record
        .consultations
        .iter()
        .map(|c| Entry {
            head: format!("{}, {}", c.role, format_date(c.date)),
            details: vec![("Advice", c.advice.clone())],
        })
        .collect();
    draw_entries(
        app,
        frame,
        area,
        *cursor,
        (
            "Who you consulted",
            "Hard calls should not be made alone. Note who you asked for advice (by role, never by name), when, and what they said. You can skip this.",
        ),
        &entries,
        ["+ Add a consultation", "Continue: your decision"],
    );
}
