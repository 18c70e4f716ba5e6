//! What the interactive shells (full-screen and plain) are started with.

use crate::cli::ThemeName;
use crate::code::Catalogue;
use crate::record::Record;
use crate::record::store::Store;
use crate::rules::RuleSet;
use crate::training::Loaded;

/// Everything a wizard session needs, prepared by the command line.
pub struct Launch {
    pub set: RuleSet,
    pub code: Catalogue,
    /// Where to autosave; `None` with `--no-save` (the screen says so).
    pub store: Option<Store>,
    /// A fresh record, or one being resumed (its answers are replayed).
    pub record: Record,
    pub resumed: bool,
    pub theme: ThemeName,
    pub mouse: bool,
    /// Set by `dilemma train`: the vignette being walked, scored at the end.
    pub scenario: Option<Loaded>,
}
