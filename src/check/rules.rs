//! Which target kind a condition gives under each timing, and on which
//! metrics: the allowed combinations of condition × timing × metric kind,
//! as data. A new form of condition is a new row.

use crate::model::{MetricKind, TargetKind};
use crate::syntax::ast::{Condition, Measure};

/// The form of a condition as written, without its values: `done`, or
/// what is measured of the metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Done,
    Assessed,
    Level,
    Total,
    Growth,
    AverageGrowth,
    AnnualAverage,
    Change,
}

impl Form {
    pub fn of(c: &Condition<'_>) -> Form {
        match c {
            Condition::Done => Form::Done,
            Condition::Assessed => Form::Assessed,
            Condition::Measured { measure, .. } => match measure.node {
                Measure::Level => Form::Level,
                Measure::Total => Form::Total,
                Measure::Growth => Form::Growth,
                Measure::AverageGrowth => Form::AverageGrowth,
                Measure::AnnualAverage => Form::AnnualAverage,
                Measure::Change => Form::Change,
            },
        }
    }
}

/// The timing a target is written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimingForm {
    /// `by Y`, `by A..B`.
    By,
    /// `each year [A..B]`.
    EachYear,
    /// `within A..B`.
    Within,
    /// `in Y`.
    In,
}

/// Why a combination cannot be written: the label and the help of E0305.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub what: &'static str,
    pub help: &'static str,
    /// Whether the timing, rather than the metric's kind, is at fault.
    pub timing: bool,
}

/// What one cell of the table says.
type Cell = Result<TargetKind, Refusal>;

/// One form of condition: its kind under `by`, `each year`, `within` and
/// `in`. `change` gives `change_from_baseline` here; a change written in the
/// metric's own unit or `pp` is an `absolute_change`, and a level written in
/// `x` a `multiple` (`targets` decides by the unit).
struct Row {
    form: Form,
    by: Cell,
    each_year: Cell,
    within: Cell,
    in_year: Cell,
}

const DONE_SPAN: Refusal = Refusal {
    what: "`done` over a span of years",
    help: "a milestone has one deadline: `by 2012: m done`; for something held every year use a flow counted each year, `each year: m >= 1`",
    timing: false,
};
const ASSESSED_SPAN: Refusal = Refusal {
    what: "`assessed` over a span of years",
    help: "a commitment is judged at one deadline: `by 2012: m assessed`",
    timing: false,
};
const ONE_YEAR: Refusal = Refusal {
    what: "this measure",
    help: "`in YEAR` judges one year's figure: write the level (`in 2030: m <= 763Mtoe`), its growth, or its change; use `by YEAR` for a total or an average",
    timing: false,
};
const BASE_SPAN: Refusal = Refusal {
    what: "growth from a baseline over a span of years",
    help:
        "average growth and change are judged at one deadline: `by 2012: m average growth >= 10%`",
    timing: false,
};

const ROWS: &[Row] = &[
    Row {
        form: Form::Assessed,
        by: Ok(TargetKind::Commitment),
        each_year: Err(ASSESSED_SPAN),
        within: Err(ASSESSED_SPAN),
        in_year: Err(ASSESSED_SPAN),
    },
    Row {
        form: Form::Level,
        by: Ok(TargetKind::Threshold),
        each_year: Ok(TargetKind::EachYear),
        within: Ok(TargetKind::WindowTotal),
        in_year: Ok(TargetKind::SingleYear),
    },
    Row {
        form: Form::Total,
        by: Ok(TargetKind::WindowTotal),
        each_year: Err(Refusal {
            what: "`total` each year",
            help: "drop `total`: each year compares each year's value",
            timing: false,
        }),
        within: Ok(TargetKind::WindowTotal),
        in_year: Err(Refusal {
            what: "a total over years",
            ..ONE_YEAR
        }),
    },
    Row {
        form: Form::Done,
        by: Ok(TargetKind::Milestone),
        each_year: Err(DONE_SPAN),
        within: Err(DONE_SPAN),
        in_year: Err(Refusal {
            what: "`done` in a single year",
            help: "a milestone is done by a deadline: `by 2012: m done`",
            timing: false,
        }),
    },
    Row {
        form: Form::Growth,
        // `timing_rules` reports this case first, with the target's own
        // words in the help.
        by: Err(Refusal {
            what: "year-on-year growth at a single deadline",
            help: "write `each year: m growth >= 5%`, or `average growth` for the mean growth up to the deadline",
            timing: false,
        }),
        each_year: Ok(TargetKind::YearlyGrowth),
        within: Ok(TargetKind::YearlyGrowth),
        in_year: Ok(TargetKind::YearlyGrowth),
    },
    Row {
        form: Form::AverageGrowth,
        by: Ok(TargetKind::AverageGrowth),
        each_year: Err(BASE_SPAN),
        within: Err(BASE_SPAN),
        in_year: Err(Refusal {
            what: "average growth from a base year",
            ..ONE_YEAR
        }),
    },
    Row {
        form: Form::Change,
        by: Ok(TargetKind::ChangeFromBaseline),
        each_year: Err(BASE_SPAN),
        within: Err(BASE_SPAN),
        in_year: Ok(TargetKind::ChangeFromBaseline),
    },
    Row {
        form: Form::AnnualAverage,
        by: Ok(TargetKind::AnnualAverage),
        each_year: Err(Refusal {
            what: "an annual average each year",
            help: "write it with a deadline: `by 2012: m annual average >= 2万`",
            timing: false,
        }),
        within: Ok(TargetKind::AnnualAverage),
        in_year: Err(Refusal {
            what: "an annual average",
            ..ONE_YEAR
        }),
    },
];

/// The metric kinds each target kind fits, and why not otherwise. Kinds
/// not listed fit stocks and flows.
const METRICS: &[(TargetKind, &[MetricKind], Refusal)] = &[
    (
        TargetKind::WindowTotal,
        &[MetricKind::Flow],
        Refusal {
            what: "a total over years",
            help: "only a `flow` adds up over years; read a stock with `by YEAR`",
            timing: false,
        },
    ),
    (
        TargetKind::AnnualAverage,
        &[MetricKind::Flow],
        Refusal {
            what: "an annual average",
            help: "only a `flow` has a yearly amount to average",
            timing: false,
        },
    ),
    (
        TargetKind::Milestone,
        &[MetricKind::Milestone],
        Refusal {
            what: "`done`",
            help: "declare the metric as `milestone`, or compare it with a number",
            timing: false,
        },
    ),
    (
        TargetKind::Commitment,
        &[MetricKind::Commitment],
        Refusal {
            what: "`assessed`",
            help: "declare the metric as `commitment` (`metric m: commitment \"建立…机制\"`), or compare it with a number",
            timing: false,
        },
    ),
];

const MEASURED: &[MetricKind] = &[MetricKind::Stock, MetricKind::Flow, MetricKind::Ratio];

/// A milestone metric takes nothing but `done`.
const NOT_DONE: Refusal = Refusal {
    what: "a comparison",
    help: "a milestone is judged with `done`: `by 2012: m done`",
    timing: false,
};

/// A commitment metric takes nothing but `assessed`.
const NOT_ASSESSED: Refusal = Refusal {
    what: "a figure",
    help: "a commitment is judged by its assessment: `by 2012: m assessed`",
    timing: false,
};

/// The kind of target a form of condition gives under a timing on a metric
/// of kind `metric`, or why that cannot be written.
pub fn kind(form: Form, timing: TimingForm, metric: MetricKind) -> Cell {
    if metric == MetricKind::Milestone && form != Form::Done {
        return Err(NOT_DONE);
    }
    if metric == MetricKind::Commitment && form != Form::Assessed {
        return Err(NOT_ASSESSED);
    }
    let row = ROWS.iter().find(|r| r.form == form).ok_or(Refusal {
        what: "this condition",
        help: "planc has no rule for this form of condition; please report it",
        timing: false,
    })?;
    let kind = match timing {
        TimingForm::By => row.by,
        TimingForm::EachYear => row.each_year,
        TimingForm::Within => row.within,
        TimingForm::In => row.in_year,
    }
    .map_err(|r| Refusal { timing: true, ..r })?;
    let (fits, refusal) = METRICS
        .iter()
        .find(|(k, ..)| *k == kind)
        .map_or((MEASURED, None), |(_, fits, r)| (*fits, Some(*r)));
    match (fits.contains(&metric), refusal) {
        (true, _) => Ok(kind),
        (false, Some(r)) => Err(r),
        (false, None) => Err(NOT_DONE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMS: [Form; 8] = [
        Form::Done,
        Form::Assessed,
        Form::Level,
        Form::Total,
        Form::Growth,
        Form::AverageGrowth,
        Form::Change,
        Form::AnnualAverage,
    ];

    #[test]
    fn every_form_has_exactly_one_row() {
        for f in FORMS {
            assert_eq!(ROWS.iter().filter(|r| r.form == f).count(), 1, "{f:?}");
        }
    }

    #[test]
    fn the_table_gives_the_documented_kinds() {
        use MetricKind::*;
        use TimingForm::*;
        let k = |f, t, m| kind(f, t, m).ok();
        assert_eq!(k(Form::Level, By, Stock), Some(TargetKind::Threshold));
        assert_eq!(k(Form::Level, EachYear, Stock), Some(TargetKind::EachYear));
        assert_eq!(k(Form::Level, Within, Flow), Some(TargetKind::WindowTotal));
        assert_eq!(k(Form::Level, Within, Stock), None);
        assert_eq!(k(Form::Level, In, Flow), Some(TargetKind::SingleYear));
        assert_eq!(k(Form::Total, By, Flow), Some(TargetKind::WindowTotal));
        assert_eq!(k(Form::Total, EachYear, Flow), None);
        assert_eq!(k(Form::Total, In, Flow), None);
        assert_eq!(k(Form::Growth, By, Stock), None);
        assert_eq!(k(Form::Growth, In, Stock), Some(TargetKind::YearlyGrowth));
        assert_eq!(k(Form::Done, By, Milestone), Some(TargetKind::Milestone));
        assert_eq!(k(Form::Done, By, Stock), None);
        assert_eq!(k(Form::Level, By, Milestone), None);
        assert_eq!(k(Form::AnnualAverage, By, Stock), None);
        assert_eq!(
            k(Form::AnnualAverage, Within, Flow),
            Some(TargetKind::AnnualAverage)
        );
        assert_eq!(k(Form::Change, EachYear, Stock), None);
        assert_eq!(
            k(Form::Change, In, Stock),
            Some(TargetKind::ChangeFromBaseline)
        );
        assert_eq!(
            kind(Form::Done, By, Flow).err().map(|r| r.what),
            Some("`done`")
        );
        assert_eq!(kind(Form::Level, By, Milestone).err(), Some(NOT_DONE));
    }
}
