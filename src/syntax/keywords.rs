//! The language's keywords, read from the grammar itself.
//!
//! `grammar/plan.pest` is the one table: each `kw_…` rule is a keyword, its
//! first alternative the English spelling and its second the Chinese one;
//! further alternatives are Chinese spellings also accepted. A spelling of
//! several words (`each year`) has them joined by `kw_gap`. The parser, the
//! formatter (`fmt --keywords`), the diagnostics and the docs' table
//! (docs/language.md, checked by `tests/keywords_zh.rs`) all read this.
//! Every word of every spelling is reserved: a bare name may not be one
//! (E0013), and a misspelt one gets a "did you mean" (E0001).

use std::sync::OnceLock;

const GRAMMAR: &str = include_str!("../../grammar/plan.pest");

/// Which spelling of the keywords to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling {
    /// `lead`, `each year`, `by 2012`.
    En,
    /// `牵头`, `每年`, `到2012年`.
    Zh,
}

/// One keyword: its grammar rule and its spellings.
#[derive(Debug)]
pub struct Keyword {
    /// The grammar rule: `kw_each_year`.
    pub rule: &'static str,
    /// The English spelling, words joined by one space: `each year`.
    pub en: String,
    /// The Chinese spelling `fmt --keywords zh` writes: `每年`.
    pub zh: &'static str,
    /// Other Chinese spellings the grammar accepts: `争取` beside `力争`.
    pub also: Vec<&'static str>,
}

impl Keyword {
    /// The spelling `fmt` writes.
    pub fn spelling(&self, s: Spelling) -> &str {
        match s {
            Spelling::En => &self.en,
            Spelling::Zh => self.zh,
        }
    }

    /// Every accepted spelling, English first.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.en.as_str())
            .chain(std::iter::once(self.zh))
            .chain(self.also.iter().copied())
    }
}

/// The keywords the formatter prints, one per `kw_…` rule; a test checks
/// that this list and the grammar's rules are the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kw {
    /// `plan` / `规划`
    Plan,
    /// `period` / `规划期`
    Period,
    /// `baseline` / `基期`
    Baseline,
    /// `issued by` / `发布`
    IssuedBy,
    /// `on` / `于`
    On,
    /// `tolerance` / `容差`
    Tolerance,
    /// `agency` / `单位`
    Agency,
    /// `unit` / `计量单位`
    Unit,
    /// `metric` / `指标`
    Metric,
    /// `stock` / `存量`
    Stock,
    /// `flow` / `流量`
    Flow,
    /// `milestone` / `里程碑`
    Milestone,
    /// `section` / `部分`
    Section,
    /// `item` / `条`
    Item,
    /// `part` / `分项`
    Part,
    /// `lead` / `牵头`
    Lead,
    /// `support` / `配合`
    Support,
    /// `text` / `原文`
    Text,
    /// `allow` / `允许`
    Allow,
    /// `strive` / `力争`, `争取`
    Strive,
    /// `firm` / `确保`
    Firm,
    /// `by` / `到`
    By,
    /// `each year` / `每年`
    EachYear,
    /// `within` / `期间`
    Within,
    /// `done` / `完成`
    Done,
    /// `in` / `在`
    In,
    /// `average growth` / `年均增长`
    AverageGrowth,
    /// `annual average` / `年均`
    AnnualAverage,
    /// `growth` / `增长`
    Growth,
    /// `change` / `变化`
    Change,
    /// `since` / `较`, `比`
    Since,
    /// `total` / `累计`
    Total,
    /// `mean` / `平均`
    Mean,
    /// `class` / `属性`
    Class,
    /// `commitment` / `承诺`
    Commitment,
    /// `assessed` / `评估`
    Assessed,
    /// `set` / `视情`
    Set,
    /// `region` / `地区`
    Region,
    /// `quota` / `分解`
    Quota,
    /// `each region` / `各地区`
    EachRegion,
}

impl Kw {
    /// Every keyword, in the grammar's order.
    pub const ALL: [Kw; 40] = [
        Kw::Plan,
        Kw::Period,
        Kw::Baseline,
        Kw::IssuedBy,
        Kw::On,
        Kw::Tolerance,
        Kw::Agency,
        Kw::Unit,
        Kw::Metric,
        Kw::Stock,
        Kw::Flow,
        Kw::Milestone,
        Kw::Section,
        Kw::Item,
        Kw::Part,
        Kw::Lead,
        Kw::Support,
        Kw::Text,
        Kw::Allow,
        Kw::Strive,
        Kw::Firm,
        Kw::By,
        Kw::EachYear,
        Kw::Within,
        Kw::Done,
        Kw::In,
        Kw::AverageGrowth,
        Kw::AnnualAverage,
        Kw::Growth,
        Kw::Change,
        Kw::Since,
        Kw::Total,
        Kw::Mean,
        Kw::Class,
        Kw::Commitment,
        Kw::Assessed,
        Kw::Set,
        Kw::Region,
        Kw::Quota,
        Kw::EachRegion,
    ];

    /// The grammar rule of this keyword.
    pub fn rule(self) -> &'static str {
        match self {
            Kw::Plan => "kw_plan",
            Kw::Period => "kw_period",
            Kw::Baseline => "kw_baseline",
            Kw::IssuedBy => "kw_issued_by",
            Kw::On => "kw_on",
            Kw::Tolerance => "kw_tolerance",
            Kw::Agency => "kw_agency",
            Kw::Unit => "kw_unit",
            Kw::Metric => "kw_metric",
            Kw::Stock => "kw_stock",
            Kw::Flow => "kw_flow",
            Kw::Milestone => "kw_milestone",
            Kw::Section => "kw_section",
            Kw::Item => "kw_item",
            Kw::Part => "kw_part",
            Kw::Lead => "kw_lead",
            Kw::Support => "kw_support",
            Kw::Text => "kw_text",
            Kw::Allow => "kw_allow",
            Kw::Strive => "kw_strive",
            Kw::Firm => "kw_firm",
            Kw::By => "kw_by",
            Kw::EachYear => "kw_each_year",
            Kw::Within => "kw_within",
            Kw::Done => "kw_done",
            Kw::In => "kw_in",
            Kw::AverageGrowth => "kw_average_growth",
            Kw::AnnualAverage => "kw_annual_average",
            Kw::Growth => "kw_growth",
            Kw::Change => "kw_change",
            Kw::Since => "kw_since",
            Kw::Total => "kw_total",
            Kw::Mean => "kw_mean",
            Kw::Class => "kw_class",
            Kw::Commitment => "kw_commitment",
            Kw::Assessed => "kw_assessed",
            Kw::Set => "kw_set",
            Kw::Region => "kw_region",
            Kw::Quota => "kw_quota",
            Kw::EachRegion => "kw_each_region",
        }
    }

    /// This keyword as written in `s`. The rule is always in the grammar
    /// (`tests::the_formatter_knows_every_keyword`); were it not, the rule
    /// name would show in the output rather than a keyword silently vanish.
    pub fn spell(self, s: Spelling) -> &'static str {
        table()
            .iter()
            .find(|k| k.rule == self.rule())
            .map_or(self.rule(), |k| k.spelling(s))
    }
}

/// Chinese words a plan's text uses for a keyword that are not one of its
/// spellings: suggested, never accepted (`负责 市经贸委` → `牵头`).
const SYNONYMS: &[(&str, &str)] = &[
    ("负责", "kw_lead"),
    ("主办", "kw_lead"),
    ("牵头单位", "kw_lead"),
    ("责任单位", "kw_lead"),
    ("协助", "kw_support"),
    ("协办", "kw_support"),
    ("参与", "kw_support"),
    ("配合单位", "kw_support"),
    ("截至", "kw_by"),
    ("截止", "kw_by"),
    ("截止到", "kw_by"),
    ("力求", "kw_strive"),
    ("必须", "kw_firm"),
    ("逐年", "kw_each_year"),
    ("建成", "kw_done"),
    ("合计", "kw_total"),
    ("总计", "kw_total"),
    ("累积", "kw_total"),
    ("增速", "kw_growth"),
    ("增幅", "kw_growth"),
    ("年均增速", "kw_average_growth"),
    ("年平均增长", "kw_average_growth"),
    ("年平均", "kw_annual_average"),
    ("变动", "kw_change"),
    ("相比", "kw_since"),
    ("基准年", "kw_baseline"),
    ("基年", "kw_baseline"),
    ("期限", "kw_period"),
    ("规划期限", "kw_period"),
    ("部门", "kw_agency"),
    ("均值", "kw_mean"),
    ("平均值", "kw_mean"),
    ("误差", "kw_tolerance"),
    ("区域", "kw_region"),
    ("分解到", "kw_quota"),
    ("下达", "kw_quota"),
    ("各区县", "kw_each_region"),
];

struct Table {
    keywords: Vec<Keyword>,
    /// Every word of every spelling, in grammar order: reserved.
    words: Vec<&'static str>,
    /// The same, sorted, for `is_keyword` on every bare name.
    sorted: Vec<&'static str>,
    /// Bytes of the longest word: most names are longer, and are no
    /// keyword without a search.
    longest: usize,
}

fn table_data() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut keywords = Vec::new();
        let mut words = Vec::new();
        for line in GRAMMAR.lines().map(str::trim) {
            let Some((rule, body)) = line.split_once('=') else {
                continue;
            };
            let rule = rule.trim();
            if !rule.starts_with("kw_") || matches!(rule, "kw_end" | "kw_gap") {
                continue;
            }
            let mut alternatives = body.split('|').map(literals);
            let en = alternatives.next().unwrap_or_default();
            let zh = alternatives.next().unwrap_or_default();
            let also: Vec<&'static str> = alternatives.flatten().collect();
            words.extend(en.iter().chain(&zh).chain(&also).copied());
            keywords.push(Keyword {
                rule,
                en: en.join(" "),
                zh: zh.first().copied().unwrap_or(""),
                also,
            });
        }
        let mut sorted = words.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let longest = sorted.iter().map(|w| w.len()).max().unwrap_or(0);
        Table {
            keywords,
            words,
            sorted,
            longest,
        }
    })
}

/// Every keyword, in grammar order.
pub fn table() -> &'static [Keyword] {
    &table_data().keywords
}

/// The string literals of (part of) a grammar rule's body.
fn literals(body: &'static str) -> Vec<&'static str> {
    body.split('"')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every reserved word (each word of every spelling), in grammar order.
pub fn all() -> impl Iterator<Item = &'static str> {
    table_data().words.iter().copied()
}

/// Whether `word` is a keyword of the language, or a word of one.
pub fn is_keyword(word: &str) -> bool {
    let table = table_data();
    word.len() <= table.longest && table.sorted.binary_search(&word).is_ok()
}

/// Whether `c` is a letter or digit an identifier could go on with.
fn continues(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text` starts with the keyword `kw`, in any spelling, as the
/// grammar reads it: an English one not followed by a letter or digit, a
/// Chinese one not followed by a letter.
pub fn starts_with(text: &str, kw: Kw) -> bool {
    let Some(k) = table().iter().find(|k| k.rule == kw.rule()) else {
        return false;
    };
    let en = text
        .strip_prefix(k.en.as_str())
        .is_some_and(|rest| !rest.starts_with(continues));
    en || k.spellings().skip(1).any(|zh| {
        text.strip_prefix(zh)
            .is_some_and(|rest| !rest.starts_with(|c: char| continues(c) && !c.is_ascii_digit()))
    })
}

/// A Chinese keyword written against a name, which the grammar reads as
/// one name: `牵头市经贸委` → (`牵头`, `市经贸委`). The longest spelling
/// that leaves a name wins (`年均增长率` → `年均增长`, `率`).
pub fn glued(word: &str) -> Option<(&'static str, &str)> {
    table()
        .iter()
        .flat_map(|k| k.spellings().skip(1))
        .filter_map(|zh| {
            let rest = word.strip_prefix(zh)?;
            rest.starts_with(|c: char| continues(c) && !c.is_ascii_digit())
                .then_some((zh, rest))
        })
        .max_by_key(|(zh, _)| zh.len())
}

/// The Chinese keyword for a word plans use in its place: `负责` → `牵头`.
pub fn synonym(word: &str) -> Option<&'static str> {
    SYNONYMS
        .iter()
        .find(|(w, _)| *w == word)
        .and_then(|(_, rule)| table().iter().find(|k| k.rule == *rule))
        .map(|k| k.zh)
}

/// The keyword or keyword phrase `word` most likely misspells or
/// translates: `leed` → `lead`, `eachyear` → `each year`, `负责` → `牵头`.
/// A phrase also matches written without its spaces. At most one edit for
/// short words, a third of the length for long ones, and always fewer
/// edits than the word has characters; a Chinese word must keep more than
/// half its characters (so two-character words are only suggested from
/// the list of words plans use for a keyword).
pub fn did_you_mean(word: &str) -> Option<&'static str> {
    let len = word.chars().count();
    if len == 0 || is_keyword(word) {
        return None;
    }
    if let Some(zh) = synonym(word) {
        return Some(zh);
    }
    let cjk = !word.is_ascii();
    let limit = if cjk {
        len.saturating_sub(1) / 2
    } else {
        (len / 3).max(1).min(len - 1)
    };
    if limit == 0 {
        return None;
    }
    table()
        .iter()
        .flat_map(Keyword::spellings)
        .map(|c| {
            let joined: String = c.split(' ').collect();
            let d = strsim::levenshtein(word, c).min(strsim::levenshtein(word, &joined));
            (d, c)
        })
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c.chars().count(), c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_come_from_the_grammar() {
        let words: Vec<&str> = all().collect();
        for w in [
            "plan", "by", "each", "year", "lead", "support", "total", "牵头", "每年",
        ] {
            assert!(words.contains(&w), "{w} missing from {words:?}");
        }
        // One per `kw_` rule, and nothing that is not one.
        let rules = GRAMMAR
            .lines()
            .filter(|l| {
                l.starts_with("kw_") && !l.starts_with("kw_end ") && !l.starts_with("kw_gap ")
            })
            .count();
        assert_eq!(table().len(), rules);
        assert!(!is_keyword("bylaw"));
        assert!(!is_keyword("牵头单位"));
    }

    #[test]
    fn every_keyword_has_both_spellings() {
        for k in table() {
            assert!(k.en.is_ascii() && !k.en.is_empty(), "{k:?}");
            assert!(!k.zh.is_empty() && !k.zh.is_ascii(), "{k:?}");
        }
        let en: Vec<&str> = table().iter().map(|k| k.en.as_str()).collect();
        for p in ["each year", "average growth", "annual average", "issued by"] {
            assert!(en.contains(&p), "{p}: {en:?}");
        }
    }

    #[test]
    fn the_formatter_knows_every_keyword() {
        let rules: Vec<&str> = table().iter().map(|k| k.rule).collect();
        let known: Vec<&str> = Kw::ALL.iter().map(|k| k.rule()).collect();
        assert_eq!(rules, known);
        assert_eq!(Kw::Lead.spell(Spelling::Zh), "牵头");
        assert_eq!(Kw::EachYear.spell(Spelling::En), "each year");
    }

    #[test]
    fn starts_with_reads_both_spellings() {
        assert!(starts_with("period 2010..2012", Kw::Period));
        assert!(starts_with("规划期2010..2012年", Kw::Period));
        assert!(!starts_with("periodic", Kw::Period));
        assert!(!starts_with("规划期限 2010", Kw::Period));
    }

    #[test]
    fn glued_chinese_keywords() {
        assert_eq!(glued("牵头市经贸委"), Some(("牵头", "市经贸委")));
        assert_eq!(glued("年均增长率"), Some(("年均增长", "率")));
        assert_eq!(glued("牵头"), None);
        assert_eq!(glued("市经贸委"), None);
    }

    #[test]
    fn misspelt_keywords() {
        assert_eq!(did_you_mean("leed"), Some("lead"));
        assert_eq!(did_you_mean("eachyear"), Some("each year"));
        assert_eq!(did_you_mean("suport"), Some("support"));
        assert_eq!(did_you_mean("metrc"), Some("metric"));
        assert_eq!(did_you_mean("lead"), None);
        assert_eq!(did_you_mean("市经贸委"), None);
        // One letter shares nothing with any keyword.
        assert_eq!(did_you_mean("x"), None);
    }

    #[test]
    fn chinese_words_for_keywords() {
        assert_eq!(did_you_mean("负责"), Some("牵头"));
        assert_eq!(did_you_mean("截至"), Some("到"));
        assert_eq!(did_you_mean("年均增速"), Some("年均增长"));
        assert_eq!(did_you_mean("里程杯"), Some("里程碑"));
        // Half a two-character word is not a likeness.
        assert_eq!(did_you_mean("条件"), None);
        assert_eq!(did_you_mean("牵头"), None);
    }
}
