//! Metrics from the document's words: their ids, kinds and units.

use super::super::names::bare;
use super::super::{Metric, MetricKind};
use super::*;

/// Units planc knows without a declaration (docs/language.md).
pub(super) const BUILT_IN: [&str; 25] = [
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
pub(super) fn metric_unit(unit: &str) -> String {
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
pub(super) const CLASSIFIERS: [&str; 33] = [
    "人次", "户次", "张", "座", "条", "台", "辆", "套", "户", "批", "床", "篇", "部", "艘", "处",
    "间", "册", "支", "位", "场", "期", "届", "例", "宗", "起", "份", "门", "款", "类", "天",
    "小时", "岁", "年",
];

/// Words of an amount counted per year (a flow); anything else is read
/// as a level (a stock).
pub(super) const FLOW_WORDS: [&str; 31] = [
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
pub(super) const YEAR_AMOUNT_ENDS: [&str; 7] =
    ["量", "额", "产值", "收入", "增加值", "总值", "规模"];

/// Verbs of making that open a subject (建成…基地) and say nothing of
/// what is counted.
pub(super) const MAKING: [&str; 10] = [
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
pub(super) fn metric_id(subject: &str) -> String {
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
pub(super) fn flow_words(s: &str) -> Option<&'static str> {
    let head = s.rsplit('的').next().unwrap_or(s);
    FLOW_WORDS.iter().copied().find(|w| head.contains(w))
}

impl Reader<'_> {
    /// A metric for `subject`: a fresh one, or the sentence's last one when
    /// the subject only says 增长率.
    pub(super) fn metric(
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

    pub(super) fn declare_unit(&mut self, unit: &str) {
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

    pub(super) fn growth_metric(&mut self, subject: &str) -> Option<usize> {
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
}
