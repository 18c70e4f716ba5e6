//! Every key the review screen understands, in one table per mode. The
//! footer hints and the `?` help are drawn from these same tables, so they
//! can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    ScrollUp,
    ScrollDown,
    Comment,
    EditComment,
    SignOff,
    Help,
    Quit,
    // in a form
    NextField,
    PrevField,
    Submit,
    Cancel,
    Left,
    Right,
    Home,
    End,
    Backspace,
    Delete,
    // when identifying details were found
    Keep,
    Edit,
    Drop,
    // in the help popup
    Close,
}

/// A key with the modifiers that matter (Ctrl); Shift is part of the
/// character itself (`?`, `G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in hints and help.
    pub shown: &'static str,
    pub action: Action,
    /// What it does, in a few words.
    pub does: &'static str,
    /// Shown in the footer (the help shows every binding).
    pub footer: bool,
}

const fn bind(
    keys: &'static [Key],
    shown: &'static str,
    action: Action,
    does: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        shown,
        action,
        does,
        footer,
    }
}

/// Reading the list of items.
pub const BROWSE: &[Binding] = &[
    bind(
        &[key(KeyCode::Up), ch('k')],
        "↑ k",
        Action::Up,
        "previous item",
        false,
    ),
    bind(
        &[key(KeyCode::Down), ch('j')],
        "↓ j",
        Action::Down,
        "next item",
        false,
    ),
    bind(
        &[key(KeyCode::Home), ch('g')],
        "g",
        Action::Top,
        "first item",
        false,
    ),
    bind(
        &[key(KeyCode::End), ch('G')],
        "G",
        Action::Bottom,
        "last item",
        false,
    ),
    bind(
        &[key(KeyCode::PageDown), ch(' ')],
        "PgDn Space",
        Action::ScrollDown,
        "scroll the text down",
        false,
    ),
    bind(
        &[key(KeyCode::PageUp), ch('b')],
        "PgUp b",
        Action::ScrollUp,
        "scroll the text up",
        false,
    ),
    bind(
        &[ch('c'), key(KeyCode::Enter)],
        "c",
        Action::Comment,
        "comment",
        true,
    ),
    bind(
        &[ch('e')],
        "e",
        Action::EditComment,
        "reword or withdraw the last comment here",
        false,
    ),
    bind(&[ch('s')], "s", Action::SignOff, "sign off", true),
    bind(&[ch('?')], "?", Action::Help, "help", true),
    bind(&[ch('q')], "q", Action::Quit, "quit", true),
];

/// Writing a comment or a sign-off.
pub const FORM: &[Binding] = &[
    bind(
        &[key(KeyCode::Enter)],
        "Enter",
        Action::Submit,
        "next field, then save",
        true,
    ),
    bind(
        &[key(KeyCode::Tab), key(KeyCode::Down)],
        "Tab",
        Action::NextField,
        "next field",
        true,
    ),
    bind(
        &[key(KeyCode::BackTab), key(KeyCode::Up)],
        "Shift-Tab",
        Action::PrevField,
        "previous field",
        false,
    ),
    bind(&[key(KeyCode::Esc)], "Esc", Action::Cancel, "cancel", true),
    bind(&[key(KeyCode::Left)], "←", Action::Left, "move left", false),
    bind(
        &[key(KeyCode::Right)],
        "→",
        Action::Right,
        "move right",
        false,
    ),
    bind(
        &[key(KeyCode::Home), ctrl('a')],
        "Home",
        Action::Home,
        "start of the field",
        false,
    ),
    bind(
        &[key(KeyCode::End), ctrl('e')],
        "End",
        Action::End,
        "end of the field",
        false,
    ),
    bind(
        &[key(KeyCode::Backspace)],
        "Backspace",
        Action::Backspace,
        "delete left",
        false,
    ),
    bind(
        &[key(KeyCode::Delete)],
        "Del",
        Action::Delete,
        "delete right",
        false,
    ),
];

/// Identifying details were found in what is about to be saved.
pub const CONFIRM: &[Binding] = &[
    bind(&[ch('k')], "k", Action::Keep, "keep it as written", true),
    bind(
        &[ch('e'), key(KeyCode::Esc)],
        "e",
        Action::Edit,
        "edit it",
        true,
    ),
    bind(&[ch('d')], "d", Action::Drop, "leave it out", true),
];

/// The help popup.
pub const HELP: &[Binding] = &[bind(
    &[key(KeyCode::Esc), ch('?'), ch('q'), key(KeyCode::Enter)],
    "Esc",
    Action::Close,
    "close help",
    true,
)];

/// Keys that work the same in every mode, checked first.
pub const ANYWHERE: &[Binding] = &[bind(&[ctrl('c')], "Ctrl-C", Action::Quit, "quit", false)];

/// The action a key press stands for: the keys that work anywhere first,
/// then this mode's table.
pub fn action(table: &[Binding], event: &KeyEvent) -> Option<Action> {
    let pressed = Key {
        code: event.code,
        ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
    };
    ANYWHERE
        .iter()
        .chain(table)
        .find(|b| b.keys.contains(&pressed))
        .map(|b| b.action)
}

/// The footer line for a table: "c comment  s sign off  ? help  q quit".
pub fn footer(table: &[Binding]) -> String {
    table
        .iter()
        .filter(|b| b.footer)
        .map(|b| format!("{} {}", b.shown, b.does))
        .collect::<Vec<_>>()
        .join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_means_two_things_in_one_table() {
        for table in [BROWSE, FORM, CONFIRM, HELP] {
            let mut seen: Vec<Key> = ANYWHERE.iter().flat_map(|b| b.keys).copied().collect();
            for binding in table {
                for k in binding.keys {
                    assert!(!seen.contains(k), "{k:?} is bound twice");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn keys_map_to_their_actions_and_ctrl_matters() {
        let press = |code| KeyEvent::from(code);
        assert_eq!(
            action(BROWSE, &press(KeyCode::Char('j'))),
            Some(Action::Down)
        );
        assert_eq!(action(BROWSE, &press(KeyCode::Char('x'))), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action(BROWSE, &ctrl_c), Some(Action::Quit));
        assert_eq!(
            action(BROWSE, &press(KeyCode::Char('c'))),
            Some(Action::Comment)
        );
        // In a form, letters are text, not commands.
        assert_eq!(action(FORM, &press(KeyCode::Char('q'))), None);
    }
}
