//! The outcome: what to do in order (ladders as checklists), the standards
//! that apply and why, the tensions, and the disclaimer once.

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
use crate::tui::app::{App, Effect, NoteOn, Pane, Popup, Screen};
use crate::tui::keymap::Action;
use crate::tui::text_input::TextInput;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

/// Wide enough to show steps and standards side by side.
pub const TWO_PANES_MIN_WIDTH: u16 = 110;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let rows = app.step_rows();
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
    match action {
        Action::NextPane | Action::PrevPane => {
            *pane = match pane {
                Pane::Steps => Pane::Standards,
                Pane::Standards => Pane::Steps,
            };
        }
        Action::Toggle => {
            let &(l, s) = rows.get(*cursor)?;
            let ladder = &app.outcome.ladders[l];
            let step = &ladder.steps[s];
            let progress = &mut app.record.ladder_progress;
            match progress
                .iter()
                .position(|p| p.ladder == ladder.id && p.step == step.id)
            {
                Some(i) => {
                    progress.remove(i);
                }
                None => progress.push(StepProgress {
                    ladder: ladder.id.clone(),
                    step: step.id.clone(),
                    done_at: now,
                    note: String::new(),
                }),
            }
            return app.touch(now);
        }
        Action::Note => {
            let &(l, s) = rows.get(*cursor)?;
            let ladder = &app.outcome.ladders[l];
            let step = &ladder.steps[s];
            match app
                .record
                .ladder_progress
                .iter()
                .find(|p| p.ladder == ladder.id && p.step == step.id)
            {
                Some(done) => {
                    let input = TextInput::new(&done.note);
                    app.popups.push(Popup::Note {
                        on: NoteOn::Step(ladder.id.clone(), step.id.clone()),
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
            app.screen = if app.scenario.is_some() && app.record.training.is_some() {
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

/// The ladders as checklists, the tensions and the disclaimer; with the rows
/// of the step under the cursor.
pub fn steps_doc(
    app: &App<'_>,
    width: usize,
    cursor: usize,
) -> (Doc, Option<(usize, usize)>, bool) {
    let theme = &app.theme;
    let outcome = &app.outcome;
    let rules = &app.set.rules;
    let mut doc = Doc::default();
    let mut focus = None;
    if !outcome.finished {
        for line in wrap::lines(
            "The walk is not finished: this is the outcome of the answers so far.",
            width,
        ) {
            doc.push(Line::styled(line, theme.warning));
        }
        doc.blank();
    }
    if outcome.code_is_clear {
        for line in wrap::lines(
            "The code is clear here: one standard governs and one ladder sets out what to do. You can go straight to your plan (Enter).",
            width,
        ) {
            doc.push(Line::styled(line, theme.good));
        }
        doc.blank();
    }
    if outcome.ladders.is_empty() {
        for line in wrap::lines(
            "No escalation steps follow from these answers. Take the standards on the right to supervision.",
            width,
        ) {
            doc.push(Line::styled(line, theme.text));
        }
    }
    let starts = outcome.first_steps();
    if starts.len() > 1 {
        doc.push(Line::styled("Where to start", theme.heading));
        for (ladder, step) in starts {
            let line = format!("{}: {}", ladder.title, step.text);
            for line in wrap::hanging("- ", &line, width) {
                doc.push(Line::styled(line, theme.text));
            }
        }
        doc.blank();
    }
    let prompt = |q: &str| rules.prompt_of(q).to_string();
    let mut row = 0;
    for ladder in &outcome.ladders {
        let numbers: Vec<String> = ladder.standards.iter().map(u8::to_string).collect();
        let label = if numbers.len() == 1 {
            "standard"
        } else {
            "standards"
        };
        let title = format!("{} ({label} {})", ladder.title, numbers.join(", "));
        for line in wrap::lines(&title, width) {
            doc.push(Line::styled(line, theme.heading));
        }
        for (i, step) in ladder.steps.iter().enumerate() {
            let start = doc.len();
            let here = row == cursor;
            let done = app
                .record
                .ladder_progress
                .iter()
                .find(|p| p.ladder == ladder.id && p.step == step.id);
            let first = ladder.first_step.as_deref() == Some(step.id.as_str());
            let mark = match (done.is_some(), step.applies) {
                (true, _) => "[x]",
                (false, true) => "[ ]",
                (false, false) => "[-]",
            };
            let lead = format!(
                "{} {mark} {:>3} ",
                if here { ">" } else { " " },
                format!("{}.", i + 1)
            );
            let indent = wrap::width(&lead);
            let (text, style) = if first {
                (format!("Start here: {}", step.text), theme.first)
            } else if step.applies {
                (step.text.clone(), theme.text)
            } else {
                (format!("Does not apply: {}", step.text), theme.dim)
            };
            let style = if here { theme.selected } else { style };
            // A step that does not apply stays in its place, dimmed, but
            // takes two lines until the cursor is on it: long ladders must
            // not push the steps that do apply off a small screen.
            if !step.applies && !here && done.is_none() {
                doc.push(Line::styled(
                    wrap::truncate(&format!("{lead}{text}"), width),
                    style,
                ));
                let why = step.note.clone().or_else(|| {
                    step.because
                        .first()
                        .map(|b| format!("Because you answered \"{}\".", b.answer))
                });
                if let Some(why) = why {
                    let room = width.saturating_sub(indent).max(1);
                    doc.push(Line::from(vec![
                        Span::raw(" ".repeat(indent)),
                        Span::styled(wrap::truncate(&why, room), theme.dim),
                    ]));
                }
                row += 1;
                continue;
            }
            for line in wrap::hanging(&lead, &text, width) {
                doc.push(Line::styled(line, style));
            }
            let mut notes: Vec<String> = Vec::new();
            if !step.applies {
                let why: Vec<String> = step
                    .because
                    .iter()
                    .map(|b| format!("\"{}\" to \"{}\"", b.answer, prompt(&b.question)))
                    .collect();
                if !why.is_empty() {
                    notes.push(format!("Because you answered {}.", why.join("; ")));
                }
                notes.extend(step.note.clone());
            }
            if let Some(done) = done {
                let mut line = format!("Done {}", format_date(done.done_at.date()));
                if !done.note.is_empty() {
                    line.push_str(&format!(": {}", done.note));
                }
                notes.push(line);
            }
            for note in notes {
                for line in wrap::lines(&note, width.saturating_sub(indent).max(1)) {
                    doc.push(Line::from(vec![
                        Span::raw(" ".repeat(indent)),
                        Span::styled(line, theme.dim),
                    ]));
                }
            }
            if here {
                focus = Some((start, doc.len()));
            }
            row += 1;
        }
        doc.blank();
    }
    if !outcome.tensions.is_empty() {
        doc.push(Line::styled(
            "Standards that pull against each other",
            theme.heading,
        ));
        for tension in &outcome.tensions {
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
    for line in wrap::lines(&rules.disclaimer, width) {
        doc.push(Line::styled(line, theme.dim));
    }
    let last = row == 0 || cursor + 1 >= row;
    (doc, focus, last)
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
                tab("What to do, in order", *pane == Pane::Steps),
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
                    .title(title("What to do, in order", *pane == Pane::Steps)),
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
