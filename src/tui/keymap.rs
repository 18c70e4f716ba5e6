//! The one table of keys. Each screen lists its commands once; the footer
//! hints, the `?` help and the key handling all read that list, so they can
//! never disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for; screens decide what it means for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Left,
    Right,
    /// Enter: choose, answer, continue.
    Confirm,
    /// Space: tick or untick.
    Toggle,
    /// Shift-Enter or Alt-Enter: a line break in a text of several lines.
    NewLine,
    Back,
    /// Esc: close or cancel.
    Cancel,
    Review,
    Note,
    Why,
    Panel,
    Search,
    Help,
    Quit,
    /// Ctrl-C: quit from anywhere, text fields included.
    Interrupt,
    NextPane,
    PrevPane,
    Add,
    Remove,
    Save,
    Yes,
    No,
    Edit,
    Redact,
    Keep,
    /// A number key: jump to that choice (a second digit typed soon after
    /// makes a two-digit number).
    Jump(u8),
    /// Show or hide the steps that do not apply.
    ShowAll,
    /// A supervisor's comment on the item under the cursor.
    Comment,
    /// A supervisor's sign-off of the whole record.
    SignOff,
}

/// Where the keys are being read: the screen, or the popup on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Home,
    Sessions,
    Vignette,
    Situation,
    /// A question that takes one choice.
    Question,
    /// A question that takes several.
    QuestionMany,
    Change,
    Review,
    Outcome,
    /// The outcome with the standards pane in focus.
    OutcomeStandards,
    Score,
    List,
    Form,
    FormText,
    Browser,
    /// The browser showing one standard in full.
    BrowserDetail,
    BrowserSearch,
    Done,
    Help,
    Confirm,
    Guard,
    Notice,
    Note,
    Panel,
    Why,
    /// A supervisor reading a record's items (`dilemma review`).
    Supervise,
    /// A supervisor writing a comment or a sign-off.
    SuperviseForm,
}

impl Context {
    /// In a text context, letters are typed, not commands.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Context::Vignette
                | Context::Situation
                | Context::FormText
                | Context::SuperviseForm
                | Context::BrowserSearch
                | Context::Note
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pat {
    Code(KeyCode),
    /// The key with Shift held; it wins over the key alone.
    Shift(KeyCode),
    /// The key with Alt held; it wins over the key alone.
    Alt(KeyCode),
    Ctrl(char),
    Digit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Footer,
    Help,
    Both,
    /// Works, but the help lists it under a combined line.
    Hidden,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pats: &'static [Pat],
    pub action: Option<Action>,
    pub keys: &'static str,
    pub hint: &'static str,
    pub show: Show,
    /// The hint in fewer words, for a footer with little room.
    pub short: Option<&'static str>,
    /// Left out of a footer with little room before the others (the help
    /// still lists it).
    pub minor: bool,
}

impl Binding {
    /// The hint in fewer words, for a narrow footer.
    const fn short(self, short: &'static str) -> Binding {
        Binding {
            short: Some(short),
            ..self
        }
    }

    /// Left out of a narrow footer first.
    const fn minor(self) -> Binding {
        Binding {
            minor: true,
            ..self
        }
    }
}

const fn bind(
    pats: &'static [Pat],
    action: Action,
    keys: &'static str,
    hint: &'static str,
    show: Show,
) -> Binding {
    Binding {
        pats,
        action: Some(action),
        keys,
        hint,
        show,
        short: None,
        minor: false,
    }
}

/// A footer line that stands for several bindings listed in the help.
const fn label(keys: &'static str, hint: &'static str) -> Binding {
    Binding {
        pats: &[],
        action: None,
        keys,
        hint,
        show: Show::Footer,
        short: None,
        minor: true,
    }
}

/// A help line that stands for several hidden bindings.
const fn help_line(keys: &'static str, hint: &'static str) -> Binding {
    Binding {
        pats: &[],
        action: None,
        keys,
        hint,
        show: Show::Help,
        short: None,
        minor: false,
    }
}

use Action as A;
use KeyCode as K;
use Show::{Both, Footer, Help, Hidden};

const fn c(ch: char) -> Pat {
    Pat::Code(K::Char(ch))
}

const UP: Binding = bind(
    &[Pat::Code(K::Up), c('k')],
    A::Up,
    "Up k",
    "move up",
    Hidden,
);
const DOWN: Binding = bind(
    &[Pat::Code(K::Down), c('j')],
    A::Down,
    "Down j",
    "move down",
    Hidden,
);
const TOP: Binding = bind(
    &[c('g'), Pat::Code(K::Home)],
    A::Top,
    "g Home",
    "go to the top",
    Hidden,
);
const BOTTOM: Binding = bind(
    &[c('G'), Pat::Code(K::End)],
    A::Bottom,
    "G End",
    "go to the bottom",
    Hidden,
);
const PAGE_UP: Binding = bind(
    &[Pat::Code(K::PageUp)],
    A::PageUp,
    "PgUp",
    "page up",
    Hidden,
);
const PAGE_DOWN: Binding = bind(
    &[Pat::Code(K::PageDown)],
    A::PageDown,
    "PgDn",
    "page down",
    Hidden,
);
const DIGITS: Binding = bind(
    &[Pat::Digit],
    A::Jump(0),
    "1-9",
    "jump to a choice; 1 then 5 is choice 15",
    Help,
);
const MOVE: Binding = label("Up/Down", "move");
const SCROLL: Binding = label("Up/Down", "scroll");
const HELP: Binding = bind(&[c('?'), Pat::Code(K::F(1))], A::Help, "?", "help", Both);
const TEXT_HELP: Binding = bind(&[Pat::Code(K::F(1))], A::Help, "F1", "help", Both);
const QUIT: Binding = bind(&[c('q')], A::Quit, "q", "quit", Both);
const INTERRUPT: Binding = bind(
    &[Pat::Ctrl('c')],
    A::Interrupt,
    "Ctrl-C",
    "quit from anywhere",
    Help,
);
const TEXT_QUIT: Binding = bind(&[Pat::Ctrl('c')], A::Interrupt, "Ctrl-C", "quit", Both);
const SEARCH: Binding = bind(&[c('/')], A::Search, "/", "search the standards", Help);
const BACK: Binding = bind(
    &[c('b'), Pat::Code(K::Backspace)],
    A::Back,
    "b",
    "back",
    Both,
)
.minor();
const ESC_BACK: Binding = bind(
    &[Pat::Code(K::Esc), c('b'), Pat::Code(K::Backspace)],
    A::Back,
    "Esc",
    "back",
    Both,
);

const NAV: [Binding; 9] = [
    help_line("Up/Down j/k", "move"),
    help_line("g/G Home/End", "top / bottom"),
    help_line("PgUp/PgDn", "a page up / down"),
    UP,
    DOWN,
    TOP,
    BOTTOM,
    PAGE_UP,
    PAGE_DOWN,
];
const GLOBAL: [Binding; 4] = [SEARCH, HELP, QUIT, INTERRUPT];
const TEXT_GLOBAL: [Binding; 2] = [TEXT_HELP, TEXT_QUIT];

const HOME: &[Binding] = &[
    bind(&[Pat::Code(K::Enter)], A::Confirm, "Enter", "choose", Both),
    MOVE,
];
const SESSIONS: &[Binding] = &[
    bind(&[Pat::Code(K::Enter)], A::Confirm, "Enter", "resume", Both),
    ESC_BACK,
    MOVE,
];
const VIGNETTE: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "start the case",
        Both,
    ),
    bind(&[Pat::Code(K::Up)], A::Up, "Up", "scroll the case up", Help),
    bind(
        &[Pat::Code(K::Down)],
        A::Down,
        "Down",
        "scroll the case down",
        Help,
    ),
    PAGE_UP,
    PAGE_DOWN,
    bind(&[Pat::Code(K::Esc)], A::Back, "Esc", "back", Both),
];
const SITUATION: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "continue",
        Both,
    )
    .short("next"),
    bind(
        &[Pat::Shift(K::Enter), Pat::Alt(K::Enter)],
        A::NewLine,
        "Shift/Alt-Enter",
        "new line",
        Both,
    ),
    // Many terminals send Shift-Enter as a plain Enter; Ctrl-J is a line
    // feed in all of them.
    bind(
        &[Pat::Ctrl('j')],
        A::NewLine,
        "Ctrl-J",
        "new line, where Shift-Enter is read as Enter",
        Help,
    ),
    bind(
        &[Pat::Code(K::Up)],
        A::Up,
        "Up/Down",
        "move between lines",
        Help,
    ),
    bind(&[Pat::Code(K::Down)], A::Down, "Down", "line below", Hidden),
    bind(&[Pat::Code(K::Esc)], A::Back, "Esc", "back", Both),
];
const QUESTION: &[Binding] = &[
    bind(&[Pat::Code(K::Enter)], A::Confirm, "Enter", "choose", Both),
    MOVE,
    bind(&[c(' ')], A::Toggle, "Space", "mark a choice", Help),
    DIGITS,
    BACK,
    bind(&[c('w')], A::Why, "w", "why we ask", Both).short("why"),
    bind(&[c('n')], A::Note, "n", "note", Both),
    bind(&[c('r')], A::Review, "r", "review answers", Both).short("review"),
    bind(&[c('s')], A::Panel, "s", "standards so far", Both).short("standards"),
];
const QUESTION_MANY: &[Binding] = &[
    bind(&[c(' ')], A::Toggle, "Space", "tick", Both),
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "continue",
        Both,
    )
    .short("next"),
    MOVE,
    DIGITS,
    BACK,
    bind(&[c('w')], A::Why, "w", "why we ask", Both).short("why"),
    bind(&[c('n')], A::Note, "n", "note", Both),
    bind(&[c('r')], A::Review, "r", "review answers", Both).short("review"),
    bind(&[c('s')], A::Panel, "s", "standards so far", Both).short("standards"),
];
const CHANGE: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "change to this",
        Both,
    )
    .short("change"),
    bind(
        &[Pat::Code(K::Esc), c('b'), Pat::Code(K::Backspace)],
        A::Cancel,
        "Esc",
        "keep the old answer",
        Both,
    )
    .short("keep old"),
    bind(&[c(' ')], A::Toggle, "Space", "tick", Both),
    MOVE,
    DIGITS,
    bind(&[c('w')], A::Why, "w", "why we ask", Both).short("why"),
];
const REVIEW: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "change this answer",
        Both,
    ),
    ESC_BACK,
    MOVE,
];
// "Enter next" on the plan read as "the next step" (Up/Down does that);
// Enter goes on to the options, so the short form says so.
const OUTCOME: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "continue",
        Both,
    )
    .short("options"),
    bind(&[c(' ')], A::Toggle, "Space", "step done", Both).short("done"),
    bind(&[c('a')], A::ShowAll, "a", "steps left out", Both).short("left out"),
    bind(&[Pat::Code(K::Tab)], A::NextPane, "Tab", "standards", Both),
    bind(
        &[Pat::Code(K::BackTab)],
        A::PrevPane,
        "Shift-Tab",
        "standards",
        Help,
    ),
    label("Up/Down", "step"),
    bind(&[c('n')], A::Note, "n", "note on a done step", Help),
    BACK,
    bind(&[c('r')], A::Review, "r", "review answers", Both).short("review"),
];
const OUTCOME_STANDARDS: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "continue",
        Both,
    )
    .short("options"),
    bind(&[Pat::Code(K::Tab)], A::NextPane, "Tab", "steps", Both),
    bind(
        &[Pat::Code(K::BackTab)],
        A::PrevPane,
        "Shift-Tab",
        "steps",
        Help,
    ),
    SCROLL,
    bind(&[c(' ')], A::Toggle, "Space", "step done", Help),
    BACK,
    bind(&[c('r')], A::Review, "r", "review answers", Both).short("review"),
];
const SCORE: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "continue",
        Both,
    )
    .short("next"),
    SCROLL,
    BACK,
];
const LIST: &[Binding] = &[
    bind(&[Pat::Code(K::Enter)], A::Confirm, "Enter", "open", Both),
    bind(&[c('a')], A::Add, "a", "add", Both),
    bind(
        &[c('x'), Pat::Code(K::Delete)],
        A::Remove,
        "x",
        "remove",
        Both,
    ),
    BACK,
    MOVE,
];
const NEXT_FIELD: Binding = bind(
    &[Pat::Code(K::Tab), Pat::Code(K::Down)],
    A::Down,
    "Tab",
    "next field",
    Both,
)
.short("next");
const PREV_FIELD: Binding = bind(
    &[Pat::Code(K::BackTab), Pat::Code(K::Up)],
    A::Up,
    "Shift-Tab",
    "previous field",
    Help,
);
const SAVE_FORM: Binding = bind(&[Pat::Ctrl('s')], A::Save, "Ctrl-S", "save", Both);
const CANCEL_FORM: Binding = bind(&[Pat::Code(K::Esc)], A::Cancel, "Esc", "cancel", Both);
const FORM: &[Binding] = &[
    NEXT_FIELD,
    PREV_FIELD,
    bind(&[c(' ')], A::Toggle, "Space", "tick / change", Both).short("change"),
    bind(
        &[Pat::Code(K::Left)],
        A::Left,
        "Left",
        "previous item",
        Help,
    ),
    bind(&[Pat::Code(K::Right)], A::Right, "Right", "next item", Help),
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "next / press",
        Both,
    )
    .short("next"),
    SAVE_FORM,
    CANCEL_FORM,
];
const FORM_TEXT: &[Binding] = &[
    NEXT_FIELD,
    PREV_FIELD,
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "next field",
        Both,
    )
    .short("next"),
    SAVE_FORM,
    CANCEL_FORM,
];
// The supervisor's review. Its letters mean nothing else in the wizard's
// lists (`s` opens the standards so far only while answering, and the
// review lists the standards as items); Space and `b` keep the wizard's
// meanings, so the text scrolls with PgUp/PgDn only.
const SUPERVISE: &[Binding] = &[
    bind(
        &[c('c'), Pat::Code(K::Enter)],
        A::Comment,
        "c",
        "comment",
        Both,
    ),
    bind(&[c('s')], A::SignOff, "s", "sign off", Both),
    bind(&[c('e')], A::Edit, "e", "reword a comment", Both),
    label("Up/Down", "item"),
    help_line("PgUp/PgDn", "scroll the item's text"),
];
const SUPERVISE_FORM: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "next, then save",
        Both,
    ),
    CANCEL_FORM,
    SAVE_FORM,
    NEXT_FIELD,
    PREV_FIELD,
];
const BROWSER: &[Binding] = &[
    bind(&[c('/')], A::Search, "/", "search", Both),
    bind(
        &[Pat::Code(K::Tab), Pat::Code(K::Enter)],
        A::NextPane,
        "Tab",
        "read it",
        Both,
    ),
    bind(
        &[Pat::Code(K::BackTab)],
        A::PrevPane,
        "Shift-Tab",
        "read it",
        Help,
    ),
    bind(
        &[Pat::Code(K::Esc), c('b'), Pat::Code(K::Backspace)],
        A::Back,
        "Esc",
        "close",
        Both,
    ),
    MOVE,
];
const BROWSER_DETAIL: &[Binding] = &[
    bind(
        &[
            Pat::Code(K::Tab),
            Pat::Code(K::BackTab),
            Pat::Code(K::Esc),
            c('b'),
            Pat::Code(K::Backspace),
        ],
        A::Back,
        "Tab",
        "back to the list",
        Both,
    ),
    SCROLL,
];
const BROWSER_SEARCH: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter), Pat::Code(K::Down)],
        A::Confirm,
        "Enter",
        "go to the list",
        Both,
    ),
    bind(
        &[Pat::Code(K::Esc)],
        A::Cancel,
        "Esc",
        "clear the search",
        Both,
    ),
];
const DONE: &[Binding] = &[
    bind(&[Pat::Code(K::Enter)], A::Confirm, "Enter", "choose", Both),
    BACK,
    MOVE,
];
const HELP_POPUP: &[Binding] = &[
    SCROLL,
    bind(
        &[
            Pat::Code(K::Esc),
            c('?'),
            Pat::Code(K::F(1)),
            Pat::Code(K::Enter),
            c('q'),
        ],
        A::Cancel,
        "Esc",
        "close",
        Both,
    ),
];
const CONFIRM: &[Binding] = &[
    bind(&[c('y'), Pat::Code(K::Enter)], A::Yes, "y", "yes", Both),
    bind(&[c('n'), Pat::Code(K::Esc)], A::No, "n", "no", Both),
];
const GUARD: &[Binding] = &[
    bind(&[c('e'), Pat::Code(K::Esc)], A::Edit, "e", "edit", Both),
    bind(&[c('r')], A::Redact, "r", "remove details", Both),
    bind(&[c('k')], A::Keep, "k", "keep", Both),
    bind(&[Pat::Code(K::Enter)], A::Confirm, "Enter", "choose", Both),
    MOVE,
];
const NOTICE: &[Binding] = &[
    SCROLL,
    bind(
        &[Pat::Code(K::Enter), Pat::Code(K::Esc), c(' ')],
        A::Cancel,
        "Enter",
        "close",
        Both,
    ),
];
const NOTE: &[Binding] = &[
    bind(
        &[Pat::Code(K::Enter)],
        A::Confirm,
        "Enter",
        "save the note",
        Both,
    ),
    bind(&[Pat::Code(K::Esc)], A::Cancel, "Esc", "cancel", Both),
];
const PANEL: &[Binding] = &[
    SCROLL,
    bind(
        &[Pat::Code(K::Esc), c('s'), Pat::Code(K::Enter)],
        A::Cancel,
        "Esc",
        "close",
        Both,
    ),
];
const WHY: &[Binding] = &[
    SCROLL,
    bind(
        &[Pat::Code(K::Esc), c('w'), Pat::Code(K::Enter)],
        A::Cancel,
        "Esc",
        "close",
        Both,
    ),
];

fn own(context: Context) -> &'static [Binding] {
    match context {
        Context::Home => HOME,
        Context::Sessions => SESSIONS,
        Context::Vignette => VIGNETTE,
        Context::Situation => SITUATION,
        Context::Question => QUESTION,
        Context::QuestionMany => QUESTION_MANY,
        Context::Change => CHANGE,
        Context::Review => REVIEW,
        Context::Outcome => OUTCOME,
        Context::OutcomeStandards => OUTCOME_STANDARDS,
        Context::Score => SCORE,
        Context::List => LIST,
        Context::Form => FORM,
        Context::FormText => FORM_TEXT,
        Context::Browser => BROWSER,
        Context::BrowserDetail => BROWSER_DETAIL,
        Context::BrowserSearch => BROWSER_SEARCH,
        Context::Done => DONE,
        Context::Help => HELP_POPUP,
        Context::Confirm => CONFIRM,
        Context::Guard => GUARD,
        Context::Notice => NOTICE,
        Context::Note => NOTE,
        Context::Panel => PANEL,
        Context::Why => WHY,
        Context::Supervise => SUPERVISE,
        Context::SuperviseForm => SUPERVISE_FORM,
    }
}

/// Every binding that applies in `context`, its own first.
pub fn bindings(context: Context) -> Vec<Binding> {
    let mut all: Vec<Binding> = own(context).to_vec();
    let popup = matches!(
        context,
        Context::Help
            | Context::Confirm
            | Context::Guard
            | Context::Notice
            | Context::Panel
            | Context::Why
    );
    if context.is_text() {
        all.extend(TEXT_GLOBAL);
    } else if popup {
        all.push(INTERRUPT);
    } else {
        let lists = !matches!(context, Context::Form | Context::Situation);
        if lists {
            // A screen that explains a key in its own words keeps them.
            let own = own(context);
            all.extend(
                NAV.into_iter()
                    .filter(|b| b.action.is_some() || !own.iter().any(|o| o.keys == b.keys)),
            );
        }
        // The browser's own `/` focuses its search field.
        all.extend(GLOBAL.into_iter().filter(|b| {
            !(matches!(context, Context::Browser | Context::BrowserDetail)
                && b.action == Some(Action::Search))
        }));
    }
    all
}

/// The action `key` asks for in `context`, if any.
pub fn action(context: Context, key: KeyEvent) -> Option<Action> {
    let all = bindings(context);
    // A key with Shift or Alt named in the table (Shift-Enter) wins over
    // the same key alone (Enter), wherever each is listed.
    let modified = |p: &Pat| matches!(p, Pat::Shift(_) | Pat::Alt(_));
    let find = |only_modified: bool| {
        all.iter().find_map(|b| {
            b.pats
                .iter()
                .filter(|p| !only_modified || modified(p))
                .find_map(|p| matches(*p, key, b.action))
        })
    };
    find(true).or_else(|| find(false))
}

fn matches(pat: Pat, key: KeyEvent, action: Option<Action>) -> Option<Action> {
    let mods = key.modifiers;
    let plain = !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match pat {
        Pat::Code(code) if plain && key.code == code => action,
        Pat::Ctrl(ch) if mods.contains(KeyModifiers::CONTROL) && key.code == K::Char(ch) => action,
        Pat::Shift(code) if mods.contains(KeyModifiers::SHIFT) && key.code == code => action,
        Pat::Alt(code) if mods.contains(KeyModifiers::ALT) && key.code == code => action,
        Pat::Digit if plain => match key.code {
            K::Char(d @ '0'..='9') => Some(Action::Jump(d as u8 - b'0')),
            _ => None,
        },
        _ => None,
    }
}

/// The footer hints for `context`, as (keys, hint) pairs, in order.
pub fn footer(context: Context) -> Vec<(&'static str, &'static str)> {
    bindings(context)
        .into_iter()
        .filter(|b| matches!(b.show, Footer | Both))
        .map(|b| (b.keys, b.hint))
        .collect()
}

/// A footer fitted to a width: its hints, and the spaces after each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterLine {
    pub hints: Vec<(&'static str, &'static str)>,
    pub gap: usize,
}

impl FooterLine {
    /// The columns it takes: a leading space, each hint and the gaps
    /// between them.
    pub fn width(&self) -> usize {
        let text: usize = self
            .hints
            .iter()
            .map(|(k, h)| k.chars().count() + 1 + h.chars().count())
            .sum();
        1 + text + self.gap * self.hints.len().saturating_sub(1)
    }

    /// Whether some keys were left out (the help lists them all).
    pub fn more(&self) -> bool {
        self.hints.last().is_some_and(|(_, h)| *h == MORE)
    }
}

/// What the help key says when the footer had to leave keys out.
const MORE: &str = "more";

/// The footer for `context` in `width` columns. Every hint when they fit;
/// else the same in fewer words and closer together; else lines that stand
/// for several keys (Up/Down) left out first, then minor keys (back), then
/// the last listed, and the help key moved to the end as `? more`. Help and
/// quit always stay.
pub fn footer_line(context: Context, width: usize) -> FooterLine {
    let all: Vec<Binding> = bindings(context)
        .into_iter()
        .filter(|b| matches!(b.show, Footer | Both))
        .collect();
    let is_help = |b: &Binding| b.action == Some(Action::Help);
    let is_quit = |b: &Binding| matches!(b.action, Some(Action::Quit | Action::Interrupt));
    let (tail, head): (Vec<Binding>, Vec<Binding>) =
        all.into_iter().partition(|b| is_help(b) || is_quit(b));
    let line = |bs: &[Binding], short: bool, gap: usize| FooterLine {
        hints: bs
            .iter()
            .map(|b| {
                (
                    b.keys,
                    if short {
                        b.short.unwrap_or(b.hint)
                    } else {
                        b.hint
                    },
                )
            })
            .collect(),
        gap,
    };
    let every: Vec<Binding> = head.iter().chain(&tail).copied().collect();
    let full = line(&every, false, 3);
    if full.width() <= width {
        return full;
    }
    let tight = line(&every, true, 2);
    if tight.width() <= width {
        return tight;
    }
    // Leave out the minor ones, last first, then the others, last first.
    let mut kept = head;
    let quit: Vec<Binding> = tail.iter().filter(|b| is_quit(b)).copied().collect();
    let help = tail.iter().find(|b| is_help(b)).map(|b| Binding {
        hint: MORE,
        short: None,
        ..*b
    });
    let fitted = |kept: &[Binding]| {
        let shown: Vec<Binding> = kept.iter().chain(&quit).chain(&help).copied().collect();
        line(&shown, true, 2)
    };
    while fitted(&kept).width() > width {
        let drop = kept
            .iter()
            .rposition(|b| b.action.is_none())
            .or_else(|| kept.iter().rposition(|b| b.minor))
            .or_else(|| kept.len().checked_sub(1));
        match drop {
            Some(i) => {
                kept.remove(i);
            }
            None => break,
        }
    }
    fitted(&kept)
}

/// Every command for the help popup, as (keys, hint) pairs.
pub fn help(context: Context) -> Vec<(&'static str, &'static str)> {
    bindings(context)
        .into_iter()
        .filter(|b| matches!(b.show, Help | Both))
        .map(|b| (b.keys, b.hint))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_commands_on_lists_and_text_in_fields() {
        let q = KeyEvent::from(K::Char('q'));
        assert_eq!(action(Context::Question, q), Some(Action::Quit));
        assert_eq!(action(Context::Situation, q), None);
        assert_eq!(
            action(Context::FormText, KeyEvent::from(K::Char('j'))),
            None
        );
        let ctrl_c = KeyEvent::new(K::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action(Context::Situation, ctrl_c), Some(Action::Interrupt));
    }

    #[test]
    fn shift_or_alt_enter_is_a_new_line_in_the_situation_and_enter_moves_on() {
        let enter = KeyEvent::from(K::Enter);
        assert_eq!(action(Context::Situation, enter), Some(Action::Confirm));
        for mods in [KeyModifiers::SHIFT, KeyModifiers::ALT] {
            let key = KeyEvent::new(K::Enter, mods);
            assert_eq!(action(Context::Situation, key), Some(Action::NewLine));
        }
        let ctrl_j = KeyEvent::new(K::Char('j'), KeyModifiers::CONTROL);
        assert_eq!(action(Context::Situation, ctrl_j), Some(Action::NewLine));
        assert_eq!(
            action(Context::Situation, KeyEvent::from(K::Up)),
            Some(Action::Up)
        );
        assert!(
            footer(Context::Situation)
                .iter()
                .any(|(k, h)| *k == "Enter" && *h == "continue")
        );
    }

    const CONTEXTS: [Context; 27] = [
        Context::Home,
        Context::Sessions,
        Context::Vignette,
        Context::Situation,
        Context::Question,
        Context::QuestionMany,
        Context::Change,
        Context::Review,
        Context::Outcome,
        Context::OutcomeStandards,
        Context::Score,
        Context::List,
        Context::Form,
        Context::FormText,
        Context::Browser,
        Context::BrowserDetail,
        Context::BrowserSearch,
        Context::Done,
        Context::Help,
        Context::Confirm,
        Context::Guard,
        Context::Notice,
        Context::Note,
        Context::Panel,
        Context::Why,
        Context::Supervise,
        Context::SuperviseForm,
    ];

    #[test]
    fn at_80_columns_every_footer_fits_or_ends_with_more() {
        for context in CONTEXTS {
            let line = footer_line(context, 80);
            let shown = |line: &FooterLine| {
                line.hints
                    .iter()
                    .map(|(k, h)| format!("{k} {h}"))
                    .collect::<Vec<_>>()
                    .join(&" ".repeat(line.gap))
            };
            eprintln!("{context:?}: {}", shown(&line));
            assert!(line.width() <= 80, "{context:?}: {}", shown(&line));
            let all = footer(context);
            let every = all
                .iter()
                .all(|(k, _)| line.hints.iter().any(|(shown, _)| shown == k));
            assert!(
                every || line.more(),
                "{context:?} leaves keys out without saying so: {}",
                shown(&line)
            );
            for (keys, hint) in all.iter().filter(|(_, h)| *h == "help" || *h == "quit") {
                assert!(
                    line.hints.iter().any(|(k, _)| k == keys),
                    "{context:?} lost {keys} {hint}"
                );
            }
        }
    }

    #[test]
    fn at_80_columns_the_keys_that_matter_stay() {
        let keeps = |context: Context, keys: &[&str]| {
            let line = footer_line(context, 80);
            for key in keys {
                assert!(
                    line.hints.iter().any(|(k, _)| k == key),
                    "{context:?} at 80 columns lost {key}: {:?}",
                    line.hints
                );
            }
        };
        keeps(
            Context::Question,
            &["Enter", "b", "w", "n", "r", "s", "q", "?"],
        );
        keeps(
            Context::QuestionMany,
            &["Space", "Enter", "w", "n", "r", "s"],
        );
        keeps(Context::Outcome, &["Enter", "Space", "a", "Tab", "r", "?"]);
        keeps(Context::OutcomeStandards, &["Enter", "Tab", "r", "?"]);
        keeps(Context::Form, &["Tab", "Space", "Ctrl-S", "Esc"]);
        keeps(Context::Situation, &["Enter", "Shift/Alt-Enter", "Esc"]);
        keeps(Context::Supervise, &["c", "s", "e", "q"]);
        // Wide enough, nothing is left out and nothing says "more".
        for context in CONTEXTS {
            let line = footer_line(context, 200);
            assert!(!line.more());
            assert_eq!(line.hints, footer(context), "{context:?}");
        }
    }

    #[test]
    fn vim_keys_and_arrows_both_move() {
        for key in [K::Down, K::Char('j')] {
            assert_eq!(
                action(Context::Review, KeyEvent::from(key)),
                Some(Action::Down)
            );
        }
        assert_eq!(
            action(Context::Question, KeyEvent::from(K::Char('3'))),
            Some(Action::Jump(3))
        );
    }

    #[test]
    fn the_footer_and_the_help_come_from_the_same_table() {
        for context in [
            Context::Question,
            Context::QuestionMany,
            Context::Outcome,
            Context::List,
            Context::Form,
            Context::Supervise,
            Context::SuperviseForm,
        ] {
            let help = help(context);
            for (keys, hint) in footer(context) {
                let listed =
                    help.iter().any(|(k, h)| *k == keys && *h == hint) || keys.contains('/');
                assert!(listed, "{keys} {hint} is in the footer but not the help");
            }
            assert!(footer(context).iter().any(|(_, h)| *h == "help"));
        }
    }
}
