//! Every word the HTML report writes itself, read from the report
//! catalogue (`report::lang`) like every other report's words, so that the
//! page speaks `--lang`'s language. Figures, requirements, headings and
//! reasons come from `report::text::Words`, as in the other reports.

use super::super::lang::{Catalogue, Key};
use super::super::text;
use crate::eval::Status;
use crate::model::Strength;

/// The page's own words in one catalogue's language.
pub struct Words<'a> {
    cat: &'a Catalogue,
    /// The words the other reports share: headings, requirements, figures.
    pub text: &'a text::Words<'a>,
    /// The `lang` attribute of the page.
    pub lang: &'a str,
    /// After the plan's title in the HTML page's window title.
    pub report: &'a str,
    /// Before the year in the HTML page's header.
    pub as_of: &'a str,
    /// After the count of targets in the HTML page's header.
    pub targets: &'a str,
    /// The HTML overview's heading.
    pub overview: &'a str,
    /// The HTML overview's row of every target.
    pub all_targets: &'a str,
    /// The HTML overview's table by section.
    pub by_section: &'a str,
    /// The HTML overview's table by lead agency.
    pub by_agency: &'a str,
    /// The HTML overview's table by class.
    pub by_class: &'a str,
    /// The section column and filter.
    pub section: &'a str,
    /// The agency column and filter.
    pub agency: &'a str,
    /// The class column and filter of the HTML page.
    pub class: &'a str,
    /// The status column and filter.
    pub status: &'a str,
    /// The HTML overview's count column.
    pub total: &'a str,
    /// The HTML agency table's column of targets supported.
    pub supports: &'a str,
    /// Items outside any section.
    pub other_items: &'a str,
    /// The HTML filters' heading.
    pub filter: &'a str,
    /// The empty choice of an HTML filter.
    pub any: &'a str,
    /// The HTML filters' reset button.
    pub reset: &'a str,
    /// `Showing` N `of` M targets, in the HTML page.
    pub showing: &'a str,
    /// `Showing` N `of` M targets, in the HTML page.
    pub of: &'a str,
    /// A target's requirement.
    pub required: &'a str,
    /// A target's deadline.
    pub due: &'a str,
    /// A target's reported figure.
    pub actual: &'a str,
    /// A target's reasons or progress.
    pub note: &'a str,
    /// A target's lead agencies.
    pub lead: &'a str,
    /// The support agencies of an HTML target panel.
    pub support: &'a str,
    /// An HTML target panel's figures, year by year.
    pub figures: &'a str,
    /// The label of an HTML chart, before the target's id.
    pub chart_of: &'a str,
    /// An HTML chart's deadline marker.
    pub deadline: &'a str,
    /// An HTML chart's expected path.
    pub expected_path: &'a str,
    /// An HTML chart's reported series.
    pub reported: &'a str,
    /// An HTML chart's required level at the deadline.
    pub required_level: &'a str,
    /// An item without targets.
    pub no_target: &'a str,
    /// After the count of an item's texts in the HTML page.
    pub texts: &'a str,
    /// What an HTML chart of growth rates shows.
    pub growth: &'a str,
    /// What an HTML chart of a running total shows.
    pub running_total: &'a str,
    /// What an HTML chart of a mean shows.
    pub mean: &'a str,
    /// The HTML page's footer.
    pub generated_by: &'a str,
}

impl<'a> Words<'a> {
    /// The page's words, in the language of the other reports' `text`.
    pub fn new(text: &'a text::Words<'a>) -> Self {
        let cat: &'a Catalogue = text.cat;
        Words {
            cat,
            text,
            lang: cat.get(Key::Lang),
            report: cat.get(Key::HtmlReport),
            as_of: cat.get(Key::HtmlAsOf),
            targets: cat.get(Key::HtmlTargets),
            overview: cat.get(Key::HtmlOverview),
            all_targets: cat.get(Key::HtmlAllTargets),
            by_section: cat.get(Key::HtmlBySection),
            by_agency: cat.get(Key::HtmlByAgency),
            by_class: cat.get(Key::HtmlByClass),
            section: cat.get(Key::HeaderSection),
            agency: cat.get(Key::HeaderAgency),
            class: cat.get(Key::HtmlClass),
            status: cat.get(Key::HeaderStatus),
            total: cat.get(Key::HtmlTotal),
            supports: cat.get(Key::HtmlSupports),
            other_items: cat.get(Key::HeadingOther),
            filter: cat.get(Key::HtmlFilter),
            any: cat.get(Key::HtmlAny),
            reset: cat.get(Key::HtmlReset),
            showing: cat.get(Key::HtmlShowing),
            of: cat.get(Key::HtmlOf),
            required: cat.get(Key::HeaderRequired),
            due: cat.get(Key::HeaderDue),
            actual: cat.get(Key::HeaderActual),
            note: cat.get(Key::HeaderNote),
            lead: cat.get(Key::HeaderLead),
            support: cat.get(Key::HtmlSupport),
            figures: cat.get(Key::HtmlFigures),
            chart_of: cat.get(Key::HtmlChartOf),
            deadline: cat.get(Key::HtmlDeadline),
            expected_path: cat.get(Key::HtmlExpectedPath),
            reported: cat.get(Key::HtmlReported),
            required_level: cat.get(Key::HtmlRequiredLevel),
            no_target: cat.get(Key::NoTarget),
            texts: cat.get(Key::HtmlTexts),
            growth: cat.get(Key::HtmlGrowth),
            running_total: cat.get(Key::HtmlRunningTotal),
            mean: cat.get(Key::HtmlMean),
            generated_by: cat.get(Key::HtmlGeneratedBy),
        }
    }

    /// A status's word.
    pub fn status(&self, s: Status) -> &'a str {
        text::status_word(self.cat, s)
    }

    /// A strength's word.
    pub fn strength(&self, s: Strength) -> &'a str {
        text::strength(self.cat, s)
    }
}
