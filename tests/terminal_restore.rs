//! The wizard gives the terminal back as it found it, even when it panics:
//! it leaves the alternate screen, shows the cursor and turns off bracketed
//! paste and mouse capture. Run under `script`, which gives the wizard a
//! real pseudo-terminal and records every byte it writes.

use std::process::Command;

#[test]
// The wizard can be told to panic only in debug builds; a release build
// would sit waiting for keys.
#[cfg_attr(
    not(debug_assertions),
    ignore = "DILEMMA_TEST_PANIC exists only in debug builds"
)]
fn a_panic_in_the_wizard_still_restores_the_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dilemma");
    let out = Command::new("script")
        .args([
            "-q",
            "-e",
            "-c",
            &format!("{bin} --no-save --mouse"),
            "/dev/null",
        ])
        .env("DILEMMA_TEST_PANIC", "1")
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .output()
        .expect("script runs");
    let bytes = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "the panic makes the process fail");
    let entered = bytes
        .find("\x1b[?1049h")
        .expect("the wizard entered the alternate screen");
    let panicked = bytes
        .find("panic requested by DILEMMA_TEST_PANIC")
        .expect("the panic message");
    let after = &bytes[entered..];
    for (what, seq) in [
        ("leave the alternate screen", "\x1b[?1049l"),
        ("show the cursor", "\x1b[?25h"),
        ("turn off bracketed paste", "\x1b[?2004l"),
        ("turn off mouse capture", "\x1b[?1000l"),
    ] {
        assert!(
            after.contains(seq),
            "after the panic the wizard must {what}: {bytes:?}"
        );
    }
    let left = entered + after.find("\x1b[?1049l").unwrap();
    assert!(
        left < panicked,
        "the screen is restored before the panic is reported, so it stays readable"
    );
}
