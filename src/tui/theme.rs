//! Colours and emphasis. Every theme marks selection with a symbol as well
//! as a style, so nothing depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::wizard::ThemeName;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    /// Secondary text: hints, reasons, steps that do not apply.
    pub dim: Style,
    pub heading: Style,
    /// The line the cursor is on.
    pub selected: Style,
    /// Key names in the footer and help.
    pub key: Style,
    pub crisis: Style,
    pub warning: Style,
    pub good: Style,
    /// The inside of a text field.
    pub input: Style,
    pub border: Style,
    /// The step to take first.
    pub first: Style,
}

impl Theme {
    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Default => Theme {
                text: Style::new(),
                dim: Style::new().fg(Color::Gray).add_modifier(Modifier::DIM),
                heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                crisis: Style::new()
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD),
                warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                good: Style::new().fg(Color::Green),
                input: Style::new().fg(Color::White).bg(Color::DarkGray),
                border: Style::new().fg(Color::DarkGray),
                first: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            },
            ThemeName::HighContrast => Theme {
                text: Style::new().fg(Color::White),
                dim: Style::new().fg(Color::White),
                heading: Style::new()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                selected: Style::new()
                    .fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                crisis: Style::new()
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD),
                warning: Style::new()
                    .fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                good: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
                input: Style::new().fg(Color::Black).bg(Color::White),
                border: Style::new().fg(Color::White),
                first: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            },
            // No colour at all (NO_COLOR): emphasis by modifiers and symbols.
            ThemeName::Mono => Theme {
                text: Style::new(),
                dim: Style::new(),
                heading: Style::new().add_modifier(Modifier::BOLD),
                selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                key: Style::new().add_modifier(Modifier::BOLD),
                crisis: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                warning: Style::new().add_modifier(Modifier::BOLD),
                good: Style::new(),
                input: Style::new().add_modifier(Modifier::UNDERLINED),
                border: Style::new(),
                first: Style::new().add_modifier(Modifier::BOLD),
            },
        }
    }
}
