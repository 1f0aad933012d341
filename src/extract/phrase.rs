//! The phrase grammar (`grammar/phrase.pest`) run on one clause: its
//! tokens, as plain data. The only module of `extract` that knows pest.

use pest::iterators::Pair;
use pest::Parser as _;
use rust_decimal::Decimal;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/phrase.pest"]
struct PhraseParser;

/// A comparison the document writes before or after a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Ge,
    Gt,
    Le,
    Lt,
    About,
    /// 稳定在, 保持在: held at, read as a floor.
    Hold,
}

/// A quantity as written: `150项以上`, `5千万元`, `20多种`.
#[derive(Clone, Debug, PartialEq)]
pub struct Qty {
    /// The number, 千/百 applied.
    pub number: Decimal,
    /// The unit as planc writes it, 万/亿 included: `亿元`, `万名`, `%`, `pp`.
    pub unit: String,
    /// The comparison written after it (以上, 以内, 左右), or 多.
    pub post: Option<Cmp>,
}

/// How a growth or change is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Growth {
    /// 年均增长: compound over the years.
    Average,
    /// 递增, 增长率: year on year.
    Yearly,
    /// 增长: year on year in a one-year plan, else the change since a base.
    Plain,
    /// 下降, 降低: a fall since a base.
    Fall,
    /// 提高, 提升: a rise since a base (提高到: a level).
    Rise,
    /// 提高到, 提升到: the level reached.
    RiseTo,
}

/// The base year a change is counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    Year(u16),
    /// 较上年: the year before, i.e. year-on-year.
    LastYear,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Quantity(Qty),
    Range(Qty, Qty),
    /// 到2012年.
    Deadline(u16),
    /// A year mentioned (2010年, 2022年10月底): a date, not a figure.
    YearPoint,
    /// 三年内, 经过三年的努力: the first n years.
    Years(u16),
    /// 三至五年内: between n and m years on.
    YearSpan(u16, u16),
    EachYear,
    Since(Base),
    Growth(Growth),
    /// 年均 before an amount.
    Annual,
    Compare(Cmp),
    Strength,
    /// 翻一番 (2), 翻两番 (4).
    Multiple(u32),
    Milestone,
    /// 逐步, 积极 …: the verb after it is no dated commitment.
    Gradual,
    Recurring,
    Sync,
    Attributive,
    /// Digits no rule reads.
    Figure,
    Other,
}

/// A token and its byte range in the clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// The clause's tokens. `Err` only if the grammar fails, which it cannot
/// on any text (`other` takes any character); the caller reports it.
pub fn tokens(clause: &str) -> Result<Vec<Token>, String> {
    let mut pairs =
        PhraseParser::parse(Rule::clause, clause).map_err(|e| e.variant.message().into_owned())?;
    let Some(top) = pairs.next() else {
        return Err("no clause".to_string());
    };
    let mut out: Vec<Token> = Vec::new();
    for pair in top.into_inner() {
        if pair.as_rule() == Rule::EOI {
            continue;
        }
        let (start, end) = (pair.as_span().start(), pair.as_span().end());
        let tok = token(pair);
        // Runs of other text are one token.
        if let (Tok::Other, Some(last)) = (&tok, out.last_mut()) {
            if last.tok == Tok::Other && last.end == start {
                last.end = end;
                continue;
            }
        }
        out.push(Token { tok, start, end });
    }
    Ok(out)
}

fn first(pair: &Pair<'_, Rule>) -> Option<Rule> {
    pair.clone().into_inner().next().map(|p| p.as_rule())
}

fn token(pair: Pair<'_, Rule>) -> Tok {
    match pair.as_rule() {
        Rule::quantity => qty(pair).map_or(Tok::Figure, Tok::Quantity),
        Rule::quantity_range => range(pair).unwrap_or(Tok::Figure),
        Rule::deadline => year_in(&pair).map_or(Tok::Figure, Tok::Deadline),
        Rule::year_point => Tok::YearPoint,
        Rule::window => window(pair),
        Rule::each_year => Tok::EachYear,
        Rule::since => since(pair),
        Rule::growth => match first(&pair) {
            Some(Rule::average_growth) => Tok::Growth(Growth::Average),
            Some(Rule::yearly_growth) => Tok::Growth(Growth::Yearly),
            Some(Rule::fall) => Tok::Growth(Growth::Fall),
            Some(Rule::rise) if pair.as_str().ends_with('到') => Tok::Growth(Growth::RiseTo),
            Some(Rule::rise) => Tok::Growth(Growth::Rise),
            _ => Tok::Growth(Growth::Plain),
        },
        Rule::annual => Tok::Annual,
        Rule::compare => match first(&pair) {
            Some(Rule::compare_ge) => Tok::Compare(Cmp::Ge),
            Some(Rule::compare_gt) => Tok::Compare(Cmp::Gt),
            Some(Rule::compare_le) => Tok::Compare(Cmp::Le),
            Some(Rule::compare_lt) => Tok::Compare(Cmp::Lt),
            Some(Rule::compare_about) => Tok::Compare(Cmp::About),
            _ => Tok::Compare(Cmp::Hold),
        },
        Rule::strength => Tok::Strength,
        Rule::multiple => Tok::Multiple(if pair.as_str().contains('两') { 4 } else { 2 }),
        Rule::milestone => Tok::Milestone,
        Rule::gradual => Tok::Gradual,
        Rule::recurring => Tok::Recurring,
        Rule::sync => Tok::Sync,
        Rule::attributive => Tok::Attributive,
        Rule::figure => Tok::Figure,
        _ => Tok::Other,
    }
}

/// Digits as ASCII (full-width ０–９ and ． too).
fn ascii_number(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect()
}

fn number(s: &str) -> Option<Decimal> {
    ascii_number(s).parse::<Decimal>().ok()
}

fn year_in(pair: &Pair<'_, Rule>) -> Option<u16> {
    let y = pair
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::year)?;
    // 到0341年 is no deadline of a plan (the draft writes four-digit years).
    ascii_number(y.as_str())
        .parse()
        .ok()
        .filter(|y| (1000..=9999).contains(y))
}

fn cn_digit(s: &str) -> u16 {
    match s {
        "一" => 1,
        "二" | "两" => 2,
        "三" => 3,
        "四" => 4,
        "五" => 5,
        "六" => 6,
        "七" => 7,
        "八" => 8,
        "九" => 9,
        _ => 10,
    }
}

fn window(pair: Pair<'_, Rule>) -> Tok {
    let Some(inner) = pair.into_inner().next() else {
        return Tok::Other;
    };
    let digits: Vec<u16> = inner
        .clone()
        .into_inner()
        .filter(|p| p.as_rule() == Rule::cn_digit)
        .map(|p| cn_digit(p.as_str()))
        .collect();
    match (inner.as_rule(), digits.as_slice()) {
        (Rule::window_span, [a, b]) => Tok::YearSpan(*a, *b),
        (_, [n]) => Tok::Years(*n),
        _ => Tok::Other,
    }
}

fn since(pair: Pair<'_, Rule>) -> Tok {
    if pair.as_str().ends_with("上年") {
        return Tok::Since(Base::LastYear);
    }
    if pair.clone().into_inner().any(|p| p.as_rule() == Rule::year) {
        return year_in(&pair).map_or(Tok::Figure, |y| Tok::Since(Base::Year(y)));
    }
    // 较“十一五”末: the last year of the eleventh five-year plan (2010).
    let text = pair.as_str();
    let n = text
        .chars()
        .skip_while(|&c| c != '十')
        .nth(1)
        .map(|c| {
            if c == '五' {
                0
            } else {
                cn_digit(c.encode_utf8(&mut [0; 4]))
            }
        })
        .unwrap_or(0);
    // 十五 (n = 0) ended in 2005, 十一五 in 2010, … 十四五 in 2025.
    Tok::Since(Base::Year(2005 + 5 * n))
}

fn post(pair: Option<Pair<'_, Rule>>) -> Option<Cmp> {
    match pair?.as_str() {
        "以上" => Some(Cmp::Ge),
        "以内" | "之内" | "以下" => Some(Cmp::Le),
        "左右" => Some(Cmp::About),
        _ => None,
    }
}

fn qty(pair: Pair<'_, Rule>) -> Option<Qty> {
    let mut number_ = None;
    let (mut scale, mut mult, mut unit, mut after, mut many) = (1u32, "", "", None, false);
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::number => number_ = number(p.as_str()),
            Rule::scale => scale = if p.as_str() == "千" { 1000 } else { 100 },
            Rule::many => many = true,
            Rule::mult => mult = p.as_str(),
            Rule::unit => unit = p.as_str(),
            Rule::post => after = post(Some(p)),
            _ => {}
        }
    }
    let number = number_?.checked_mul(Decimal::from(scale))?;
    let unit = match unit {
        "%" | "％" => "%".to_string(),
        "个百分点" | "百分点" => "pp".to_string(),
        u => format!("{mult}{u}"),
    };
    let post = after.or(many.then_some(Cmp::Ge));
    Some(Qty { number, unit, post })
}

fn range(pair: Pair<'_, Rule>) -> Option<Tok> {
    let mut nums = Vec::new();
    let (mut scale, mut mult, mut unit, mut after) = (1u32, "", "", None);
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::number => nums.push(number(p.as_str())?),
            Rule::scale => scale = if p.as_str() == "千" { 1000 } else { 100 },
            Rule::mult => mult = p.as_str(),
            Rule::unit => unit = p.as_str(),
            Rule::post => after = post(Some(p)),
            _ => {}
        }
    }
    let unit = match unit {
        "%" | "％" => "%".to_string(),
        "个百分点" | "百分点" => "pp".to_string(),
        u => format!("{mult}{u}"),
    };
    let [lo, hi] = nums.as_slice() else {
        return None;
    };
    let q = |n: &Decimal| -> Option<Qty> {
        Some(Qty {
            number: n.checked_mul(Decimal::from(scale))?,
            unit: unit.clone(),
            post: after,
        })
    };
    Some(Tok::Range(q(lo)?, q(hi)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        tokens(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn deadline_strength_quantity() {
        let t = kinds("到2012年争取引进工业项目150项以上");
        assert_eq!(t[0], Tok::Deadline(2012));
        assert_eq!(t[1], Tok::Strength);
        assert_eq!(
            t[3],
            Tok::Quantity(Qty {
                number: Decimal::from(150),
                unit: "项".into(),
                post: Some(Cmp::Ge)
            })
        );
    }

    #[test]
    fn scale_many_range_since() {
        let t = kinds("产值超5千万元的");
        assert!(t.contains(&Tok::Compare(Cmp::Gt)));
        assert!(t.contains(&Tok::Quantity(Qty {
            number: Decimal::from(5000),
            unit: "万元".into(),
            post: None
        })));
        assert!(t.contains(&Tok::Attributive));
        let t = kinds("旅游商品20多种");
        assert!(matches!(
            t.last(),
            Some(Tok::Quantity(Qty {
                post: Some(Cmp::Ge),
                ..
            }))
        ));
        assert!(matches!(kinds("3~5家")[0], Tok::Range(..)));
        assert!(kinds("浓度较“十一五”末下降10%以上").contains(&Tok::Since(Base::Year(2010))));
        assert_eq!(kinds("三至五年内")[0], Tok::YearSpan(3, 5));
        assert_eq!(kinds("经过三年的努力")[0], Tok::Years(3));
        assert_eq!(kinds("10大先进制造业")[0], Tok::Figure);
    }
}
