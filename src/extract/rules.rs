//! From clauses to targets. Each sentence is cut into clauses; the phrase
//! grammar gives each clause's tokens; the rules below turn a clause with
//! one figure into a target, a dated 建成… into a milestone, and a clause
//! with a figure nothing reads into a TODO.
//!
//! A sentence keeps what its clauses say of time and strength from the
//! clause that says it on: `到2012年,争取引进…150项以上,实到资金150亿元以上`
//! gives both targets the deadline and 争取.

use super::layout::sentences;
use super::names::{bare, Registry};
use super::phrase::{self, Base, Cmp, Growth, Qty, Tok, Token};
use super::{
    Extraction, Measure, Metric, MetricKind, Op, Quote, Requirement, Span, Target, Timing, Todo,
    Value,
};
use rust_decimal::Decimal;

/// Units planc knows without a declaration (docs/language.md).
const BUILT_IN: [&str; 25] = [
    "元",
    "美元",
    "吨",
    "标箱",
    "项",
    "家",
    "个",
    "名",
    "次",
    "场次",
    "所",
    "种",
    "人",
    "件",
    "%",
    "pp",
    "x",
    "倍",
    "万元",
    "亿元",
    "万美元",
    "亿美元",
    "万吨",
    "万标箱",
    "万人",
];

/// A metric's unit for a value written in `unit`: the unit itself when
/// planc knows it, else without its 万 or 亿 (values convert).
fn metric_unit(unit: &str) -> String {
    if BUILT_IN.contains(&unit) {
        return unit.to_string();
    }
    unit.strip_prefix('万')
        .or_else(|| unit.strip_prefix('亿'))
        .filter(|b| !b.is_empty())
        .unwrap_or(unit)
        .to_string()
}

/// Count words the draft declares as classifiers (`unit 张: count`).
const CLASSIFIERS: [&str; 33] = [
    "人次", "户次", "张", "座", "条", "台", "辆", "套", "户", "批", "床", "篇", "部", "艘", "处",
    "间", "册", "支", "位", "场", "期", "届", "例", "宗", "起", "份", "门", "款", "类", "天",
    "小时", "岁", "年",
];

/// Words of an amount counted per year (a flow); anything else is read
/// as a level (a stock).
const FLOW_WORDS: [&str; 31] = [
    "引进",
    "新增",
    "举办",
    "开展",
    "输送",
    "签订",
    "成交",
    "销售",
    "交易",
    "产值",
    "产量",
    "吞吐量",
    "投资",
    "贷款",
    "利用外资",
    "实到",
    "收入",
    "营业额",
    "出口",
    "进口",
    "增加值",
    "合同",
    "活动",
    "培训",
    "接待",
    "招商",
    "资金",
    "金额",
    "总值",
    "消费",
    "新建",
];

/// Endings of an amount of one year (吞吐量, 成交总额): at a deadline, the
/// year's own amount, not a running total.
const YEAR_AMOUNT_ENDS: [&str; 7] = ["量", "额", "产值", "收入", "增加值", "总值", "规模"];

/// Words before a subject that are not part of its name.
const FILLERS: [&str; 20] = [
    "其中",
    "全市",
    "全区",
    "全县",
    "全省",
    "全国",
    "使我市有",
    "使我区有",
    "我市",
    "我区",
    "使",
    "累计",
    "通过",
    "力争",
    "争取",
    "努力",
    "确保",
    "力求",
    "同时",
    "实现",
];

/// Clauses longer than this are not read (a clause of a plan is a line
/// or two; this bounds the phrase grammar's work and memory per clause).
pub const MAX_CLAUSE_BYTES: usize = 4096;

#[derive(Clone, Copy, Default)]
struct State {
    /// The last explicit time in the sentence.
    time: Option<Time>,
    each_year: bool,
    strive: bool,
    cumulative: bool,
    last_metric: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Time {
    By(u16),
    Span(u16, u16),
    Window(u16, u16),
}

struct Reader<'a> {
    src: &'a str,
    ex: &'a mut Extraction,
    metrics: Registry,
    one_year: bool,
}

/// Reads every sentence of the body for targets and TODOs.
pub fn read(src: &str, ex: &mut Extraction) -> Result<(), String> {
    let (from, to) = ex.period();
    let mut r = Reader {
        src,
        ex,
        metrics: Registry::default(),
        one_year: from == to,
    };
    // Items: paragraphs to sentences, then each sentence read.
    for i in 0..r.ex.items.len() {
        let paras =
            r.ex.items
                .get(i)
                .map(|it| it.sentences.clone())
                .unwrap_or_default();
        let sents: Vec<Quote> = paras.iter().flat_map(|p| sentences(p, src)).collect();
        if let Some(it) = r.ex.items.get_mut(i) {
            it.sentences = sents.clone();
        }
        for (at, s) in sents.iter().enumerate() {
            r.sentence(s, at, Some(i), None)?;
        }
    }
    for si in 0..r.ex.sections.len() {
        let paras =
            r.ex.sections
                .get(si)
                .map(|s| s.intro.clone())
                .unwrap_or_default();
        let sents: Vec<Quote> = paras.iter().flat_map(|p| sentences(p, src)).collect();
        if let Some(s) = r.ex.sections.get_mut(si) {
            s.intro = sents.clone();
        }
        for (at, s) in sents.iter().enumerate() {
            r.sentence(s, at, None, Some(si))?;
        }
    }
    // The text before the first section: read too, so that no figure
    // goes unseen; what it commits to has no item, so it is a TODO.
    let pre = std::mem::take(&mut r.ex.preamble);
    let pre: Vec<Quote> = pre.iter().flat_map(|p| sentences(p, src)).collect();
    for (at, s) in pre.iter().enumerate() {
        r.sentence(s, at, None, None)?;
    }
    r.ex.preamble = pre;
    Ok(())
}

/// Byte ranges of the clauses of `text`: cut at , ; : outside brackets
/// and quotes.
fn clauses(text: &str, cuts: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' | '“' | '《' | '[' | '【' => depth += 1,
            ')' | '）' | '”' | '》' | ']' | '】' => depth = depth.saturating_sub(1),
            c if depth == 0 && cuts.contains(&c) => {
                out.push((start, i));
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push((start, text.len()));
    out.into_iter()
        .map(|(a, b)| {
            let s = text.get(a..b).unwrap_or("");
            let trimmed_end = s.trim_end_matches(['。', '！', '？', ' ', '!', '?']).len();
            (a, a + trimmed_end)
        })
        .filter(|(a, b)| b > a)
        .collect()
}

/// What one clause gave.
enum Found {
    Target(Box<Target>),
    Todo(String),
    Nothing,
}

impl Reader<'_> {
    fn sentence(
        &mut self,
        s: &Quote,
        at: usize,
        item: Option<usize>,
        section: Option<usize>,
    ) -> Result<(), String> {
        let mut state = State::default();
        let text = s.text.as_str();
        // Clause spans are exact where the sentence is the source's text.
        let exact = self.src.get(s.span.start..s.span.end) == Some(text);
        for (a, b) in clauses(text, &[',', '，', ';', '；', ':', '：']) {
            let clause = text.get(a..b).unwrap_or("");
            let quote = |a2: usize, b2: usize| Quote {
                text: text.get(a2..b2).unwrap_or("").to_string(),
                span: if exact {
                    Span {
                        start: s.span.start + a2,
                        end: s.span.start + b2,
                    }
                } else {
                    s.span
                },
            };
            if clause.len() > MAX_CLAUSE_BYTES {
                if clause
                    .chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                {
                    self.ex.todos.push(Todo {
                        item,
                        section,
                        quote: quote(a, b),
                        sentence: s.span,
                        at,
                        reason: format!("a clause longer than {MAX_CLAUSE_BYTES} bytes, not read"),
                    });
                }
                continue;
            }
            let toks = phrase::tokens(clause)?;
            self.timing_of(&toks, &mut state);
            let targets = toks.iter().filter(|t| is_target_figure(&toks, t)).count();
            let mut found = Vec::new();
            if targets >= 2 {
                // 建成3个…基地、2~3个…基地: one target a segment.
                for (c, d) in clauses(clause, &['、']) {
                    let seg = clause.get(c..d).unwrap_or("");
                    let stoks = phrase::tokens(seg)?;
                    for f in self.clause(seg, &stoks, &mut state)? {
                        found.push((f, a + c, a + d));
                    }
                }
            } else {
                for f in self.clause(clause, &toks, &mut state)? {
                    found.push((f, a, b));
                }
            }
            for (f, a2, b2) in found {
                let q = quote(a2, b2);
                match f {
                    Found::Target(mut t) => match item {
                        Some(i) => {
                            t.item = i;
                            // A quote within the clause keeps its place in it.
                            t.quote = if t.quote.text.is_empty() {
                                q
                            } else {
                                quote(a2 + t.quote.span.start, a2 + t.quote.span.end)
                            };
                            t.sentence = s.span;
                            t.at = at;
                            self.ex.targets.push(*t);
                        }
                        None => self.ex.todos.push(Todo {
                            item,
                            section,
                            quote: q,
                            sentence: s.span,
                            at,
                            reason: "a commitment outside any item: it has no lead".to_string(),
                        }),
                    },
                    Found::Todo(reason) => self.ex.todos.push(Todo {
                        item,
                        section,
                        quote: q,
                        sentence: s.span,
                        at,
                        reason,
                    }),
                    Found::Nothing => {}
                }
            }
        }
        Ok(())
    }

    /// Time, rhythm and strength the clause sets for itself and the rest
    /// of its sentence.
    fn timing_of(&self, toks: &[Token], st: &mut State) {
        let (from, _) = self.ex.period();
        for t in toks {
            match t.tok {
                Tok::Deadline(y) => {
                    st.time = Some(Time::By(y));
                    st.each_year = false;
                }
                Tok::Years(n) => {
                    st.time = Some(Time::Window(from, from.saturating_add(n.saturating_sub(1))))
                }
                Tok::YearSpan(a, b) => {
                    st.time = Some(Time::Span(from.saturating_add(a), from.saturating_add(b)))
                }
                Tok::EachYear => st.each_year = true,
                Tok::Strength => st.strive = true,
                _ => {}
            }
        }
    }

    fn clause(&mut self, text: &str, toks: &[Token], st: &mut State) -> Result<Vec<Found>, String> {
        if text.contains("累计") {
            st.cumulative = true;
        }
        let figures: Vec<usize> = (0..toks.len())
            .filter(|&k| toks.get(k).is_some_and(|t| is_target_figure(toks, t)))
            .collect();
        let has_digits = toks
            .iter()
            .any(|t| matches!(t.tok, Tok::Figure | Tok::Quantity(_) | Tok::Range(..)));
        // 全市50%以上的饮用水源地…: a share, before any other reading.
        if let Some(k) = share_at(text, toks) {
            return Ok(vec![self.share(text, toks, k, st)]);
        }
        match figures.as_slice() {
            [k] => Ok(vec![self.quantity(text, toks, *k, st)]),
            [] => {
                if let Some(f) = self.without_figure(text, toks, st) {
                    return Ok(f);
                }
                if has_digits {
                    Ok(vec![Found::Todo("a figure no rule reads".to_string())])
                } else {
                    Ok(Vec::new())
                }
            }
            _ => Ok(vec![Found::Todo(
                "several figures in one clause".to_string(),
            )]),
        }
    }

    /// Milestones, 每年举办, 翻一番 and 与…同步: commitments without a
    /// figure of their own.
    fn without_figure(&mut self, text: &str, toks: &[Token], st: &mut State) -> Option<Vec<Found>> {
        let (_, end) = self.ex.period();
        let timing_by = match st.time {
            Some(Time::By(y)) => Some(Timing::By(y)),
            Some(Time::Span(a, b)) => Some(Timing::BySpan(a, b)),
            Some(Time::Window(_, b)) => Some(Timing::By(b)),
            None => None,
        };
        // 比2015年翻一番.
        if let Some(mult) = toks.iter().find_map(|t| {
            if let Tok::Multiple(m) = t.tok {
                Some(m)
            } else {
                None
            }
        }) {
            let base = toks.iter().find_map(|t| {
                if let Tok::Since(Base::Year(y)) = t.tok {
                    Some(y)
                } else {
                    None
                }
            })?;
            let subject = subject_text(
                text,
                toks,
                0,
                first_of(toks, |t| matches!(t, Tok::Since(_))).unwrap_or(toks.len()),
            );
            let metric = self.metric(
                &subject,
                MetricKind::Stock,
                None,
                "亿元",
                "a multiple of a level: the unit is a guess",
            )?;
            return Some(vec![self.target(
                metric,
                st,
                timing_by.unwrap_or(Timing::By(end)),
                Measure::Multiple(base),
                Requirement::Compare(
                    Op::Ge,
                    Value {
                        number: Decimal::from(mult),
                        unit: "x".into(),
                    },
                ),
                None,
            )]);
        }
        // X增长与Y增长(基本)同步.
        if toks.iter().any(|t| t.tok == Tok::Sync) {
            let with = text.find('与')?;
            let sync_at = toks.iter().find(|t| t.tok == Tok::Sync)?.start;
            let left = text
                .get(..with)?
                .trim_end_matches("增长")
                .trim_end_matches("增速");
            let right = text
                .get(with + '与'.len_utf8()..sync_at)?
                .trim_end_matches("基本");
            let right = right
                .strip_suffix("增长")
                .or_else(|| right.strip_suffix("增速"))?;
            if !text.get(..with)?.ends_with("增长") && !text.get(..with)?.ends_with("增速") {
                return None;
            }
            let left = strip_fillers(left);
            let other = self.metric(
                strip_fillers(right),
                MetricKind::Stock,
                None,
                "亿元",
                "only its growth is compared: the unit is a guess",
            )?;
            let metric = self.metric(
                left,
                MetricKind::Stock,
                None,
                "亿元",
                "only its growth is compared: the unit is a guess",
            )?;
            return Some(vec![self.target(
                metric,
                st,
                Timing::EachYear,
                Measure::Growth,
                Requirement::AboutGrowthOf(other),
                None,
            )]);
        }
        // 每年举办…: at least once a year.
        if st.each_year
            && toks.iter().any(|t| t.tok == Tok::Recurring)
            && !toks.iter().any(|t| t.tok == Tok::Figure)
        {
            let at = first_of(toks, |t| *t == Tok::Recurring).unwrap_or(0);
            let subject = subject_text(text, toks, at + 1, toks.len());
            let metric = self.metric(&subject, MetricKind::Flow, Some("次"), "次", "")?;
            return Some(vec![self.target(
                metric,
                st,
                Timing::EachYear,
                Measure::Level,
                Requirement::Compare(
                    Op::Ge,
                    Value {
                        number: Decimal::ONE,
                        unit: "次".into(),
                    },
                ),
                Some("no figure: held every year is read as at least once a year".into()),
            )]);
        }
        // 到2012年…建成…: a milestone, when the sentence names a deadline.
        let m = first_of(toks, |t| *t == Tok::Milestone)?;
        if toks.iter().take(m).any(|t| t.tok == Tok::Gradual) {
            return None;
        }
        let timing = timing_by?;
        let subject = subject_text(text, toks, 0, toks.len());
        // …框架和基本形成…体系: two milestones in one clause.
        let second = toks
            .iter()
            .enumerate()
            .skip(m + 1)
            .find(|(_, t)| t.tok == Tok::Milestone)
            .map(|(k, _)| k);
        if let Some(k) = second {
            let cut = toks.get(k).map_or(text.len(), |t| t.start);
            if let Some(first_part) = text.get(..cut).and_then(|s| s.strip_suffix('和')) {
                let rest = text.get(cut..).unwrap_or("");
                let first_toks = phrase::tokens(first_part).ok()?;
                let rest_toks = phrase::tokens(rest).ok()?;
                let mut out = Vec::new();
                for (part, ptoks, at) in [(first_part, &first_toks, 0), (rest, &rest_toks, cut)] {
                    let m = self.metric(
                        &subject_text(part, ptoks, 0, ptoks.len()),
                        MetricKind::Milestone,
                        None,
                        "",
                        "",
                    )?;
                    if let Found::Target(mut t) =
                        self.target(m, st, timing, Measure::Done, Requirement::Done, None)
                    {
                        // A quote within the clause, placed by the caller.
                        t.quote = Quote {
                            text: part.to_string(),
                            span: Span {
                                start: at,
                                end: at + part.len(),
                            },
                        };
                        out.push(Found::Target(t));
                    }
                }
                return Some(out);
            }
        }
        let metric = self.metric(&subject, MetricKind::Milestone, None, "", "")?;
        Some(vec![self.target(
            metric,
            st,
            timing,
            Measure::Done,
            Requirement::Done,
            None,
        )])
    }
}

/// Whether the token is a figure a target is made of: a quantity or a
/// range that no 的 makes part of a noun (产值超5千万元的企业).
fn is_target_figure(toks: &[Token], t: &Token) -> bool {
    if !matches!(t.tok, Tok::Quantity(_) | Tok::Range(..)) {
        return false;
    }
    let next = toks.iter().find(|n| n.start >= t.end);
    !next.is_some_and(|n| n.tok == Tok::Attributive && n.start == t.end)
}

fn first_of(toks: &[Token], f: impl Fn(&Tok) -> bool) -> Option<usize> {
    toks.iter().position(|t| f(&t.tok))
}

/// The clause's words between tokens `from` and `to`, without the
/// phrases of time, rhythm and strength, and without leading fillers.
fn subject_text(text: &str, toks: &[Token], from: usize, to: usize) -> String {
    let mut out = String::new();
    for t in toks.get(from..to).unwrap_or(&[]) {
        match t.tok {
            Tok::Deadline(_)
            | Tok::Years(_)
            | Tok::YearSpan(..)
            | Tok::EachYear
            | Tok::Strength
            | Tok::Annual => {}
            _ => out.push_str(text.get(t.start..t.end).unwrap_or("")),
        }
    }
    strip_fillers(out.trim_end_matches(['的', ' '])).to_string()
}

fn strip_fillers(mut s: &str) -> &str {
    loop {
        let before = s;
        for f in FILLERS {
            if let Some(r) = s.strip_prefix(f) {
                s = r;
            }
        }
        s = s.trim_start_matches([' ', ',', '，']);
        if s == before {
            return s;
        }
    }
}

/// A share: a percentage followed by 的 with only scope words before it.
fn share_at(text: &str, toks: &[Token]) -> Option<usize> {
    let k = toks.iter().position(|t| {
        matches!(&t.tok, Tok::Quantity(q) if q.unit == "%") && !is_target_figure(toks, t)
    })?;
    let before = subject_text(text, toks, 0, k);
    before.is_empty().then_some(k)
}

/// The comparison a clause writes around its figure at `k`.
fn comparison(toks: &[Token], k: usize, q: &Qty) -> Option<Cmp> {
    let pre = k
        .checked_sub(1)
        .and_then(|p| toks.get(p))
        .and_then(|t| match t.tok {
            Tok::Compare(c) => Some(c),
            _ => None,
        });
    match (pre, q.post) {
        (_, Some(Cmp::About)) => Some(Cmp::About),
        (Some(Cmp::Hold), post) => post.or(Some(Cmp::Ge)),
        (Some(c), _) => Some(c),
        (None, post) => post,
    }
}

fn op_of(c: Option<Cmp>) -> Option<Op> {
    match c {
        None | Some(Cmp::Ge) | Some(Cmp::Hold) => Some(Op::Ge),
        Some(Cmp::Gt) => Some(Op::Gt),
        Some(Cmp::Le) => Some(Op::Le),
        Some(Cmp::Lt) => Some(Op::Lt),
        Some(Cmp::About) => None,
    }
}

fn requirement(c: Option<Cmp>, v: Value) -> Requirement {
    match op_of(c) {
        Some(op) => Requirement::Compare(op, v),
        None => Requirement::About(v),
    }
}

/// Verbs of making that open a subject (建成…基地) and say nothing of
/// what is counted.
const MAKING: [&str; 10] = [
    "培育并评选",
    "引进和培育",
    "建设好",
    "培育",
    "建成",
    "建设",
    "创建",
    "形成",
    "开发",
    "新建",
];

/// A metric's id: the words of the subject's head (after its last 的,
/// when that leaves two letters or more), without a verb of making.
fn metric_id(subject: &str) -> String {
    let head = subject.rsplit('的').next().unwrap_or(subject);
    let mut id = if bare(head).chars().count() >= 2 {
        bare(head)
    } else {
        bare(subject)
    };
    for v in MAKING {
        if let Some(rest) = id.strip_prefix(v).filter(|r| r.chars().count() >= 2) {
            id = rest.to_string();
            break;
        }
    }
    id
}

/// A word of an amount per year in the head of `s`: after its last 的,
/// since 年交易额50亿元以上的市场 counts markets, not a turnover.
fn flow_words(s: &str) -> Option<&'static str> {
    let head = s.rsplit('的').next().unwrap_or(s);
    FLOW_WORDS.iter().copied().find(|w| head.contains(w))
}

impl Reader<'_> {
    /// A metric for `subject`: a fresh one, or the sentence's last one when
    /// the subject only says 增长率.
    fn metric(
        &mut self,
        subject: &str,
        kind: MetricKind,
        unit: Option<&str>,
        guess_unit: &str,
        unit_note: &str,
    ) -> Option<usize> {
        let id_words = bare(subject);
        if id_words.is_empty() {
            return None;
        }
        let id = self.metrics.fresh(&[metric_id(subject), id_words], "指标");
        let (unit, mut guess) = match (kind, unit) {
            (MetricKind::Milestone, _) => (None, None),
            (_, Some(u)) => (Some(metric_unit(u)), None),
            (_, None) => (
                Some(guess_unit.to_string()),
                (!unit_note.is_empty()).then(|| unit_note.to_string()),
            ),
        };
        if let Some(u) = &unit {
            self.declare_unit(u);
        }
        if kind != MetricKind::Milestone && guess.is_none() {
            guess = Some(match flow_words(subject) {
                Some(w) if kind == MetricKind::Flow => format!("flow: an amount per year ({w})"),
                _ if kind == MetricKind::Flow => "flow: counted per year".to_string(),
                _ => "stock: a level (no word of an amount per year)".to_string(),
            });
        }
        self.ex.metrics.push(Metric {
            id,
            kind,
            unit,
            description: subject.to_string(),
            guess,
        });
        Some(self.ex.metrics.len() - 1)
    }

    fn declare_unit(&mut self, unit: &str) {
        let base = unit
            .strip_prefix('万')
            .or_else(|| unit.strip_prefix('亿'))
            .filter(|b| !b.is_empty())
            .unwrap_or(unit);
        if BUILT_IN.contains(&unit)
            || BUILT_IN.contains(&base)
            || self.ex.units.iter().any(|(u, _)| u == base)
        {
            return;
        }
        let dim = if CLASSIFIERS.contains(&base) {
            "count".to_string()
        } else {
            format!("{base}量")
        };
        self.ex.units.push((base.to_string(), dim));
    }

    fn target(
        &mut self,
        metric: usize,
        st: &mut State,
        timing: Timing,
        measure: Measure,
        requirement: Requirement,
        note: Option<String>,
    ) -> Found {
        st.last_metric = Some(metric);
        Found::Target(Box::new(Target {
            item: 0,
            metric,
            strive: st.strive,
            timing,
            measure,
            requirement,
            quote: Quote {
                text: String::new(),
                span: Span::default(),
            },
            sentence: Span::default(),
            at: 0,
            note,
        }))
    }

    fn share(&mut self, text: &str, toks: &[Token], k: usize, st: &mut State) -> Found {
        let Some(Token {
            tok: Tok::Quantity(q),
            ..
        }) = toks.get(k)
        else {
            return Found::Nothing;
        };
        // The noun after 的, to the end of the clause.
        let after = toks.get(k + 2..).unwrap_or(&[]);
        let subject: String = after
            .iter()
            .map(|t| text.get(t.start..t.end).unwrap_or(""))
            .collect();
        let Some(metric) = self.metric(&subject, MetricKind::Stock, Some("%"), "%", "") else {
            return Found::Todo("a share of nothing named".to_string());
        };
        if let Some(m) = self.ex.metrics.get_mut(metric) {
            m.guess = Some("stock: the share of them that do so".to_string());
        }
        let v = Value {
            number: q.number,
            unit: "%".into(),
        };
        let timing = self.level_timing(st, MetricKind::Stock, "");
        self.target(
            metric,
            st,
            timing,
            Measure::Level,
            requirement(q.post, v),
            None,
        )
    }

    /// The timing of a level.
    fn level_timing(&self, st: &State, kind: MetricKind, subject: &str) -> Timing {
        let (_, end) = self.ex.period();
        let year_amount = kind == MetricKind::Flow
            && !st.cumulative
            && YEAR_AMOUNT_ENDS.iter().any(|e| subject.ends_with(e));
        if st.each_year {
            return Timing::EachYear;
        }
        match st.time {
            Some(Time::Window(a, b)) if kind == MetricKind::Flow => Timing::Within(a, b),
            Some(Time::Window(_, b)) => Timing::By(b),
            Some(Time::Span(a, b)) => Timing::BySpan(a, b),
            Some(Time::By(y)) if year_amount => Timing::In(y),
            Some(Time::By(y)) => Timing::By(y),
            None if year_amount => Timing::In(end),
            None => Timing::By(end),
        }
    }

    fn deadline(&self, st: &State) -> Timing {
        let (_, end) = self.ex.period();
        match st.time {
            Some(Time::By(y)) => Timing::By(y),
            Some(Time::Span(a, b)) => Timing::BySpan(a, b),
            Some(Time::Window(_, b)) => Timing::By(b),
            None => Timing::By(end),
        }
    }

    /// A clause with one figure, at token `k`.
    fn quantity(&mut self, text: &str, toks: &[Token], k: usize, st: &mut State) -> Found {
        let Some(tok) = toks.get(k) else {
            return Found::Nothing;
        };
        let (q, range) = match &tok.tok {
            Tok::Quantity(q) => (q.clone(), None),
            Tok::Range(lo, hi) => (hi.clone(), Some((lo.clone(), hi.clone()))),
            _ => return Found::Nothing,
        };
        if q.unit.ends_with('倍') {
            return Found::Todo("a multiple: write it as `>= Nx since YEAR`".to_string());
        }
        // The cluster before the figure: [growth] [compare].
        let mut c = k;
        let mut cmp_tok = None;
        let mut growth = None;
        while let Some(p) = c.checked_sub(1) {
            match toks.get(p).map(|t| &t.tok) {
                Some(Tok::Compare(x)) if cmp_tok.is_none() && growth.is_none() => {
                    cmp_tok = Some(*x)
                }
                Some(Tok::Growth(g)) if growth.is_none() => growth = Some(*g),
                _ => break,
            }
            c = p;
        }
        let since = toks.get(..c).unwrap_or(&[]).iter().rev().find_map(|t| {
            if let Tok::Since(b) = t.tok {
                Some(b)
            } else {
                None
            }
        });
        let annual = toks
            .get(..k)
            .unwrap_or(&[])
            .iter()
            .any(|t| t.tok == Tok::Annual);
        let cmp = comparison(toks, k, &q).or(cmp_tok);
        // Pre-posed: 建成3个省级基地 (the noun after the figure).
        let after: String = toks
            .get(k + 1..)
            .unwrap_or(&[])
            .iter()
            .map(|t| text.get(t.start..t.end).unwrap_or(""))
            .collect();
        let after_subject = bare(&after);
        let mut subject = if growth.is_none() && after_subject.chars().count() >= 2 {
            after.trim().to_string()
        } else {
            subject_text(text, toks, 0, c)
        };
        let is_pct = q.unit == "%";
        let anaphora = matches!(subject.as_str(), "" | "增长率" | "增幅" | "增速")
            || bare(&subject).is_empty();
        let reuse = if anaphora { st.last_metric } else { None };
        if anaphora && reuse.is_none() {
            return Found::Todo("a figure whose subject no rule finds".to_string());
        }
        if let Some(Tok::Since(_)) = toks.get(c.saturating_sub(1)).map(|t| &t.tok) {
            subject = subject_text(text, toks, 0, c.saturating_sub(1));
        }
        let v = |q: &Qty| Value {
            number: q.number,
            unit: q.unit.clone(),
        };
        let since_year = |b: Option<Base>| match b {
            Some(Base::Year(y)) => Some(y),
            _ => None,
        };
        match growth {
            Some(Growth::Average) if is_pct => {
                let metric = match reuse {
                    Some(m) => m,
                    None => match self.growth_metric(&subject) {
                        Some(m) => m,
                        None => return Found::Todo("a growth rate of nothing named".into()),
                    },
                };
                let timing = self.deadline(st);
                self.target(
                    metric,
                    st,
                    timing,
                    Measure::AverageGrowth,
                    requirement(cmp, v(&q)),
                    None,
                )
            }
            Some(Growth::Yearly) if is_pct => self.yearly(reuse, &subject, st, cmp, v(&q)),
            Some(Growth::Plain)
                if is_pct && (st.each_year || self.one_year || since == Some(Base::LastYear)) =>
            {
                self.yearly(reuse, &subject, st, cmp, v(&q))
            }
            Some(Growth::Plain | Growth::Rise | Growth::Fall)
                if is_pct || q.unit == "pp" || growth != Some(Growth::Plain) =>
            {
                let fall = growth == Some(Growth::Fall);
                let unit = if q.unit == "pp" { "%" } else { "" };
                let metric = match reuse {
                    Some(m) => m,
                    None => {
                        let m = if unit == "%" || !is_pct {
                            let u = if unit == "%" {
                                "%".to_string()
                            } else {
                                q.unit.clone()
                            };
                            self.metric(&subject, MetricKind::Stock, Some(&u), "", "")
                        } else {
                            self.growth_metric(&subject)
                        };
                        match m {
                            Some(m) => m,
                            None => return Found::Todo("a change of nothing named".into()),
                        }
                    }
                };
                let number = if fall { -q.number } else { q.number };
                let value = Value {
                    number,
                    unit: q.unit.clone(),
                };
                // 下降10%以上: a fall of at least 10%, so at most -10%.
                let req = match (fall, op_of(cmp)) {
                    (_, None) => Requirement::About(value),
                    (true, Some(Op::Ge)) => Requirement::Compare(Op::Le, value),
                    (true, Some(Op::Gt)) => Requirement::Compare(Op::Lt, value),
                    (true, Some(Op::Le)) => Requirement::Compare(Op::Ge, value),
                    (true, Some(Op::Lt)) => Requirement::Compare(Op::Gt, value),
                    (false, Some(op)) => Requirement::Compare(op, value),
                };
                let timing = self.deadline(st);
                self.target(
                    metric,
                    st,
                    timing,
                    Measure::Change(since_year(since)),
                    req,
                    None,
                )
            }
            _ => {
                // A level (提高到 is one too).
                if q.unit == "pp" {
                    return Found::Todo("percentage points without a change".into());
                }
                if annual && !is_pct {
                    let metric = match reuse {
                        Some(m) => m,
                        None => {
                            match self.metric(&subject, MetricKind::Flow, Some(&q.unit), "", "") {
                                Some(m) => m,
                                None => return Found::Todo("an amount of nothing named".into()),
                            }
                        }
                    };
                    if let Some(m) = self.ex.metrics.get_mut(metric) {
                        m.guess = Some("flow: 年均 counts an amount per year".into());
                    }
                    let timing = self.deadline(st);
                    return self.target(
                        metric,
                        st,
                        timing,
                        Measure::AnnualAverage,
                        requirement(cmp, v(&q)),
                        None,
                    );
                }
                let unit_of_metric = if is_pct {
                    "%".to_string()
                } else {
                    q.unit.clone()
                };
                let money = q.unit.ends_with('元');
                let kind = if is_pct {
                    MetricKind::Stock
                } else if matches!(q.unit.as_str(), "次" | "场次" | "人次")
                    || flow_words(&subject).is_some()
                    || (money && !subject.contains("能力"))
                {
                    MetricKind::Flow
                } else {
                    MetricKind::Stock
                };
                let metric = match reuse {
                    Some(m) => m,
                    None => match self.metric(&subject, kind, Some(&unit_of_metric), "", "") {
                        Some(m) => m,
                        None => return Found::Todo("a figure of nothing named".into()),
                    },
                };
                let kind = self.ex.metrics.get(metric).map_or(kind, |m| m.kind);
                let timing = self.level_timing(st, kind, &subject);
                let note = (cmp.is_none() && range.is_none())
                    .then(|| "no comparison written: read as at least".to_string());
                let req = match range {
                    Some((lo, hi)) => Requirement::Between(v(&lo), v(&hi)),
                    None => requirement(cmp, v(&q)),
                };
                self.target(metric, st, timing, Measure::Level, req, note)
            }
        }
    }

    fn growth_metric(&mut self, subject: &str) -> Option<usize> {
        let money = [
            "额",
            "金额",
            "产值",
            "资金",
            "贷款",
            "投资",
            "收入",
            "增加值",
            "总值",
            "规模",
            "外资",
            "速度",
            "消费",
        ]
        .iter()
        .any(|w| subject.contains(w));
        let (unit, kind) = if money {
            ("亿元", MetricKind::Flow)
        } else {
            ("个", MetricKind::Stock)
        };
        let kind = if flow_words(subject).is_some() {
            MetricKind::Flow
        } else {
            kind
        };
        self.metric(
            subject,
            kind,
            None,
            unit,
            "only its growth is written: the unit is a guess",
        )
    }

    fn yearly(
        &mut self,
        reuse: Option<usize>,
        subject: &str,
        st: &mut State,
        cmp: Option<Cmp>,
        v: Value,
    ) -> Found {
        let metric = match reuse {
            Some(m) => m,
            None => match self.growth_metric(subject) {
                Some(m) => m,
                None => return Found::Todo("a growth rate of nothing named".into()),
            },
        };
        self.target(
            metric,
            st,
            Timing::EachYear,
            Measure::Growth,
            requirement(cmp, v),
            None,
        )
    }
}
