//! The decision: what was chosen (an option or the user's own words), why,
//! the next ladder step and a follow-up date.

use ratatui::Frame;
use ratatui::layout::Rect;
use time::OffsetDateTime;

use crate::record::Decision;
use crate::record::ymd_text as format_date;
use crate::tui::app::{App, Commit, Confirmed, Effect, Popup, Screen};
use crate::tui::form::{self, Field, FieldKind, Form, FormEvent};
use crate::tui::keymap::Action;
use crate::tui::update::guarded;
use crate::view::when_words;
use crate::wizard::parse_date;

/// Where each field is: the option picker only exists when there are options.
struct Fields {
    options: Option<usize>,
    chosen: usize,
    rationale: usize,
    next: usize,
    follow_up: usize,
}

fn fields(form: &Form) -> Fields {
    let base = usize::from(matches!(
        form.fields.first().map(|f| &f.kind),
        Some(FieldKind::Pick { .. })
    ));
    Fields {
        options: (base == 1).then_some(0),
        chosen: base,
        rationale: base + 1,
        next: base + 2,
        follow_up: base + 3,
    }
}

/// The plan's steps, as (ladder, step) ids and how they read.
fn next_steps(app: &App<'_>) -> Vec<((String, String), String)> {
    app.outcome
        .plan
        .iter()
        .map(|p| {
            (
                (p.ladder.clone(), p.step.clone()),
                format!("{}: {}", when_words(p.shown()), p.text),
            )
        })
        .collect()
}

pub fn screen(app: &App<'_>) -> Screen {
    let decision = app.record.decision.as_ref();
    let steps = next_steps(app);
    let mut items = vec!["None chosen yet".to_string()];
    items.extend(steps.iter().map(|(_, text)| text.clone()));
    // The step saved with the decision, while it is still to do; else the
    // first step of the plan not yet done. Never a step ticked done.
    let to_do = |i: &usize| {
        app.outcome
            .plan
            .get(*i)
            .is_some_and(|p| app.done(&p.id).is_none())
    };
    let saved = decision
        .and_then(|d| d.next_step.as_ref())
        .and_then(|step| steps.iter().position(|(id, _)| id == step))
        .filter(to_do);
    let next = saved
        .or_else(|| (0..steps.len()).find(to_do))
        .map_or(0, |i| i + 1);
    let mut list = Vec::new();
    if !app.record.options.is_empty() {
        list.push(Field {
            label: "Start from one of your options".to_string(),
            hint: Some(
                "Left/Right shows another; Space takes the one shown and copies it below."
                    .to_string(),
            ),
            prose: false,
            kind: FieldKind::Pick {
                items: app.record.options.iter().map(|o| o.title.clone()).collect(),
                index: 0,
            },
        });
    }
    list.push(Field::text(
        "What did you decide?",
        None,
        decision.map_or("", |d| d.chosen.as_str()),
    ));
    list.push(Field::text(
        "Why? Your rationale",
        None,
        decision.map_or("", |d| d.rationale.as_str()),
    ));
    list.push(Field {
        label: "The next step you will take".to_string(),
        hint: None,
        prose: false,
        kind: FieldKind::Pick { items, index: next },
    });
    list.push(Field::date(
        "Follow up on (YYYY-MM-DD, optional)",
        &decision
            .and_then(|d| d.follow_up)
            .map(format_date)
            .unwrap_or_default(),
    ));
    list.push(Field::button("Save the decision"));
    Screen::Decide {
        form: Form::new("Your decision", list),
    }
}

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let options: Vec<String> = app.record.options.iter().map(|o| o.title.clone()).collect();
    let Screen::Decide { form } = &mut app.screen else {
        return None;
    };
    let at = fields(form);
    // Space takes the option shown; Left/Right turn to another (and copy it).
    if action == Action::Toggle
        && let Some(i) = at.options
        && form.focus == i
    {
        if let Some(title) = options.get(form.picked(i)) {
            form.set_text(at.chosen, title);
            form.dirty = true;
        }
        return None;
    }
    match form.act(action) {
        FormEvent::Submit => guarded(app, Commit::Form, now),
        FormEvent::Cancel if form.dirty => {
            app.popups.push(Popup::Confirm {
                text: "Discard your changes to the decision?".to_string(),
                then: Confirmed::DiscardForm,
            });
            None
        }
        FormEvent::Cancel => {
            super::close_form(app);
            None
        }
        FormEvent::Changed(i) if Some(i) == at.options => {
            let picked = form.picked(i);
            if let Some(title) = options.get(picked) {
                form.set_text(at.chosen, title);
            }
            None
        }
        _ => None,
    }
}

pub fn commit(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    let steps = next_steps(app);
    let Screen::Decide { form } = &mut app.screen else {
        return None;
    };
    let at = fields(form);
    let chosen = form.text(at.chosen).trim().to_string();
    if chosen.is_empty() {
        form.focus = at.chosen;
        app.status = Some("Write what you decided (or pick one of your options).".to_string());
        return None;
    }
    let follow_up = match form.text(at.follow_up).trim() {
        "" => None,
        text => match parse_date(text) {
            Ok(date) => Some(date),
            Err(problem) => {
                form.focus = at.follow_up;
                app.status = Some(problem);
                return None;
            }
        },
    };
    let next_step = form
        .picked(at.next)
        .checked_sub(1)
        .and_then(|i| steps.get(i))
        .map(|(id, _)| id.clone());
    app.record.decision = Some(Decision {
        chosen,
        rationale: form.text(at.rationale).trim().to_string(),
        next_step,
        follow_up,
    });
    app.screen = Screen::Done { cursor: 0 };
    app.touch(now)
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    if let Screen::Decide { form } = &app.screen {
        form::draw(form, &app.theme, frame, area);
    }
}
