//! Every command example in the README and the guides in docs/ runs here,
//! the way clap tests its own documentation: a ```console block with `$ `
//! prompts is a test, and its output (with `...` and `[..]` elisions) must
//! match. Examples that cannot run in a test (the full-screen wizard,
//! install lines, anything that writes a file) are ```sh blocks instead.
//!
//! The commands never touch the real data or config folder: HOME and the
//! XDG folders point into a temporary directory, seeded with one saved
//! record (tests/fixtures/practitioner) so `sessions`, `export` and
//! `review` have something to show. Times are shown in UTC.
//!
//! tests/cmd/*.md holds checks that belong in no guide: each command's
//! help lists only the options that apply to it.

use std::path::Path;

#[test]
fn the_examples_in_the_readme_and_guides_work() {
    let home = tempfile::tempdir().expect("a temporary folder");
    let data = home.path().join("data").join("dilemma");
    let config = home.path().join("config").join("dilemma");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(&config).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let record = "2026-03-02-091500-a1b2.ron";
    std::fs::copy(
        root.join("tests/fixtures/practitioner").join(record),
        data.join(record),
    )
    .unwrap();
    let path = |p: &Path| p.to_str().expect("a UTF-8 temporary path").to_owned();

    let cases = trycmd::TestCases::new();
    cases
        .register_bin("dilemma", Path::new(env!("CARGO_BIN_EXE_dilemma")))
        .env("HOME", path(home.path()))
        .env("XDG_DATA_HOME", path(&home.path().join("data")))
        .env("XDG_CONFIG_HOME", path(&home.path().join("config")))
        .env("DILEMMA_CONFIG", path(&config.join("config.ron")))
        // Proofs are shared with the other tests: HOME above is new each run.
        .env(
            "DILEMMA_CACHE",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/proofs"),
        )
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        // Help text wraps at the terminal's width: fix it.
        .env("COLUMNS", "100")
        .case("README.md")
        // One by one: docs/ARCHITECTURE.md has bare ``` blocks, which
        // trycmd would read as tests.
        .case("docs/practitioner.md")
        .case("docs/supervisor.md")
        .case("docs/instructor.md")
        .case("docs/rule-author.md")
        .case("docs/reference.md")
        .case("tests/cmd/*.md");
    cases.run();
}
