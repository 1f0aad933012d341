//! `check --watch`: run again whenever a watched file changes.
//!
//! A polling loop, not file-system events: every [`INTERVAL`] it reads the
//! size and modification time of each plan the arguments name (directories
//! walked again, so a new plan is noticed). A change is acted on once the
//! files have held still for one more interval, so an editor that writes
//! in several steps gives one run, not several.

use super::load::expand;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How often the files are looked at (docs/cli.md).
pub const INTERVAL: Duration = Duration::from_millis(500);

/// A file's size and modification time (`None`: unreadable or gone).
type Seen = Option<(u64, Option<SystemTime>)>;

/// What the files looked like: each path (or a directory that failed to
/// expand) with what was seen of it.
#[derive(PartialEq, Eq)]
struct Snapshot(Vec<(String, Seen)>);

impl Snapshot {
    fn take(args: &[String]) -> Snapshot {
        Snapshot(
            expand(args)
                .into_iter()
                .map(|p| match p {
                    Ok(path) => {
                        let seen = std::fs::metadata(Path::new(&path))
                            .ok()
                            .map(|m| (m.len(), m.modified().ok()));
                        (path, seen)
                    }
                    Err(report) => (report.file.name, None),
                })
                .collect(),
        )
    }

    /// The paths that differ between two snapshots, for the message.
    fn changed(&self, now: &Snapshot) -> Vec<String> {
        let mut out: Vec<String> = now
            .0
            .iter()
            .filter(|entry| !self.0.contains(entry))
            .map(|(path, _)| path.clone())
            .collect();
        out.extend(
            self.0
                .iter()
                .filter(|(path, _)| !now.0.iter().any(|(p, _)| p == path))
                .map(|(path, _)| path.clone()),
        );
        out
    }
}

/// Runs `check` once, then again after every change, forever (until the
/// process is stopped).
pub fn run(args: &[String], mut check: impl FnMut() -> u8) -> u8 {
    let mut seen = Snapshot::take(args);
    check();
    loop {
        if !super::verbosity::quiet() {
            errln!("watching for changes (Ctrl-C to stop)");
        }
        let changed = loop {
            std::thread::sleep(INTERVAL);
            let now = Snapshot::take(args);
            if now == seen {
                continue;
            }
            // Wait until the files hold still, then check what they hold.
            let mut settled = now;
            loop {
                std::thread::sleep(INTERVAL);
                let again = Snapshot::take(args);
                if again == settled {
                    break;
                }
                settled = again;
            }
            let changed = seen.changed(&settled);
            seen = settled;
            break changed;
        };
        if !super::verbosity::quiet() {
            errln!("\nchanged: {}; checking again", changed.join(", "));
        }
        check();
    }
}
