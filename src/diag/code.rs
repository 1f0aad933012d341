//! Stable diagnostic codes. A code never changes meaning once published;
//! `planc explain CODE` and `docs/errors/` describe each one.

use serde::Serialize;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $sev:ident, $title:literal; )*) => {
        /// Every diagnostic planc can emit.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code, e.g. `E0101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// Whether the code is an error or a warning.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// A short title, used by `planc explain` and the docs.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }

            /// The explanation page, `docs/errors/CODE.md`, compiled in:
            /// a code without a page does not build.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!("../../docs/errors/", $code, ".md")),)*
                }
            }

            /// The code named by `s` (`E0101`, `e0101`, `planc::E0101`), if any.
            pub fn parse(s: &str) -> Option<Code> {
                let s = s.trim().trim_start_matches("planc::");
                Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(s))
            }
        }
    };
}

codes! {
    /// The statement does not follow the grammar.
    Syntax = "E0001", Error, "syntax error";
    /// Full-width punctuation (，：（）) where the language expects ASCII.
    FullWidth = "E0002", Error, "full-width punctuation";
    /// A string literal runs to the end of the line.
    UnterminatedString = "E0003", Error, "unterminated string";
    /// A `}` without a block to close, or a block never closed.
    Unbalanced = "E0004", Error, "unbalanced braces";
    /// A statement where it cannot stand, e.g. `lead` outside an item.
    Misplaced = "E0005", Error, "statement in the wrong place";
    /// A number that cannot be represented exactly.
    BadNumber = "E0006", Error, "number out of range";
    /// A Chinese or arabic ordinal that is not a valid number.
    BadNumeral = "E0007", Error, "invalid ordinal";
    /// The file is not valid UTF-8 (or is GBK-encoded).
    Encoding = "E0008", Error, "file is not UTF-8";
    /// A size or depth limit was exceeded.
    Limit = "E0009", Error, "limit exceeded";
    /// A date that does not exist, e.g. `2010-13-01`.
    BadDate = "E0010", Error, "invalid date";
    /// A file that cannot be read or written.
    Io = "E0011", Error, "cannot read or write a file";
    /// `allow` names a code that is not a warning.
    BadAllow = "E0012", Error, "only warnings can be allowed";
    /// A keyword written where a name stands: `agency by`.
    KeywordName = "E0013", Error, "keyword used as a name";

    /// An agency that is not declared.
    UnknownAgency = "E0101", Error, "unknown agency";
    /// A metric that is not declared.
    UnknownMetric = "E0102", Error, "unknown metric";
    /// A unit that is neither built in nor declared.
    UnknownUnit = "E0103", Error, "unknown unit";
    /// The same agency, unit, metric, class or region declared twice, or a
    /// region made part of two regions or of itself.
    Duplicate = "E0104", Error, "duplicate declaration";
    /// Two sections, items or parts with the same number.
    DuplicateNumber = "E0105", Error, "duplicate number";
    /// A header statement such as `period`, or an item's `class`, written
    /// twice.
    RepeatedHeader = "E0106", Error, "header statement repeated";
    /// The plan has no `period`.
    MissingPeriod = "E0107", Error, "plan period missing";
    /// An indicator class that is not declared.
    UnknownClass = "E0108", Error, "unknown class";
    /// A region that is not declared, or `in each region` in a plan that
    /// declares none.
    UnknownRegion = "E0109", Error, "unknown region";

    /// A quantity whose unit measures something else than its metric.
    DimensionMismatch = "E0201", Error, "unit of the wrong dimension";
    /// A metric without a unit, or a milestone with one.
    MetricUnit = "E0202", Error, "metric unit missing or not allowed";
    /// A unit definition that cannot stand (zero or negative scale, cycle).
    BadUnit = "E0203", Error, "invalid unit definition";

    /// A range whose low end is above its high end.
    RangeInverted = "E0301", Error, "range low above high";
    /// A growth or change target with no baseline year.
    NoBaseline = "E0302", Error, "growth or change target without a baseline";
    /// An item with targets and no lead agency.
    NoLead = "E0303", Error, "item with targets but no lead";
    /// A deadline before the plan period starts.
    DeadlineBeforeStart = "E0304", Error, "deadline before the plan starts";
    /// A condition that does not fit the metric's kind, e.g. `done` on a stock.
    KindMismatch = "E0305", Error, "condition does not fit the metric kind";
    /// A year range whose first year is after its last.
    YearRange = "E0306", Error, "invalid year range";
    /// A baseline year that is not before the years it is compared with.
    BaselineOrder = "E0307", Error, "baseline not before the target years";
    /// A target that cannot be judged per region (a milestone, a
    /// commitment, a value set each year), or a `quota` on a target
    /// without one value or one already regional.
    RegionalForm = "E0308", Error, "target cannot be broken down by region";

    /// A data row names a metric the plan does not declare.
    DataUnknownMetric = "E0401", Error, "unknown metric in data";
    /// A data row's unit is unknown or measures another dimension than its
    /// metric (`吨` for a `亿元` metric), or a milestone row has a unit.
    DataUnit = "E0402", Error, "unit unknown or of the wrong dimension";
    /// A data value that is not an exact finite number (`N/A`, `NaN`,
    /// `1,234`, `150亿元`), or not `done` for a milestone. An empty value
    /// is not reported, not an error.
    DataValue = "E0403", Error, "bad value in data";
    /// A data year that is not a four-digit year from 1900 to 2100.
    DataYear = "E0404", Error, "implausible year in data";
    /// Two rows give different figures for the same metric, year and region.
    DataConflict = "E0405", Error, "conflicting rows in data";
    /// A data file whose structure is wrong: unknown or repeated column,
    /// wrong number of cells, an unclosed quote, invalid JSON, a workbook
    /// that cannot be read or lacks the sheet named.
    DataStructure = "E0406", Error, "malformed data file";
    /// A data file without its header, or whose header lacks a required
    /// column (metric, year, value).
    DataMissingColumn = "E0407", Error, "required data column missing";
    /// More problems in one data file than are shown.
    DataLimit = "E0408", Error, "too many problems in a data file";
    /// A data row names a region the plan does not declare (only when the
    /// plan declares regions).
    DataUnknownRegion = "E0409", Error, "unknown region in data";

    /// A deadline after the plan period ends.
    DeadlineAfterEnd = "W0001", Warning, "deadline after the plan period";
    /// A count classifier that differs from the metric's (个 for a 家 metric).
    Classifier = "W0002", Warning, "classifier differs from the metric's";
    /// A unit declares a new dimension whose name is close to a known one
    /// (`unit 斤: mas` beside `mass`).
    NewDimension = "W0003", Warning, "new dimension close to a known one";
    /// The quotas of an additive target add up to less than its floor (or
    /// more than its cap): every region can meet its quota while the plan
    /// misses its target.
    QuotaSum = "W0004", Warning, "quotas do not add up to the target";
    /// A CSV data file that is not UTF-8 was read in the encoding its bytes
    /// suggest (GBK, as GB18030); `--encoding` names it and silences this.
    DataEncoding = "W0005", Warning, "data file read in a guessed encoding";

    /// An internal invariant failed: a bug in planc, not a fault of the
    /// input. The output it concerns is withheld.
    Internal = "E0900", Error, "internal error";
}

/// How grave a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used: the plan has no model, the data is not read.
    Error,
    /// Suspicious but usable; `allow` can silence it.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}
