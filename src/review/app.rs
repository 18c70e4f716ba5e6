//! The review screen's model and its update function. No terminal and no
//! files here: saving comes back as an `Effect` the loop performs, and its
//! result comes in as a `Msg`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use time::Date;

use super::keys::{self, Action, Binding};
use super::{Change, Review};
use crate::record::guard::Finding;
use crate::record::{CommentOn, Record, ymd_text};

pub struct App {
    pub review: Review,
    /// The item under the cursor, always a valid index.
    pub selected: usize,
    /// How far the item's text is scrolled.
    pub scroll: u16,
    pub mode: Mode,
    /// The reviewer's role, remembered between comments.
    pub role: String,
    pub today: Date,
    /// The last thing that happened, shown above the key hints.
    pub status: Option<Status>,
    /// A change sent to be saved, waiting for its result.
    pub pending: Option<Change>,
    pub quit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Help,
    Form(Form),
    /// Identifying details were found in the form about to be saved.
    Confirm {
        form: Form,
        findings: Vec<Finding>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub purpose: Purpose,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A comment on this item, with its title for the popup.
    Comment {
        on: CommentOn,
        title: String,
    },
    SignOff,
    /// A new wording for the comment made at `of`; clearing it withdraws it.
    Edit {
        of: time::OffsetDateTime,
        title: String,
    },
}

/// A one-line text field; `cursor` counts characters, not bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
    pub cursor: usize,
}

impl Field {
    fn new(label: &'static str, value: &str) -> Self {
        Field {
            label,
            value: value.to_string(),
            cursor: value.chars().count(),
        }
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }

    fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.value.insert(at, c);
        self.cursor += 1;
    }

    fn edit(&mut self, action: Action) {
        let len = self.value.chars().count();
        match action {
            Action::Left => self.cursor = self.cursor.saturating_sub(1),
            Action::Right => self.cursor = (self.cursor + 1).min(len),
            Action::Home => self.cursor = 0,
            Action::End => self.cursor = len,
            Action::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            Action::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            _ => {}
        }
    }
}

pub enum Msg {
    Key(KeyEvent),
    /// The result of performing `Effect::Save`: the record as saved, or why not.
    Saved(Result<Box<Record>, String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Save(Change),
}

impl App {
    pub fn new(review: Review, today: Date) -> App {
        App {
            review,
            selected: 0,
            scroll: 0,
            mode: Mode::Browse,
            role: String::new(),
            today,
            status: None,
            pending: None,
            quit: false,
        }
    }

    /// The key table for the current mode: what the keys do and what the
    /// footer and help show.
    pub fn keymap(&self) -> &'static [Binding] {
        match self.mode {
            Mode::Browse => keys::BROWSE,
            Mode::Help => keys::HELP,
            Mode::Form(_) => keys::FORM,
            Mode::Confirm { .. } => keys::CONFIRM,
        }
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    fn move_to(&mut self, index: usize) {
        let last = self.review.items.len().saturating_sub(1);
        let index = index.min(last);
        if index != self.selected {
            self.scroll = 0;
        }
        self.selected = index;
    }

    fn comment_form(&self) -> Form {
        let item = &self.review.items[self.selected];
        Form {
            purpose: Purpose::Comment {
                on: item.on.clone(),
                title: item.title.clone(),
            },
            fields: vec![
                Field::new("Your role (for example: clinical supervisor)", &self.role),
                Field::new("Comment", ""),
            ],
            focus: usize::from(!self.role.is_empty()),
            error: None,
        }
    }

    /// The form to reword or withdraw the latest comment on the item under
    /// the cursor, or why there is none.
    fn edit_form(&self) -> Result<Form, &'static str> {
        if self.review.record.signoff.is_some() {
            return Err("Signed off: comments can no longer be changed.");
        }
        let item = &self.review.items[self.selected];
        let comment = self
            .review
            .comments_on(&item.on)
            .pop()
            .ok_or("No comment on this item to change; press c to add one.")?;
        Ok(Form {
            purpose: Purpose::Edit {
                of: comment.at,
                title: item.title.clone(),
            },
            fields: vec![Field::new(
                "Comment (clear it to withdraw the comment)",
                &comment.text,
            )],
            focus: 0,
            error: None,
        })
    }

    fn signoff_form(&self) -> Form {
        Form {
            purpose: Purpose::SignOff,
            fields: vec![
                Field::new("Your role (for example: clinical supervisor)", &self.role),
                Field::new("Your name, as you sign", ""),
                Field::new("Date (YYYY-MM-DD)", &ymd_text(self.today)),
                Field::new("Note (optional)", ""),
            ],
            focus: usize::from(!self.role.is_empty()),
            error: None,
        }
    }
}

pub fn update(app: &mut App, msg: Msg) -> Option<Effect> {
    match msg {
        Msg::Key(key) => {
            // Some terminals report releases and repeats too; act on presses.
            if key.kind != KeyEventKind::Press {
                return None;
            }
            on_key(app, key)
        }
        Msg::Saved(result) => {
            let change = app.pending.take();
            match result {
                Ok(record) => {
                    app.review.record = *record;
                    app.mode = Mode::Browse;
                    let text = change.map_or_else(
                        || "Saved.".to_string(),
                        |change| change.done_words(&app.review),
                    );
                    app.say(text, false);
                }
                Err(why) => {
                    // Back to the form, text intact, so nothing typed is lost.
                    if let Mode::Confirm { form, .. } = &app.mode {
                        app.mode = Mode::Form(form.clone());
                    }
                    if let Mode::Form(form) = &mut app.mode {
                        form.error = Some(format!("Not saved: {why}"));
                    } else {
                        app.say(format!("Not saved: {why}"), true);
                    }
                }
            }
            None
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Option<Effect> {
    let action = keys::action(app.keymap(), &key);
    if action == Some(Action::Quit) {
        app.quit = true;
        return None;
    }
    match &mut app.mode {
        Mode::Browse => browse(app, action?),
        Mode::Help => {
            if action == Some(Action::Close) {
                app.mode = Mode::Browse;
            }
            None
        }
        Mode::Form(form) => {
            let Some(action) = action else {
                if let KeyCode::Char(c) = key.code
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                {
                    form.fields[form.focus].insert(c);
                    form.error = None;
                }
                return None;
            };
            let form = form.clone();
            in_form(app, form, action)
        }
        Mode::Confirm { form, .. } => {
            let form = form.clone();
            match action? {
                Action::Keep => {
                    let change = to_change(&form, app.today).ok()?;
                    app.pending = Some(change.clone());
                    Some(Effect::Save(change))
                }
                Action::Edit => {
                    app.mode = Mode::Form(form);
                    None
                }
                Action::Drop => {
                    app.mode = Mode::Browse;
                    app.say("Left out; nothing was saved.", false);
                    None
                }
                _ => None,
            }
        }
    }
}

fn browse(app: &mut App, action: Action) -> Option<Effect> {
    let last = app.review.items.len().saturating_sub(1);
    match action {
        Action::Up => app.move_to(app.selected.saturating_sub(1)),
        Action::Down => app.move_to(app.selected + 1),
        Action::Top => app.move_to(0),
        Action::Bottom => app.move_to(last),
        Action::ScrollDown => app.scroll = app.scroll.saturating_add(5),
        Action::ScrollUp => app.scroll = app.scroll.saturating_sub(5),
        Action::Help => app.mode = Mode::Help,
        Action::Comment | Action::SignOff | Action::EditComment if app.review.read_only => app.say(
            "Read only: --no-save is set, so nothing can be saved.",
            true,
        ),
        Action::Comment if !app.review.items.is_empty() => {
            app.mode = Mode::Form(app.comment_form());
        }
        Action::SignOff => app.mode = Mode::Form(app.signoff_form()),
        Action::EditComment if !app.review.items.is_empty() => match app.edit_form() {
            Ok(form) => app.mode = Mode::Form(form),
            Err(why) => app.say(why, true),
        },
        _ => {}
    }
    None
}

fn in_form(app: &mut App, mut form: Form, action: Action) -> Option<Effect> {
    let last = form.fields.len() - 1;
    match action {
        Action::Cancel => {
            app.mode = Mode::Browse;
            app.say("Cancelled; nothing was saved.", false);
            return None;
        }
        Action::NextField => form.focus = (form.focus + 1).min(last),
        Action::PrevField => form.focus = form.focus.saturating_sub(1),
        Action::Submit if form.focus < last => form.focus += 1,
        Action::Submit => match to_change(&form, app.today) {
            Err(why) => form.error = Some(why),
            Ok(change) => {
                if !matches!(form.purpose, Purpose::Edit { .. }) {
                    app.role = form.fields[0].value.trim().to_string();
                }
                let findings = change.findings();
                if findings.is_empty() {
                    app.pending = Some(change.clone());
                    app.mode = Mode::Form(form);
                    return Some(Effect::Save(change));
                }
                app.mode = Mode::Confirm { form, findings };
                return None;
            }
        },
        edit => form.fields[form.focus].edit(edit),
    }
    app.mode = Mode::Form(form);
    None
}

/// The change a filled-in form asks for, or what is missing.
fn to_change(form: &Form, today: Date) -> Result<Change, String> {
    let value = |i: usize| form.fields[i].value.trim().to_string();
    let role = || {
        let role = value(0);
        if role.is_empty() {
            Err("Write your role (for example: clinical supervisor).".to_string())
        } else {
            Ok(role)
        }
    };
    match &form.purpose {
        Purpose::Edit { of, .. } => Ok(Change::EditComment {
            of: *of,
            text: value(0),
        }),
        Purpose::Comment { on, .. } => {
            let role = role()?;
            let text = value(1);
            if text.is_empty() {
                return Err("Write a comment, or press Esc to cancel.".to_string());
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
                return Err("Write your name: a sign-off is your signature.".to_string());
            }
            let date = if value(2).is_empty() {
                today
            } else {
                crate::record::parse_ymd(&value(2))
                    .ok_or_else(|| format!("\"{}\" is not a date; write YYYY-MM-DD.", value(2)))?
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
