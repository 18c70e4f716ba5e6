//! Popups over the screen: help, confirmations, the identifying-details
//! check, notices, notes, the standards so far and "why we ask".

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use time::OffsetDateTime;

use super::app::{App, Commit, Confirmed, Effect, GUARD_CHOICES, NoteOn, Popup, Screen};
use super::keymap::{self, Action};
use super::screens::{self, nav, question, scroll};
use super::update::{commit, guarded, redact, request_quit};
use super::view::{self, Doc};
use super::wrap;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let popup = app.popups.last_mut()?;
    match popup {
        Popup::Help { scroll: offset, .. }
        | Popup::Notice { scroll: offset, .. }
        | Popup::Panel { scroll: offset }
        | Popup::Why { scroll: offset } => {
            if scroll(offset, action, 5) {
                return None;
            }
            match action {
                Action::Cancel => {
                    app.popups.pop();
                }
                Action::Interrupt => {
                    app.popups.pop();
                    return request_quit(app);
                }
                _ => {}
            }
            None
        }
        Popup::Confirm { then, .. } => {
            let then = *then;
            match action {
                Action::Yes => {
                    app.popups.pop();
                    confirmed(app, then, now)
                }
                Action::No => {
                    app.popups.pop();
                    None
                }
                Action::Interrupt if then == Confirmed::Quit => Some(Effect::Quit),
                Action::Interrupt => {
                    app.popups.pop();
                    request_quit(app)
                }
                _ => None,
            }
        }
        Popup::Guard { cursor, then, .. } => {
            let then = *then;
            if nav(cursor, GUARD_CHOICES.len(), action, 1) {
                return None;
            }
            let action = match (action, *cursor) {
                (Action::Confirm, 0) => Action::Edit,
                (Action::Confirm, 1) => Action::Redact,
                (Action::Confirm, _) => Action::Keep,
                (other, _) => other,
            };
            match action {
                Action::Edit => {
                    app.popups.pop();
                    None
                }
                Action::Redact => {
                    app.popups.pop();
                    redact(app, then);
                    commit(app, then, now)
                }
                Action::Keep => {
                    app.popups.pop();
                    commit(app, then, now)
                }
                Action::Interrupt => {
                    app.popups.pop();
                    request_quit(app)
                }
                _ => None,
            }
        }
        Popup::Note { .. } => match action {
            Action::Confirm => guarded(app, Commit::Note, now),
            Action::Cancel => {
                app.popups.pop();
                None
            }
            Action::Interrupt => request_quit(app),
            _ => None,
        },
    }
}

fn confirmed(app: &mut App<'_>, then: Confirmed, now: OffsetDateTime) -> Option<Effect> {
    match then {
        Confirmed::Quit => Some(Effect::Quit),
        Confirmed::DiscardForm => {
            screens::close_form(app);
            None
        }
        Confirmed::RemoveOption(i) => {
            if i < app.record.options.len() {
                app.record.options.remove(i);
            }
            app.touch(now)
        }
        Confirmed::RemoveConsultation(i) => {
            if i < app.record.consultations.len() {
                app.record.consultations.remove(i);
            }
            app.touch(now)
        }
    }
}

/// Saves the note being edited into the record.
pub fn commit_note(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    let Some(Popup::Note { on, input }) = app.popups.pop() else {
        return None;
    };
    let text = input.text().trim().to_string();
    match on {
        NoteOn::Question(id) => {
            if text.is_empty() {
                app.record.notes.remove(&id);
            } else {
                app.record.notes.insert(id, text);
            }
        }
        NoteOn::Step(ladder, step) => {
            if let Some(done) = app
                .record
                .ladder_progress
                .iter_mut()
                .find(|p| p.ladder == ladder && p.step == step)
            {
                done.note = text;
            }
        }
    }
    app.touch(now)
}

/// The popup's text and title, at `width`.
fn doc(app: &App<'_>, popup: &Popup, width: usize) -> (String, Doc) {
    let theme = &app.theme;
    let mut doc = Doc::default();
    let text = |doc: &mut Doc, s: &str, style: ratatui::style::Style| {
        for line in wrap::lines(s, width) {
            doc.push(Line::styled(line, style));
        }
    };
    let title = match popup {
        Popup::Help { context, .. } => {
            let pairs = keymap::help(*context);
            let key_width = pairs.iter().map(|(k, _)| wrap::width(k)).max().unwrap_or(0) + 2;
            for (keys, hint) in pairs {
                for line in wrap::hanging(&format!("{keys:key_width$}"), hint, width) {
                    doc.push(Line::styled(line, theme.text));
                }
            }
            doc.blank();
            let saved = if app.reviewing.is_some() {
                "Each comment and the sign-off is saved as soon as you make it; the practitioner's own text is never changed."
            } else {
                "Your record is saved after every answer and edit."
            };
            text(
                &mut doc,
                &format!(
                    "In text fields, letters are typed as text: use Enter to go on, Esc to go back, F1 for help and Ctrl-C to quit. {saved}"
                ),
                theme.dim,
            );
            "Keys"
        }
        Popup::Confirm { text: question, .. } => {
            text(&mut doc, question, theme.text);
            doc.blank();
            text(&mut doc, "y: yes     n: no", theme.key);
            "Please confirm"
        }
        Popup::Guard {
            findings, cursor, ..
        } => {
            text(
                &mut doc,
                "This text may identify someone. Records should hold facts, not names or contact details.",
                theme.text,
            );
            doc.blank();
            for (label, finding) in findings {
                let line = format!(
                    "{} in {label}: \"{}\"",
                    finding.kind.describe(),
                    finding.text
                );
                for line in wrap::hanging("- ", &line, width) {
                    doc.push(Line::styled(line, theme.warning));
                }
            }
            doc.blank();
            for (i, choice) in GUARD_CHOICES.iter().enumerate() {
                let key = ["e", "r", "k"][i];
                doc.row(
                    theme,
                    i == *cursor,
                    vec![ratatui::text::Span::raw(format!("{choice} ({key})"))],
                );
            }
            "Identifying details?"
        }
        Popup::Notice { title, lines, .. } => {
            for line in lines {
                let (lead, rest) = match line.strip_prefix("  - ") {
                    Some(rest) => ("  - ", rest),
                    None => ("", line.as_str()),
                };
                for l in wrap::hanging(lead, rest, width) {
                    doc.push(Line::styled(l, theme.text));
                }
            }
            doc.blank();
            text(&mut doc, "Enter: close", theme.dim);
            title.as_str()
        }
        Popup::Note { on, .. } => {
            let about = match on {
                NoteOn::Question(_) => "A note on this question, kept in your record.",
                NoteOn::Step(..) => "A note on this step: what you did and when.",
            };
            text(&mut doc, about, theme.text);
            text(
                &mut doc,
                "Facts, not names. Enter saves, Esc cancels.",
                theme.dim,
            );
            "Your note"
        }
        Popup::Panel { .. } => {
            doc = question::cited_doc(app, width);
            "Standards so far"
        }
        Popup::Why { .. } => {
            let help = match &app.screen {
                Screen::Question(a) => app
                    .set
                    .rules
                    .questions
                    .get(&a.question)
                    .map_or("", |q| q.help.as_str()),
                _ => "",
            };
            text(&mut doc, help, theme.text);
            "Why we ask"
        }
    };
    (title.to_string(), doc)
}

/// Where a popup goes: centred, as tall as its text (and an input box).
fn rect(area: Rect, popup: &Popup, lines: usize) -> Rect {
    let width = area.width.saturating_sub(4).min(72);
    let extra = if matches!(popup, Popup::Note { .. }) {
        5
    } else {
        0
    };
    let height = (lines as u16 + 2 + extra).min(area.height.saturating_sub(2));
    area.centered(Constraint::Length(width), Constraint::Length(height))
}

fn inner_width(area: Rect) -> usize {
    // Borders, a column of margin each side, and one for the scrollbar.
    usize::from(area.width.saturating_sub(4).min(72).saturating_sub(5)).max(1)
}

/// The largest scroll offset that still shows text, for `update`'s clamp.
pub fn max_scroll(app: &App<'_>, popup: &Popup, area: Rect) -> usize {
    let (_, doc) = doc(app, popup, inner_width(area));
    let rect = rect(area, popup, doc.len());
    doc.len()
        .saturating_sub(usize::from(rect.height.saturating_sub(2)))
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    for popup in &app.popups {
        draw_one(app, popup, frame, area);
    }
}

fn draw_one(app: &App<'_>, popup: &Popup, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let (title, doc) = doc(app, popup, inner_width(area));
    let rect = rect(area, popup, doc.len());
    let border = match popup {
        Popup::Guard { .. } | Popup::Confirm { .. } => theme.warning,
        _ => theme.heading,
    };
    let block = Block::bordered()
        .border_style(border)
        .title(Line::styled(format!(" {title} "), theme.heading));
    let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let scroll = match popup {
        Popup::Help { scroll, .. }
        | Popup::Notice { scroll, .. }
        | Popup::Panel { scroll }
        | Popup::Why { scroll } => *scroll,
        _ => 0,
    };
    if let Popup::Note { input, .. } = popup {
        let [text, field] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(5)]).areas(inner);
        frame.render_widget(Paragraph::new(doc.lines.clone()), text);
        let block = Block::bordered().border_style(theme.border);
        let field_inner = block.inner(field);
        frame.render_widget(block, field);
        let (lines, (col, row)) =
            input.layout(usize::from(field_inner.width.saturating_sub(1)).max(1));
        let height = usize::from(field_inner.height);
        let offset = (row + 1).saturating_sub(height);
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(offset)
            .take(height)
            .map(Line::from)
            .collect();
        frame.render_widget(Paragraph::new(shown), field_inner);
        if field_inner.width > 0 && field_inner.height > 0 {
            frame.set_cursor_position(Position::new(
                field_inner.x + (col as u16).min(field_inner.width - 1),
                field_inner.y + ((row - offset) as u16).min(field_inner.height - 1),
            ));
        }
        return;
    }
    view::draw_doc_at(frame, inner, &doc, scroll);
}
