//! Shared set-up for the wizard tests: the embedded rules, a fixed clock,
//! key presses and rendering on a test backend.
#![allow(dead_code)]

use dilemma::code::Catalogue;
use dilemma::record::Record;
use dilemma::rules::{self, RuleSet};
use dilemma::source::Source;
use dilemma::training::Scenario;
use dilemma::tui::{App, Effect, Msg, Start, update, view};
use dilemma::wizard::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use time::OffsetDateTime;
use time::macros::datetime;

pub const NOW: OffsetDateTime = datetime!(2026-01-15 10:30 UTC);

pub struct World {
    pub set: RuleSet,
    pub code: Catalogue,
}

impl World {
    pub fn new() -> World {
        let code = Catalogue::embedded();
        let set = rules::load(None, &[], &code).expect("the embedded rules load");
        World { set, code }
    }

    pub fn record(&self) -> Record {
        Record::new(
            "2026-01-15-103000-test".to_string(),
            &self.set.rules.version,
            self.set.hash(),
            NOW,
        )
    }

    /// A fresh wizard that saves (to a pretend folder), at `size`.
    pub fn app(&self, size: (u16, u16)) -> App<'_> {
        self.app_with(
            self.record(),
            false,
            ThemeName::Default,
            None,
            Some("/records"),
            size,
        )
    }

    pub fn app_with<'a>(
        &'a self,
        record: Record,
        resumed: bool,
        theme: ThemeName,
        scenario: Option<&'a Scenario>,
        save_dir: Option<&str>,
        size: (u16, u16),
    ) -> App<'a> {
        App::new(Start {
            set: &self.set,
            code: &self.code,
            record,
            resumed,
            theme,
            scenario,
            save_dir: save_dir.map(str::to_string),
            size,
            all: false,
            official: None,
        })
    }
}

/// A training case keyed to a colleague's lapse, in the scenario format.
pub fn scenario() -> Scenario {
    Source::new(
        "test-scenario.ron",
        include_str!("../fixtures/peer-lapse-scenario.ron"),
    )
    .parse()
    .expect("the test scenario parses")
}

pub fn press(app: &mut App<'_>, code: KeyCode) -> Option<Effect> {
    update(app, Msg::Key(KeyEvent::from(code)), NOW)
}

pub fn ctrl(app: &mut App<'_>, c: char) -> Option<Effect> {
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        NOW,
    )
}

/// Presses each key in turn; returns the effects asked for.
pub fn keys(app: &mut App<'_>, codes: &[KeyCode]) -> Vec<Effect> {
    codes.iter().filter_map(|c| press(app, *c)).collect()
}

/// Presses one key per character (so "8 " is the 8 key, then Space).
pub fn chars(app: &mut App<'_>, text: &str) -> Vec<Effect> {
    text.chars()
        .filter_map(|c| press(app, KeyCode::Char(c)))
        .collect()
}

pub fn enter(app: &mut App<'_>) -> Option<Effect> {
    press(app, KeyCode::Enter)
}

/// Chooses choice `n` (from 1) of a one-choice question.
pub fn choose(app: &mut App<'_>, n: u8) -> Option<Effect> {
    press(app, KeyCode::Char((b'0' + n) as char));
    enter(app)
}

/// From the first screen to the first question, skipping the situation.
pub fn start(app: &mut App<'_>) {
    enter(app);
    enter(app);
}

/// Ticks choice `n` (from 1) of a pick-all question and answers it.
pub fn tick(app: &mut App<'_>, n: u8) -> Option<Effect> {
    chars(app, &format!("{n} "));
    enter(app)
}

/// A peer's lapse, not yet raised, no client details: to the outcome.
pub fn walk_colleague(app: &mut App<'_>) {
    start(app);
    choose(app, 4); // safety: nobody at risk
    choose(app, 1); // a front-line worker
    tick(app, 8); // triage: a colleague may be acting unethically
    tick(app, 8); // a lapse
    tick(app, 2); // peers
    choose(app, 1); // not raised yet
    choose(app, 3); // not asked what the person affected wants
    choose(app, 2); // no client details
}

/// Draws the wizard at `width` x `height` and returns the screen as text.
pub fn render(app: &mut App<'_>, width: u16, height: u16) -> String {
    update(app, Msg::Resize(width, height), NOW);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| view(app, frame))
        .expect("drawing works");
    format!("{}", terminal.backend())
}
