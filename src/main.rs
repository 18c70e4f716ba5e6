fn main() -> std::process::ExitCode {
    dilemma::cli::run()
}
