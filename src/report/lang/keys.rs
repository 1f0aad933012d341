//! The keys of the report catalogue: each with the placeholders its text
//! may use. A key here is a line in every catalogue file.

/// Declares [`Key`]: variant, name in the files, placeholders.
macro_rules! keys {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal [$($ph:ident)*], )*) => {
        /// One text of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Key {
            $( $(#[$doc])* $variant, )*
        }

        impl Key {
            /// Every key, in declaration order.
            pub const ALL: &'static [Key] = &[$(Key::$variant),*];

            /// The key as catalogue files write it: `status.met`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Key::$variant => $name,)*
                }
            }

            /// The placeholders the key's text may use.
            pub fn placeholders(self) -> &'static [&'static str] {
                match self {
                    $(Key::$variant => &[$(stringify!($ph)),*],)*
                }
            }
        }
    };
}

impl Key {
    /// The key a catalogue file names.
    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Its position in [`Key::ALL`].
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

keys! {
    /// The catalogue's language code.
    Lang = "lang" [],
    /// Status `met`.
    StatusMet = "status.met" [],
    /// Status `missed`.
    StatusMissed = "status.missed" [],
    /// Status `on_track`.
    StatusOnTrack = "status.on_track" [],
    /// Status `behind`.
    StatusBehind = "status.behind" [],
    /// Status `pending`.
    StatusPending = "status.pending" [],
    /// Status `no_data`.
    StatusNoData = "status.no_data" [],
    /// Status `unassessed`.
    StatusUnassessed = "status.unassessed" [],
    /// A strive target missed or behind.
    StatusStrive = "status.strive" [status],
    /// Strength `firm`.
    StrengthFirm = "strength.firm" [],
    /// Strength `strive`.
    StrengthStrive = "strength.strive" [],
    /// Column: the target id.
    HeaderTarget = "header.target" [],
    /// Column: lead agencies.
    HeaderLead = "header.lead" [],
    /// Column: an agency's role (by agency).
    HeaderRole = "header.role" [],
    /// Column: the metric.
    HeaderMetric = "header.metric" [],
    /// Column: what the target requires.
    HeaderRequired = "header.required" [],
    /// Column: when it is due.
    HeaderDue = "header.due" [],
    /// Column: the figure judged.
    HeaderActual = "header.actual" [],
    /// Column: the status.
    HeaderStatus = "header.status" [],
    /// Column: the reason or note.
    HeaderNote = "header.note" [],
    /// Column: the document's words.
    HeaderQuote = "header.quote" [],
    /// Column: the section (one-table Markdown).
    HeaderSection = "header.section" [],
    /// Column: the item (one-table Markdown).
    HeaderItem = "header.item" [],
    /// Column: the agency (one-table Markdown, by agency).
    HeaderAgency = "header.agency" [],
    /// An agency leads the target.
    RoleLead = "role.lead" [],
    /// An agency supports the target.
    RoleSupport = "role.support" [],
    /// A section's heading: `id` in arabic digits, `ordinal` as written.
    HeadingSection = "heading.section" [id ordinal title],
    /// An item's heading.
    HeadingItem = "heading.item" [id ordinal title],
    /// A part's heading: `parent` is its item's ordinal as written.
    HeadingPart = "heading.part" [id ordinal parent title],
    /// The heading of items outside any section.
    HeadingOther = "heading.other" [],
    /// An item heading with its class.
    HeadingClass = "heading.class" [heading class],
    /// An agency's heading in the table.
    HeadingAgency = "heading.agency" [agency leads supports],
    /// A region's heading in `--by-region`: its name (with the region it
    /// is part of) and how many targets are judged in it.
    HeadingRegion = "heading.region" [region n],
    /// [`Key::HeadingRegion`] with several targets.
    HeadingRegionPlural = "heading.region.plural" [region n],
    /// The group of plan-wide targets in `--by-region`.
    RegionPlanWide = "region.plan_wide" [],
    /// A region that is part of another: `南湖区 (in 嘉兴市)`.
    RegionIn = "region.in" [region parent],
    /// A declared region in which no target is judged.
    NoTargetInRegion = "no_target.region" [],
    /// The line under the report's title.
    TitleAsOf = "title.as_of" [year],
    /// A summary or a note standing as a sentence (Markdown).
    Sentence = "sentence" [text],
    /// The document's words, quoted.
    Quote = "quote" [text],
    /// One `text` paragraph of an item.
    ItemText = "item.text" [text],
    /// An item without targets or text.
    NoTarget = "no_target" [],
    /// An item with one text and no targets.
    NoTargetText = "no_target.text" [n],
    /// An item with several texts and no targets.
    NoTargetTexts = "no_target.texts" [n],
    /// Summary: one item without targets.
    Untargeted = "untargeted" [n],
    /// Summary: several items without targets.
    UntargetedPlural = "untargeted.plural" [n],
    /// An item without targets listed under an agency.
    UntargetedItem = "untargeted.item" [heading what],
    /// The summary line.
    Summary = "summary" [targets year counts failing],
    /// One target.
    Targets = "targets" [n],
    /// Several targets.
    TargetsPlural = "targets.plural" [n],
    /// A count of one status.
    CountStatus = "count.status" [n status],
    /// No targets to count.
    CountsNone = "counts.none" [],
    /// No firm target missed or behind.
    FailingNone = "failing.none" [],
    /// One firm target missed or behind.
    FailingOne = "failing.one" [n],
    /// Several.
    FailingPlural = "failing.plural" [n],
    /// A class's counts.
    ClassLine = "class.line" [class strength targets counts failing],
    /// A class without targets.
    ClassLineEmpty = "class.line_empty" [class strength targets failing],
    /// The exit gate restricted to classes.
    GateLine = "gate.line" [classes failing],
    /// Between the items of a list (years).
    ListSep = "list.sep" [],
    /// Between the counts of a summary.
    CountSep = "count.sep" [],
    /// Between the reasons of a result, and a note after them.
    ReasonSep = "reason.sep" [],
    /// A figure with its unit: `6 万元`.
    FigureUnit = "figure.unit" [number unit],
    /// A figure in percent.
    FigurePercent = "figure.percent" [number],
    /// Percentage points.
    FigurePoints = "figure.points" [number],
    /// A multiple.
    FigureTimes = "figure.times" [number],
    /// No figure.
    None = "none" [],
    /// `>=`.
    OpGe = "op.ge" [],
    /// `>`.
    OpGt = "op.gt" [],
    /// `<=`.
    OpLe = "op.le" [],
    /// `<`.
    OpLt = "op.lt" [],
    /// `=`.
    OpEq = "op.eq" [],
    /// `~` (a value set for a year).
    OpAbout = "op.about" [],
    /// `>= 150 项`.
    ReqCompare = "req.compare" [op value],
    /// A soft bound with its tolerance.
    ReqSoft = "req.soft" [op value tolerance],
    /// About a value.
    ReqAbout = "req.about" [value tolerance],
    /// A range.
    ReqBetween = "req.between" [low high],
    /// Against another metric.
    ReqCompareMetric = "req.compare_metric" [op metric],
    /// Against another metric's growth.
    ReqCompareMetricGrowth = "req.compare_metric_growth" [op metric],
    /// About another metric.
    ReqAboutMetric = "req.about_metric" [metric tolerance],
    /// About another metric's growth.
    ReqAboutMetricGrowth = "req.about_metric_growth" [metric tolerance],
    /// Against the metric's own mean.
    ReqCompareMean = "req.compare_mean" [op from to],
    /// A value set each year.
    ReqSetYearly = "req.set_yearly" [],
    /// A milestone.
    ReqDone = "req.done" [],
    /// A commitment.
    ReqAssessed = "req.assessed" [],
    /// `each year` with a value set each year.
    ReqEachYearSet = "req.each_year_set" [],
    /// Growth set each year.
    ReqGrowthSet = "req.growth_set" [],
    /// `each year`.
    ReqEachYear = "req.each_year" [req],
    /// Yearly growth.
    ReqYearlyGrowth = "req.yearly_growth" [req],
    /// Average growth.
    ReqAverageGrowth = "req.average_growth" [req since],
    /// Annual average.
    ReqAnnualAverage = "req.annual_average" [req],
    /// A window total.
    ReqTotal = "req.total" [req],
    /// Change since a base year.
    ReqChange = "req.change" [req since],
    /// A multiple of a base year.
    ReqMultiple = "req.multiple" [req since],
    /// Due in a year.
    DueYear = "due.year" [year],
    /// A span deadline.
    DueSpan = "due.span" [from to],
    /// A window of years.
    DueWindow = "due.window" [from to],
    /// A commitment's assessment.
    ActualAssessed = "actual.assessed" [value year],
    /// A milestone done.
    ActualDone = "actual.done" [year],
    /// Assessment `done`.
    AssessedDone = "assessed.done" [],
    /// Assessment `partly`.
    AssessedPartly = "assessed.partly" [],
    /// Assessment `not_done`.
    AssessedNotDone = "assessed.not_done" [],
    /// A growth rate alone.
    ActualRate = "actual.rate" [rate],
    /// A growth rate and the level.
    ActualRateLevel = "actual.rate_level" [rate level],
    /// A change and the level.
    ActualChangeLevel = "actual.change_level" [rate level],
    /// An average growth rate alone.
    ActualAverageRate = "actual.average_rate" [rate],
    /// An average growth rate and the level.
    ActualAverageRateLevel = "actual.average_rate_level" [rate level],
    /// A figure over years.
    ActualInYears = "actual.in_years" [figure from to],
    /// A figure of a year.
    ActualInYear = "actual.in_year" [figure year],
    /// The expected path.
    NoteExpected = "note.expected" [value],
    /// The expected path in a year.
    NoteExpectedIn = "note.expected_in" [value year],
    /// A commitment's evidence.
    NoteEvidence = "note.evidence" [note],
    /// No figure for a year.
    LackMissing = "lack.missing" [year],
    /// No figures for a run of years.
    LackMissingRun = "lack.missing_run" [from to],
    /// No figures for several years.
    LackMissingList = "lack.missing_list" [years],
    /// A year after the evaluation year.
    LackFuture = "lack.future" [year],
    /// Regional rows that do not add up (one region).
    LackUnsummable = "lack.unsummable" [year n],
    /// Regional rows that do not add up.
    LackUnsummablePlural = "lack.unsummable.plural" [year n],
    /// Regional rows that overflow.
    LackOverflow = "lack.overflow" [year],
    /// No rate and no base figure.
    LackNoRate = "lack.no_rate" [year],
    /// Another metric's lack.
    LackPart = "lack.part" [lack metric],
    /// A ratio's zero denominator.
    LackZeroDivisor = "lack.zero_divisor" [of year],
    /// Declared regions: a figure from only some of the regions it is the
    /// sum of.
    LackPartial = "lack.partial" [year n of],
    /// Figures lacking, those reported short.
    ReasonReportedNotMet = "reason.reported_not_met" [],
    /// A regional target whose region the model does not declare.
    ReasonUndeclaredRegion = "reason.undeclared_region" [region],
    /// An undeclared metric.
    ReasonUndeclaredMetric = "reason.undeclared_metric" [metric],
    /// An undeclared part of a ratio.
    ReasonUndeclaredPart = "reason.undeclared_part" [metric],
    /// A kind that cannot judge the metric.
    ReasonKindMismatch = "reason.kind_mismatch" [kind metric_kind metric],
    /// `set` under the wrong kind.
    ReasonSetCannotJudge = "reason.set_cannot_judge" [kind],
    /// A relation under the wrong kind.
    ReasonRelationCannotJudge = "reason.relation_cannot_judge" [kind],
    /// A mean against growth.
    ReasonMeanNotGrowth = "reason.mean_not_growth" [],
    /// A relation without its metric.
    ReasonNoOtherMetric = "reason.no_other_metric" [],
    /// Tolerance beyond range.
    ReasonBeyondTolerance = "reason.beyond_tolerance" [],
    /// Requirement beyond range.
    ReasonBeyondRequirement = "reason.beyond_requirement" [],
    /// Required level beyond range.
    ReasonBeyondRequiredLevel = "reason.beyond_required_level" [],
    /// Set value beyond range.
    ReasonBeyondSetValue = "reason.beyond_set_value" [year],
    /// Mean beyond range.
    ReasonBeyondMean = "reason.beyond_mean" [from to],
    /// Held only within the tolerance, past a value.
    ReasonPastWithinTolerance = "reason.past_within_tolerance" [value],
    /// Held only within the tolerance.
    ReasonWithinTolerance = "reason.within_tolerance" [],
    /// Base year not before the deadline.
    ReasonBaselineNotBefore = "reason.baseline_not_before" [baseline deadline],
    /// Base year not before a span deadline.
    ReasonBaselineNotBeforeSpan = "reason.baseline_not_before_span" [baseline first deadline],
    /// No base-year figure.
    ReasonNoBaseline = "reason.no_baseline" [lack],
    /// Base figure zero or below.
    ReasonBaselineNotPositive = "reason.baseline_not_positive" [year value],
    /// Base figure zero or below, not shown.
    ReasonBaselineNotPositiveBare = "reason.baseline_not_positive_bare" [year],
    /// One year judged on a reported rate.
    ReasonRatesUsed = "reason.rates_used" [years],
    /// Several years.
    ReasonRatesUsedPlural = "reason.rates_used.plural" [years],
    /// Rates carried from the base figure.
    ReasonRatesFromFigure = "reason.rates_from_figure" [rates base],
    /// Rates carried without a base figure.
    ReasonRatesNoFigure = "reason.rates_no_figure" [rates base],
    /// Deadline before the window.
    ReasonDeadlineBeforeWindow = "reason.deadline_before_window" [deadline from],
    /// No value set.
    ReasonNoValueSet = "reason.no_value_set" [year],
    /// The value set for the deciding year.
    ReasonSetFor = "reason.set_for" [year op value],
    /// Growth in the first year there is.
    ReasonNoYearBefore = "reason.no_year_before" [year],
    /// Growth from zero or below.
    ReasonGrowthFromNonPositive = "reason.growth_from_non_positive" [year value],
    /// Growth from zero or below, not shown.
    ReasonGrowthFromNonPositiveBare = "reason.growth_from_non_positive_bare" [year],
    /// No figure after the start.
    ReasonNoFigureAfter = "reason.no_figure_after" [year],
    /// The window starts later.
    ReasonWindowStarts = "reason.window_starts" [year],
    /// No starting figure, with why.
    ReasonNoStartingFigure = "reason.no_starting_figure" [lack],
    /// No starting figure.
    ReasonNoStartingFigureBare = "reason.no_starting_figure_bare" [],
    /// Lacks for a mean.
    ReasonForMean = "reason.for_mean" [lacks from to],
    /// Years not met.
    ReasonNotMetIn = "reason.not_met_in" [years],
    /// First year still ahead.
    ReasonFirstYear = "reason.first_year" [year],
    /// A milestone done late.
    ReasonDoneLate = "reason.done_late" [year deadline],
    /// A milestone not done yet.
    ReasonNotDoneYet = "reason.not_done_yet" [as_of deadline],
    /// A milestone reported not done.
    ReasonReportedNotDone = "reason.reported_not_done" [year],
    /// No milestone report.
    ReasonNoMilestoneReport = "reason.no_milestone_report" [deadline],
    /// Assessed only after the deadline.
    ReasonAssessedOnlyAfter = "reason.assessed_only_after" [year deadline],
    /// No assessment.
    ReasonNoAssessment = "reason.no_assessment" [as_of deadline],
    /// Last assessment before the deadline.
    ReasonLastAssessed = "reason.last_assessed" [value year deadline],
    /// An assessment that decided.
    ReasonAssessed = "reason.assessed" [value year],
    /// An assessment before the deadline.
    ReasonAssessedDue = "reason.assessed_due" [value year deadline],
    /// Target kind.
    KindThreshold = "kind.threshold" [],
    /// Target kind.
    KindSingleYear = "kind.single_year" [],
    /// Target kind.
    KindEachYear = "kind.each_year" [],
    /// Target kind.
    KindYearlyGrowth = "kind.yearly_growth" [],
    /// Target kind.
    KindAverageGrowth = "kind.average_growth" [],
    /// Target kind.
    KindAnnualAverage = "kind.annual_average" [],
    /// Target kind.
    KindWindowTotal = "kind.window_total" [],
    /// Target kind.
    KindChangeFromBaseline = "kind.change_from_baseline" [],
    /// Target kind.
    KindAbsoluteChange = "kind.absolute_change" [],
    /// Target kind.
    KindMultiple = "kind.multiple" [],
    /// Target kind.
    KindMilestone = "kind.milestone" [],
    /// Target kind.
    KindCommitment = "kind.commitment" [],
    /// Metric kind.
    MetricStock = "metric.stock" [],
    /// Metric kind.
    MetricFlow = "metric.flow" [],
    /// Metric kind.
    MetricMilestone = "metric.milestone" [],
    /// Metric kind.
    MetricRatio = "metric.ratio" [],
    /// Metric kind.
    MetricCommitment = "metric.commitment" [],
    /// The JUnit report's name.
    JunitSuites = "junit.suites" [year title],
    /// A target as a test case.
    JunitCase = "junit.case" [target metric required due],
    /// A case's message.
    JunitDetail = "junit.detail" [status actual],
    /// An item without targets as a test case.
    JunitCaseItem = "junit.case_item" [id title],
    /// After the plan's title in the HTML page's window title.
    HtmlReport = "html.report" [],
    /// Before the year in the HTML page's header.
    HtmlAsOf = "html.as_of" [],
    /// After the count of targets in the HTML page's header.
    HtmlTargets = "html.targets" [],
    /// The HTML overview's heading.
    HtmlOverview = "html.overview" [],
    /// The HTML overview's row of every target.
    HtmlAllTargets = "html.all_targets" [],
    /// The HTML overview's table by section.
    HtmlBySection = "html.by_section" [],
    /// The HTML overview's table by lead agency.
    HtmlByAgency = "html.by_agency" [],
    /// The HTML overview's table by class.
    HtmlByClass = "html.by_class" [],
    /// The class column and filter of the HTML page.
    HtmlClass = "html.class" [],
    /// The HTML overview's count column.
    HtmlTotal = "html.total" [],
    /// The HTML agency table's column of targets supported.
    HtmlSupports = "html.supports" [],
    /// The HTML filters' heading.
    HtmlFilter = "html.filter" [],
    /// The empty choice of an HTML filter.
    HtmlAny = "html.any" [],
    /// The HTML filters' reset button.
    HtmlReset = "html.reset" [],
    /// `Showing` N `of` M targets, in the HTML page.
    HtmlShowing = "html.showing" [],
    /// `Showing` N `of` M targets, in the HTML page.
    HtmlOf = "html.of" [],
    /// The support agencies of an HTML target panel.
    HtmlSupport = "html.support" [],
    /// An HTML target panel's figures, year by year.
    HtmlFigures = "html.figures" [],
    /// The label of an HTML chart, before the target's id.
    HtmlChartOf = "html.chart_of" [],
    /// An HTML chart's deadline marker.
    HtmlDeadline = "html.deadline" [],
    /// An HTML chart's expected path.
    HtmlExpectedPath = "html.expected_path" [],
    /// An HTML chart's reported series.
    HtmlReported = "html.reported" [],
    /// An HTML chart's required level at the deadline.
    HtmlRequiredLevel = "html.required_level" [],
    /// After the count of an item's texts in the HTML page.
    HtmlTexts = "html.texts" [],
    /// What an HTML chart of growth rates shows.
    HtmlGrowth = "html.growth" [],
    /// What an HTML chart of a running total shows.
    HtmlRunningTotal = "html.running_total" [],
    /// What an HTML chart of a mean shows.
    HtmlMean = "html.mean" [],
    /// The HTML page's footer.
    HtmlGeneratedBy = "html.generated_by" [],
}
