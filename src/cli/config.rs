//! The user's config file: defaults for the flags they would otherwise type
//! every time, and who they are for the documents they export. Flags given
//! on the command line always win.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Deserialize;

use crate::source::{Diagnostic, Source};
use crate::wizard::ThemeName;

/// What the file may set; any other key is an error naming it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The wizard's colour theme: "default", "high-contrast" or "mono".
    #[serde(default)]
    pub theme: Option<String>,
    /// Where records are kept.
    #[serde(default)]
    pub data_dir: Option<PathBuf>,
    /// Agency overlays added on top of the rules.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// Let the wizard use the mouse.
    #[serde(default)]
    pub mouse: Option<bool>,
    /// The agency's name, for the head of an exported record.
    #[serde(default)]
    pub agency: Option<String>,
    /// The practitioner's own name, for the head of an exported record.
    #[serde(default)]
    pub name: Option<String>,
    /// The practitioner's job title, for the same.
    #[serde(default)]
    pub role: Option<String>,
}

/// An example to copy, shown when there is no file yet.
pub const EXAMPLE: &str = r#"(
    theme: "high-contrast",
    data_dir: "/shared/team/dilemma-records",
    overlays: ["/shared/team/our-agency.ron"],
    mouse: false,
    agency: "Riverside Family Services",
    name: "A. Practitioner",
    role: "case manager",
)
"#;

/// Where the config file is: `DILEMMA_CONFIG` when set, else the
/// platform's config folder.
pub fn path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DILEMMA_CONFIG") {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("org", "dilemma", "dilemma")
        .map(|d| d.config_dir().join("config.ron"))
}

/// The config at `path`; no file is an empty config, a bad one an error
/// with its file, line and column.
pub fn load(path: &Path) -> Result<Config, Diagnostic> {
    if !path.exists() {
        return Ok(Config::default());
    }
    let source = Source::read(path)?;
    let config: Config = source.parse()?;
    if let Some(theme) = &config.theme
        && ThemeName::from_str(theme, true).is_err()
    {
        let at = source.text.find(theme.as_str()).unwrap_or(0);
        let names: Vec<String> = ThemeName::value_variants()
            .iter()
            .filter_map(|t| t.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        return Err(Diagnostic::error(
            source.place_at(at),
            format!(
                "there is no theme \"{theme}\"; choose one of: {}",
                names.join(", ")
            ),
        ));
    }
    Ok(config)
}

impl Config {
    pub fn theme(&self) -> Option<ThemeName> {
        self.theme
            .as_deref()
            .and_then(|t| ThemeName::from_str(t, true).ok())
    }
}

/// `dilemma config`: where the file is, and what it sets or how to start one.
pub fn show(path_only: bool, config: &Config) -> anyhow::Result<std::process::ExitCode> {
    let Some(file) = path() else {
        eprintln!("dilemma: this system has no config folder; set DILEMMA_CONFIG to a file path");
        return Ok(std::process::ExitCode::from(1));
    };
    if path_only {
        println!("{}", file.display());
        return Ok(std::process::ExitCode::SUCCESS);
    }
    if !file.exists() {
        println!("No config file yet. Create {} like this:\n", file.display());
        print!("{EXAMPLE}");
        println!("\nEvery key is optional; a flag on the command line wins over the file.");
        return Ok(std::process::ExitCode::SUCCESS);
    }
    println!("Config file: {}\n", file.display());
    let shown = |v: Option<String>| v.unwrap_or_else(|| "-".to_string());
    println!("theme     {}", shown(config.theme.clone()));
    println!(
        "data_dir  {}",
        shown(config.data_dir.as_ref().map(|p| p.display().to_string()))
    );
    let overlays: Vec<String> = config
        .overlays
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    println!(
        "overlays  {}",
        if overlays.is_empty() {
            "-".to_string()
        } else {
            overlays.join(", ")
        }
    );
    println!("mouse     {}", shown(config.mouse.map(|m| m.to_string())));
    println!("agency    {}", shown(config.agency.clone()));
    println!("name      {}", shown(config.name.clone()));
    println!("role      {}", shown(config.role.clone()));
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Config, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(&path, text).unwrap();
        load(&path)
    }

    #[test]
    fn the_example_loads() {
        let config = load_text(EXAMPLE).unwrap();
        assert_eq!(config.theme(), Some(ThemeName::HighContrast));
        assert_eq!(config.overlays.len(), 1);
        assert_eq!(config.agency.as_deref(), Some("Riverside Family Services"));
    }

    #[test]
    fn an_unknown_key_is_named_with_its_place() {
        let err = load_text("(\n    theme: \"mono\",\n    colour: \"red\",\n)").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("config.ron:3:"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }

    #[test]
    fn an_unknown_theme_lists_the_themes() {
        let err = load_text("(theme: \"neon\")").unwrap_err().to_string();
        assert!(err.contains("config.ron:1:"), "{err}");
        assert!(err.contains("high-contrast"), "{err}");
    }

    /// The loaded config, or an error at `config.ron:LINE:COL`; and the
    /// folder holds only the file (nothing written beside it).
    fn loads_or_points(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(&path, text).unwrap();
        if let Err(e) = load(&path) {
            let shown = e.to_string();
            let place = shown
                .strip_prefix(&format!("{}:", path.display()))
                .and_then(|rest| {
                    let mut parts = rest.splitn(3, ':');
                    Some((
                        parts.next()?.parse::<usize>().ok()?,
                        parts.next()?.parse::<usize>().ok()?,
                    ))
                });
            proptest::prop_assert!(
                place.is_some_and(|(line, col)| line >= 1 && col >= 1),
                "{shown}"
            );
        }
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        proptest::prop_assert_eq!(names.len(), 1);
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 48, ..Default::default() })]

        #[test]
        fn random_bytes_and_damaged_configs_give_a_positioned_error(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            at in 0usize..EXAMPLE.len(),
            cut in 1usize..40,
            stray in "[(){}\\[\\],:\"a-z0-9 \n]{1,6}",
        ) {
            loads_or_points(&String::from_utf8_lossy(&bytes))?;
            let mut at = at;
            while !EXAMPLE.is_char_boundary(at) {
                at -= 1;
            }
            let end = (at + cut).min(EXAMPLE.len());
            let mut damaged = EXAMPLE.to_string();
            damaged.replace_range(at..end, "");
            loads_or_points(&damaged)?;
            let mut inserted = EXAMPLE.to_string();
            inserted.insert_str(at, &stray);
            loads_or_points(&inserted)?;
        }
    }

    #[test]
    fn no_file_is_an_empty_config() {
        let config = load(Path::new("/nonexistent/dilemma/config.ron")).unwrap();
        assert!(config.theme.is_none() && config.overlays.is_empty());
    }
}
