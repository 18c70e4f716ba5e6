//! The training score: the score and its parts, standards found and
//! missed (with why they apply), first steps, where the answers left the key,
//! and the debrief. Shown only once the walk is over.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::scroll;
use crate::engine::Walk;
use crate::outcome::Outcome;
use crate::training;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::keymap::Action;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

pub fn on_action(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let page = usize::from(app.size.1 / 2).max(1);
    let Screen::Score { scroll: offset } = &mut app.screen else {
        return None;
    };
    if scroll(offset, action, page) {
        return None;
    }
    match action {
        Action::Confirm => {
            app.screen = Screen::Options {
                cursor: 0,
                editing: None,
            }
        }
        Action::Back => app.screen = app.outcome_screen(),
        _ => {}
    }
    None
}

pub fn doc(app: &App<'_>, width: usize) -> Doc {
    let theme = &app.theme;
    let mut doc = Doc::default();
    let Some(scenario) = app.scenario else {
        doc.push(Line::styled("This is not a training case.", theme.text));
        return doc;
    };
    let rules = &app.set.rules;
    let code = app.code;
    let score = training::score(scenario, rules, &app.outcome, app.walk.answers());
    let key = Walk::replay(rules, &scenario.answers)
        .ok()
        .map(|walk| Outcome::of(&walk, code));
    let text = |doc: &mut Doc, s: &str, style: Style, indent: usize| {
        for line in wrap::lines(s, width.saturating_sub(indent).max(1)) {
            doc.push(Line::styled(format!("{:indent$}{line}", ""), style));
        }
    };
    let title = |n: u8| code.get(n).map_or(String::new(), |s| s.title.clone());

    text(
        &mut doc,
        &format!("Your score: {} out of 100", score.total),
        theme.heading,
        0,
    );
    text(
        &mut doc,
        &format!(
            "Standards found: {} of {} points. First step: {} of {} points. No stray standards or mistaken steps: {} of {} points.",
            score.recall_points,
            score.recall_max(),
            score.first_step_points,
            score.first_step_max(),
            score.precision_points,
            score.precision_max()
        ),
        theme.text,
        0,
    );
    if !score.found.is_empty() {
        doc.blank();
        text(&mut doc, "Found", theme.heading, 0);
        for n in &score.found {
            text(&mut doc, &format!("{n}. {}", title(*n)), theme.good, 2);
        }
    }
    if !score.missed.is_empty() {
        doc.blank();
        text(&mut doc, "Missed, and why each applies", theme.heading, 0);
        for n in &score.missed {
            text(&mut doc, &format!("{n}. {}", title(*n)), theme.warning, 2);
            let reasons: Vec<String> = key
                .as_ref()
                .and_then(|k| k.standard(*n))
                .map(|s| s.reasons.iter().map(|r| r.reason.clone()).collect())
                .unwrap_or_default();
            if reasons.is_empty() {
                let summary = code.get(*n).map_or("", |s| s.summary.as_str());
                text(&mut doc, summary, theme.dim, 6);
            }
            for reason in reasons {
                text(&mut doc, &reason, theme.dim, 6);
            }
        }
    }
    if !score.extras.is_empty() {
        doc.blank();
        text(
            &mut doc,
            "Cited as governing, but not part of this case",
            theme.heading,
            0,
        );
        for n in &score.extras {
            text(&mut doc, &format!("{n}. {}", title(*n)), theme.text, 2);
        }
    }
    let step_text = |id: &str| score.text_of(id);
    if let Some(step) = &score.first_step {
        doc.blank();
        let mark = if step.right { "right" } else { "different" };
        text(&mut doc, &format!("First step ({mark})"), theme.heading, 0);
        text(
            &mut doc,
            &format!("The key starts with: {}", step_text(&step.expected)),
            theme.dim,
            2,
        );
        if !step.right {
            let chosen = step
                .chosen
                .as_deref()
                .map_or("no step".to_string(), step_text);
            text(
                &mut doc,
                &format!("Your plan starts with: {chosen}"),
                theme.dim,
                2,
            );
        }
    }
    if !score.must_not_taken.is_empty() {
        doc.blank();
        text(
            &mut doc,
            "Steps the key calls a mistake here",
            theme.heading,
            0,
        );
        for id in &score.must_not_taken {
            text(&mut doc, &step_text(id), theme.text, 2);
        }
    }
    if !score.divergences.is_empty() {
        doc.blank();
        text(
            &mut doc,
            "Where your answers left the key",
            theme.heading,
            0,
        );
        for d in &score.divergences {
            let labels = |ids: &[String]| rules.labels_of(&d.question, ids).join("; ");
            let prompt = rules.prompt_of(&d.question);
            text(&mut doc, prompt, theme.text, 2);
            text(&mut doc, &format!("Key: {}", labels(&d.key)), theme.dim, 4);
            let given = d
                .given
                .as_ref()
                .map_or("not reached on your path".to_string(), |g| labels(g));
            text(&mut doc, &format!("You: {given}"), theme.dim, 4);
        }
    }
    doc.blank();
    text(&mut doc, "Debrief", theme.heading, 0);
    text(&mut doc, scenario.debrief.trim(), theme.text, 0);
    if let Some(alternatives) = &scenario.alternatives {
        doc.blank();
        text(&mut doc, "Where practitioners may differ", theme.heading, 0);
        text(&mut doc, alternatives.trim(), theme.text, 0);
    }
    doc
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Score { scroll } = &app.screen else {
        return;
    };
    let doc = doc(app, usize::from(area.width.saturating_sub(2)));
    view::draw_doc_at(frame, area, &doc, *scroll);
}
