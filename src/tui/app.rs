//! The wizard's model: everything on screen is drawn from an `App`, and only
//! `update` changes it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use ratatui::crossterm::event::{KeyEvent, MouseEventKind};
use time::OffsetDateTime;

use super::form::Form;
use super::keymap::Context;
use super::screens::supervise::{Reviewing, Supervise};
use super::text_input::TextInput;
use super::theme::Theme;
use crate::code::Catalogue;
use crate::engine::{Answer, Walk};
use crate::official::Official;
use crate::outcome::Outcome;
use crate::record::guard::Finding;
use crate::record::store::RecordFile;
use crate::record::{Phase, Record, TrainingInfo, resume};
use crate::review::Review;
use crate::rules::{Kind, Question, RuleSet};
use crate::training::Scenario;
use crate::view::OutcomeView;
use crate::wizard;
use crate::wizard::ThemeName;

/// Below this the wizard shows a single "too small" message.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

/// What the loop feeds to `update`.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEventKind),
    Resize(u16, u16),
    /// The result of an `Effect::Save`.
    Saved(Result<(), String>),
    /// Saved records already read, newest first, for the resume list.
    Sessions(Vec<Session>),
    /// The result of an `Effect::ListSessions`: the record files, newest
    /// first, none read yet.
    SessionFiles(Vec<RecordFile>),
    /// The result of an `Effect::ReadSessions`: rows of the list, read.
    SessionsRead(Vec<(usize, Session)>),
    /// The result of an `Effect::Review`: the record as saved, or why not.
    Reviewed(Result<Box<Record>, String>),
}

/// Work only the loop can do (it touches the disk or ends the program).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write `app.record` to the store (nothing, with --no-save).
    Save,
    /// List the record files for the resume list (nothing is read).
    ListSessions,
    /// Read the record files behind these rows of the resume list: the
    /// rows coming into view, so a list of any length opens at once.
    ReadSessions(Vec<(usize, PathBuf)>),
    /// Apply a supervisor's change to the reviewed record's file: load it
    /// fresh, apply, save atomically (`review::save_change`).
    Review(crate::review::Change),
    Quit,
}

/// A row of the resume list: a record file, read when it first comes into
/// view.
#[derive(Debug, Clone)]
pub enum SessionRow {
    Unread(RecordFile),
    Read(Box<Session>),
}

impl SessionRow {
    pub fn id(&self) -> &str {
        match self {
            SessionRow::Unread(file) => &file.id,
            SessionRow::Read(session) => &session.id,
        }
    }

    /// The row's record, or why it cannot be read, once read.
    pub fn read(&self) -> Option<&Session> {
        match self {
            SessionRow::Unread(_) => None,
            SessionRow::Read(session) => Some(session),
        }
    }
}

/// A saved record as listed on the resume screen.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    /// The record, or why it cannot be read.
    pub record: Result<Record, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// --no-save: nothing is written.
    Off,
    NotYet,
    Saved(OffsetDateTime),
    Failed(String),
}

/// The question being answered (or an earlier one being changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asking {
    pub question: String,
    pub cursor: usize,
    pub picked: Vec<bool>,
    /// Changing an earlier answer from the review screen.
    pub change: bool,
    /// A number typed a moment ago that a second digit may extend (`1`
    /// then `5` is choice 15), with when it was typed. Any other key
    /// forgets it.
    pub digit: Option<(usize, OffsetDateTime)>,
}

impl Asking {
    /// Starts on `question`, with `previous` choices already picked.
    pub fn new(id: &str, question: &Question, previous: Option<&Answer>, change: bool) -> Self {
        let picked: Vec<bool> = question
            .choices
            .iter()
            .map(|c| previous.is_some_and(|a| a.choices.contains(&c.id)))
            .collect();
        let cursor = picked.iter().position(|p| *p).unwrap_or(0);
        Asking {
            question: id.to_string(),
            cursor,
            picked,
            change,
            digit: None,
        }
    }

    pub fn pick_only(&mut self, index: usize) {
        for (i, p) in self.picked.iter_mut().enumerate() {
            *p = i == index;
        }
    }
}

/// A row of the outcome: a plan step, or a step that does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRow {
    Step(usize),
    LeftOut(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Steps,
    Standards,
}

#[derive(Debug, Clone)]
pub struct Browser {
    pub query: TextInput,
    pub searching: bool,
    pub cursor: usize,
    /// On a narrow screen, the detail is shown instead of the list.
    pub detail: bool,
    pub scroll: usize,
    /// Where Esc returns to.
    pub back: Box<Screen>,
}

/// An option or consultation being edited: its index, or `None` when new.
#[derive(Debug, Clone)]
pub struct Editing {
    pub index: Option<usize>,
    pub form: Form,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Home {
        cursor: usize,
    },
    Sessions {
        cursor: usize,
    },
    Vignette {
        label: TextInput,
        scroll: usize,
    },
    Situation {
        input: TextInput,
    },
    Question(Asking),
    Review {
        cursor: usize,
    },
    Outcome {
        pane: Pane,
        cursor: usize,
        scroll: usize,
    },
    Score {
        scroll: usize,
    },
    Options {
        cursor: usize,
        editing: Option<Editing>,
    },
    Consult {
        cursor: usize,
        editing: Option<Editing>,
    },
    Decide {
        form: Form,
    },
    Done {
        cursor: usize,
    },
    Browser(Browser),
    /// A supervisor reading a saved record (`dilemma review`).
    Supervise(Supervise),
}

/// What the guard's "keep" or "remove" finishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commit {
    Situation,
    Note,
    Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteOn {
    Question(String),
    Step(String, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    Quit,
    DiscardForm,
    RemoveOption(usize),
    RemoveConsultation(usize),
}

#[derive(Debug, Clone)]
pub enum Popup {
    Help {
        context: Context,
        scroll: usize,
    },
    Confirm {
        text: String,
        then: Confirmed,
    },
    Guard {
        /// Each finding with the label of the field it is in.
        findings: Vec<(String, Finding)>,
        then: Commit,
        cursor: usize,
    },
    Notice {
        title: String,
        lines: Vec<String>,
        scroll: usize,
    },
    Note {
        on: NoteOn,
        input: TextInput,
    },
    Panel {
        scroll: usize,
    },
    Why {
        scroll: usize,
    },
}

/// The choices on the guard popup, in order.
pub const GUARD_CHOICES: [&str; 3] = [
    "Edit the text",
    "Remove those details",
    "Keep it as written",
];

/// The rows of the first screen.
pub const HOME_ROWS: [&str; 4] = [
    "Start a new dilemma",
    "Resume a saved dilemma",
    "Browse the standards",
    "Quit",
];

pub struct App<'a> {
    pub set: &'a RuleSet,
    pub code: &'a Catalogue,
    pub theme: Theme,
    pub walk: Walk<'a>,
    /// What the answers add up to now; recomputed after every answer.
    pub outcome: Outcome,
    /// The same, in the words every output shows.
    pub view: OutcomeView,
    /// The outcome lists the steps that do not apply, too.
    pub show_all: bool,
    pub record: Record,
    pub scenario: Option<&'a Scenario>,
    pub screen: Screen,
    pub popups: Vec<Popup>,
    /// A one-line message under the screen (cleared by the next key).
    pub status: Option<String>,
    pub save: SaveState,
    /// Shown on the last screen so the user knows where the record went.
    pub save_dir: Option<String>,
    pub size: (u16, u16),
    pub sessions: Vec<SessionRow>,
    pub safety: BTreeSet<String>,
    /// Set when the app is a supervisor's review of a saved record: the
    /// walk and `record` are then unused and never saved.
    pub reviewing: Option<Box<Reviewing>>,
    /// The official wording from the user's imported copy, shown under our
    /// summaries. The command line reads it; the wizard reads no files.
    pub official: Option<Official>,
}

/// How the wizard starts.
pub struct Start<'a> {
    pub set: &'a RuleSet,
    pub code: &'a Catalogue,
    pub record: Record,
    pub resumed: bool,
    pub theme: ThemeName,
    pub scenario: Option<&'a Scenario>,
    /// Where records are saved; `None` with --no-save.
    pub save_dir: Option<String>,
    pub size: (u16, u16),
    /// Show the steps that do not apply from the start.
    pub all: bool,
    /// The official wording from the user's imported copy, if any.
    pub official: Option<Official>,
}

impl<'a> App<'a> {
    pub fn new(start: Start<'a>) -> App<'a> {
        let Start {
            set,
            code,
            record,
            resumed,
            theme,
            scenario,
            save_dir,
            size,
            all,
            official,
        } = start;
        let walk = Walk::new(&set.rules);
        let outcome = Outcome::of(&walk, code);
        let mut app = App {
            set,
            code,
            theme: Theme::named(theme),
            view: OutcomeView::build(&outcome, &set.rules, code),
            outcome,
            show_all: all,
            walk,
            record,
            scenario,
            screen: Screen::Home { cursor: 0 },
            popups: Vec::new(),
            status: None,
            save: if save_dir.is_some() {
                SaveState::NotYet
            } else {
                SaveState::Off
            },
            save_dir,
            size,
            sessions: Vec::new(),
            safety: wizard::safety_questions(&set.rules),
            reviewing: None,
            official,
        };
        if resumed {
            let record = app.record.clone();
            app.open(record);
        }
        // A fresh training walk opens on the vignette; `train --student`
        // may already have named the trainee.
        if scenario.is_some() && !resumed {
            let student = app
                .record
                .training
                .as_ref()
                .and_then(|t| t.student.as_deref());
            app.screen = Screen::Vignette {
                label: TextInput::new(student.unwrap_or("")),
                scroll: 0,
            };
        }
        app
    }

    /// A supervisor's review of a saved record, opened on its items. Each
    /// change is saved to the record's file as it is made (`--no-save`
    /// makes the review read only).
    pub fn supervising(
        set: &'a RuleSet,
        code: &'a Catalogue,
        review: Review,
        today: time::Date,
        theme: ThemeName,
        size: (u16, u16),
    ) -> App<'a> {
        let read_only = review.read_only;
        let mut app = App::new(Start {
            set,
            code,
            record: review.record.clone(),
            resumed: false,
            theme,
            scenario: None,
            save_dir: None,
            size,
            all: false,
            official: None,
        });
        app.save = if read_only {
            SaveState::Off
        } else {
            SaveState::NotYet
        };
        app.reviewing = Some(Box::new(Reviewing {
            review,
            role: String::new(),
            today,
            pending: None,
        }));
        app.screen = Screen::Supervise(Supervise::new());
        app
    }

    /// Reopens a saved record on the current rules and continues where it
    /// stopped. When the rules changed, says what moved and adopts the
    /// record onto them (the old answers are kept inside it).
    pub fn open(&mut self, mut record: Record) {
        let set = self.set;
        let reopened = resume::reopen(&record, set, self.code);
        if let Some(changes) = &reopened.changes {
            self.popups.push(Popup::Notice {
                title: "This record was made on other rules".to_string(),
                lines: changes.describe(&set.rules, self.code),
                scroll: 0,
            });
            resume::adopt(&mut record, &reopened, set);
        }
        self.walk = reopened.walk;
        self.record = record;
        self.refresh();
        if self.save != SaveState::Off {
            self.save = SaveState::NotYet;
        }
        self.screen = self.resume_screen();
    }

    /// The screen a reopened record continues on.
    pub fn resume_screen(&self) -> Screen {
        match wizard::resume_phase(&self.record, &self.walk) {
            Phase::Situation => Screen::Situation {
                input: TextInput::multiline(&self.record.situation),
            },
            Phase::Options => Screen::Options {
                cursor: 0,
                editing: None,
            },
            Phase::Consult => Screen::Consult {
                cursor: 0,
                editing: None,
            },
            Phase::Decide => Screen::Done { cursor: 0 },
            Phase::Outcome => self.outcome_screen(),
            Phase::Safety | Phase::Code => self.walk_screen(),
        }
    }

    /// The question the walk waits for, or the outcome once it is done.
    pub fn walk_screen(&self) -> Screen {
        match self.walk.current() {
            Some((id, question)) => Screen::Question(Asking::new(id, question, None, false)),
            None => self.outcome_screen(),
        }
    }

    /// A training walk whose key came with the vignette is scored at the
    /// end; a student's copy (no key) is scored later by the instructor.
    pub fn shows_score(&self) -> bool {
        self.scenario.is_some_and(|s| s.has_key()) && self.record.training.is_some()
    }

    pub fn outcome_screen(&self) -> Screen {
        Screen::Outcome {
            pane: Pane::Steps,
            cursor: 0,
            scroll: 0,
        }
    }

    /// Starts the walk proper, as the vignette or the situation screen ends.
    pub fn begin_training(&mut self, student: &str) {
        if let Some(scenario) = self.scenario {
            let student = student.trim();
            self.record.training = Some(TrainingInfo {
                scenario: scenario.id.clone(),
                student: (!student.is_empty()).then(|| student.to_string()),
            });
        }
    }

    /// Recomputes what depends on the answers after the walk changed.
    pub fn refresh(&mut self) {
        self.outcome = Outcome::of(&self.walk, self.code);
        self.view = OutcomeView::build(&self.outcome, &self.set.rules, self.code);
    }

    /// Brings the record up to date and asks the loop to save it.
    pub fn touch(&mut self, now: OffsetDateTime) -> Option<Effect> {
        wizard::sync_record(&mut self.record, &self.walk, &self.outcome, now);
        Some(Effect::Save)
    }

    /// A record with nothing in it yet is not worth a file.
    pub fn record_is_empty(&self) -> bool {
        let r = &self.record;
        r.situation.trim().is_empty()
            && r.answers.is_empty()
            && r.options.is_empty()
            && r.consultations.is_empty()
            && r.decision.is_none()
            && r.notes.is_empty()
            && r.training.is_none()
    }

    /// Whether quitting now would lose something the user wrote.
    pub fn has_unsaved(&self) -> bool {
        if self.reviewing.is_some() {
            // A review saves each change as it is made: only an open form
            // holds words not on disk.
            return matches!(
                &self.screen,
                Screen::Supervise(Supervise { writing: Some(w), .. }) if w.form.dirty
            );
        }
        let typed = |input: &TextInput| input.is_edited() && !input.text().trim().is_empty();
        let open = match &self.screen {
            Screen::Situation { input } => typed(input),
            Screen::Vignette { label, .. } => typed(label),
            Screen::Options {
                editing: Some(e), ..
            }
            | Screen::Consult {
                editing: Some(e), ..
            } => e.form.dirty,
            Screen::Decide { form } => form.dirty,
            _ => false,
        };
        let note = self.popups.iter().any(|p| match p {
            Popup::Note { input, .. } => typed(input),
            _ => false,
        });
        let unsaved_record = match &self.save {
            SaveState::Off | SaveState::Failed(_) => !self.record_is_empty(),
            _ => false,
        };
        open || note || unsaved_record
    }

    /// Where keys go now: the popup on top, else the screen.
    pub fn context(&self) -> Context {
        if let Some(popup) = self.popups.last() {
            return match popup {
                Popup::Help { .. } => Context::Help,
                Popup::Confirm { .. } => Context::Confirm,
                Popup::Guard { .. } => Context::Guard,
                Popup::Notice { .. } => Context::Notice,
                Popup::Note { .. } => Context::Note,
                Popup::Panel { .. } => Context::Panel,
                Popup::Why { .. } => Context::Why,
            };
        }
        self.screen_context()
    }

    pub fn screen_context(&self) -> Context {
        let form = |form: &Form| {
            if form.on_text() {
                Context::FormText
            } else {
                Context::Form
            }
        };
        match &self.screen {
            Screen::Home { .. } => Context::Home,
            Screen::Sessions { .. } => Context::Sessions,
            Screen::Vignette { .. } => Context::Vignette,
            Screen::Situation { .. } => Context::Situation,
            Screen::Question(a) if a.change => Context::Change,
            Screen::Question(a) => {
                match self.set.rules.questions.get(&a.question).map(|q| q.kind) {
                    Some(Kind::Many) => Context::QuestionMany,
                    _ => Context::Question,
                }
            }
            Screen::Review { .. } => Context::Review,
            Screen::Outcome {
                pane: Pane::Standards,
                ..
            } => Context::OutcomeStandards,
            Screen::Outcome { .. } => Context::Outcome,
            Screen::Score { .. } => Context::Score,
            Screen::Options {
                editing: Some(e), ..
            }
            | Screen::Consult {
                editing: Some(e), ..
            } => form(&e.form),
            Screen::Options { .. } | Screen::Consult { .. } => Context::List,
            Screen::Decide { form: f } => form(f),
            Screen::Done { .. } => Context::Done,
            Screen::Browser(b) if b.searching => Context::BrowserSearch,
            Screen::Browser(b) if b.detail => Context::BrowserDetail,
            Screen::Browser(_) => Context::Browser,
            Screen::Supervise(Supervise {
                writing: Some(_), ..
            }) => Context::SuperviseForm,
            Screen::Supervise(_) => Context::Supervise,
        }
    }

    /// The text field keys are typed into, if one has focus.
    pub fn focused_input(&mut self) -> Option<&mut TextInput> {
        if let Some(popup) = self.popups.last_mut() {
            return match popup {
                Popup::Note { input, .. } => Some(input),
                _ => None,
            };
        }
        match &mut self.screen {
            Screen::Situation { input } => Some(input),
            Screen::Vignette { label, .. } => Some(label),
            Screen::Browser(b) if b.searching => Some(&mut b.query),
            Screen::Options {
                editing: Some(e), ..
            }
            | Screen::Consult {
                editing: Some(e), ..
            } => e.form.focused_input(),
            Screen::Decide { form } => form.focused_input(),
            Screen::Supervise(Supervise {
                writing: Some(w), ..
            }) => w.form.focused_input(),
            _ => None,
        }
    }

    /// The phase the screen belongs to, for the progress line.
    pub fn phase(&self) -> Option<Phase> {
        match &self.screen {
            Screen::Situation { .. } => Some(Phase::Situation),
            Screen::Question(a) => Some(wizard::phase_of(&a.question, &self.safety)),
            Screen::Review { .. } => Some(Phase::Code),
            Screen::Outcome { .. } | Screen::Score { .. } => Some(Phase::Outcome),
            Screen::Options { .. } => Some(Phase::Options),
            Screen::Consult { .. } => Some(Phase::Consult),
            Screen::Decide { .. } | Screen::Done { .. } => Some(Phase::Decide),
            _ => None,
        }
    }

    /// The rows of the outcome: the plan, then (with `a`) the steps left out.
    pub fn plan_rows(&self) -> Vec<PlanRow> {
        let plan = (0..self.outcome.plan.len()).map(PlanRow::Step);
        let left = (0..self.outcome.left_out.len()).map(PlanRow::LeftOut);
        if self.show_all {
            plan.chain(left).collect()
        } else {
            plan.collect()
        }
    }

    /// The official wording of standard `number`, from the user's copy.
    pub fn official_text(&self, number: u8) -> Option<&str> {
        self.official.as_ref().and_then(|o| o.text(number))
    }

    /// A supervisor's comments on a plan step (`ladder.step`), as lines to
    /// show under it: who, when, what.
    pub fn comments_on_step(&self, id: &str) -> Vec<String> {
        self.record
            .current_comments()
            .iter()
            .filter(|c| match &c.on {
                crate::record::CommentOn::Step(ladder, step) => {
                    id.split_once('.') == Some((ladder.as_str(), step.as_str()))
                }
                _ => false,
            })
            .map(comment_line)
            .collect()
    }

    /// The comments on the record as a whole, and the sign-off.
    pub fn comments_on_record(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .record
            .current_comments()
            .iter()
            .filter(|c| c.on == crate::record::CommentOn::Record)
            .map(comment_line)
            .collect();
        if let Some(signoff) = &self.record.signoff {
            let who = if signoff.name.is_empty() {
                signoff.role.clone()
            } else {
                format!("{}, {}", signoff.name, signoff.role)
            };
            lines.push(format!(
                "Signed off by {who} on {}.",
                crate::record::ymd_text(signoff.date)
            ));
        }
        lines
    }

    pub fn done(&self, id: &str) -> Option<&crate::record::StepProgress> {
        let (ladder, step) = id.split_once('.')?;
        self.record
            .ladder_progress
            .iter()
            .find(|p| p.ladder == ladder && p.step == step)
    }

    /// How many rows the current list screen has, for clamping its cursor.
    pub fn rows(&self) -> usize {
        match &self.screen {
            Screen::Home { .. } => HOME_ROWS.len(),
            Screen::Sessions { .. } => self.sessions.len(),
            Screen::Question(a) => a.picked.len(),
            Screen::Review { .. } => self.walk.answers().len() + 1,
            Screen::Outcome { .. } => self.plan_rows().len(),
            Screen::Options { .. } => self.record.options.len() + 2,
            Screen::Consult { .. } => self.record.consultations.len() + 2,
            Screen::Done { .. } => DONE_ROWS.len(),
            Screen::Browser(b) => self.browser_hits(b).len(),
            Screen::Supervise(_) => self.reviewing.as_ref().map_or(0, |r| r.review.items.len()),
            _ => 0,
        }
    }

    /// The standards the browser lists: all in order, or the search hits.
    pub fn browser_hits(&self, browser: &Browser) -> Vec<u8> {
        self.code
            .search(browser.query.text())
            .into_iter()
            .map(|s| s.number)
            .collect()
    }

    /// Checks what must always hold; used by tests after every key.
    pub fn invariants(&self) -> Result<(), String> {
        let rows = self.rows();
        let cursor = match &self.screen {
            Screen::Home { cursor }
            | Screen::Sessions { cursor }
            | Screen::Review { cursor }
            | Screen::Options { cursor, .. }
            | Screen::Consult { cursor, .. }
            | Screen::Done { cursor } => Some(*cursor),
            Screen::Question(a) => Some(a.cursor),
            Screen::Outcome { cursor, .. } => Some(*cursor),
            Screen::Browser(b) => Some(b.cursor),
            Screen::Supervise(s) => Some(s.cursor),
            _ => None,
        };
        if let Some(cursor) = cursor
            && cursor >= rows.max(1)
        {
            return Err(format!(
                "cursor {cursor} out of {rows} rows on {:?}",
                self.screen_context()
            ));
        }
        if let Screen::Question(a) = &self.screen {
            let Some(question) = self.set.rules.questions.get(&a.question) else {
                return Err(format!("unknown question {}", a.question));
            };
            if a.picked.len() != question.choices.len() {
                return Err("picked does not match the choices".to_string());
            }
            if !a.change && self.walk.current().map(|(id, _)| id) != Some(a.question.as_str()) {
                return Err(format!(
                    "asking {} but the walk waits elsewhere",
                    a.question
                ));
            }
        }
        for form in self.forms() {
            if form.focus >= form.fields.len() {
                return Err("form focus out of range".to_string());
            }
        }
        Ok(())
    }

    fn forms(&self) -> Vec<&Form> {
        match &self.screen {
            Screen::Options {
                editing: Some(e), ..
            }
            | Screen::Consult {
                editing: Some(e), ..
            } => vec![&e.form],
            Screen::Decide { form } => vec![form],
            Screen::Supervise(Supervise {
                writing: Some(w), ..
            }) => vec![&w.form],
            _ => Vec::new(),
        }
    }
}

/// The rows of the last screen.
pub const DONE_ROWS: [&str; 3] = ["Back to the outcome", "Start a new dilemma", "Quit"];

/// A supervisor's comment as the practitioner reads it in the wizard.
fn comment_line(comment: &crate::record::Comment) -> String {
    let at = crate::local_time::local(comment.at);
    format!(
        "Supervisor ({}, {}): {}",
        comment.role,
        crate::record::ymd_text(at.date()),
        comment.text.trim()
    )
}
