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

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use time::OffsetDateTime;

pub use app::{App, Effect, Msg, Start};
pub use update::update;
pub use view::view;

use crate::record::store::Store;
use crate::wizard::Launch;

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
    } = launch;
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
    let result = (|| {
        execute!(stdout(), EnableBracketedPaste)?;
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
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
        });
        event_loop(&mut terminal, &mut app, store.as_ref())
    })();
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result.map(|()| ExitCode::SUCCESS)
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc())
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App<'_>,
    store: Option<&Store>,
) -> anyhow::Result<()> {
    loop {
        terminal.draw(|frame| view(app, frame))?;
        // Lets the test suite prove the terminal is restored after a panic
        // (tests/terminal_restore.rs); release builds do not have it.
        #[cfg(debug_assertions)]
        if std::env::var_os("DILEMMA_TEST_PANIC").is_some() {
            panic!("panic requested by DILEMMA_TEST_PANIC");
        }
        let msg = match event::read()? {
            Event::Key(key) => Msg::Key(key),
            Event::Paste(text) => Msg::Paste(text),
            Event::Mouse(mouse) => Msg::Mouse(mouse.kind),
            Event::Resize(width, height) => Msg::Resize(width, height),
            _ => continue,
        };
        let mut next = Some(msg);
        while let Some(msg) = next.take() {
            match update(app, msg, now()) {
                None => {}
                Some(Effect::Quit) => return Ok(()),
                Some(Effect::Save) => {
                    if let Some(store) = store
                        && !app.record_is_empty()
                    {
                        next = Some(Msg::Saved(
                            store.save(&app.record).map_err(|e| format!("{e:#}")),
                        ));
                    }
                }
                Some(Effect::ListSessions) => {
                    let sessions = store.map_or_else(Vec::new, |store| {
                        store
                            .list()
                            .into_iter()
                            .map(|listed| app::Session {
                                id: listed.id,
                                record: listed.record.map_err(|d| d.to_string()),
                            })
                            .collect()
                    });
                    next = Some(Msg::Sessions(sessions));
                }
            }
        }
    }
}
