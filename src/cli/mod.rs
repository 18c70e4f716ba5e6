//! The command line: parse, dispatch to a subcommand, map results to exit codes.

mod check;
mod class_summary;
mod config;
mod export;
mod grade;
mod graph;
mod proof_cache;
mod records;
mod resume;
mod review;
mod scenarios;
mod sessions;
mod standards;
mod train;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::code::Catalogue;
use crate::rules::RuleSet;
use crate::source::Diagnostic;
use crate::wizard::ThemeName;

#[derive(Debug, Parser)]
#[command(
    name = "dilemma",
    version,
    about = "Work through an ethical dilemma with the NOHS Ethical Standards for Human Services Professionals (2024).",
    long_about = None,
    after_help = "Examples:\n  dilemma                      the wizard, full screen\n  dilemma --plain --no-save    numbered prompts, nothing written to disk\n\nGuides: README.md and docs/ (practitioner, supervisor, instructor, rule author, reference)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// The wizard's options, for `dilemma` with no command (also accepted
    /// before `resume` and `train`).
    #[command(flatten)]
    pub wizard: WizardArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every command understands, and the wizard's settings once the
/// command line and the config file are merged.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Use this rules file instead of the built-in rules.
    #[arg(long, global = true, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Add an agency overlay on top of the rules (may be repeated).
    #[arg(long, global = true, value_name = "FILE")]
    pub overlay: Vec<PathBuf>,
    /// Keep everything in memory: nothing is written to disk.
    #[arg(long, global = true)]
    pub no_save: bool,
    /// Where records are kept (default: the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Numbered prompts instead of the full screen (from `--plain` where
    /// the command takes it).
    #[arg(skip)]
    pub plain: bool,
    /// The wizard's colour theme (flag, then config file, then default).
    #[arg(skip = ThemeName::Default)]
    pub theme: ThemeName,
    /// Whether the wizard uses the mouse (flag or config file).
    #[arg(skip)]
    pub mouse: bool,
    /// List the steps left out of the plan too (from `--all`).
    #[arg(skip)]
    pub all: bool,
}

/// The wizard's options: on `dilemma` itself, `resume` and `train`, the
/// commands that open the wizard.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Wizard options")]
pub struct WizardArgs {
    /// Ask the questions as numbered prompts on stdin/stdout, for screen
    /// readers and scripts (automatic when not on a terminal, or with
    /// TERM=dumb).
    #[arg(long)]
    pub plain: bool,
    /// Colour theme of the full-screen wizard (default: the config file's,
    /// else `default`; mono whenever NO_COLOR is set).
    #[arg(long, value_enum, value_name = "THEME")]
    pub theme: Option<ThemeName>,
    /// Let the wizard use the mouse (off by default so you can select and
    /// copy text).
    #[arg(long)]
    pub mouse: bool,
    /// Also list the plan's steps that do not fit your answers, each with
    /// why (without it, `a` on the outcome shows them).
    #[arg(long)]
    pub all: bool,
}

impl WizardArgs {
    /// The options given before the command, then after it: a flag given in
    /// either place counts, and a theme given after the command wins.
    fn merged(&self, later: &WizardArgs) -> WizardArgs {
        WizardArgs {
            plain: self.plain || later.plain,
            theme: later.theme.or(self.theme),
            mouse: self.mouse || later.mouse,
            all: self.all || later.all,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Json,
    Md,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk a dilemma from an answers file, without the wizard.
    #[command(
        after_help = "Examples:\n  dilemma walk --answers tests/fixtures/answers/colleague-power.ron\n  dilemma walk --answers my-answers.ron --format json --all"
    )]
    Walk {
        /// A RON list of (question: "id", choices: ["id", ...]).
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        /// md: a document to read; json: for other programs.
        #[arg(long, value_enum, default_value_t = DocFormat::Md)]
        format: DocFormat,
        /// Also list the steps that do not fit these answers, each with why.
        #[arg(long)]
        all: bool,
    },
    /// Check rules (and overlays) for mistakes and show coverage.
    #[command(
        after_help = "Examples:\n  dilemma check --overlay examples/agency-overlay.ron\n  dilemma check --rules my-rules.ron --scenarios my-scenarios/ --prove"
    )]
    Check {
        /// Also check the scenarios in this folder against the rules.
        #[arg(long, value_name = "DIR")]
        scenarios: Option<PathBuf>,
        /// Prove the invariants over every path with up to two concerns
        /// picked (without it: one concern at a time).
        #[arg(long)]
        prove: bool,
        /// Prove again even if this build has proven these exact rules
        /// before (proofs are kept in the cache folder).
        #[arg(long)]
        fresh: bool,
    },
    /// Browse and search the standards.
    #[command(
        after_help = "Examples:\n  dilemma standards --search gift\n  dilemma standards --where 20\n  dilemma standards --import my-nohs-copy.txt"
    )]
    Standards {
        /// Words to look for in titles, summaries and keywords.
        #[arg(long, value_name = "WORDS")]
        search: Option<String>,
        /// Only this domain: clients, society, colleagues, employers, profession, self, students.
        #[arg(long, value_name = "DOMAIN")]
        domain: Option<String>,
        /// Show where the rules cite this standard.
        #[arg(long = "where", value_name = "N")]
        where_cited: Option<u8>,
        /// Your own plain-text copy of the NOHS standards: each standard's
        /// official words are shown beside the summary. Checked first: every
        /// standard from 1 to 44, once each, in order.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["import", "forget"])]
        official: Option<PathBuf>,
        /// Check your copy as --official does and keep it in the data
        /// folder: from then on `standards` and exports show its words
        /// beside each summary, marked as your copy.
        #[arg(long, value_name = "FILE", conflicts_with = "forget")]
        import: Option<PathBuf>,
        /// Remove the copy kept by --import.
        #[arg(long)]
        forget: bool,
        /// text: a table to read; json: for other programs.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the rule graph for Graphviz or Mermaid.
    #[command(
        after_help = "Examples:\n  dilemma graph --family colleague-conduct --format svg > colleague.svg\n  dilemma graph | dot -Tsvg > rules.svg\n  dilemma graph --format mermaid > rules.mmd"
    )]
    Graph {
        /// dot: for Graphviz (`| dot -Tsvg`); mermaid: for Markdown pages;
        /// svg: a picture, laid out without Graphviz.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Only one concern: a question group (`colleague`, the part of the
        /// ids before the dot) or a ladder (`colleague-conduct`), with the
        /// questions that lead into it.
        #[arg(long, value_name = "NAME")]
        family: Option<String>,
    },
    /// List saved records: when, how far, follow-up dates.
    #[command(
        after_help = "Examples:\n  dilemma sessions\n  dilemma sessions --data-dir /shared/team/dilemma-records"
    )]
    Sessions,
    /// Continue a saved record in the wizard (saves go back to its file).
    #[command(
        after_help = "Examples:\n  dilemma resume 2026-03-02-091500-a1b2\n  dilemma resume 2026-03-02 --plain"
    )]
    Resume {
        /// The record's id as `dilemma sessions` lists it, the start of one,
        /// or the path of a record file.
        #[arg(value_name = "RECORD")]
        id: String,
        #[command(flatten)]
        wizard: WizardArgs,
    },
    /// A record as a document for a supervision file.
    #[command(
        after_help = "Examples:\n  dilemma export 2026-03-02-091500-a1b2 -o record.md\n  dilemma export record.ron --format json --redact"
    )]
    Export {
        /// A record file, or the id of a saved record.
        #[arg(value_name = "FILE")]
        record: String,
        /// md: a document for a supervision file; json: for other programs.
        #[arg(long, value_enum, default_value_t = DocFormat::Md)]
        format: DocFormat,
        /// Replace phone numbers, e-mail addresses, dates, ID numbers and
        /// names with [removed: ...] in the document.
        #[arg(long)]
        redact: bool,
        /// Write the document to this file (private to you) instead of printing it.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the file given to --output if it exists (a record is
        /// never replaced).
        #[arg(long, requires = "output")]
        force: bool,
        /// Also list the steps that do not fit the record's answers, each
        /// with why.
        #[arg(long)]
        all: bool,
    },
    /// Read a record and add supervision comments and a sign-off.
    #[command(
        after_help = "Examples:\n  dilemma review 2026-03-02-091500-a1b2\n  dilemma review record.ron --plain"
    )]
    Review {
        /// A record file, or the id of a saved record.
        #[arg(value_name = "FILE")]
        record: String,
        /// A numbered list on stdin/stdout instead of the full screen
        /// (automatic when not on a terminal, or with TERM=dumb).
        #[arg(long)]
        plain: bool,
    },
    /// List the training scenarios (case vignettes with an expert key);
    /// write a student's copy, or a new key from a walk.
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Examples:\n  dilemma scenarios\n  dilemma scenarios export my-case --scenarios keys/ --student -o my-case.ron\n  dilemma scenarios new --from 3f2a9c -o keys/my-case.ron"
    )]
    Scenarios {
        #[command(subcommand)]
        action: Option<ScenariosAction>,
        /// Use the scenarios in this folder instead of the built-in ones.
        #[arg(long, value_name = "DIR")]
        scenarios: Option<PathBuf>,
        /// text: a table to read; json: for other programs.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Walk a training vignette and get a score and debrief against the key.
    #[command(
        after_help = "Examples:\n  dilemma train bar-talk --student \"S12\"\n  dilemma train my-case --scenarios class/ --plain"
    )]
    Train {
        /// The scenario id (see `dilemma scenarios`); without it you are asked.
        id: Option<String>,
        /// Use the scenarios in this folder instead of the built-in ones.
        #[arg(long, value_name = "DIR")]
        scenarios: Option<PathBuf>,
        /// How you want to be named when your work is graded (initials, a number).
        #[arg(long, value_name = "LABEL")]
        student: Option<String>,
        #[command(flatten)]
        wizard: WizardArgs,
    },
    /// Score saved training records against a scenario's key, one row each.
    #[command(
        after_help = "Examples:\n  dilemma grade handins/ > grades.csv\n  dilemma grade --scenarios keys/ handins/ --summary"
    )]
    Grade {
        /// Grade only records walked on this scenario (by default each
        /// record is graded against the scenario it names).
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Record files, or folders holding them (subfolders included).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The class at a glance: score spread, standards found, first
        /// steps and errors, who did not finish.
        #[arg(long)]
        summary: bool,
        /// csv: rows on stdout, the class summary on stderr; json: one object.
        #[arg(long, value_enum, default_value_t = GradeFormat::Csv)]
        format: GradeFormat,
        /// Your own scenarios, beside the built-in ones (yours win on the same id).
        #[arg(long, value_name = "DIR")]
        scenarios: Option<PathBuf>,
    },
    /// Show where the config file is and what it sets (theme, data folder,
    /// overlays, mouse, your agency, name and role for exports).
    #[command(
        after_help = "Examples:\n  dilemma config\n  dilemma config --path\n  $EDITOR \"$(dilemma config --path)\""
    )]
    Config {
        /// Print only the file's path.
        #[arg(long)]
        path: bool,
    },
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Install, for example:\n  dilemma completions bash > ~/.local/share/bash-completion/completions/dilemma\n  dilemma completions zsh > ~/.zfunc/_dilemma\n  dilemma completions fish > ~/.config/fish/completions/dilemma.fish"
    )]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(
        after_help = "Install, for example:\n  dilemma man > ~/.local/share/man/man1/dilemma.1\n  man dilemma"
    )]
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GradeFormat {
    Csv,
    Json,
}

/// What `dilemma scenarios` can write besides its list.
#[derive(Debug, Subcommand)]
pub enum ScenariosAction {
    /// Write a student's copy of a scenario: the vignette only, no key.
    #[command(
        after_help = "Examples:\n  dilemma scenarios export bar-talk --student\n  dilemma scenarios export my-case --scenarios keys/ --student -o class/my-case.ron"
    )]
    Export {
        /// The scenario id (see `dilemma scenarios`).
        id: String,
        /// Leave the key out (the only kind of copy this writes; say it so
        /// the command reads as what it does).
        #[arg(long, required = true)]
        student: bool,
        /// Look for the scenario in this folder as well as the built-in ones.
        #[arg(long, value_name = "DIR")]
        scenarios: Option<PathBuf>,
        /// Write to this file instead of printing it (an existing file is
        /// never replaced).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a new scenario whose key is a walk you made of the case.
    #[command(
        after_help = "Examples:\n  dilemma scenarios new --from 3f2a9c -o keys/my-case.ron\n  dilemma scenarios new --from record.ron --id my-case --title \"A gift at the door\""
    )]
    New {
        /// The record of your walk: an id, a unique id prefix, or a path.
        #[arg(long, value_name = "RECORD")]
        from: String,
        /// The id students type (`dilemma train ID`); default: from the title.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// The title; default: the first words of the record's situation.
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// Write to this file instead of printing it (an existing file is
        /// never replaced).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Svg,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    use clap::FromArgMatches;
    let matches = command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    let config = match config::path().map(|p| config::load(&p)).transpose() {
        Ok(config) => config.unwrap_or_default(),
        Err(problem) => {
            print_diagnostics(&[problem]);
            eprintln!("dilemma: fix the config file, or move it aside, and try again");
            return ExitCode::from(2);
        }
    };
    let wizard = match &cli.command {
        Some(Command::Resume { wizard, .. } | Command::Train { wizard, .. }) => {
            cli.wizard.merged(wizard)
        }
        Some(Command::Walk { all, .. } | Command::Export { all, .. }) => {
            cli.wizard.merged(&WizardArgs {
                all: *all,
                ..WizardArgs::default()
            })
        }
        Some(Command::Review { plain, .. }) => cli.wizard.merged(&WizardArgs {
            plain: *plain,
            ..WizardArgs::default()
        }),
        _ => cli.wizard.clone(),
    };
    apply_config(&mut cli.global, &wizard, &config);
    let code = Catalogue::embedded();
    let result = match &cli.command {
        Some(Command::Config { path }) => config::show(*path, &config),
        Some(Command::Walk {
            answers, format, ..
        }) => walk::run(&cli.global, &code, answers, *format, cli.global.all),
        Some(Command::Check {
            scenarios,
            prove,
            fresh,
        }) => check::run(&cli.global, &code, scenarios.as_deref(), *prove, *fresh),
        Some(Command::Standards {
            search,
            domain,
            where_cited,
            official,
            import,
            forget,
            format,
        }) => match (import, forget) {
            (Some(file), _) => standards::import(&cli.global, file),
            (None, true) => standards::forget(&cli.global),
            (None, false) => standards::run(
                &cli.global,
                &code,
                &standards::Query {
                    search: search.as_deref(),
                    domain: domain.as_deref(),
                    where_cited: *where_cited,
                    official: official.as_deref(),
                    format: *format,
                },
            ),
        },
        Some(Command::Graph { format, family }) => {
            graph::run(&cli.global, &code, *format, family.as_deref())
        }
        Some(Command::Sessions) => sessions::run(&cli.global, &code),
        Some(Command::Resume { id, .. }) => resume::run(&cli.global, code, id),
        Some(Command::Export {
            record,
            format,
            redact,
            output,
            force,
            ..
        }) => export::run(
            &cli.global,
            &code,
            &export::Request {
                record,
                format: *format,
                redact: *redact,
                output: output.as_deref(),
                force: *force,
                author: crate::record::export::Author {
                    agency: config.agency.clone(),
                    name: config.name.clone(),
                    role: config.role.clone(),
                },
            },
        ),
        Some(Command::Review { record, .. }) => review::run(&cli.global, &code, record),
        Some(Command::Scenarios {
            action: Some(action),
            ..
        }) => scenarios::act(&cli.global, &code, action),
        Some(Command::Scenarios {
            action: None,
            scenarios,
            format,
        }) => scenarios::run(scenarios.as_deref(), *format),
        Some(Command::Train {
            id,
            scenarios,
            student,
            ..
        }) => train::run(
            &cli.global,
            code,
            id.as_deref(),
            scenarios.as_deref(),
            student.clone(),
        ),
        Some(Command::Grade {
            scenario,
            files,
            format,
            scenarios,
            summary,
        }) => grade::run(
            &cli.global,
            &code,
            &grade::Request {
                scenario: scenario.as_deref(),
                files,
                format: *format,
                scenarios: scenarios.as_deref(),
                summary: *summary,
            },
        ),
        Some(Command::Completions { shell }) => {
            let mut command = command();
            clap_complete::generate(*shell, &mut command, "dilemma", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            let command = command();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .map(|()| ExitCode::SUCCESS)
                .map_err(Into::into)
        }
        None => launch_wizard(&cli.global, code, None, None),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let message = format!("{err:#}");
            eprintln!("dilemma: {}", crate::source::cut_runaways(&message));
            ExitCode::from(1)
        }
    }
}

/// Loads the rules named by the global flags, printing every error on failure.
pub(crate) fn load_rules(global: &Global, code: &Catalogue) -> Result<RuleSet, ExitCode> {
    crate::rules::load(global.rules.as_deref(), &global.overlay, code).map_err(|errors| {
        print_diagnostics(&errors);
        eprintln!("Run `dilemma check` for the full report.");
        ExitCode::from(2)
    })
}

pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    use std::io::Write;
    // Standard error is unbuffered: a message written straight to it costs
    // a system call for each of its parts, and a large rules file can have
    // a hundred thousand messages.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diagnostics {
        if writeln!(err, "{d}").is_err() {
            return;
        }
    }
    let _ = err.flush();
}

/// Checks every scenario in `dir` against the rules; prints problems and a
/// count. Returns the number of errors and of warnings found.
pub(crate) fn scenarios_check(
    set: &RuleSet,
    code: &Catalogue,
    dir: &std::path::Path,
) -> (usize, usize) {
    let (loaded, mut problems) = crate::training::load_dir(dir);
    // Files that did not load: each has one problem (a folder that cannot
    // be read is not a file).
    let folder = dir.display().to_string();
    let unloaded = problems.iter().filter(|d| d.place.file != folder).count();
    for scenario in &loaded {
        problems.extend(crate::training::check(scenario, set, code));
    }
    // Each file's messages together, in file order, as an editor lists them.
    problems.sort_by(|a, b| a.place.file.cmp(&b.place.file));
    print_diagnostics(&problems);
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let mut files: Vec<&str> = problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.place.file.as_str())
        .collect();
    files.sort_unstable();
    files.dedup();
    let mut line = format!(
        "  scenarios        {} in {}",
        loaded.len() + unloaded,
        dir.display()
    );
    if !files.is_empty() {
        line.push_str(&format!(" ({} with errors)", files.len()));
    }
    println!("{line}");
    (errors, problems.len() - errors)
}

/// Starts the wizard: full-screen on a terminal, plain prompts otherwise (or
/// with `--plain`, or `TERM=dumb`). `record` resumes a saved walk; `scenario`
/// makes it a training walk, scored at the end.
pub(crate) fn launch_wizard(
    global: &Global,
    code: Catalogue,
    record: Option<crate::record::Record>,
    scenario: Option<crate::training::Loaded>,
) -> anyhow::Result<ExitCode> {
    launch_wizard_as(global, code, record.map(|r| (r, None)), scenario, None)
}

/// Whether the wizard runs as plain numbered prompts rather than full-screen.
pub(crate) fn plain_mode(global: &Global) -> bool {
    use std::io::IsTerminal;
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    global.plain || dumb || !terminal
}

/// `launch_wizard`, naming the trainee: a fresh training record carries the
/// scenario id and the `student` label, so `grade` can match and name it.
pub(crate) fn launch_wizard_as(
    global: &Global,
    code: Catalogue,
    record: Option<(crate::record::Record, Option<PathBuf>)>,
    scenario: Option<crate::training::Loaded>,
    student: Option<String>,
) -> anyhow::Result<ExitCode> {
    let set = match load_rules(global, &code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    let (record, opened_from) = match record {
        Some((record, from)) => (Some(record), from),
        None => (None, None),
    };
    let store = if global.no_save {
        None
    } else {
        let dir = match &global.data_dir {
            Some(dir) => dir.clone(),
            None => crate::record::store::Store::default_dir().ok_or_else(|| {
                anyhow::anyhow!("cannot find a data folder; pass --data-dir DIR or --no-save")
            })?,
        };
        let store = crate::record::store::Store::open(&dir)?;
        if let Some(warning) = &store.warning {
            eprintln!("dilemma: {warning}");
        }
        // A record opened from a file is saved back to that file.
        Some(match &opened_from {
            Some(path) => store.pin(path),
            None => store,
        })
    };
    let resumed = record.is_some();
    let record = match record {
        Some(record) => record,
        None => {
            let now = time::OffsetDateTime::now_utc();
            let mut record = crate::record::Record::new(
                crate::record::new_id(now),
                &set.rules.version,
                set.hash(),
                now,
            );
            record.training = scenario.as_ref().map(|loaded| crate::record::TrainingInfo {
                scenario: loaded.scenario.id.clone(),
                student,
            });
            record
        }
    };
    if resumed
        && let Some(store) = &store
        && let Err(busy) = store.claim(&record.id)
    {
        eprintln!("dilemma: {busy:#}");
        return Ok(ExitCode::from(1));
    }
    let launch = crate::wizard::Launch {
        set,
        code,
        store,
        record,
        resumed,
        theme: theme(global),
        mouse: global.mouse,
        scenario,
        all: global.all,
        official: standards::imported(global),
    };
    if plain_mode(global) {
        let stdin = std::io::stdin();
        crate::plain::run(launch, &mut stdin.lock(), &mut std::io::stdout())
    } else {
        crate::tui::run(launch)
    }
}

/// The full screen's theme: mono whenever NO_COLOR is set.
pub(crate) fn theme(global: &Global) -> ThemeName {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        ThemeName::Mono
    } else {
        global.theme
    }
}

/// Fills in what the command line left unsaid from the config file: a flag
/// given on the command line always wins.
fn apply_config(global: &mut Global, wizard: &WizardArgs, config: &config::Config) {
    if global.data_dir.is_none() {
        global.data_dir = config.data_dir.clone();
    }
    if global.overlay.is_empty() {
        global.overlay = config.overlays.clone();
    }
    global.plain = wizard.plain;
    global.all = wizard.all;
    global.theme = wizard
        .theme
        .or_else(|| config.theme())
        .unwrap_or(ThemeName::Default);
    global.mouse = wizard.mouse || config.mouse.unwrap_or(false);
}

/// The command line as clap sees it. The wizard's options used to be
/// accepted by every command; commands they do not apply to still accept
/// them, hidden from their help and ignored, so no script breaks.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in names {
        cli = cli.mut_subcommand(name, accept_wizard_options);
    }
    cli
}

/// Adds the wizard's options a command does not take itself, hidden.
fn accept_wizard_options(mut command: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction, builder::EnumValueParser};
    for id in ["plain", "theme", "mouse", "all"] {
        if command.get_arguments().any(|arg| arg.get_id() == id) {
            continue;
        }
        let arg = Arg::new(id).long(id).hide(true);
        command = command.arg(if id == "theme" {
            arg.action(ArgAction::Set)
                .value_parser(EnumValueParser::<ThemeName>::new())
        } else {
            arg.action(ArgAction::SetTrue)
        });
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, accept_wizard_options);
    }
    command
}
