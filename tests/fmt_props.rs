//! Property tests of `planc fmt` on generated valid plans (see
//! `tests/common/gen.rs`): the generator's plans compile cleanly whatever
//! their layout, formatting is a fixed point, keeps every comment, and
//! leaves the model unchanged apart from source positions.

// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{comments, gen, meaning, proptest_config, strip_comments};
use planc::source::SourceFile;
use proptest::prelude::*;

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn generated_plans_compile_without_any_diagnostic(plan in gen::plan(), seed in any::<u64>()) {
        let text = plan.render(seed);
        let out = planc::compile(&SourceFile::new("gen.plan", text.as_str()));
        prop_assert!(out.diagnostics.is_empty(), "{:#?}\n{}", out.diagnostics, text);
        prop_assert!(out.model.is_some());
    }

    #[test]
    fn formatting_is_a_fixed_point_and_keeps_meaning_and_comments(
        plan in gen::plan(),
        seed in any::<u64>(),
    ) {
        let text = plan.render(seed);
        let once = planc::fmt::format_source(&text);
        prop_assert!(once.is_ok(), "refused: {:?}\n{}", once, text);
        let once = once.unwrap();
        let twice = planc::fmt::format_source(&once);
        prop_assert_eq!(Ok(once.clone()), twice, "not idempotent:\n{}", text);
        prop_assert_eq!(comments(&text), comments(&once));
        let (before, after) = (meaning("gen.plan", &text), meaning("gen.plan", &once));
        prop_assert!(before.model.is_some());
        prop_assert_eq!(before, after);
    }

    #[test]
    fn the_canonical_form_does_not_depend_on_the_layout(
        plan in gen::plan(),
        a in any::<u64>(),
        b in any::<u64>(),
    ) {
        // Comments and blank lines are placed at random and kept by the
        // formatter, so they are left out; everything else must agree.
        let canonical = |seed| {
            let text = strip_comments(&plan.render(seed));
            let out = planc::fmt::format_source(&text).unwrap();
            out.lines().filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>()
        };
        prop_assert_eq!(canonical(a), canonical(b));
    }
}
