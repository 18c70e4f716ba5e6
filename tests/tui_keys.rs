//! The wizard driven by key presses, as a user would: no terminal needed.

mod tui_support;

use dilemma::engine::Answer;
use dilemma::record::Phase;
use dilemma::tui::app::{Pane, Popup, SaveState, Screen, Session};
use dilemma::tui::{Effect, Msg, update};
use dilemma::wizard::ThemeName;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use tui_support::*;

fn asking(app: &dilemma::tui::App<'_>) -> String {
    match &app.screen {
        Screen::Question(a) => a.question.clone(),
        other => panic!(
            "expected a question, got {:?}",
            std::mem::discriminant(other)
        ),
    }
}

#[test]
fn a_colleague_misconduct_dilemma_walks_end_to_end_by_keys() {
    let world = World::new();
    let mut app = world.app((80, 24));
    enter(&mut app); // start a new dilemma
    assert!(matches!(app.screen, Screen::Situation { .. }));
    chars(&mut app, "A peer leaves files open; q j k are typed here");
    assert_eq!(
        enter(&mut app),
        Some(Effect::Save),
        "the situation is saved"
    );
    assert_eq!(
        app.record.situation,
        "A peer leaves files open; q j k are typed here"
    );
    assert_eq!(asking(&app), "safety", "safety is asked first");
    assert_eq!(app.phase(), Some(Phase::Safety));

    assert_eq!(choose(&mut app, 4), Some(Effect::Save));
    assert_eq!(asking(&app), "role", "then who is asking");
    choose(&mut app, 1);
    assert_eq!(asking(&app), "triage");
    chars(&mut app, "8 ");
    enter(&mut app);
    assert_eq!(asking(&app), "colleague.severity");
    assert_eq!(app.phase(), Some(Phase::Code));
    assert!(
        app.outcome.primary_numbers().contains(&20),
        "the side panel already shows 20"
    );
    tick(&mut app, 8); // a lapse
    tick(&mut app, 2); // a peer
    choose(&mut app, 1); // not raised yet
    choose(&mut app, 3); // not asked what the person affected wants
    assert_eq!(choose(&mut app, 2), Some(Effect::Save));

    assert!(app.walk.is_finished());
    assert!(matches!(app.screen, Screen::Outcome { .. }));
    assert_eq!(
        app.outcome.first().map(|p| p.id.as_str()),
        Some("colleague-conduct.talk"),
        "a peer's lapse starts with a private talk"
    );
    assert_eq!(app.record.answers.len(), 8, "the record follows the walk");
    assert!(
        app.record
            .snapshot
            .as_ref()
            .is_some_and(|s| s.primary == vec![20])
    );
    assert_eq!(app.record.updated, NOW);
}

#[test]
fn enter_on_a_pick_all_list_with_nothing_ticked_asks_for_a_tick() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    choose(&mut app, 4);
    choose(&mut app, 1);
    press(&mut app, KeyCode::Char('8'));
    assert_eq!(enter(&mut app), None, "nothing is answered");
    assert_eq!(asking(&app), "triage");
    assert!(app.walk.answer_to("triage").is_none());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Tick every choice that applies")),
        "{:?}",
        app.status
    );
    press(&mut app, KeyCode::Char(' '));
    enter(&mut app);
    assert_eq!(
        app.walk.answer_to("triage").map(|a| a.choices.clone()),
        Some(vec!["conduct".to_string()])
    );
}

#[test]
fn none_of_these_unticks_the_others() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    choose(&mut app, 4);
    choose(&mut app, 1);
    chars(&mut app, "7 8 ");
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char(' '));
    let Screen::Question(a) = &app.screen else {
        panic!()
    };
    let ticked: Vec<usize> = a
        .picked
        .iter()
        .enumerate()
        .filter(|(_, p)| **p)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        ticked,
        vec![a.picked.len() - 1],
        "only \"none of these\" stays ticked"
    );
}

#[test]
fn back_returns_to_the_previous_question_with_its_answer_picked() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    choose(&mut app, 4);
    choose(&mut app, 1);
    chars(&mut app, "7 8 ");
    enter(&mut app);
    assert_eq!(asking(&app), "conflict.tried");
    assert_eq!(press(&mut app, KeyCode::Char('b')), Some(Effect::Save));
    assert_eq!(asking(&app), "triage");
    let Screen::Question(a) = &app.screen else {
        panic!()
    };
    assert!(a.picked[6] && a.picked[7], "both concerns are still ticked");
    assert_eq!(a.cursor, 6, "the cursor starts on the first of them");
    assert_eq!(app.walk.answers().len(), 2);

    press(&mut app, KeyCode::Backspace);
    assert_eq!(asking(&app), "role");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(asking(&app), "safety");
    press(&mut app, KeyCode::Backspace);
    assert!(
        matches!(app.screen, Screen::Situation { .. }),
        "back from the first question goes to the situation"
    );
}

#[test]
fn changing_an_answer_in_review_keeps_later_answers_that_still_apply() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    press(&mut app, KeyCode::Char('r'));
    assert!(matches!(app.screen, Screen::Review { .. }));
    keys(
        &mut app,
        &[
            KeyCode::Char('g'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    assert_eq!(asking(&app), "colleague.severity");
    assert_eq!(app.context(), dilemma::tui::keymap::Context::Change);
    chars(&mut app, "8 1 "); // not a lapse: harm to a client
    assert_eq!(enter(&mut app), Some(Effect::Save), "now it is serious");

    assert!(matches!(app.screen, Screen::Review { cursor: 3 }));
    assert_eq!(
        app.walk.answers().len(),
        8,
        "every later answer still applies"
    );
    let Some(Popup::Notice { lines, .. }) = app.popups.last() else {
        panic!("a notice says what happened")
    };
    assert!(
        lines[0].contains("Every later answer still applies"),
        "{lines:?}"
    );
    assert!(
        app.outcome
            .plan
            .iter()
            .any(|p| p.is("colleague-conduct.outside")),
        "harm to a client goes beyond the agency"
    );
    assert!(
        !app.outcome
            .plan
            .iter()
            .any(|p| p.is("colleague-conduct.talk")),
        "and is not raised privately first"
    );
}

#[test]
fn changing_the_concerns_keeps_later_answers_aside_and_gives_them_back() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    press(&mut app, KeyCode::Char('r'));
    keys(
        &mut app,
        &[
            KeyCode::Char('g'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    assert_eq!(asking(&app), "triage");
    chars(&mut app, "8 7 "); // untick misconduct, tick a conflict instead
    enter(&mut app);

    assert_eq!(
        app.status.as_deref(),
        Some("Answer changed: 5 later answers kept aside.")
    );
    let Some(Popup::Notice { lines, .. }) = app.popups.last() else {
        panic!("a notice says what happened to the later answers")
    };
    assert!(
        lines.iter().any(|l| l.contains("5 later answers are kept")),
        "{lines:?}"
    );
    assert!(
        !app.walk.is_finished(),
        "the conflict branch has a new question"
    );
    enter(&mut app); // close the notice
    press(&mut app, KeyCode::Char('G'));
    enter(&mut app); // "Continue with the next question"
    assert_eq!(asking(&app), "conflict.tried");
    choose(&mut app, 1); // not tried yet
    choose(&mut app, 3); // it is about ethics: the colleague questions again
    assert!(
        app.walk.is_finished(),
        "the kept answers were given again: {:?}",
        app.walk.current().map(|c| c.0)
    );
    assert_eq!(
        app.walk
            .answer_to("colleague.severity")
            .map(|a| a.choices.clone()),
        Some(vec!["lapse".to_string()])
    );
}

#[test]
fn imminent_danger_raises_the_crisis_banner_on_every_screen_after() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    assert!(!render(&mut app, 80, 24).contains("SAFETY FIRST"));
    choose(&mut app, 1);
    assert!(app.walk.in_crisis());
    assert!(render(&mut app, 80, 24).contains("SAFETY FIRST"));
    chars(&mut app, "1 ");
    enter(&mut app);
    choose(&mut app, 1); // the client is here, or can be reached
    choose(&mut app, 1); // nobody has asked them plainly yet
    choose(&mut app, 2);
    choose(&mut app, 1);
    choose(&mut app, 1); // a front-line worker
    // 1 then 6 is choice 16: "none of these fits", the last of the concerns.
    chars(&mut app, "16 ");
    enter(&mut app);
    assert!(
        matches!(app.screen, Screen::Outcome { .. }),
        "{:?}",
        app.walk.current().map(|c| c.0)
    );
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("SAFETY FIRST"), "{screen}");
    assert_eq!(
        app.outcome.first().map(|p| p.id.as_str()),
        Some("safety.with-them-now"),
        "the plan starts with staying with the client and asking, as the crisis begins"
    );
}

#[test]
fn identifying_details_are_shown_before_saving_and_can_be_removed_or_kept() {
    let world = World::new();
    let mut app = world.app((80, 24));
    enter(&mut app);
    chars(&mut app, "Call her on 555-123-4567 tonight");
    assert_eq!(enter(&mut app), None, "nothing is saved yet");
    let Some(Popup::Guard { findings, .. }) = app.popups.last() else {
        panic!("the guard asks first")
    };
    assert_eq!(findings[0].1.text, "555-123-4567");
    press(&mut app, KeyCode::Char('e'));
    assert!(
        app.popups.is_empty() && matches!(app.screen, Screen::Situation { .. }),
        "edit goes back to the text"
    );
    enter(&mut app);
    assert_eq!(press(&mut app, KeyCode::Char('r')), Some(Effect::Save));
    assert!(!app.record.situation.contains("555"));
    assert!(app.record.situation.contains("[removed: phone number]"));

    let mut app = world.app((80, 24));
    enter(&mut app);
    chars(&mut app, "Call her on 555-123-4567 tonight");
    enter(&mut app);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(
        app.record.situation, "Call her on 555-123-4567 tonight",
        "kept as written"
    );
}

#[test]
fn notes_are_kept_per_question_and_checked_like_other_text() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    press(&mut app, KeyCode::Char('n'));
    assert!(matches!(app.popups.last(), Some(Popup::Note { .. })));
    chars(&mut app, "unsure, ask supervisor");
    assert_eq!(enter(&mut app), Some(Effect::Save));
    assert_eq!(
        app.record.notes.get("safety").map(String::as_str),
        Some("unsure, ask supervisor")
    );
    assert!(render(&mut app, 80, 24).contains("Your note: unsure, ask supervisor"));
}

#[test]
fn quitting_asks_only_when_something_would_be_lost() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    choose(&mut app, 4);
    assert_eq!(
        press(&mut app, KeyCode::Char('q')),
        Some(Effect::Quit),
        "saved walks quit at once"
    );

    let mut app = world.app_with(
        world.record(),
        false,
        ThemeName::Default,
        None,
        None,
        (80, 24),
    );
    start(&mut app);
    choose(&mut app, 4);
    assert_eq!(press(&mut app, KeyCode::Char('q')), None);
    assert!(
        matches!(app.popups.last(), Some(Popup::Confirm { .. })),
        "--no-save asks first"
    );
    assert_eq!(press(&mut app, KeyCode::Char('n')), None);
    assert!(app.popups.is_empty());
    assert_eq!(ctrl(&mut app, 'c'), None);
    assert_eq!(press(&mut app, KeyCode::Char('y')), Some(Effect::Quit));

    let mut app = world.app((80, 24));
    enter(&mut app);
    chars(&mut app, "typed but not kept");
    assert_eq!(ctrl(&mut app, 'c'), None, "unsaved typing asks first");
    assert_eq!(
        ctrl(&mut app, 'c'),
        Some(Effect::Quit),
        "Ctrl-C twice quits"
    );
}

#[test]
fn only_key_presses_act() {
    let world = World::new();
    let mut app = world.app((80, 24));
    let release = KeyEvent {
        code: KeyCode::Enter,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
    };
    update(&mut app, Msg::Key(release), NOW);
    assert!(matches!(app.screen, Screen::Home { .. }));
}

#[test]
fn ladder_steps_can_be_ticked_with_a_time_and_a_note() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    press(&mut app, KeyCode::Char('n'));
    assert!(app.popups.is_empty(), "a note needs the step done first");
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("Mark the step done first"))
    );
    assert_eq!(press(&mut app, KeyCode::Char(' ')), Some(Effect::Save));
    let done = &app.record.ladder_progress[0];
    assert_eq!(
        (done.ladder.as_str(), done.step.as_str(), done.done_at),
        ("colleague-conduct", "talk", NOW)
    );
    press(&mut app, KeyCode::Char('n'));
    chars(&mut app, "talked after the team meeting");
    enter(&mut app);
    assert_eq!(
        app.record.ladder_progress[0].note,
        "talked after the team meeting"
    );
    press(&mut app, KeyCode::Char(' '));
    assert!(app.record.ladder_progress.is_empty(), "Space again unticks");
}

#[test]
fn options_consultations_and_the_decision_are_kept_in_the_record() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    enter(&mut app);
    assert!(matches!(app.screen, Screen::Options { .. }));
    press(&mut app, KeyCode::Char('a'));
    chars(&mut app, "Talk to them privately");
    keys(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    chars(&mut app, " "); // first principle
    press(&mut app, KeyCode::Tab);
    chars(&mut app, " "); // would be comfortable in public: yes
    assert_eq!(ctrl(&mut app, 's'), Some(Effect::Save));
    let option = &app.record.options[0];
    assert_eq!(option.title, "Talk to them privately");
    assert_eq!(option.principles, vec![dilemma::code::Principle::Autonomy]);
    assert_eq!(option.tests.public, Some(true));
    assert_eq!(option.tests.colleague, None);

    press(&mut app, KeyCode::Char('G'));
    enter(&mut app);
    assert!(matches!(app.screen, Screen::Consult { .. }));
    press(&mut app, KeyCode::Char('a'));
    chars(&mut app, "clinical supervisor");
    press(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    chars(&mut app, "15/01/2026");
    assert_eq!(ctrl(&mut app, 's'), None);
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("YYYY-MM-DD")),
        "{:?}",
        app.status
    );
    ctrl(&mut app, 'u');
    chars(&mut app, "2026-01-14");
    ctrl(&mut app, 's');
    assert_eq!(app.record.consultations[0].role, "clinical supervisor");
    assert_eq!(
        app.record.consultations[0].date,
        time::macros::date!(2026 - 01 - 14)
    );

    press(&mut app, KeyCode::Char('G'));
    enter(&mut app);
    assert!(matches!(app.screen, Screen::Decide { .. }));
    press(&mut app, KeyCode::Char(' ')); // copy the option into "what you decided"
    keys(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    chars(&mut app, "It is a lapse between peers");
    keys(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    chars(&mut app, "2026-02-01");
    assert_eq!(ctrl(&mut app, 's'), Some(Effect::Save));
    let decision = app.record.decision.as_ref().expect("a decision");
    assert_eq!(decision.chosen, "Talk to them privately");
    assert_eq!(decision.rationale, "It is a lapse between peers");
    assert_eq!(
        decision.next_step,
        Some(("colleague-conduct".to_string(), "talk".to_string()))
    );
    assert_eq!(
        decision.follow_up,
        Some(time::macros::date!(2026 - 02 - 01))
    );
    assert!(matches!(app.screen, Screen::Done { .. }));
    assert_eq!(
        app.record.phases_done(),
        vec![Phase::Code, Phase::Options, Phase::Consult, Phase::Decide]
    );
}

#[test]
fn a_saved_dilemma_resumes_where_it_stopped() {
    let world = World::new();
    let mut saved = world.record();
    saved.situation = "files left open".to_string();
    saved.answers = vec![
        Answer::new("safety", &["no"]),
        Answer::new("role", &["worker"]),
        Answer::new("triage", &["conduct"]),
    ];
    let mut app = world.app((80, 24));
    keys(&mut app, &[KeyCode::Down]);
    assert_eq!(enter(&mut app), Some(Effect::ListSessions));
    update(
        &mut app,
        Msg::Sessions(vec![
            Session {
                id: saved.id.clone(),
                record: Ok(saved.clone()),
            },
            Session {
                id: "broken".to_string(),
                record: Err("x.ron:1:1: expected a record".to_string()),
            },
        ]),
        NOW,
    );
    assert!(matches!(app.screen, Screen::Sessions { .. }));
    press(&mut app, KeyCode::Down);
    enter(&mut app);
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("cannot be opened"))
    );
    press(&mut app, KeyCode::Up);
    enter(&mut app);
    assert_eq!(asking(&app), "colleague.severity");
    assert_eq!(app.record.situation, "files left open");
    assert!(app.popups.is_empty(), "same rules: nothing to report");
}

#[test]
fn a_record_made_on_other_rules_says_what_changed_and_moves_onto_the_new_rules() {
    let world = World::new();
    let mut saved = world.record();
    saved.rules_hash = "older".to_string();
    saved.rules_version = "2025.01".to_string();
    saved.answers = vec![
        Answer::new("safety", &["no"]),
        Answer::new("role", &["worker"]),
        Answer::new("triage", &["conduct"]),
        Answer::new("gone.question", &["x"]),
    ];
    let app = world.app_with(
        saved,
        true,
        ThemeName::Default,
        None,
        Some("/records"),
        (80, 24),
    );
    let Some(Popup::Notice { lines, .. }) = app.popups.last() else {
        panic!("a notice says what changed")
    };
    assert!(lines[0].contains("2025.01"), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("no longer fits the questions. It is kept in the record."))
    );
    assert_eq!(
        app.record.rules_hash,
        world.set.hash(),
        "adopted onto the current rules"
    );
    assert_eq!(
        app.record.earlier_answers.len(),
        1,
        "the old answers are kept"
    );
    assert_eq!(app.record.answers.len(), 3);
    assert_eq!(asking(&app), "colleague.severity");
}

#[test]
fn a_training_case_shows_the_vignette_first_and_scores_at_the_end() {
    let world = World::new();
    let case = scenario();
    let mut app = world.app_with(
        world.record(),
        false,
        ThemeName::Default,
        Some(&case),
        Some("/r"),
        (80, 24),
    );
    assert!(matches!(app.screen, Screen::Vignette { .. }));
    chars(&mut app, "student 12");
    assert_eq!(enter(&mut app), Some(Effect::Save));
    let training = app.record.training.clone().expect("training info");
    assert_eq!(
        (training.scenario.as_str(), training.student.as_deref()),
        ("test-lapse", Some("student 12"))
    );
    assert_eq!(
        asking(&app),
        "safety",
        "no situation screen: the vignette is the situation"
    );
    choose(&mut app, 4);
    choose(&mut app, 1);
    chars(&mut app, "8 ");
    enter(&mut app);
    tick(&mut app, 8);
    tick(&mut app, 1); // they have power over me: the key says peers
    choose(&mut app, 1);
    choose(&mut app, 3);
    choose(&mut app, 2);
    assert!(matches!(app.screen, Screen::Outcome { .. }));
    enter(&mut app);
    assert!(matches!(app.screen, Screen::Score { .. }));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Your score: 80 out of 100"), "{screen}");
    assert!(
        screen.contains("First step (different)")
            && screen.contains("The key starts with: Raise it privately"),
        "the first steps are shown side by side: {screen}"
    );
    assert!(screen.contains("Where your answers left the key"));
}

#[test]
fn the_browser_searches_and_shows_where_a_standard_is_cited() {
    let world = World::new();
    let mut app = world.app((120, 40));
    press(&mut app, KeyCode::Char('/'));
    assert!(matches!(app.screen, Screen::Browser(_)));
    chars(&mut app, "colleague");
    let Screen::Browser(b) = &app.screen else {
        panic!()
    };
    let hits = app.browser_hits(b);
    assert!(!hits.is_empty() && hits.len() < 44);
    enter(&mut app);
    press(&mut app, KeyCode::Char('G'));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Where the rules cite it"));
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.screen, Screen::Home { .. }),
        "Esc returns where the browser was opened"
    );
}

#[test]
fn the_outcome_panes_switch_with_tab() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    assert!(matches!(
        app.screen,
        Screen::Outcome {
            pane: Pane::Steps,
            ..
        }
    ));
    press(&mut app, KeyCode::Tab);
    assert!(matches!(
        app.screen,
        Screen::Outcome {
            pane: Pane::Standards,
            ..
        }
    ));
    assert!(render(&mut app, 80, 24).contains("Responsibility to colleagues"));
}

#[test]
fn saving_problems_are_shown() {
    let world = World::new();
    let mut app = world.app((80, 24));
    update(&mut app, Msg::Saved(Err("disk full".to_string())), NOW);
    assert_eq!(app.save, SaveState::Failed("disk full".to_string()));
    assert!(render(&mut app, 80, 24).contains("Could not save: disk full"));
}

fn cursor(app: &dilemma::tui::App<'_>) -> usize {
    match &app.screen {
        Screen::Question(a) => a.cursor,
        _ => panic!("expected a question"),
    }
}

fn digit_at(app: &mut dilemma::tui::App<'_>, d: char, at: time::OffsetDateTime) {
    update(app, Msg::Key(KeyEvent::from(KeyCode::Char(d))), at);
}

#[test]
fn two_digits_typed_quickly_go_to_a_choice_past_nine() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    choose(&mut app, 4);
    choose(&mut app, 1);
    assert_eq!(asking(&app), "triage");
    let rows = match &app.screen {
        Screen::Question(a) => a.picked.len(),
        _ => unreachable!(),
    };
    assert!(rows >= 15, "triage lists 15 or more concerns ({rows})");

    // 1 then 5: choice 15, not 5. The 1 moves at once, in case no 5 comes.
    digit_at(&mut app, '1', NOW);
    assert_eq!(cursor(&app), 0);
    digit_at(&mut app, '5', NOW + time::Duration::milliseconds(300));
    assert_eq!(cursor(&app), 14, "1 then 5 is choice 15");

    // 1 then 0: choice 10.
    digit_at(&mut app, '1', NOW);
    digit_at(&mut app, '0', NOW);
    assert_eq!(cursor(&app), 9);

    // A digit no longer number could start jumps at once, alone.
    digit_at(&mut app, '5', NOW);
    digit_at(&mut app, '3', NOW);
    assert_eq!(cursor(&app), 2, "5 then 3 is 3: there is no choice 53");

    // After a pause a digit starts afresh.
    digit_at(&mut app, '1', NOW);
    digit_at(&mut app, '5', NOW + time::Duration::seconds(3));
    assert_eq!(cursor(&app), 4, "after a pause, 5 is choice 5");

    // Any other key forgets the first digit.
    digit_at(&mut app, '1', NOW);
    press(&mut app, KeyCode::Char(' '));
    digit_at(&mut app, '5', NOW);
    assert_eq!(cursor(&app), 4, "Space between: 5 is choice 5");
    assert!(
        matches!(&app.screen, Screen::Question(a) if a.picked[0]),
        "the Space ticked choice 1, where the 1 had moved"
    );

    // 0 alone goes nowhere; two digits past the end are read one by one.
    digit_at(&mut app, '0', NOW);
    assert_eq!(cursor(&app), 4);
    digit_at(&mut app, '9', NOW);
    digit_at(&mut app, '9', NOW);
    assert_eq!(cursor(&app), 8);
    app.invariants().unwrap();
}

#[test]
fn a_single_digit_on_a_short_list_jumps_and_holds_nothing() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    choose(&mut app, 4);
    let rows = match &app.screen {
        Screen::Question(a) => a.picked.len(),
        _ => unreachable!(),
    };
    assert!(rows < 10, "the role question is short ({rows})");
    digit_at(&mut app, '2', NOW);
    assert_eq!(cursor(&app), 1);
    assert!(matches!(&app.screen, Screen::Question(a) if a.digit.is_none()));
    assert!(
        matches!(&app.screen, Screen::Question(a) if a.picked.iter().filter(|p| **p).count() == 1 && a.picked[1]),
        "a number on a one-answer question marks that answer"
    );
    digit_at(&mut app, '1', NOW);
    assert_eq!(cursor(&app), 0, "1 after 2 is choice 1 on a short list");
    assert!(
        matches!(&app.screen, Screen::Question(a) if a.picked.iter().filter(|p| **p).count() == 1 && a.picked[0]),
        "the mark moves with the number"
    );
    press(&mut app, KeyCode::Enter);
    assert_ne!(asking(&app), "role", "Enter takes the numbered answer");
}

fn decide_form<'a>(app: &'a dilemma::tui::App<'_>) -> &'a dilemma::tui::form::Form {
    match &app.screen {
        Screen::Decide { form } => form,
        _ => panic!("expected the decide form"),
    }
}

#[test]
fn space_on_the_option_field_takes_the_option_shown() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    for title in ["Talk to them privately", "Tell our supervisor"] {
        app.record.options.push(dilemma::record::CourseOfAction {
            title: title.to_string(),
            benefits: String::new(),
            harms: String::new(),
            principles: Vec::new(),
            tests: Default::default(),
        });
    }
    app.screen = dilemma::tui::screens::decide::screen(&app);
    assert_eq!(decide_form(&app).text(1), "");
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        decide_form(&app).text(1),
        "Talk to them privately",
        "Space takes the option shown, not the next one"
    );
    assert_eq!(decide_form(&app).picked(0), 0);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(decide_form(&app).picked(0), 0, "Space again stays put");
    press(&mut app, KeyCode::Right);
    assert_eq!(decide_form(&app).text(1), "Tell our supervisor");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(decide_form(&app).text(1), "Talk to them privately");
    assert!(decide_form(&app).dirty);
}

#[test]
fn the_next_step_never_defaults_to_a_step_already_done() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    let first = app.outcome.plan[0].clone();
    let second = app.outcome.plan[1].clone();
    let next = |app: &dilemma::tui::App<'_>| {
        let form = dilemma::tui::screens::decide::screen(app);
        let Screen::Decide { form } = form else {
            unreachable!()
        };
        form.picked(2)
    };
    assert_eq!(
        next(&app),
        1,
        "the first step of the plan, when none is done"
    );
    // The first step ticked done on the outcome.
    assert_eq!(press(&mut app, KeyCode::Char(' ')), Some(Effect::Save));
    assert!(app.done(&first.id).is_some());
    assert_eq!(next(&app), 2, "the first step not yet done");
    // A decision saved earlier named the step since ticked done.
    app.record.decision = Some(dilemma::record::Decision {
        chosen: "Talk".to_string(),
        rationale: String::new(),
        next_step: Some((first.ladder.clone(), first.step.clone())),
        follow_up: None,
    });
    assert_eq!(next(&app), 2, "not the saved step, now done");
    // A saved step still to do is kept.
    app.record.decision.as_mut().unwrap().next_step =
        Some((second.ladder.clone(), second.step.clone()));
    assert_eq!(next(&app), 2);
    // Every step done: none is picked.
    for _ in 1..app.outcome.plan.len() {
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char(' '));
    }
    assert!(app.outcome.plan.iter().all(|p| app.done(&p.id).is_some()));
    assert_eq!(next(&app), 0, "\"None chosen yet\" when every step is done");
}

#[test]
fn the_situation_takes_line_breaks_and_keeps_them_to_the_export() {
    let world = World::new();
    let mut app = world.app((80, 24));
    enter(&mut app);
    assert!(matches!(app.screen, Screen::Situation { .. }));
    chars(&mut app, "What happened:");
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::SHIFT)),
        NOW,
    );
    chars(&mut app, "a peer left files open");
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)),
        NOW,
    );
    assert!(
        matches!(app.screen, Screen::Situation { .. }),
        "Shift- and Alt-Enter stay on the screen"
    );
    // Up goes to the line above; End to the end of that line.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::End);
    chars(&mut app, " (twice)");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    update(
        &mut app,
        Msg::Paste("on Monday\r\non Tuesday\n\nSecond paragraph.".to_string()),
        NOW,
    );
    let text = "What happened:\na peer left files open (twice)\non Monday\non Tuesday\n\nSecond paragraph.";
    let Screen::Situation { input } = &app.screen else {
        panic!("still on the situation");
    };
    assert_eq!(input.text(), text, "pasted line breaks are kept");
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("│a peer left files open (twice)"),
        "{screen}"
    );
    assert!(screen.contains("│on Tuesday "), "{screen}");

    assert_eq!(enter(&mut app), Some(Effect::Save), "Enter moves on");
    assert_eq!(asking(&app), "safety");
    assert_eq!(app.record.situation, text);

    // The saved record, reopened, and its exports keep the lines.
    let dir = tempfile::tempdir().unwrap();
    let store = dilemma::record::store::Store::open(dir.path()).unwrap();
    store.save(&app.record).unwrap();
    let loaded = store.load(&app.record.id).unwrap();
    assert_eq!(loaded.situation, text);
    let doc = dilemma::record::export::Document::new(&loaded, &world.set, &world.code, false);
    let md = doc.markdown();
    assert!(
        md.contains(
            "## Situation\n\n> What happened:  \n> a peer left files open (twice)  \n> on Monday  \n> on Tuesday\n>\n> Second paragraph.\n"
        ),
        "{md}"
    );
    assert_eq!(doc.json()["situation"], text);
    // Back on the screen, the box shows the lines again.
    press(&mut app, KeyCode::Char('b'));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("│What happened:"), "{screen}");
}

/// The Resume list at ten thousand records reads only the rows coming into
/// view: a screenful when it opens, one more for a key down, the last ones
/// for End; and draws only what is on screen.
#[test]
fn the_resume_list_reads_only_the_rows_in_view() {
    use dilemma::record::store::RecordFile;
    use dilemma::tui::app::SessionRow;
    use std::path::PathBuf;

    let world = World::new();
    let mut saved = world.record();
    saved.situation = "files left open".to_string();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{}.ron", saved.id));
    std::fs::write(&path, dilemma::record::store::to_ron(&saved).unwrap()).unwrap();
    let mut files: Vec<RecordFile> = (0..10_000)
        .map(|i| RecordFile {
            id: format!("r{i:05}"),
            path: PathBuf::from(format!("/nowhere/r{i:05}.ron")),
            modified: std::time::SystemTime::UNIX_EPOCH,
        })
        .collect();
    files[0].path = path;
    let mut app = world.app((80, 24));
    press(&mut app, KeyCode::Down);
    assert_eq!(enter(&mut app), Some(Effect::ListSessions));
    let Some(Effect::ReadSessions(rows)) = update(&mut app, Msg::SessionFiles(files), NOW) else {
        panic!("the rows in view are asked for");
    };
    assert!(matches!(app.screen, Screen::Sessions { cursor: 0 }));
    let indices: Vec<usize> = rows.iter().map(|(i, _)| *i).collect();
    assert_eq!(indices.first(), Some(&0));
    assert!(
        indices.len() <= 24,
        "a screenful, not the folder: {indices:?}"
    );
    update(
        &mut app,
        Msg::SessionsRead(dilemma::tui::read_sessions(rows)),
        NOW,
    );
    let read = |app: &dilemma::tui::App<'_>| {
        app.sessions
            .iter()
            .filter(|r| matches!(r, SessionRow::Read(_)))
            .count()
    };
    let opened = read(&app);
    draw(&app, 80, 24);

    // A key down reads one row at most: the next to come into view.
    if let Some(Effect::ReadSessions(rows)) = press(&mut app, KeyCode::Down) {
        assert_eq!(rows.len(), 1, "{rows:?}");
    }
    // End reads the oldest rows and only those.
    let Some(Effect::ReadSessions(rows)) = press(&mut app, KeyCode::End) else {
        panic!("the oldest rows are asked for");
    };
    assert!(rows.iter().all(|(i, _)| *i >= 10_000 - 24), "{rows:?}");
    assert!(rows.iter().any(|(i, _)| *i == 9_999));
    update(
        &mut app,
        Msg::SessionsRead(dilemma::tui::read_sessions(rows)),
        NOW,
    );
    assert!(read(&app) <= opened + 24);
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("r09999 (cannot be read)"), "{screen}");
    assert!(!screen.contains("reading..."), "every row shown is read");

    // Back at the top, the record opens.
    assert_eq!(press(&mut app, KeyCode::Home), None);
    enter(&mut app);
    assert_eq!(app.record.situation, "files left open");
}

fn draw(app: &dilemma::tui::App<'_>, width: u16, height: u16) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| dilemma::tui::view(app, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}
