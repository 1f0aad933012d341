//! The `planc` command: argument parsing, files and exit codes. All the
//! work is done by the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
