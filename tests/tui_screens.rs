//! Every screen of the wizard, drawn at 80x24 and 120x40, compared with
//! reviewed snapshots (text only). Rule texts come from assets/rules.ron, so
//! a change there shows up here as a snapshot to review.

mod tui_support;

use dilemma::engine::Answer;
use dilemma::record::{Consultation, CourseOfAction};
use dilemma::tui::app::Session;
use dilemma::tui::{App, Msg, update};
use dilemma::wizard::ThemeName;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;
use tui_support::*;

fn snap(app: &mut App<'_>, name: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

fn with_plan(app: &mut App<'_>) {
    app.record.options.push(CourseOfAction {
        title: "Raise it with the colleague this week".to_string(),
        benefits: "Clients, whose files stay private".to_string(),
        harms: "Our working relationship, for a while".to_string(),
        principles: vec![dilemma::code::Principle::Fidelity],
        tests: Default::default(),
    });
    app.record.consultations.push(Consultation {
        role: "clinical supervisor".to_string(),
        date: time::macros::date!(2026 - 01 - 14),
        advice: "Talk to them first, then come back to me".to_string(),
    });
}

#[test]
fn home_and_sessions() {
    let world = World::new();
    let mut app = world.app((80, 24));
    snap(&mut app, "home");
    let mut saved = world.record();
    saved.situation = "A peer leaves case files open on a shared desk".to_string();
    saved.answers = vec![Answer::new("safety", &["no"])];
    press(&mut app, KeyCode::Down);
    enter(&mut app);
    update(
        &mut app,
        Msg::Sessions(vec![
            Session {
                id: saved.id.clone(),
                record: Ok(saved),
            },
            Session {
                id: "2025-12-01-090000-beef".to_string(),
                record: Err("2025-12-01-090000-beef.ron:3:5: expected a string".to_string()),
            },
        ]),
        NOW,
    );
    snap(&mut app, "sessions");
}

#[test]
fn situation_with_text() {
    let world = World::new();
    let mut app = world.app((80, 24));
    enter(&mut app);
    chars(
        &mut app,
        "A peer at my agency keeps leaving case files open on a shared desk.",
    );
    snap(&mut app, "situation");
    chars(&mut app, " Her number is 555-123-4567.");
    enter(&mut app);
    snap(&mut app, "guard");
}

#[test]
fn questions_one_many_and_with_standards() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    snap(&mut app, "question_safety");
    choose(&mut app, 4);
    snap(&mut app, "question_role");
    choose(&mut app, 1);
    chars(&mut app, "8 ");
    snap(&mut app, "question_triage");
    enter(&mut app);
    tick(&mut app, 8);
    snap(&mut app, "question_colleague");
    press(&mut app, KeyCode::Char('?'));
    snap(&mut app, "help");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('w'));
    snap(&mut app, "why");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('s'));
    snap(&mut app, "panel");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('n'));
    chars(&mut app, "ask about the policy");
    snap(&mut app, "note");
}

#[test]
fn crisis_question_and_outcome() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    choose(&mut app, 1);
    chars(&mut app, "2 ");
    snap(&mut app, "question_crisis");
    enter(&mut app);
    choose(&mut app, 1); // told in confidence
    choose(&mut app, 2); // limits not explained
    choose(&mut app, 2); // not consulted
    choose(&mut app, 1); // a front-line worker
    press(&mut app, KeyCode::Char('G'));
    chars(&mut app, " ");
    enter(&mut app);
    snap(&mut app, "outcome_crisis");
}

#[test]
fn review_change_and_notice() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    press(&mut app, KeyCode::Char('r'));
    snap(&mut app, "review");
    keys(
        &mut app,
        &[
            KeyCode::Char('g'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    snap(&mut app, "change");
    chars(&mut app, "8 7 ");
    enter(&mut app);
    snap(&mut app, "notice_dropped");
}

#[test]
fn outcome_panes() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Down);
    snap(&mut app, "outcome_steps");
    press(&mut app, KeyCode::Tab);
    snap(&mut app, "outcome_standards");
}

#[test]
fn plan_screens() {
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    with_plan(&mut app);
    enter(&mut app);
    snap(&mut app, "options");
    enter(&mut app);
    snap(&mut app, "option_form");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('G'));
    enter(&mut app);
    snap(&mut app, "consult");
    press(&mut app, KeyCode::Char('a'));
    snap(&mut app, "consult_form");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('G'));
    enter(&mut app);
    snap(&mut app, "decide");
    press(&mut app, KeyCode::Char(' '));
    ctrl(&mut app, 's');
    snap(&mut app, "done");
}

#[test]
fn training_vignette_and_score() {
    let world = World::new();
    let case = scenario();
    let mut app = world.app_with(
        world.record(),
        false,
        ThemeName::Default,
        Some(&case),
        Some("/records"),
        (80, 24),
    );
    snap(&mut app, "vignette");
    enter(&mut app);
    choose(&mut app, 4);
    choose(&mut app, 1);
    tick(&mut app, 8);
    tick(&mut app, 9); // not sure how serious it is
    tick(&mut app, 1); // they have power over me
    choose(&mut app, 1);
    choose(&mut app, 3);
    choose(&mut app, 2);
    enter(&mut app);
    snap(&mut app, "score");
}

#[test]
fn standards_browser() {
    let world = World::new();
    let mut app = world.app((80, 24));
    keys(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    keys(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    snap(&mut app, "browser");
    press(&mut app, KeyCode::Tab);
    snap(&mut app, "browser_detail");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('/'));
    chars(&mut app, "confidential");
    snap(&mut app, "browser_search");
}

#[test]
fn no_save_says_so_and_asks_before_quitting() {
    let world = World::new();
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
    press(&mut app, KeyCode::Char('q'));
    snap(&mut app, "confirm_quit_no_save");
}

#[test]
fn too_small_is_one_message_and_recovers() {
    let world = World::new();
    let mut app = world.app((80, 24));
    start(&mut app);
    insta::assert_snapshot!("too_small_40x10", render(&mut app, 40, 10));
    let tiny = render(&mut app, 1, 1);
    assert_eq!(tiny.lines().count(), 1);
    assert!(
        render(&mut app, 80, 24).contains("First, safety"),
        "it recovers when the window grows"
    );
}

#[test]
fn selection_is_marked_by_a_symbol_and_emphasis_in_every_theme() {
    let world = World::new();
    for theme in [ThemeName::Default, ThemeName::HighContrast, ThemeName::Mono] {
        let mut app = world.app_with(world.record(), false, theme, None, None, (80, 24));
        start(&mut app);
        press(&mut app, KeyCode::Down);
        update(&mut app, Msg::Resize(80, 24), NOW);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| dilemma::tui::view(&app, f)).unwrap();
        let buffer = terminal.backend().buffer();
        let row = (0..24)
            .find(|y| buffer[(1, *y)].symbol() == ">")
            .expect("the cursor row starts with >");
        let text: String = (0..80)
            .map(|x| buffer[(x, row)].symbol().to_string())
            .collect();
        assert!(
            text.contains("not today"),
            "{theme:?}: the marker is on the second choice: {text}"
        );
        let style = buffer[(8, row)].style();
        assert!(
            style
                .add_modifier
                .intersects(Modifier::REVERSED | Modifier::BOLD)
                || style.bg.is_some(),
            "{theme:?}: the selected row is emphasised, not only coloured"
        );
        if theme == ThemeName::Mono {
            for y in 0..24 {
                for x in 0..80 {
                    let cell = &buffer[(x, y)];
                    assert!(
                        cell.fg == ratatui::style::Color::Reset
                            && cell.bg == ratatui::style::Color::Reset,
                        "mono uses no colour at {x},{y}"
                    );
                }
            }
        }
    }
}

#[test]
fn two_concerns_make_one_plan_with_the_steps_left_out_on_request() {
    let world = World::new();
    let mut saved = world.record();
    let text = include_str!("fixtures/answers/conduct-and-placement.ron");
    saved.answers = dilemma::source::Source::new("answers", text)
        .parse()
        .unwrap();
    let mut app = world.app_with(saved, true, ThemeName::Default, None, None, (120, 40));
    assert_eq!(app.outcome.ladders.len(), 2, "the walk opens two ladders");
    snap(&mut app, "outcome_one_plan");
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('G'));
    snap(&mut app, "outcome_left_out");
}

#[test]
fn a_supervisors_comments_show_under_the_step_and_on_the_done_screen() {
    use dilemma::record::{Comment, CommentOn};
    let world = World::new();
    let mut app = world.app((80, 24));
    walk_colleague(&mut app);
    let first = app.view.plan[0].id.clone();
    let (ladder, step) = first.split_once('.').unwrap();
    let at = time::macros::datetime!(2026-03-05 10:04 UTC);
    app.record.add_comment(Comment {
        on: CommentOn::Step(ladder.into(), step.into()),
        role: "clinical supervisor".into(),
        at,
        text: "Do this before Friday.".into(),
    });
    app.record.add_comment(Comment {
        on: CommentOn::Record,
        role: "clinical supervisor".into(),
        at,
        text: "Clear reasoning.".into(),
    });
    let outcome = render(&mut app, 120, 40);
    assert!(
        outcome.contains("Supervisor (clinical supervisor, 2026-03-05): Do"),
        "{outcome}"
    );
    assert!(
        !outcome.contains("Clear reasoning."),
        "a record comment is not a step's"
    );
    app.screen = dilemma::tui::app::Screen::Done { cursor: 0 };
    let done = render(&mut app, 80, 24);
    assert!(done.contains("From supervision"), "{done}");
    assert!(done.contains("Clear reasoning."), "{done}");
}

/// A made-up copy of the official wording (the project never ships it).
fn synthetic_official() -> dilemma::official::Official {
    let mut text = String::from("A MADE-UP COPY FOR TESTS\n\n");
    for n in 1..=44 {
        text.push_str(&format!(
            "STANDARD {n} Invented words for standard {n}, standing in for the\nofficial text a user owns.\n\n"
        ));
    }
    dilemma::official::Official::parse(&dilemma::source::Source::new("my-copy.txt", text))
        .expect("the synthetic copy is complete")
}

#[test]
fn the_official_wording_from_the_users_copy_shows_under_the_summary() {
    let world = World::new();
    let mut app = world.app((80, 24));
    app.official = Some(synthetic_official());
    keys(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    keys(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    press(&mut app, KeyCode::Tab);
    snap(&mut app, "browser_detail_official");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Official wording (your copy)"), "{screen}");
    assert!(
        screen.contains("Invented words for standard 4,"),
        "{screen}"
    );

    let mut app = world.app((80, 24));
    app.official = Some(synthetic_official());
    walk_colleague(&mut app);
    press(&mut app, KeyCode::Tab);
    snap(&mut app, "outcome_standards_official");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Official wording (your copy):"), "{screen}");
    assert!(
        screen.contains("Invented words for standard 20,"),
        "{screen}"
    );
}

#[test]
fn without_a_copy_no_official_wording_is_shown() {
    let world = World::new();
    let mut app = world.app((80, 24));
    keys(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    press(&mut app, KeyCode::Tab);
    assert!(!render(&mut app, 120, 40).contains("Official wording"));
}
