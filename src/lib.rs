//! `dilemma`: work through an ethical dilemma with the NOHS Ethical Standards
//! for Human Services Professionals (2024).
//!
//! The core (`code`, `rules`, `engine`, `outcome`) is pure and knows nothing
//! of terminals or files beyond reading its data; the shells in `cli` drive it.

pub mod cli;
pub mod code;
pub mod engine;
pub mod outcome;
pub mod plain;
pub mod prove;
pub mod record;
pub mod review;
pub mod rules;
pub mod source;
pub mod spans;
pub mod training;
pub mod tui;
pub mod view;
pub mod wizard;
