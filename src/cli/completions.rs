//! `planc completions SHELL` (clap_complete) and `planc man [COMMAND]`
//! (clap_mangen): both describe the command line clap already knows.

use super::exit;
use std::io::Write;

#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(clap::Args)]
pub struct ManArgs {
    /// A command's page (`planc-eval(1)`) instead of planc's.
    command: Option<String>,
}

pub fn completions(args: CompletionsArgs, mut cmd: clap::Command) -> u8 {
    // Generated into memory: clap_complete panics when its writer fails,
    // and a closed standard output must not.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "planc", &mut script);
    print(&script)
}

pub fn man(args: ManArgs, mut cmd: clap::Command) -> u8 {
    // Built, so that a command's page lists the global options too.
    cmd.build();
    let cmd = match &args.command {
        None => cmd,
        Some(name) => {
            let found = cmd
                .get_subcommands()
                .find(|c| c.get_name() == name.as_str())
                .cloned();
            match found {
                // The page of `planc eval` is planc-eval(1), as git's are.
                Some(sub) => sub
                    .name(format!("planc-{name}"))
                    .version(env!("CARGO_PKG_VERSION")),
                None => {
                    let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                    errln!(
                        "error: planc has no command `{name}`; its commands are {}",
                        names.join(", ")
                    );
                    return exit::USAGE;
                }
            }
        }
    };
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(cmd).render(&mut page) {
        errln!("error: cannot render the manual page: {e}");
        return exit::USAGE;
    }
    print(&page)
}

fn print(bytes: &[u8]) -> u8 {
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => exit::OK,
        // The reader has gone (`planc man | head`): nothing more to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            errln!("error: cannot write to standard output: {e}");
            exit::USAGE
        }
    }
}
