//! The end of the walk: what was decided and where the record is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use time::OffsetDateTime;

use super::{decide, home, nav};
use crate::record::ymd_text as format_date;
use crate::tui::app::{App, DONE_ROWS, Effect, Screen};
use crate::tui::keymap::Action;
use crate::tui::update::request_quit;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let Screen::Done { cursor } = &mut app.screen else {
        return None;
    };
    if nav(cursor, DONE_ROWS.len(), action, 3) {
        return None;
    }
    match action {
        Action::Confirm => match *cursor {
            0 => app.screen = app.outcome_screen(),
            1 => home::start_new(app, now),
            _ => return request_quit(app),
        },
        Action::Back => app.screen = decide::screen(app),
        _ => {}
    }
    None
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Done { cursor } = &app.screen else {
        return;
    };
    let theme = &app.theme;
    let width = usize::from(area.width.saturating_sub(2));
    let mut doc = Doc::default();
    let text = |doc: &mut Doc, s: &str, style: Style| {
        for line in wrap::lines(s, width) {
            doc.push(Line::styled(line, style));
        }
    };
    text(&mut doc, "Your record is complete", theme.heading);
    if let Some(decision) = &app.record.decision {
        text(
            &mut doc,
            &format!("Decision: {}", decision.chosen),
            theme.text,
        );
        if !decision.rationale.is_empty() {
            text(
                &mut doc,
                &format!("Why: {}", decision.rationale),
                theme.text,
            );
        }
        if let Some((ladder, step)) = &decision.next_step {
            let step = app
                .outcome
                .ladder(ladder)
                .and_then(|l| l.steps.iter().find(|s| s.id == *step))
                .map_or(step.clone(), |s| s.text.clone());
            text(&mut doc, &format!("Next step: {step}"), theme.text);
        }
        if let Some(date) = decision.follow_up {
            text(
                &mut doc,
                &format!("Follow up on {}", format_date(date)),
                theme.text,
            );
        }
    }
    let comments = app.comments_on_record();
    if !comments.is_empty() {
        doc.blank();
        text(&mut doc, "From supervision", theme.heading);
        for line in &comments {
            text(&mut doc, line, theme.text);
        }
    }
    doc.blank();
    let done: Vec<&str> = app.record.phases_done().iter().map(|p| p.name()).collect();
    text(&mut doc, &format!("Done: {}.", done.join(", ")), theme.dim);
    match &app.save_dir {
        Some(dir) => text(
            &mut doc,
            &format!(
                "Saved as {dir}/{id}.ron. To turn it into a document for supervision: dilemma export {dir}/{id}.ron",
                id = app.record.id
            ),
            theme.dim,
        ),
        None => text(
            &mut doc,
            "Not saving (--no-save): nothing is kept once you quit.",
            theme.warning,
        ),
    }
    doc.blank();
    for (i, row) in DONE_ROWS.iter().enumerate() {
        doc.row(theme, i == *cursor, vec![Span::raw(row.to_string())]);
    }
    view::draw_doc(frame, area, &doc, None);
}
