//! Random key sequences on random terminal sizes: the wizard never panics,
//! and every cursor stays within its list.

mod tui_support;

use std::sync::LazyLock;

use dilemma::engine::Answer;
use dilemma::tui::app::Session;
use dilemma::tui::{Effect, Msg, update, view};
use dilemma::wizard::ThemeName;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::*;

static WORLD: LazyLock<World> = LazyLock::new(World::new);

#[derive(Debug, Clone)]
enum Step {
    Key(KeyEvent),
    Resize(u16, u16),
    Paste(String),
}

fn key() -> impl Strategy<Value = KeyEvent> {
    let plain = prop_oneof![
        // Moving on is the most common thing people do: weight it up so
        // sequences reach the later screens.
        4 => Just(KeyCode::Enter),
        2 => Just(KeyCode::Char(' ')),
        2 => prop::sample::select(vec!['1', '2', '3', '8', '9']).prop_map(KeyCode::Char),
        3 => prop::sample::select(vec![
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::F(1),
        ]),
        3 => prop::sample::select(vec![
            'j', 'k', 'g', 'G', 'b', 'r', 'n', 'w', 's', 'q', 'y', '?', '/', 'a', 'x', 'e', 'c', 'z',
        ])
        .prop_map(KeyCode::Char),
    ]
    .prop_map(KeyEvent::from);
    let ctrl = prop::sample::select(vec!['s', 'c', 'u', 'w', 'a', 'e', 'k'])
        .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    prop_oneof![12 => plain, 1 => ctrl]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        30 => key().prop_map(Step::Key),
        1 => (1u16..=250, 1u16..=80).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => "[a-z 0-9@.\n-]{0,40}".prop_map(Step::Paste),
    ]
}

fn theme() -> impl Strategy<Value = ThemeName> {
    prop::sample::select(vec![
        ThemeName::Default,
        ThemeName::HighContrast,
        ThemeName::Mono,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_keys_on_random_sizes_never_panic_and_keep_cursors_in_range(
        steps in prop::collection::vec(step(), 1..150),
        size in (1u16..=250, 1u16..=80),
        theme in theme(),
        training in any::<bool>(),
        saving in any::<bool>(),
    ) {
        let world = &*WORLD;
        let case = scenario();
        let mut saved = world.record();
        saved.answers = vec![Answer::new("safety", &["maybe"])];
        let mut app = world.app_with(
            world.record(),
            false,
            theme,
            training.then_some(&case),
            saving.then_some("/records"),
            size,
        );
        let (mut width, mut height) = size;
        for step in steps {
            let msg = match step {
                Step::Key(key) => Msg::Key(key),
                Step::Resize(w, h) => {
                    (width, height) = (w, h);
                    Msg::Resize(w, h)
                }
                Step::Paste(text) => Msg::Paste(text),
            };
            let mut next = Some(msg);
            while let Some(msg) = next.take() {
                next = match update(&mut app, msg, NOW) {
                    Some(Effect::Save) => Some(Msg::Saved(Ok(()))),
                    Some(Effect::ListSessions) => Some(Msg::Sessions(vec![Session {
                        id: saved.id.clone(),
                        record: Ok(saved.clone()),
                    }])),
                    Some(Effect::ReadSessions(rows)) => Some(Msg::SessionsRead(
                        dilemma::tui::read_sessions(rows),
                    )),
                    // Only a supervisor's review asks for this.
                    Some(Effect::Review(_)) => Some(Msg::Reviewed(Err("no review".into()))),
                    // Quitting ends a real session; here the walk goes on.
                    Some(Effect::Quit) | None => None,
                };
            }
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|frame| view(&app, frame)).unwrap();
            if let Err(problem) = app.invariants() {
                prop_assert!(false, "{problem}");
            }
        }
    }
}
