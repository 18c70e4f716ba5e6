// Grading a class parses and replays many small records, and a third of
// that time went to the system allocator; mimalloc halves it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    quiet_on_closed_pipes();
    dilemma::cli::run()
}

/// `dilemma sessions | head` closes the pipe early. Rust ignores SIGPIPE, so
/// each print would then fail and panic; with the default action restored
/// the command ends quietly, as other command-line tools do (status 141).
/// Records are written atomically, so no file is left half-written.
fn quiet_on_closed_pipes() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread starts; it only
    // restores the default action of one signal.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
