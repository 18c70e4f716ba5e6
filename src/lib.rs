//! `dilemma`: work through an ethical dilemma with the NOHS Ethical Standards
//! for Human Services Professionals (2024).
//!
//! Modules are listed bottom layer first; none imports from a layer above it
//! (`docs/ARCHITECTURE.md` has the picture and where each kind of change goes).

// The code and where things sit in source files.
/// The 44 standards: numbers, domains, titles and our own summaries.
pub mod code;
/// Times shown in the reader's time zone, with the offset.
pub mod local_time;
/// The official wording of the standards, from a copy the user owns.
pub mod official;
/// Many record files read and parsed on every core, results in order.
pub mod parallel;
/// Text made safe to print: no control characters or direction overrides.
pub mod printable;
/// Source files and `FILE:LINE:COL` diagnostics.
pub mod source;
/// Where a value sits in a RON file, for positioned errors.
pub mod spans;

// The rules.
/// The rule graph: its types, loading, overlays and checking.
pub mod rules;

// The walk and what it yields.
/// A walk through the questions, derived by replaying the answers.
pub mod engine;
/// What a walk yields: the plan, the standards and why, the tensions.
pub mod outcome;
/// Proving the rules' invariants over every path.
pub mod prove;

// One view of an outcome for every output.
/// The outcome laid out once, rendered as Markdown and JSON.
pub mod view;

// What is kept.
/// Decision records: the file format, the store, resume and export.
pub mod record;
/// Training scenarios, their checks and scores.
pub mod training;

// The shells.
/// The numbered-prompt wizard for pipes, screen readers and scripts.
pub mod plain;
/// Supervisor review of a saved record: its model and the plain review
/// (the full-screen review is a screen of `tui`).
pub mod review;
/// The full-screen wizard (ratatui), and the supervisor's review as one of
/// its screens.
pub mod tui;
/// What the interactive shells are started with.
pub mod wizard;

// The top floor.
/// The command line: parses arguments and drives everything below.
pub mod cli;
