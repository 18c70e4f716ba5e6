//! The courses of action the user is weighing: who benefits, who may be
//! harmed, the principles each serves, and three quick tests.

use ratatui::Frame;
use ratatui::layout::Rect;
use time::OffsetDateTime;

use super::{Entry, draw_entries, edit_form, nav};
use crate::code::Principle;
use crate::record::{CourseOfAction, QuickTests};
use crate::tui::app::{App, Confirmed, Editing, Effect, Popup, Screen};
use crate::tui::form::{self, Field, FieldKind, Form};
use crate::tui::keymap::Action;

const TITLE: usize = 0;
const BENEFITS: usize = 1;
const HARMS: usize = 2;
const PRINCIPLES: usize = 3;
const PUBLIC: usize = 4;
const COLLEAGUE: usize = 5;
const REVERSIBLE: usize = 6;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let count = app.record.options.len();
    if let Some(effect) = edit_form(app, action, now, "Discard your changes to this option?") {
        return effect;
    }
    let Screen::Options { cursor, .. } = &mut app.screen else {
        return None;
    };
    if nav(cursor, count + 2, action, 5) {
        return None;
    }
    let at = *cursor;
    match action {
        Action::Confirm if at < count => open(app, Some(at)),
        Action::Confirm if at == count => open(app, None),
        Action::Confirm => {
            app.screen = Screen::Consult {
                cursor: 0,
                editing: None,
            }
        }
        Action::Add => open(app, None),
        Action::Remove if at < count => app.popups.push(Popup::Confirm {
            text: format!("Remove the option \"{}\"?", app.record.options[at].title),
            then: Confirmed::RemoveOption(at),
        }),
        Action::Back => {
            app.screen = if app.shows_score() {
                Screen::Score { scroll: 0 }
            } else {
                app.outcome_screen()
            }
        }
        _ => {}
    }
    None
}

fn open(app: &mut App<'_>, index: Option<usize>) {
    let option = index
        .and_then(|i| app.record.options.get(i))
        .cloned()
        .unwrap_or_default();
    let principles: Vec<String> = Principle::ALL
        .iter()
        .map(|p| app.code.principle(*p).name.clone())
        .collect();
    let yes_no = |label: &str, value: Option<bool>| Field {
        label: label.to_string(),
        hint: None,
        prose: false,
        kind: FieldKind::YesNo(value),
    };
    let form = Form::new(
        if index.is_some() {
            "Edit this option"
        } else {
            "A new option"
        },
        vec![
            Field::text("What would you do?", None, &option.title),
            Field::text("Who benefits, and how?", None, &option.benefits),
            Field::text("Who may be harmed, and how?", None, &option.harms),
            Field {
                label: "Which principles does it serve?".to_string(),
                hint: Some("Left and Right move, Space ticks.".to_string()),
                prose: false,
                kind: FieldKind::Check {
                    ticked: Principle::ALL
                        .iter()
                        .map(|p| option.principles.contains(p))
                        .collect(),
                    items: principles,
                    cursor: 0,
                },
            },
            yes_no(
                "Would you be comfortable if it were made public?",
                option.tests.public,
            ),
            yes_no(
                "Would you advise a colleague to do the same?",
                option.tests.colleague,
            ),
            yes_no(
                "Could it be undone if it turns out wrong?",
                option.tests.reversible,
            ),
            Field::button("Save this option"),
        ],
    );
    if let Screen::Options { editing, .. } = &mut app.screen {
        *editing = Some(Editing { index, form });
    }
}

pub fn commit(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    let Screen::Options {
        cursor,
        editing: Some(e),
    } = &mut app.screen
    else {
        return None;
    };
    let form = &mut e.form;
    let title = form.text(TITLE).trim().to_string();
    if title.is_empty() {
        form.focus = TITLE;
        app.status = Some("Give the option a few words first: what would you do?".to_string());
        return None;
    }
    let option = CourseOfAction {
        title,
        benefits: form.text(BENEFITS).trim().to_string(),
        harms: form.text(HARMS).trim().to_string(),
        principles: Principle::ALL
            .iter()
            .zip(form.ticked(PRINCIPLES))
            .filter(|(_, t)| *t)
            .map(|(p, _)| *p)
            .collect(),
        tests: QuickTests {
            public: form.yes_no(PUBLIC),
            colleague: form.yes_no(COLLEAGUE),
            reversible: form.yes_no(REVERSIBLE),
        },
    };
    let options = &mut app.record.options;
    *cursor = match e.index {
        Some(i) if i < options.len() => {
            options[i] = option;
            i
        }
        _ => {
            options.push(option);
            options.len() - 1
        }
    };
    if let Screen::Options { editing, .. } = &mut app.screen {
        *editing = None;
    }
    app.touch(now)
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not answered",
    }
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Options { cursor, editing } = &app.screen else {
        return;
    };
    if let Some(e) = editing {
        form::draw(&e.form, &app.theme, frame, area);
        return;
    }
    let entries: Vec<Entry> = app
        .record
        .options
        .iter()
        .map(|option| {
            let principles: Vec<String> = option
                .principles
                .iter()
                .map(|p| app.code.principle(*p).name.clone())
                .collect();
            let tests = format!(
                "public: {}; advise a colleague: {}; can be undone: {}",
                yes_no(option.tests.public),
                yes_no(option.tests.colleague),
                yes_no(option.tests.reversible)
            );
            Entry {
                head: option.title.clone(),
                details: vec![
                    ("Benefits", option.benefits.clone()),
                    ("May harm", option.harms.clone()),
                    ("Serves", principles.join(", ")),
                    ("Tests", tests),
                ],
            }
        })
        .collect();
    draw_entries(
        app,
        frame,
        area,
        *cursor,
        (
            "Options you are weighing",
            "List the courses of action open to you. For each: who gains, who may be hurt, the principles it serves, and three quick tests. You can skip this.",
        ),
        &entries,
        ["+ Add an option", "Continue: who you consulted"],
    );
}
