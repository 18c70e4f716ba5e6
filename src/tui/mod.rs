//! The full-screen wizard (ratatui), in the Elm style: an `App` model,
//! `update` (messages in, effects out, no I/O) and `view` (draws only). The
//! loop here is the only place that touches the terminal or the disk.

pub mod app;
pub mod form;
pub mod keymap;
mod popups;
pub mod screens;
pub mod text_input;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;

use std::io::stdout;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use time::OffsetDateTime;

pub use app::{App, Effect, Msg, Start};
pub use update::update;
pub use view::view;

use crate::record::store::Store;
use crate::wizard::Launch;

/// How long to wait for a key before looking for a signal.
const POLL: Duration = Duration::from_millis(200);

/// Runs the wizard until the user quits. Restores the terminal on every path.
pub fn run(launch: Launch) -> anyhow::Result<ExitCode> {
    let Launch {
        set,
        code,
        store,
        record,
        resumed,
        theme,
        mouse,
        scenario,
        all,
        official,
    } = launch;
    let result = on_terminal(mouse, |terminal, stop| {
        let size = terminal.size()?;
        let mut app = App::new(Start {
            set: &set,
            code: &code,
            record,
            resumed,
            theme,
            scenario: scenario.as_ref().map(|l| &l.scenario),
            save_dir: store.as_ref().map(|s| s.dir().display().to_string()),
            size: (size.width, size.height),
            all,
            official,
        });
        let ended = event_loop(terminal, &mut app, store.as_ref(), stop)?;
        let lost = matches!(app.save, app::SaveState::Failed(_)) && !app.record_is_empty();
        let saved = matches!(app.save, app::SaveState::Saved(_)) && !app.record_is_empty();
        Ok((
            ended,
            lost.then(|| app.record.clone()),
            saved.then(|| app.record.clone()),
        ))
    });
    let (ended, lost, saved) = result?;
    // Back on the normal screen, where it stays readable: where the record is.
    if let (Some(record), Some(store)) = (&saved, &store) {
        println!(
            "{}",
            crate::wizard::saved_words(&store.path_of(&record.id), record)
        );
    }
    let saved_elsewhere = match lost {
        // A signal may mean the terminal is gone: say so, do not ask.
        Some(_) if ended.is_some() => {
            eprintln!(
                "dilemma: stopped by a signal; the last save had failed, so recent answers were lost."
            );
            false
        }
        Some(record) => {
            let stdin = std::io::stdin();
            crate::wizard::offer_elsewhere(&record, &mut stdin.lock(), &mut std::io::stdout())?
                .is_some()
        }
        None => true,
    };
    Ok(match ended {
        Some(signal) => ExitCode::from(128 + u8::try_from(signal).unwrap_or(0)),
        None if saved_elsewhere => ExitCode::SUCCESS,
        None => ExitCode::from(1),
    })
}

/// What a supervisor's review is started with (`dilemma review`).
pub struct Supervision<'a> {
    pub set: &'a crate::rules::RuleSet,
    pub code: &'a crate::code::Catalogue,
    pub review: crate::review::Review,
    pub today: time::Date,
    pub theme: crate::wizard::ThemeName,
    pub mouse: bool,
    /// The official wording from the user's imported copy, if any.
    pub official: Option<crate::official::Official>,
}

/// Runs a supervisor's review of a saved record until the reviewer quits:
/// the wizard's screens, keys, theme and help, opened on the record's
/// items. Each change is saved to the record's file as it is made, so a
/// signal has nothing left to save.
pub fn run_review(supervision: Supervision<'_>) -> anyhow::Result<ExitCode> {
    let Supervision {
        set,
        code,
        review,
        today,
        theme,
        mouse,
        official,
    } = supervision;
    let ended = on_terminal(mouse, |terminal, stop| {
        let size = terminal.size()?;
        let mut app = App::supervising(set, code, review, today, theme, (size.width, size.height));
        app.official = official;
        event_loop(terminal, &mut app, None, stop)
    })?;
    Ok(match ended {
        Some(signal) => ExitCode::from(128 + u8::try_from(signal).unwrap_or(0)),
        None => ExitCode::SUCCESS,
    })
}

/// Sets the terminal up (raw mode, the alternate screen, bracketed paste,
/// the mouse if asked), runs `body` with it and a flag set by signals, and
/// restores the terminal on every path, panics included.
fn on_terminal<T>(
    mouse: bool,
    body: impl FnOnce(&mut DefaultTerminal, &AtomicUsize) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    // Installed before ratatui's own hook, which restores the screen: mouse
    // capture and bracketed paste are ours to undo, on the panic path too.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous(info);
    }));
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(error) => {
            // Raw mode may be on even though the screen could not be set up.
            ratatui::restore();
            return Err(error.into());
        }
    };
    let stop = match signals() {
        Ok(stop) => stop,
        Err(error) => {
            ratatui::restore();
            return Err(error.into());
        }
    };
    let result = (|| {
        execute!(stdout(), EnableBracketedPaste)?;
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
        body(&mut terminal, &stop)
    })();
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result
}

/// SIGTERM, SIGHUP and SIGINT end the wizard the way `q` does: the record
/// saved and the terminal given back, rather than left in raw mode on the
/// alternate screen. Ctrl-C in raw mode is a key, handled as one.
fn signals() -> std::io::Result<Arc<AtomicUsize>> {
    let stop = Arc::new(AtomicUsize::new(0));
    for signal in [SIGTERM, SIGHUP, SIGINT] {
        signal_hook::flag::register_usize(signal, Arc::clone(&stop), signal as usize)?;
    }
    Ok(stop)
}

fn now() -> OffsetDateTime {
    // Records keep UTC; screens show local time (`local_time`).
    OffsetDateTime::now_utc()
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App<'_>,
    store: Option<&Store>,
    stop: &AtomicUsize,
) -> anyhow::Result<Option<i32>> {
    loop {
        terminal.draw(|frame| view(app, frame))?;
        // Lets the test suite prove the terminal is restored after a panic
        // (tests/terminal_restore.rs); release builds do not have it.
        #[cfg(debug_assertions)]
        if std::env::var_os("DILEMMA_TEST_PANIC").is_some() {
            panic!("panic requested by DILEMMA_TEST_PANIC");
        }
        let mut next = None;
        // Waits a little at a time, so a signal is noticed between keys.
        while next.is_none() {
            let signal = stop.load(Ordering::Relaxed);
            if signal != 0 {
                if let Some(store) = store
                    && !app.record_is_empty()
                {
                    app.touch(now());
                    if let Err(error) = store.save_answering(&app.record) {
                        app.save = app::SaveState::Failed(format!("{error:#}"));
                    }
                }
                return Ok(Some(i32::try_from(signal).unwrap_or(0)));
            }
            if !event::poll(POLL)? {
                // A terminal that hangs up without a SIGHUP reaching us (its
                // window closed under a background job) only ever reads as
                // end of file: treat it as the hang-up it is.
                if terminal_hung_up() {
                    stop.store(SIGHUP as usize, Ordering::Relaxed);
                }
                continue;
            }
            next = match event::read()? {
                Event::Key(key) => Some(Msg::Key(key)),
                Event::Paste(text) => Some(Msg::Paste(text)),
                Event::Mouse(mouse) => Some(Msg::Mouse(mouse.kind)),
                Event::Resize(width, height) => Some(Msg::Resize(width, height)),
                _ => None,
            };
        }
        while let Some(msg) = next.take() {
            match update(app, msg, now()) {
                None => {}
                Some(Effect::Quit) => return Ok(None),
                Some(Effect::Save) => {
                    if let Some(store) = store
                        && !app.record_is_empty()
                    {
                        next = Some(Msg::Saved(
                            store
                                .save_answering(&app.record)
                                .map_err(|e| format!("{e:#}")),
                        ));
                    }
                }
                Some(Effect::Review(change)) => {
                    if let Some(reviewing) = &app.reviewing {
                        next = Some(Msg::Reviewed(
                            crate::review::save_change(&reviewing.review.path, &change)
                                .map(Box::new)
                                .map_err(|e| format!("{e:#}")),
                        ));
                    }
                }
                Some(Effect::ListSessions) => {
                    next = Some(Msg::SessionFiles(
                        store.map_or_else(Vec::new, crate::record::store::Store::files),
                    ));
                }
                Some(Effect::ReadSessions(rows)) => {
                    next = Some(Msg::SessionsRead(read_sessions(rows)));
                }
            }
        }
    }
}

/// Reads the record files behind rows of the resume list.
pub fn read_sessions(rows: Vec<(usize, std::path::PathBuf)>) -> Vec<(usize, app::Session)> {
    rows.into_iter()
        .map(|(index, path)| {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let record = crate::record::store::load_file(&path).map_err(|d| d.to_string());
            (index, app::Session { id, record })
        })
        .collect()
}

/// Whether the terminal on standard input has hung up.
#[cfg(unix)]
fn terminal_hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, and a zero timeout: poll only reads it back.
    let ready = unsafe { libc::poll(&mut fd, 1, 0) };
    ready > 0 && fd.revents & (libc::POLLHUP | libc::POLLNVAL) != 0
}

#[cfg(not(unix))]
fn terminal_hung_up() -> bool {
    false
}
