//! The review screen's loop: draw, read a key, update, perform effects.
//! `ratatui::run` restores the terminal on every path, panics included.

use anyhow::Result;
use ratatui::crossterm::event::{self, Event};
use time::Date;

use super::app::{App, Effect, Msg, update};
use super::{Review, save_change, view};

/// Runs the full-screen review until the reviewer quits.
pub fn run(review: Review, today: Date) -> Result<()> {
    let mut app = App::new(review, today);
    ratatui::run(|terminal| -> Result<()> {
        while !app.quit {
            terminal.draw(|frame| view::view(&app, frame))?;
            // Resizes need no handling: the next draw fits the new size.
            if let Event::Key(key) = event::read()?
                && let Some(effect) = update(&mut app, Msg::Key(key))
            {
                perform(&mut app, effect);
            }
        }
        Ok(())
    })
}

fn perform(app: &mut App, effect: Effect) {
    match effect {
        Effect::Save(change) => {
            let saved = save_change(&app.review.path, &change)
                .map(Box::new)
                .map_err(|e| format!("{e:#}"));
            update(app, Msg::Saved(saved));
        }
    }
}
