//! `planc explain CODE` and `planc explain --list`

use super::exit;
use planc::diag::Code;

#[derive(clap::Args)]
pub struct Args {
    /// A diagnostic code, e.g. E0101 (case does not matter).
    #[arg(required_unless_present = "list")]
    code: Option<String>,
    /// List every code with its title.
    #[arg(long, conflicts_with = "code")]
    list: bool,
}

pub fn run(args: Args) -> u8 {
    if args.list {
        for c in Code::ALL {
            outln!("{}  {:<8} {}", c.as_str(), c.severity().as_str(), c.title());
        }
        return exit::OK;
    }
    let asked = args.code.unwrap_or_default();
    match Code::parse(&asked) {
        Some(c) => {
            out!("{}", c.explanation());
            exit::OK
        }
        None => {
            errln!("error: `{}` is not a planc diagnostic code", asked.trim());
            match closest(&asked) {
                Some(c) => errln!("  help: did you mean `{}` ({})?", c.as_str(), c.title()),
                None => errln!("  help: `planc explain --list` lists every code"),
            }
            exit::USAGE
        }
    }
}

/// The code nearest to a mistyped one: a transposed or mistyped digit, a
/// missing leading zero (`E101`), or a missing letter (`0101`).
fn closest(asked: &str) -> Option<Code> {
    let asked = asked.trim().to_ascii_uppercase();
    Code::ALL
        .iter()
        .copied()
        .map(|c| {
            let id = c.as_str();
            let digits = id.get(1..).unwrap_or("");
            let d = strsim::levenshtein(&asked, id).min(strsim::levenshtein(&asked, digits) + 1);
            (d, c)
        })
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}
