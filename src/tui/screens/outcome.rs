//! The outcome: the plan as a checklist, led by the first thing to do and
//! why, the standards that apply and why, the tensions, and the disclaimer
//! once.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use time::OffsetDateTime;

use super::{nav, question, scroll};
use crate::code::Domain;
use crate::record::StepProgress;
use crate::record::ymd_text as format_date;
use crate::rules::Role;
use crate::tui::app::{App, Effect, NoteOn, Pane, PlanRow, Popup, Screen};
use crate::tui::keymap::Action;
use crate::tui::text_input::TextInput;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;
use crate::view::when_words;

/// Wide enough to show steps and standards side by side.
pub const TWO_PANES_MIN_WIDTH: u16 = 110;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let rows = app.plan_rows();
    let page = usize::from(app.size.1 / 2).max(1);
    let Screen::Outcome {
        pane,
        cursor,
        scroll: offset,
    } = &mut app.screen
    else {
        return None;
    };
    let moved = match pane {
        Pane::Steps => nav(cursor, rows.len(), action, 3),
        Pane::Standards => scroll(offset, action, page),
    };
    if moved {
        return None;
    }
    let row = rows.get(*cursor).copied();
    match action {
        Action::NextPane | Action::PrevPane => {
            *pane = match pane {
                Pane::Steps => Pane::Standards,
                Pane::Standards => Pane::Steps,
            };
        }
        Action::ShowAll => {
            app.show_all = !app.show_all;
            if !app.show_all {
                let plan = app.outcome.plan.len();
                if let Screen::Outcome { cursor, .. } = &mut app.screen {
                    *cursor = (*cursor).min(plan.saturating_sub(1));
                }
            }
            if app.outcome.left_out.is_empty() {
                app.status =
                    Some("Every step of these ladders applies to your answers.".to_string());
            }
        }
        Action::Toggle => {
            let step = match row? {
                PlanRow::Step(i) => &app.outcome.plan[i],
                PlanRow::LeftOut(_) => {
                    app.status = Some(
                        "This step does not apply to your answers, so it cannot be ticked."
                            .to_string(),
                    );
                    return None;
                }
            };
            let (ladder, id) = (step.ladder.clone(), step.step.clone());
            let progress = &mut app.record.ladder_progress;
            match progress
                .iter()
                .position(|p| p.ladder == ladder && p.step == id)
            {
                Some(i) => {
                    progress.remove(i);
                }
                None => progress.push(StepProgress {
                    ladder,
                    step: id,
                    done_at: now,
                    note: String::new(),
                }),
            }
            return app.touch(now);
        }
        Action::Note => {
            let Some(PlanRow::Step(i)) = row else {
                return None;
            };
            let step = &app.outcome.plan[i];
            match app.done(&step.id) {
                Some(done) => {
                    let input = TextInput::new(&done.note);
                    app.popups.push(Popup::Note {
                        on: NoteOn::Step(step.ladder.clone(), step.step.clone()),
                        input,
                    });
                }
                None => {
                    app.status =
                        Some("Mark the step done first (Space), then add a note.".to_string());
                }
            }
        }
        Action::Confirm => {
            app.screen = if app.shows_score() {
                Screen::Score { scroll: 0 }
            } else {
                Screen::Options {
                    cursor: 0,
                    editing: None,
                }
            };
        }
        Action::Back => return question::back(app, now),
        Action::Review => {
            app.screen = Screen::Review {
                cursor: app.walk.answers().len().saturating_sub(1),
            };
        }
        _ => {}
    }
    None
}

/// Where the two panes go: side by side, or only the focused one.
pub fn panes(area: Rect, pane: Pane) -> (Option<Rect>, Option<Rect>, Option<Rect>) {
    if area.width >= TWO_PANES_MIN_WIDTH {
        let [steps, standards] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .spacing(1)
                .areas(area);
        (Some(steps), Some(standards), None)
    } else {
        let [tabs, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
        match pane {
            Pane::Steps => (Some(body), None, Some(tabs)),
            Pane::Standards => (None, Some(body), Some(tabs)),
        }
    }
}

/// The inside of a pane's border, with a column of margin.
pub fn inner(area: Rect, wide: bool) -> Rect {
    if wide {
        Block::bordered()
            .inner(area)
            .inner(ratatui::layout::Margin::new(1, 0))
    } else {
        area
    }
}

/// Where a pane's scrollbar goes: over its right border when it has one.
fn bar(area: Rect, wide: bool) -> Rect {
    if wide {
        area.inner(ratatui::layout::Margin::new(0, 1))
    } else {
        area
    }
}

/// The plan as a checklist, led by the first thing to do and why; the steps
/// left out (counted, or listed with `a`); the tensions and the disclaimer.
/// Returns the document, the lines of the row under the cursor, and whether
/// the cursor is on the last row.
pub fn steps_doc(
    app: &App<'_>,
    width: usize,
    cursor: usize,
) -> (Doc, Option<(usize, usize)>, bool) {
    let theme = &app.theme;
    let view = &app.view;
    let mut doc = Doc::default();
    let mut focus = None;
    let text = |doc: &mut Doc, s: &str, style| {
        for line in wrap::lines(s, width) {
            doc.push(Line::styled(line, style));
        }
    };
    if !view.finished {
        text(
            &mut doc,
            "The walk is not finished: this is the outcome of the answers so far, and the questions still to come can change the first step.",
            theme.warning,
        );
        doc.blank();
    }
    let rows = app.plan_rows();
    for (row, kind) in rows.iter().enumerate() {
        let here = row == cursor;
        let start = doc.len();
        match *kind {
            PlanRow::Step(i) => {
                let step = &view.plan[i];
                if i == 0 {
                    doc.push(Line::styled("Do this first", theme.heading));
                } else if i == 1 {
                    doc.blank();
                    doc.push(Line::styled("Then, in order", theme.heading));
                }
                let done = app.done(&step.id);
                let mark = if done.is_some() { "[x]" } else { "[ ]" };
                let lead = format!("{} {mark} {:>2}. ", if here { ">" } else { " " }, i + 1);
                let indent = wrap::width(&lead);
                let style = if here {
                    theme.selected
                } else if i == 0 {
                    theme.first
                } else {
                    theme.text
                };
                let body = format!("{}: {}", when_words(step.shown), step.text);
                let reason = || {
                    let mut notes = vec![capital_basis(&step.basis())];
                    notes.extend(step.why_short.iter().cloned());
                    notes
                };
                // The first step's reason goes above it: a first step can be
                // longer than a small screen, and its reason must still show
                // without scrolling.
                if i == 0 {
                    let note = reason().join(" ");
                    for line in wrap::lines(&note, width.saturating_sub(indent).max(1)) {
                        doc.push(Line::from(vec![
                            Span::raw(" ".repeat(indent)),
                            Span::styled(line, theme.dim),
                        ]));
                    }
                }
                for line in wrap::hanging(&lead, &body, width) {
                    doc.push(Line::styled(line, style));
                }
                // Other steps show their reason when the cursor is on them.
                let mut notes = Vec::new();
                if i != 0 && here {
                    notes.extend(reason());
                }
                if let Some(done) = done {
                    let mut line = format!("Done {}", format_date(done.done_at.date()));
                    if !done.note.is_empty() {
                        line.push_str(&format!(": {}", done.note));
                    }
                    notes.push(line);
                }
                notes.extend(app.comments_on_step(&step.id));
                for note in notes {
                    for line in wrap::lines(&note, width.saturating_sub(indent).max(1)) {
                        doc.push(Line::from(vec![
                            Span::raw(" ".repeat(indent)),
                            Span::styled(line, theme.dim),
                        ]));
                    }
                }
            }
            PlanRow::LeftOut(i) => {
                if i == 0 {
                    doc.blank();
                    doc.push(Line::styled("Steps that do not apply", theme.heading));
                }
                let step = &view.left_out[i];
                let lead = format!("{} [-] ", if here { ">" } else { " " });
                let indent = wrap::width(&lead);
                let style = if here { theme.selected } else { theme.dim };
                for line in wrap::hanging(&lead, &step.text, width) {
                    doc.push(Line::styled(line, style));
                }
                for why in &step.why {
                    for line in wrap::lines(why, width.saturating_sub(indent).max(1)) {
                        doc.push(Line::from(vec![
                            Span::raw(" ".repeat(indent)),
                            Span::styled(line, theme.dim),
                        ]));
                    }
                }
            }
        }
        if here {
            focus = Some((start, doc.len()));
        }
    }
    if view.plan.is_empty() {
        text(
            &mut doc,
            "No step follows from these answers yet. Take the standards that apply to supervision.",
            theme.text,
        );
    }
    if !app.show_all && !view.left_out.is_empty() {
        doc.blank();
        let n = view.left_out.len();
        let (steps, doo) = if n == 1 {
            ("step", "does")
        } else {
            ("steps", "do")
        };
        text(
            &mut doc,
            &format!("{n} more {steps} {doo} not apply to your answers (a shows them)."),
            theme.dim,
        );
    }
    doc.blank();
    if view.code_is_clear {
        text(
            &mut doc,
            "The code is clear here: one standard governs and one set of steps follows from it.",
            theme.good,
        );
        doc.blank();
    }
    if !view.tensions.is_empty() {
        doc.push(Line::styled(
            "Standards that pull against each other",
            theme.heading,
        ));
        for tension in &view.tensions {
            let numbers: Vec<String> = tension.standards.iter().map(u8::to_string).collect();
            let title = format!("{} (standards {})", tension.title, numbers.join(" and "));
            for line in wrap::hanging("- ", &title, width) {
                doc.push(Line::styled(line, theme.text));
            }
            for line in wrap::lines(&tension.note, width.saturating_sub(2).max(1)) {
                doc.push(Line::styled(format!("  {line}"), theme.dim));
            }
        }
        doc.blank();
    }
    text(&mut doc, &view.disclaimer, theme.dim);
    let last = rows.is_empty() || cursor + 1 >= rows.len();
    (doc, focus, last)
}

fn capital_basis(basis: &str) -> String {
    let mut chars = basis.chars();
    let capital: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("{capital}.")
}

/// The standards grouped by domain, each with the answers that brought it in.
pub fn standards_doc(app: &App<'_>, width: usize) -> Doc {
    let theme = &app.theme;
    let rules = &app.set.rules;
    let mut doc = Doc::default();
    if app.outcome.standards.is_empty() {
        doc.push(Line::styled(
            "No standard was cited by these answers.",
            theme.text,
        ));
        return doc;
    }
    for line in wrap::lines(
        "* marks a standard that governs; the others are related reading",
        width,
    ) {
        doc.push(Line::styled(line, theme.dim));
    }
    for domain in Domain::ALL {
        let cited: Vec<_> = app
            .outcome
            .standards
            .iter()
            .filter(|s| s.domain == domain)
            .collect();
        if cited.is_empty() {
            continue;
        }
        doc.blank();
        for line in wrap::lines(&app.code.domain(domain).title, width) {
            doc.push(Line::styled(line, theme.heading));
        }
        for standard in cited {
            let mark = if standard.primary { "*" } else { " " };
            let role = if standard.primary {
                "governs"
            } else {
                "related"
            };
            let lead = format!("{mark}{:>3} ", standard.number);
            let style = if standard.primary {
                theme.first
            } else {
                theme.text
            };
            for line in wrap::hanging(&lead, &format!("{} ({role})", standard.title), width) {
                doc.push(Line::styled(line, style));
            }
            let indent = wrap::width(&lead);
            let inner = width.saturating_sub(indent).max(1);
            // The standard's own words, from the user's copy, above our
            // reasons for citing it.
            if let Some(words) = app.official_text(standard.number) {
                for line in wrap::lines(&format!("{}:", super::browser::OFFICIAL), inner) {
                    doc.push(Line::styled(format!("{:indent$}{line}", ""), theme.dim));
                }
                for line in wrap::lines(words, inner) {
                    doc.push(Line::styled(format!("{:indent$}{line}", ""), theme.text));
                }
            }
            for reason in &standard.reasons {
                // Worth saying only where a governing standard also has a
                // reason to be read alongside.
                let tag = if standard.primary && reason.role == Role::Related {
                    " (related)"
                } else {
                    ""
                };
                for line in wrap::hanging("- ", &format!("{}{tag}", reason.reason), inner) {
                    doc.push(Line::styled(format!("{:indent$}{line}", ""), theme.text));
                }
                let prompt = rules.prompt_of(&reason.question);
                let because = format!("because you answered \"{}\" to \"{prompt}\"", reason.answer);
                for line in wrap::lines(&because, inner.saturating_sub(2).max(1)) {
                    doc.push(Line::styled(format!("{:indent$}  {line}", ""), theme.dim));
                }
            }
        }
    }
    doc
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Outcome {
        pane,
        cursor,
        scroll,
    } = &app.screen
    else {
        return;
    };
    let theme = &app.theme;
    let (steps, standards, tabs) = panes(area, *pane);
    let wide = tabs.is_none();
    let title = |text: &str, focused: bool| {
        let marker = if focused && wide { "> " } else { "" };
        Line::styled(
            format!(" {marker}{text} "),
            if focused { theme.heading } else { theme.text },
        )
    };
    if let Some(tabs) = tabs {
        let tab = |name: &str, on: bool| {
            if on {
                Span::styled(format!("[ {name} ]"), theme.selected)
            } else {
                Span::styled(format!("  {name}  "), theme.dim)
            }
        };
        frame.render_widget(
            Line::from(vec![
                tab("What to do", *pane == Pane::Steps),
                Span::raw(" "),
                tab(
                    &format!("Standards that apply ({})", app.outcome.standards.len()),
                    *pane == Pane::Standards,
                ),
                Span::styled(
                    if tabs.width >= 72 {
                        "   Tab switches"
                    } else {
                        ""
                    },
                    theme.dim,
                ),
            ]),
            tabs,
        );
    }
    if let Some(area) = steps {
        let inner_area = inner(area, wide);
        if wide {
            frame.render_widget(
                Block::bordered()
                    .border_style(theme.border)
                    .title(title("What to do", *pane == Pane::Steps)),
                area,
            );
        }
        let text_width = if wide {
            inner_area.width
        } else {
            inner_area.width.saturating_sub(2)
        };
        let (doc, focus, last) = steps_doc(app, usize::from(text_width), *cursor);
        let offset = if last {
            doc.len()
                .saturating_sub(usize::from(inner_area.height))
                .min(focus.map_or(usize::MAX, |f| f.0))
        } else {
            view::offset_for(doc.len(), usize::from(inner_area.height), focus)
        };
        view::draw_doc_with_bar(frame, inner_area, &doc, offset, bar(area, wide));
    }
    if let Some(area) = standards {
        let inner_area = inner(area, wide);
        if wide {
            frame.render_widget(
                Block::bordered().border_style(theme.border).title(title(
                    &format!("Standards that apply ({})", app.outcome.standards.len()),
                    *pane == Pane::Standards,
                )),
                area,
            );
        }
        let text_width = if wide {
            inner_area.width
        } else {
            inner_area.width.saturating_sub(2)
        };
        let doc = standards_doc(app, usize::from(text_width));
        view::draw_doc_with_bar(frame, inner_area, &doc, *scroll, bar(area, wide));
    }
}
