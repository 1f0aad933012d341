//! A requirement as exact bounds in its own scale (base units, percent or a
//! multiple), before a target's measure maps them onto the figure judged.
//!
//! Every measure maps a requirement's value through an increasing function
//! (`p ↦ v₀·(1 + p/100)`, `d ↦ v₀ + d`, `v ↦ v·n` …), so a bound stays a
//! bound of the same kind and the figure is compared without division.

use super::level::Goal;
use crate::data::row::SetOp;
use crate::exact::Exact;
use crate::model::{Op, Quantity, Requirement, Tolerance};
use rust_decimal::Decimal;

/// What a value must be, in the requirement's own scale.
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    /// `value op v`.
    Cmp(Op, Exact),
    /// `lo <= value <= hi`.
    Between(Exact, Exact),
}

/// A quantity's exact value in base units.
pub fn base(q: &Quantity) -> Exact {
    Exact::from(q.base)
}

/// The amount a tolerance allows around `v`: a share of |v|, or an amount.
/// `None` only when the share is beyond exact computation.
fn allowance(t: &Tolerance, v: &Exact) -> Option<Exact> {
    match t {
        // |v| · p / 100, exactly.
        Tolerance::Relative { percent, .. } => v.abs().mul(&Exact::from(*percent)).shifted(-2),
        Tolerance::Absolute { amount } => Some(base(amount).abs()),
    }
}

impl Bound {
    /// The bounds a requirement sets. A soft cap (`<= v ± t`) is met up to
    /// `v + t`, a soft floor (`>= v ± t`) down to `v − t`.
    /// `None` for a relation to another figure (`eval::relation` judges
    /// those) and for a tolerance beyond exact computation.
    pub fn of(r: &Requirement) -> Option<Bound> {
        Some(match r {
            Requirement::Compare { op, value } => Bound::Cmp(*op, base(value)),
            Requirement::Soft {
                op,
                value,
                tolerance,
            } => {
                let v = base(value);
                let t = allowance(tolerance, &v)?;
                match op {
                    Op::Ge | Op::Gt => Bound::Cmp(*op, v.sub(&t)),
                    Op::Le | Op::Lt => Bound::Cmp(*op, v.add(&t)),
                    Op::Eq => Bound::Between(v.sub(&t), v.add(&t)),
                }
            }
            Requirement::About { value, tolerance } => {
                let v = base(value);
                let t = allowance(tolerance, &v)?;
                Bound::Between(v.sub(&t), v.add(&t))
            }
            Requirement::Between { low, high } => Bound::Between(base(low), base(high)),
            Requirement::CompareMetric { .. }
            | Requirement::AboutMetric { .. }
            | Requirement::CompareMean { .. }
            | Requirement::SetYearly {} => return None,
        })
    }

    /// The bound a value set for one year gives: `~ v` within the plan's
    /// default tolerance (`percent` of v), else the comparison. `None`
    /// only when the share is beyond exact computation.
    pub fn set(op: SetOp, value: Decimal, percent: Decimal) -> Option<Bound> {
        let v = Exact::from(value);
        Some(match op {
            SetOp::Cmp(op) => Bound::Cmp(op, v),
            SetOp::About => {
                let t = allowance(
                    &Tolerance::Relative {
                        percent,
                        written: false,
                    },
                    &v,
                )?;
                Bound::Between(v.sub(&t), v.add(&t))
            }
        })
    }

    /// The bound as the strict requirement states it, without a soft
    /// requirement's tolerance: what "met within its tolerance" is told
    /// apart from.
    pub fn strict(r: &Requirement) -> Option<Bound> {
        match r {
            Requirement::Soft { op, value, .. } => Some(Bound::Cmp(*op, base(value))),
            _ => None,
        }
    }

    /// Each bound mapped through `g`, which must be increasing.
    pub fn map(&self, g: impl Fn(&Exact) -> Option<Exact>) -> Option<Goal> {
        Some(match self {
            Bound::Cmp(op, v) => Goal::Cmp(*op, g(v)?),
            Bound::Between(lo, hi) => Goal::Between(g(lo)?, g(hi)?),
        })
    }

    /// The value shown as required: the one value of a comparison, the
    /// middle of an `about` requirement; none for a range.
    pub fn shown(r: &Requirement) -> Option<Exact> {
        match r {
            Requirement::Compare { value, .. }
            | Requirement::Soft { value, .. }
            | Requirement::About { value, .. } => Some(base(value)),
            Requirement::Between { .. }
            | Requirement::CompareMetric { .. }
            | Requirement::AboutMetric { .. }
            | Requirement::CompareMean { .. }
            | Requirement::SetYearly {} => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(v: i64) -> Quantity {
        Quantity::plain(Decimal::from(v), None)
    }

    fn e(v: i64) -> Exact {
        Exact::from_int(v)
    }

    #[test]
    fn soft_caps_and_floors_reach_past_the_value_by_the_tolerance() {
        let tol = Tolerance::Absolute { amount: q(1) };
        let cap = Requirement::Soft {
            op: Op::Le,
            value: q(30),
            tolerance: tol.clone(),
        };
        assert_eq!(Bound::of(&cap), Some(Bound::Cmp(Op::Le, e(31))));
        let floor = Requirement::Soft {
            op: Op::Ge,
            value: q(30),
            tolerance: tol,
        };
        assert_eq!(Bound::of(&floor), Some(Bound::Cmp(Op::Ge, e(29))));
        let about = Requirement::About {
            value: q(30),
            tolerance: Tolerance::Relative {
                percent: Decimal::TEN,
                written: false,
            },
        };
        assert_eq!(Bound::of(&about), Some(Bound::Between(e(27), e(33))));
    }
}
