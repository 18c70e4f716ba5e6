//! One question: prompt, choices, why we ask, and the standards cited so far.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use time::OffsetDateTime;

use super::{nav, situation};
use crate::engine::{Answer, AnswerError};
use crate::rules::{Kind, Question};
use crate::tui::app::{App, Asking, Effect, NoteOn, Popup, Screen};
use crate::tui::keymap::Action;
use crate::tui::text_input::TextInput;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

/// Wide enough to show the standards beside the question.
pub const PANEL_MIN_WIDTH: u16 = 100;
const PANEL_WIDTH: u16 = 38;
const MAIN_MAX_WIDTH: u16 = 100;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let set = app.set;
    let Screen::Question(asking) = &mut app.screen else {
        return None;
    };
    let question = set.rules.questions.get(&asking.question)?;
    let rows = question.choices.len();
    if nav(&mut asking.cursor, rows, action, 5) {
        return None;
    }
    match action {
        Action::Jump(digit) => jump(asking, question, digit, now),
        Action::Toggle => toggle(asking, question),
        Action::Confirm => return answer(app, now),
        Action::Back => return back(app, now),
        Action::Cancel if asking.change => {
            let id = asking.question.clone();
            app.screen = Screen::Review {
                cursor: position_of(app, &id),
            };
        }
        Action::Why => app.popups.push(Popup::Why { scroll: 0 }),
        Action::Panel => app.popups.push(Popup::Panel { scroll: 0 }),
        Action::Note => {
            let id = asking.question.clone();
            let text = app.record.notes.get(&id).cloned().unwrap_or_default();
            app.popups.push(Popup::Note {
                on: NoteOn::Question(id),
                input: TextInput::new(&text),
            });
        }
        Action::Review => {
            let cursor = app.walk.answers().len().saturating_sub(1);
            app.screen = Screen::Review { cursor };
        }
        _ => {}
    }
    None
}

/// How long a first digit waits for a second one.
pub const DIGIT_PAUSE: time::Duration = time::Duration::seconds(1);

/// A number key: goes to that choice at once, and on a one-answer question
/// marks it too, so the screen shows the number was taken. On a list of ten
/// or more, a second digit typed soon after makes a two-digit number (`1`
/// then `5` is choice 15); after a pause, or any other key, a digit starts
/// afresh.
fn jump(asking: &mut Asking, question: &Question, digit: u8, now: OffsetDateTime) {
    let rows = question.choices.len();
    let digit = usize::from(digit);
    let held = asking
        .digit
        .take()
        .filter(|(_, at)| now - *at <= DIGIT_PAUSE)
        .map(|(first, _)| first * 10 + digit)
        .filter(|number| *number <= rows);
    let number = held.unwrap_or(digit);
    if (1..=rows).contains(&number) {
        asking.cursor = number - 1;
        if question.kind == Kind::One {
            asking.pick_only(number - 1);
        }
        // Held only while a longer number could still follow.
        if number * 10 <= rows {
            asking.digit = Some((number, now));
        }
    }
}

fn toggle(asking: &mut Asking, question: &Question) {
    let at = asking.cursor;
    if question.kind == Kind::One {
        asking.pick_only(at);
        return;
    }
    let Some(now_on) = asking.picked.get(at).map(|p| !p) else {
        return;
    };
    asking.picked[at] = now_on;
    // "None of these" and the others rule each other out.
    if now_on {
        let exclusive = question.choices[at].exclusive;
        for (i, choice) in question.choices.iter().enumerate() {
            if i != at && (exclusive || choice.exclusive) {
                asking.picked[i] = false;
            }
        }
    }
}

fn position_of(app: &App<'_>, question: &str) -> usize {
    app.walk
        .answers()
        .iter()
        .position(|a| a.question == question)
        .unwrap_or(0)
}

/// Gives the picked choices as the answer (or as the changed answer).
fn answer(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    let set = app.set;
    let Screen::Question(asking) = &app.screen else {
        return None;
    };
    let question = set.rules.questions.get(&asking.question)?;
    // Enter takes the highlighted choice of a one-choice question. On a
    // pick-all question it takes what is ticked: guessing from the cursor
    // would answer something the user never chose.
    let choices: Vec<String> = match question.kind {
        Kind::One => question
            .choices
            .get(asking.cursor)
            .map(|c| c.id.clone())
            .into_iter()
            .collect(),
        Kind::Many => question
            .choices
            .iter()
            .zip(&asking.picked)
            .filter(|(_, p)| **p)
            .map(|(c, _)| c.id.clone())
            .collect(),
    };
    if choices.is_empty() {
        let none = question.choices.iter().find(|c| c.exclusive);
        app.status = Some(match none {
            Some(none) => format!(
                "Tick every choice that applies with Space, or \"{}\", then press Enter.",
                none.label
            ),
            None => "Tick every choice that applies with Space, then press Enter.".to_string(),
        });
        return None;
    }
    let answer = Answer {
        question: asking.question.clone(),
        choices,
    };
    if asking.change {
        return change(app, answer, question, now);
    }
    match app.walk.answer_as(answer) {
        Ok(()) => {
            let dropped = app.walk.take_dropped();
            let effect = advanced(app, now);
            if !dropped.is_empty() {
                let rules = &app.set.rules;
                let prompts: Vec<&str> = dropped
                    .iter()
                    .map(|d| rules.prompt_of(&d.question))
                    .collect();
                app.status = Some(format!(
                    "Kept answers that no longer apply were dropped: {}",
                    prompts.join("; ")
                ));
            }
            effect
        }
        Err(error) => {
            app.status = Some(explain(&error, question));
            None
        }
    }
}

fn change(
    app: &mut App<'_>,
    answer: Answer,
    question: &Question,
    now: OffsetDateTime,
) -> Option<Effect> {
    let index = position_of(app, &answer.question);
    if app.walk.answer_to(&answer.question) == Some(&answer) {
        app.status = Some("Your answer is unchanged.".to_string());
        app.screen = Screen::Review { cursor: index };
        return None;
    }
    let rules = &app.set.rules;
    match app.walk.change(answer) {
        Ok(dropped) => {
            app.refresh();
            let kept = app.walk.answers().len().saturating_sub(index + 1);
            let waiting = app.walk.pending().len();
            let plural = |n: usize, one: &str, many: &str| {
                if n == 1 {
                    one.to_string()
                } else {
                    many.to_string()
                }
            };
            let mut first = match dropped.len() {
                0 if waiting == 0 => {
                    "Your answer was changed. Every later answer still applies and was kept."
                        .to_string()
                }
                0 => "Your answer was changed. No later answer was dropped.".to_string(),
                n => format!(
                    "Your answer was changed. {n} later {} no longer {} and {} dropped:",
                    plural(n, "answer", "answers"),
                    plural(n, "applies", "apply"),
                    plural(n, "was", "were"),
                ),
            };
            if dropped.is_empty() && kept + waiting == 0 {
                first = "Your answer was changed.".to_string();
            }
            let mut lines = vec![first];
            for d in &dropped {
                let prompt = rules.prompt_of(&d.question);
                lines.push(format!("  - {prompt}"));
            }
            if waiting > 0 {
                lines.push(format!(
                    "{waiting} later {} kept, and will be given again if the new questions lead back to {}.",
                    plural(waiting, "answer is", "answers are"),
                    plural(waiting, "it", "them"),
                ));
            }
            if !app.walk.is_finished() {
                lines.push(String::new());
                lines.push("There are new questions to answer: choose \"Continue\" at the end of the list.".to_string());
            }
            app.status = Some(match (dropped.len(), waiting) {
                (0, 0) => "Answer changed.".to_string(),
                (0, w) => format!(
                    "Answer changed: {w} later {} kept aside.",
                    plural(w, "answer", "answers")
                ),
                (n, _) => format!(
                    "Answer changed: {n} later {} dropped.",
                    plural(n, "answer", "answers")
                ),
            });
            app.popups.push(Popup::Notice {
                title: "Answer changed".to_string(),
                lines,
                scroll: 0,
            });
            app.screen = Screen::Review { cursor: index };
            app.touch(now)
        }
        Err(error) => {
            app.status = Some(explain(&error, question));
            None
        }
    }
}

/// After the walk moved on: the next question, or the outcome.
pub fn advanced(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    app.refresh();
    app.screen = app.walk_screen();
    app.touch(now)
}

/// Undoes the last answer and shows its question with that answer picked.
pub fn back(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    if let Screen::Question(asking) = &app.screen
        && asking.change
    {
        let cursor = position_of(app, &asking.question);
        app.screen = Screen::Review { cursor };
        return None;
    }
    let Some(previous) = app.walk.back() else {
        app.screen = situation::screen(app);
        return None;
    };
    app.refresh();
    let set = app.set;
    if let Some((id, question)) = set.rules.questions.entry(&previous.question) {
        app.screen = Screen::Question(Asking::new(id, question, Some(&previous), false));
    }
    app.touch(now)
}

/// An engine refusal in the words of the screen.
fn explain(error: &AnswerError, question: &Question) -> String {
    let label = |id: &str| {
        question
            .choice(id)
            .map_or(id.to_string(), |c| c.label.clone())
    };
    match error {
        AnswerError::Exclusive { choice, .. } => {
            format!(
                "\"{}\" cannot be combined with other choices.",
                label(choice)
            )
        }
        AnswerError::NoChoice { .. } => {
            "Pick a choice first (Space), then press Enter.".to_string()
        }
        AnswerError::OnlyOne { .. } => "Pick just one choice here.".to_string(),
        other => other.to_string(),
    }
}

/// The choices as lines `width` wide, and the rows each one takes.
fn choice_doc(
    app: &App<'_>,
    asking: &Asking,
    question: &Question,
    width: usize,
) -> (Doc, (usize, usize)) {
    let theme = &app.theme;
    let mut doc = Doc::default();
    let mut focus = (0, 0);
    for (i, choice) in question.choices.iter().enumerate() {
        let start = doc.len();
        let here = i == asking.cursor;
        let picked = asking.picked.get(i).copied().unwrap_or(false);
        let mark = match (question.kind, picked) {
            (Kind::One, true) => "(o)",
            (Kind::One, false) => "( )",
            (Kind::Many, true) => "[x]",
            (Kind::Many, false) => "[ ]",
        };
        let lead = format!(
            "{} {mark} {:>3} ",
            if here { ">" } else { " " },
            format!("{}.", i + 1)
        );
        let indent = wrap::width(&lead);
        let style = if here {
            theme.selected
        } else if picked {
            theme.heading
        } else {
            theme.text
        };
        for line in wrap::hanging(&lead, &choice.label, width) {
            doc.push(Line::styled(line, style));
        }
        if let Some(hint) = &choice.hint {
            for line in wrap::lines(hint, width.saturating_sub(indent).max(1)) {
                doc.push(Line::from(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(line, theme.dim),
                ]));
            }
        }
        if here {
            focus = (start, doc.len());
        }
    }
    (doc, focus)
}

/// The standards cited so far, as lines `width` wide.
pub fn cited_doc(app: &App<'_>, width: usize) -> Doc {
    let theme = &app.theme;
    let mut doc = Doc::default();
    if app.outcome.standards.is_empty() {
        for line in wrap::lines("None yet. Standards appear here as you answer.", width) {
            doc.push(Line::styled(line, theme.dim));
        }
        return doc;
    }
    for line in wrap::lines("* marks a standard that governs", width) {
        doc.push(Line::styled(line, theme.dim));
    }
    doc.blank();
    for standard in &app.outcome.standards {
        let mark = if standard.primary { "*" } else { " " };
        let lead = format!("{mark}{:>3} ", standard.number);
        let style = if standard.primary {
            theme.heading
        } else {
            theme.text
        };
        for line in wrap::hanging(&lead, &standard.title, width) {
            doc.push(Line::styled(line, style));
        }
        let role = if standard.primary {
            "governs"
        } else {
            "related"
        };
        doc.push(Line::styled(
            format!("     {}, {role}", standard.domain.slug()),
            theme.dim,
        ));
    }
    doc
}

/// "Standards so far: 20, 21" for screens too narrow for the panel.
fn cited_summary(app: &App<'_>) -> String {
    let numbers: Vec<String> = app
        .outcome
        .standards
        .iter()
        .map(|s| format!("{}{}", s.number, if s.primary { "*" } else { "" }))
        .collect();
    if numbers.is_empty() {
        "Standards so far: none yet".to_string()
    } else {
        format!(
            "Standards so far ({}): {}  (s: list them)",
            numbers.len(),
            numbers.join(", ")
        )
    }
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Question(asking) = &app.screen else {
        return;
    };
    let Some(question) = app.set.rules.questions.get(&asking.question) else {
        return;
    };
    let theme = &app.theme;
    let wide = area.width >= PANEL_MIN_WIDTH;
    let (main, panel) = if wide {
        // Long lines are hard to follow: the question keeps to a readable
        // width and the panel sits beside it.
        let panel_width = (area.width / 3).clamp(PANEL_WIDTH, 52);
        let [main, _, panel, _] = Layout::horizontal([
            Constraint::Max(MAIN_MAX_WIDTH),
            Constraint::Length(2),
            Constraint::Length(panel_width),
            Constraint::Min(0),
        ])
        .areas(area);
        (main, Some(panel))
    } else {
        (area, None)
    };
    let width = usize::from(main.width.saturating_sub(2)).max(1);

    let mut top = Doc::default();
    if asking.change {
        for line in wrap::lines(
            "Changing an earlier answer. Later answers that still apply are kept.",
            width,
        ) {
            top.push(Line::styled(line, theme.warning));
        }
    }
    for line in wrap::lines(&question.prompt, width) {
        top.push(Line::styled(line, theme.heading));
    }
    if question.kind == Kind::Many {
        top.push(Line::styled(
            "Tick all that apply with Space, then press Enter.",
            theme.dim,
        ));
    }
    if let Some(note) = app.record.notes.get(&asking.question) {
        top.push(Line::styled(
            wrap::truncate(&format!("Your note: {note}"), width),
            theme.dim,
        ));
    }
    if !wide {
        top.push(Line::styled(
            wrap::truncate(&cited_summary(app), width),
            theme.dim,
        ));
    }
    top.blank();

    let why = wrap::hanging("Why we ask: ", &question.help, width);
    let (choices, focus) = choice_doc(app, asking, question, width);
    let height = usize::from(main.height);
    let top_rows = top.len().min(height);
    let rest = height - top_rows;
    // "Why we ask" follows the choices when all fits; otherwise it keeps to
    // the bottom, or shrinks to a hint, so the choices keep their room.
    let why_rows = if why.len() + 1 + choices.len().min(6) <= rest {
        why.len() + 1
    } else if rest > 4 {
        1
    } else {
        0
    };
    let choice_rows = if choices.len() + why_rows <= rest {
        choices.len()
    } else {
        rest - why_rows
    };
    let [top_area, choice_area, why_area] = Layout::vertical([
        Constraint::Length(top_rows as u16),
        Constraint::Length(choice_rows as u16),
        Constraint::Length(why_rows as u16),
    ])
    .areas(main);
    view::draw_doc_at(frame, top_area, &top, 0);
    view::draw_doc(frame, choice_area, &choices, Some(focus));
    if why_rows == 1 {
        frame.render_widget(Line::styled("Why we ask: press w", theme.dim), why_area);
    } else if why_rows > 1 {
        let mut lines = vec![Line::default()];
        lines.extend(why.into_iter().map(|l| Line::styled(l, theme.dim)));
        frame.render_widget(Paragraph::new(lines), why_area);
    }

    if let Some(panel) = panel {
        let block = Block::new()
            .borders(Borders::LEFT)
            .border_style(theme.border)
            .title(Line::styled(
                format!(" Standards so far ({}) ", app.outcome.standards.len()),
                theme.heading,
            ));
        let inner = block.inner(panel);
        frame.render_widget(block, panel);
        let doc = cited_doc(app, usize::from(inner.width.saturating_sub(2)).max(1));
        view::draw_doc_at(
            frame,
            inner.inner(ratatui::layout::Margin::new(1, 0)),
            &doc,
            0,
        );
    }
}
