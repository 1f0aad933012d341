//! Rules that tie a target's condition to its timing, kept apart from the
//! lowering in `targets` so each reads as one rule.

use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::{Condition, Measure, Operand, Requirement, Target, Timing};

/// `None` (with the error reported) when the target's condition cannot be
/// judged on its timing.
///
/// - `by 2012: m growth >= 5%` — year-on-year growth is a figure for every
///   year, so a single deadline does not say which years: the author means
///   `each year: m growth >= 5%` (每年递增) or `by 2012: m average growth
///   >= 5%` (年均增长). Nothing is guessed.
pub(super) fn check(t: &Target<'_>, diags: &mut Vec<Diagnostic>) -> Option<()> {
    let (
        Timing::By { .. },
        Condition::Measured {
            measure,
            requirement,
            ..
        },
    ) = (&t.timing.node, &t.condition.node)
    else {
        return Some(());
    };
    if measure.node != Measure::Growth {
        return Some(());
    }
    let metric = &t.metric.text;
    let (op, v) = match requirement {
        Requirement::Compare { cmp, value, .. } => (cmp.node.as_str(), operand_text(value)),
        Requirement::About { value, .. } => ("~", operand_text(value)),
        Requirement::Set { .. } => ("set", String::new()),
        Requirement::Between { low, high } => {
            ("in", format!("{}..{}", value_text(low), value_text(high)))
        }
    };
    let required = if v.is_empty() {
        op.to_string()
    } else {
        format!("{op} {v}")
    };
    diags.push(
        Diagnostic::new(
            Code::KindMismatch,
            "year-on-year `growth` needs `each year`, not a deadline",
        )
        .label(t.timing.span, "a single deadline")
        .label(t.condition.span, "growth every year")
        .help(format!(
            "write `each year: {metric} growth {required}` for growth in every year (每年递增), or `average growth` for the mean growth up to the deadline (年均增长)"
        )),
    );
    None
}

/// An operand as written, for the help: `5%`, `mean 2016..2020`, `n growth`.
fn operand_text(o: &Operand<'_>) -> String {
    match o {
        Operand::Quantity(q) => value_text(q),
        Operand::Mean { from, to, .. } => format!("mean {}..{}", from.node, to.node),
        Operand::Metric { name, measure, .. } => match measure {
            Some(m) => format!("{} {}", name.text, m.node.words()),
            None => name.text.to_string(),
        },
    }
}

fn value_text(q: &crate::syntax::ast::Quantity<'_>) -> String {
    let unit = q.unit.as_ref().map_or("", |u| u.text.as_ref());
    format!("{}{unit}", q.value)
}
