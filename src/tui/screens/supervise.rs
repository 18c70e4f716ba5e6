//! A supervisor's review of a saved record (`dilemma review`): the items a
//! comment can be about on the left, the one under the cursor in full on
//! the right. Comments and the sign-off are written in the wizard's forms,
//! go through its identifying-details check, and each is saved at once by
//! the loop (`Effect::Review`). What a review is and how a change is
//! applied lives in `crate::review`, which knows nothing of screens.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use time::{Date, OffsetDateTime};

use super::nav;
use crate::record::{CommentOn, Record, ymd_text};
use crate::review::{Change, Review};
use crate::tui::app::{App, Commit, Confirmed, Effect, Popup, SaveState, Screen};
use crate::tui::form::{self, Field, Form, FormEvent};
use crate::tui::keymap::Action;
use crate::tui::update::guarded;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

/// The record under review, and what the reviewer told us so far.
pub struct Reviewing {
    pub review: Review,
    /// The reviewer's role, remembered between comments.
    pub role: String,
    pub today: Date,
    /// A change sent to be saved, waiting for its result.
    pub pending: Option<Change>,
}

/// The review screen: where the cursor is, and the form being written.
#[derive(Debug, Clone)]
pub struct Supervise {
    /// The item under the cursor, always a valid index.
    pub cursor: usize,
    /// How far the item's text is scrolled.
    pub scroll: usize,
    pub writing: Option<Writing>,
}

/// A comment, a new wording or a sign-off being written.
#[derive(Debug, Clone)]
pub struct Writing {
    pub purpose: Purpose,
    pub form: Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A comment on this item.
    Comment(CommentOn),
    SignOff,
    /// A new wording for the comment made at this time; clearing it
    /// withdraws the comment.
    Edit(OffsetDateTime),
}

const ROLE: &str = "Your role (for example: clinical supervisor)";
const READ_ONLY: &str = "Read only: --no-save is set, so nothing can be saved.";

impl Supervise {
    pub fn new() -> Supervise {
        Supervise {
            cursor: 0,
            scroll: 0,
            writing: None,
        }
    }
}

impl Default for Supervise {
    fn default() -> Self {
        Supervise::new()
    }
}

pub fn on_action(app: &mut App<'_>, action: Action, now: OffsetDateTime) -> Option<Effect> {
    let page = page(app);
    let reviewing = app.reviewing.as_deref()?;
    let rows = reviewing.review.items.len();
    let read_only = reviewing.review.read_only;
    let Screen::Supervise(s) = &mut app.screen else {
        return None;
    };
    if let Some(writing) = &mut s.writing {
        // Enter on the last field saves, as Ctrl-S does from any field.
        let last = writing.form.fields.len().saturating_sub(1);
        let event = if action == Action::Confirm && writing.form.focus == last {
            FormEvent::Submit
        } else {
            writing.form.act(action)
        };
        return match event {
            FormEvent::Submit => submit(app, now),
            FormEvent::Cancel if writing.form.dirty => {
                app.popups.push(Popup::Confirm {
                    text: "Discard what you wrote? Nothing of it is saved yet.".to_string(),
                    then: Confirmed::DiscardForm,
                });
                None
            }
            FormEvent::Cancel => {
                close_form(app);
                None
            }
            _ => None,
        };
    }
    match action {
        Action::PageUp => s.scroll = s.scroll.saturating_sub(page),
        Action::PageDown => s.scroll = s.scroll.saturating_add(page),
        Action::Comment | Action::Edit | Action::SignOff if read_only => {
            app.status = Some(READ_ONLY.to_string());
        }
        Action::Comment | Action::Edit | Action::SignOff => {
            let cursor = s.cursor;
            match open(app, action, cursor) {
                Ok(writing) => {
                    if let Screen::Supervise(s) = &mut app.screen {
                        s.writing = Some(writing);
                    }
                }
                Err(why) => app.status = Some(why.to_string()),
            }
        }
        _ => {
            let before = s.cursor;
            if nav(&mut s.cursor, rows, action, 5) && s.cursor != before {
                s.scroll = 0;
            }
        }
    }
    None
}

/// How far PgUp and PgDn scroll the item's text: its pane, less a line.
fn page(app: &App<'_>) -> usize {
    let [_, detail] = panes(view::body_rect(app));
    usize::from(detail.height.saturating_sub(3)).max(1)
}

/// The form a command opens on the item under the cursor, or why none.
fn open(app: &App<'_>, action: Action, cursor: usize) -> Result<Writing, &'static str> {
    let reviewing = app.reviewing.as_deref().ok_or("No record is open.")?;
    let review = &reviewing.review;
    let role = reviewing.role.as_str();
    let item = review
        .items
        .get(cursor)
        .ok_or("There is nothing to comment on.")?;
    let mut writing = match action {
        Action::Comment => Writing {
            purpose: Purpose::Comment(item.on.clone()),
            form: Form::new(
                &format!("Comment on: {}", item.title),
                vec![
                    Field::text(ROLE, None, role),
                    Field::text("Comment", None, ""),
                ],
            ),
        },
        Action::Edit => {
            if review.record.signoff.is_some() {
                return Err("Signed off: comments can no longer be changed.");
            }
            let comment = review
                .comments_on(&item.on)
                .pop()
                .ok_or("No comment on this item to change; press c to add one.")?;
            Writing {
                purpose: Purpose::Edit(comment.at),
                form: Form::new(
                    &format!("Change your comment on: {}", item.title),
                    vec![Field::text(
                        "Comment (clear it to withdraw the comment)",
                        None,
                        &comment.text,
                    )],
                ),
            }
        }
        _ => Writing {
            purpose: Purpose::SignOff,
            form: Form::new(
                "Sign the record off",
                vec![
                    Field::text(ROLE, None, role),
                    // The name is the signature, not a detail about a client.
                    Field {
                        prose: false,
                        ..Field::text("Your name, as you sign", None, "")
                    },
                    Field::date("Date (YYYY-MM-DD)", &ymd_text(reviewing.today)),
                    Field::text("Note (optional)", None, ""),
                ],
            ),
        },
    };
    if !matches!(writing.purpose, Purpose::Edit(_)) {
        writing.form.focus = usize::from(!role.is_empty());
    }
    Ok(writing)
}

/// Checks the form, then saves it through the identifying-details check.
fn submit(app: &mut App<'_>, now: OffsetDateTime) -> Option<Effect> {
    let today = app.reviewing.as_deref()?.today;
    let Screen::Supervise(Supervise {
        writing: Some(writing),
        ..
    }) = &mut app.screen
    else {
        return None;
    };
    match to_change(writing, today) {
        Err((field, why)) => {
            writing.form.focus = field;
            app.status = Some(why);
            None
        }
        Ok(change) => {
            if let (Change::Comment { role, .. } | Change::SignOff { role, .. }, Some(r)) =
                (&change, app.reviewing.as_deref_mut())
            {
                r.role = role.clone();
            }
            guarded(app, Commit::Form, now)
        }
    }
}

/// Asks the loop to save what the form says; the form stays open until
/// the result comes back, so nothing typed is lost if the save fails.
pub fn commit(app: &mut App<'_>, _now: OffsetDateTime) -> Option<Effect> {
    let reviewing = app.reviewing.as_deref_mut()?;
    let Screen::Supervise(Supervise {
        writing: Some(writing),
        ..
    }) = &app.screen
    else {
        return None;
    };
    match to_change(writing, reviewing.today) {
        Ok(change) => {
            reviewing.pending = Some(change.clone());
            Some(Effect::Review(change))
        }
        Err((_, why)) => {
            app.status = Some(why);
            None
        }
    }
}

/// The result of `Effect::Review`: the record as saved, or why not.
pub fn saved(app: &mut App<'_>, result: Result<Box<Record>, String>, now: OffsetDateTime) {
    let Some(reviewing) = app.reviewing.as_deref_mut() else {
        return;
    };
    let change = reviewing.pending.take();
    match result {
        Ok(record) => {
            reviewing.review.record = *record;
            app.status = Some(change.map_or_else(
                || "Saved.".to_string(),
                |change| change.done_words(&reviewing.review),
            ));
            if app.save != SaveState::Off {
                app.save = SaveState::Saved(now);
            }
            if let Screen::Supervise(s) = &mut app.screen {
                s.writing = None;
            }
        }
        Err(why) => {
            // The form stays open, text intact.
            app.status = Some(format!("Not saved: {why}"));
            app.save = SaveState::Failed(why);
        }
    }
}

/// Closes the form without saving.
pub fn close_form(app: &mut App<'_>) {
    if let Screen::Supervise(s) = &mut app.screen {
        s.writing = None;
        app.status = Some("Cancelled; nothing was saved.".to_string());
    }
}

/// The change a filled-in form asks for, or the field that is wrong and why.
fn to_change(writing: &Writing, today: Date) -> Result<Change, (usize, String)> {
    let value = |i: usize| writing.form.text(i).trim().to_string();
    let role = || {
        let role = value(0);
        if role.is_empty() {
            Err((
                0,
                "Write your role (for example: clinical supervisor).".to_string(),
            ))
        } else {
            Ok(role)
        }
    };
    match &writing.purpose {
        Purpose::Edit(of) => Ok(Change::EditComment {
            of: *of,
            text: value(0),
        }),
        Purpose::Comment(on) => {
            let role = role()?;
            let text = value(1);
            if text.is_empty() {
                return Err((1, "Write a comment, or press Esc to cancel.".to_string()));
            }
            Ok(Change::Comment {
                on: on.clone(),
                role,
                text,
            })
        }
        Purpose::SignOff => {
            let role = role()?;
            let name = value(1);
            if name.is_empty() {
                return Err((
                    1,
                    "Write your name: a sign-off is your signature.".to_string(),
                ));
            }
            let date = if value(2).is_empty() {
                today
            } else {
                crate::record::parse_ymd(&value(2)).ok_or_else(|| {
                    (
                        2,
                        format!("\"{}\" is not a date; write YYYY-MM-DD.", value(2)),
                    )
                })?
            };
            Ok(Change::SignOff {
                role,
                name,
                date,
                note: value(3),
            })
        }
    }
}

/// The heading, and the two panes under it: the list and the item's text.
fn panes(area: Rect) -> [Rect; 2] {
    let [_, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(body)
}

/// The item under the cursor in full, with its comments, `width` wide.
pub fn detail_doc(app: &App<'_>, cursor: usize, width: usize) -> Doc {
    let theme = &app.theme;
    let mut doc = Doc::default();
    let Some(reviewing) = app.reviewing.as_deref() else {
        return doc;
    };
    let review = &reviewing.review;
    let mut lines = review.item_text(cursor);
    if cursor == 0 && !review.changes.is_empty() {
        lines.push(String::new());
        lines.push("Changes to the rules:".to_string());
        lines.extend(review.changes.iter().map(|l| format!("- {l}")));
    }
    for line in lines {
        if line.is_empty() {
            doc.blank();
            continue;
        }
        let heading = line.ends_with(':') || line.starts_with("Comments (");
        let style = if heading { theme.heading } else { theme.text };
        // Indented and listed lines keep their indent when they wrap.
        let rest = line.trim_start();
        let indent = &line[..line.len() - rest.len()];
        let (lead, rest) = match rest.strip_prefix("- ") {
            Some(rest) => (format!("{indent}- "), rest),
            None => (indent.to_string(), rest),
        };
        for l in wrap::hanging(&lead, rest, width) {
            doc.push(Line::styled(l, style));
        }
    }
    doc
}

/// The largest useful scroll offset of the item's text, for `update`'s clamp.
pub fn max_scroll(app: &App<'_>, body: Rect) -> usize {
    let Screen::Supervise(s) = &app.screen else {
        return 0;
    };
    let [_, detail] = panes(body);
    let inner = Block::bordered().inner(detail);
    let doc = detail_doc(app, s.cursor, usize::from(inner.width));
    doc.len().saturating_sub(usize::from(inner.height))
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let (Some(reviewing), Screen::Supervise(s)) = (app.reviewing.as_deref(), &app.screen) else {
        return;
    };
    if let Some(writing) = &s.writing {
        form::draw(&writing.form, &app.theme, frame, area);
        return;
    }
    let theme = &app.theme;
    let review = &reviewing.review;
    let width = usize::from(area.width);
    let second = if review.read_only {
        "Read only: --no-save is set.".to_string()
    } else if !review.changes.is_empty() {
        "The rules changed since this record was made; the first item says how.".to_string()
    } else {
        "Add comments and a sign-off; the practitioner's own text is not changed.".to_string()
    };
    let [top, _] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        ratatui::widgets::Paragraph::new(vec![
            Line::styled(
                wrap::truncate(&format!("Review of {}", review.heading), width),
                theme.heading,
            ),
            Line::styled(wrap::truncate(&second, width), theme.dim),
        ]),
        top,
    );
    let [list, detail] = panes(area);

    let signed = match &review.record.signoff {
        Some(signoff) => format!(" signed off {} ", ymd_text(signoff.date)),
        None => " not signed off ".to_string(),
    };
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Line::styled(" Items ", theme.heading))
        .title_bottom(Line::styled(signed, theme.text));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let room = usize::from(inner.width.saturating_sub(3));
    let mut doc = Doc::default();
    for (i, item) in review.items.iter().enumerate() {
        let count = review.comments_on(&item.on).len();
        let marker = if count > 0 {
            format!(" [{count}]")
        } else {
            String::new()
        };
        let label = wrap::truncate(&item.label, room.saturating_sub(marker.len()));
        doc.row(
            theme,
            i == s.cursor,
            vec![Span::raw(label), Span::styled(marker, theme.heading)],
        );
    }
    view::draw_doc_with_bar(
        frame,
        inner,
        &doc,
        view::offset_for(
            doc.len(),
            usize::from(inner.height),
            Some((s.cursor, s.cursor + 1)),
        ),
        side(list),
    );

    let block = Block::bordered()
        .border_style(theme.border)
        .title(Line::styled(
            format!(" Item {} of {} ", s.cursor + 1, review.items.len()),
            theme.heading,
        ));
    let inner = block.inner(detail);
    frame.render_widget(block, detail);
    let doc = detail_doc(app, s.cursor, usize::from(inner.width));
    view::draw_doc_with_bar(frame, inner, &doc, s.scroll, side(detail));
}

/// Where a pane's scrollbar goes: down its right border, between the corners.
fn side(pane: Rect) -> Rect {
    pane.inner(ratatui::layout::Margin::new(0, 1))
}
