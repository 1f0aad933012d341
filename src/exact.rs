//! Exact decimal arithmetic for judging targets.
//!
//! `rust_decimal` keeps 28 significant digits and silently rounds a product
//! that needs more, which could flip a comparison at a boundary. Judging
//! therefore multiplies, adds and raises to integer powers in [`Exact`], an
//! unbounded `n / 10^scale`, and never divides: every "is the actual at least
//! the required" question is cross-multiplied. Division happens only to
//! display a figure, through [`Exact::div_rounded`].

use num_bigint::{BigInt, Sign};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The largest exponent [`Exact::pow`] accepts: far beyond any span of
/// years a plan can name, small enough that the power stays cheap.
pub const MAX_POWER: u32 = 1000;

/// Decimal places kept when a quotient is displayed.
pub const DISPLAY_PLACES: u32 = 12;

/// An exact decimal number `n / 10^scale` of unbounded size.
#[derive(Clone, Debug)]
pub struct Exact {
    n: BigInt,
    scale: u32,
}

fn ten_pow(e: u32) -> BigInt {
    BigInt::from(10u8).pow(e)
}

impl Exact {
    /// 0.
    pub fn zero() -> Self {
        Exact {
            n: BigInt::from(0u8),
            scale: 0,
        }
    }

    /// The integer `i`.
    pub fn from_int(i: i64) -> Self {
        Exact {
            n: BigInt::from(i),
            scale: 0,
        }
    }

    /// The decimal `d`, exactly.
    pub fn from_decimal(d: Decimal) -> Self {
        Exact {
            n: BigInt::from(d.mantissa()),
            scale: d.scale(),
        }
    }

    /// `n / 10^scale`.
    pub fn from_parts(n: i128, scale: u32) -> Self {
        Exact {
            n: BigInt::from(n),
            scale,
        }
    }

    /// `1 + percent / 100`, the factor a growth of `percent` % multiplies by.
    pub fn growth_factor(percent: Decimal) -> Self {
        let p = Exact::from_decimal(percent);
        Exact {
            n: p.n + ten_pow(p.scale + 2),
            scale: p.scale + 2,
        }
    }

    /// `1 + percent / 100` for an exact percentage.
    pub fn growth_factor_exact(percent: &Exact) -> Self {
        Exact {
            n: &percent.n + ten_pow(percent.scale + 2),
            scale: percent.scale + 2,
        }
    }

    fn at_scale(&self, scale: u32) -> BigInt {
        &self.n * ten_pow(scale.saturating_sub(self.scale))
    }

    /// `self + other`, exactly.
    pub fn add(&self, other: &Exact) -> Exact {
        let scale = self.scale.max(other.scale);
        Exact {
            n: self.at_scale(scale) + other.at_scale(scale),
            scale,
        }
    }

    /// `self − other`, exactly.
    pub fn sub(&self, other: &Exact) -> Exact {
        let scale = self.scale.max(other.scale);
        Exact {
            n: self.at_scale(scale) - other.at_scale(scale),
            scale,
        }
    }

    /// `self · other`, exactly.
    pub fn mul(&self, other: &Exact) -> Exact {
        Exact {
            n: &self.n * &other.n,
            scale: self.scale + other.scale,
        }
    }

    /// `self · k`, exactly.
    pub fn mul_int(&self, k: i64) -> Exact {
        Exact {
            n: &self.n * BigInt::from(k),
            scale: self.scale,
        }
    }

    /// `self^e`, or `None` above [`MAX_POWER`].
    pub fn pow(&self, e: u32) -> Option<Exact> {
        (e <= MAX_POWER).then(|| Exact {
            n: self.n.pow(e),
            scale: self.scale.saturating_mul(e),
        })
    }

    /// `self · 10^e`, or `None` when `|e|` exceeds [`MAX_POWER`].
    pub fn shifted(&self, e: i32) -> Option<Exact> {
        if e.unsigned_abs() > MAX_POWER {
            return None;
        }
        Some(if e >= 0 {
            Exact {
                n: &self.n * ten_pow(e.unsigned_abs()),
                scale: self.scale,
            }
        } else {
            Exact {
                n: self.n.clone(),
                scale: self.scale + e.unsigned_abs(),
            }
        })
    }

    /// −1, 0 or 1, as the number's sign.
    pub fn signum(&self) -> i8 {
        match self.n.sign() {
            Sign::Minus => -1,
            Sign::NoSign => 0,
            Sign::Plus => 1,
        }
    }

    /// Whether it is 0.
    pub fn is_zero(&self) -> bool {
        self.signum() == 0
    }

    /// `|self|`.
    pub fn abs(&self) -> Exact {
        Exact {
            n: self.n.magnitude().clone().into(),
            scale: self.scale,
        }
    }

    /// Drops trailing zeros of the fraction.
    fn normalized(&self) -> Exact {
        let mut e = self.clone();
        let ten = BigInt::from(10u8);
        while e.scale > 0 && (&e.n % &ten).sign() == Sign::NoSign {
            e.n /= &ten;
            e.scale -= 1;
        }
        e
    }

    /// The same value as a `Decimal`, or `None` if it does not fit exactly.
    pub fn to_decimal(&self) -> Option<Decimal> {
        let e = self.normalized();
        let n = i128::try_from(&e.n).ok()?;
        Decimal::try_from_i128_with_scale(n, e.scale).ok()
    }

    /// The value rounded (half away from zero) to the nearest `Decimal`, or
    /// `None` if its integer part is beyond `Decimal`'s range.
    pub fn to_decimal_rounded(&self) -> Option<Decimal> {
        let mut e = self.normalized();
        loop {
            if let Some(d) = e.to_decimal() {
                return Some(d);
            }
            if e.scale == 0 {
                return None;
            }
            e = e.round_to(e.scale - 1);
        }
    }

    /// Rounds half away from zero to `places` decimal places.
    pub fn round_to(&self, places: u32) -> Exact {
        if self.scale <= places {
            return self.clone();
        }
        let div = ten_pow(self.scale - places);
        Exact {
            n: div_round(&self.n, &div),
            scale: places,
        }
    }

    /// `self / other` rounded to `places` decimal places; `None` when
    /// `other` is zero.
    pub fn div_rounded(&self, other: &Exact, places: u32) -> Option<Exact> {
        if other.is_zero() {
            return None;
        }
        // (a / 10^sa) / (b / 10^sb) = a·10^(sb+places) / (b·10^sa) / 10^places
        let num = &self.n * ten_pow(other.scale + places);
        let den = &other.n * ten_pow(self.scale);
        Some(
            Exact {
                n: div_round(&num, &den),
                scale: places,
            }
            .normalized(),
        )
    }
}

/// `a × b` exactly, or `None` when the product does not fit a `Decimal`
/// exactly (`rust_decimal`'s own product would round it).
pub fn product(a: Decimal, b: Decimal) -> Option<Decimal> {
    Exact::from_decimal(a)
        .mul(&Exact::from_decimal(b))
        .to_decimal()
}

/// A base-unit amount in a unit of `scale` base units, rounded to
/// [`DISPLAY_PLACES`] and normalised, for display.
pub fn in_unit(base: &Exact, scale: &Exact) -> Option<Decimal> {
    // Most units are a power of ten of their base unit (1, 万, 亿): the
    // quotient only moves the point, and needs no rounding while it keeps
    // at most DISPLAY_PLACES places. The same value as dividing, without
    // the division (the series of every target are shown this way).
    if let Some(k) = power_of_ten(scale) {
        let places = base.scale.saturating_add(k);
        if places <= DISPLAY_PLACES {
            let moved = Exact {
                n: base.n.clone(),
                scale: places,
            };
            return moved.to_decimal_rounded().map(|d| d.normalize());
        }
    }
    base.div_rounded(scale, DISPLAY_PLACES)
        .and_then(|e| e.to_decimal_rounded())
        .map(|d| d.normalize())
}

/// `k` when `x` is `10^k` with `k <= DISPLAY_PLACES`.
fn power_of_ten(x: &Exact) -> Option<u32> {
    if x.scale != 0 {
        return None;
    }
    let mut v = u64::try_from(&x.n).ok()?;
    let mut k = 0;
    while v > 1 && v % 10 == 0 && k < DISPLAY_PLACES {
        v /= 10;
        k += 1;
    }
    (v == 1).then_some(k)
}

/// `num / den` rounded half away from zero; `den` is not zero.
fn div_round(num: &BigInt, den: &BigInt) -> BigInt {
    let q = num / den;
    let r = num - &q * den;
    let twice: BigInt = r.magnitude().clone().into();
    let twice = twice * 2u8;
    let den_abs: BigInt = den.magnitude().clone().into();
    if twice >= den_abs {
        let up = if (num.sign() == Sign::Minus) != (den.sign() == Sign::Minus) {
            -1
        } else {
            1
        };
        q + up
    } else {
        q
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.at_scale(scale).cmp(&other.at_scale(scale))
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Self {
        Exact::from_decimal(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    proptest! {
        /// Moving the point for a power-of-ten unit gives exactly what
        /// dividing gives.
        #[test]
        fn in_unit_by_a_power_of_ten_is_the_quotient(
            n in any::<i64>(), places in 0u32..20, k in 0u32..14, other in 2u64..1000,
        ) {
            let base = Exact::from_decimal(Decimal::new(n, places.min(28)));
            let divided = |scale: &Exact| base
                .div_rounded(scale, DISPLAY_PLACES)
                .and_then(|e| e.to_decimal_rounded())
                .map(|d| d.normalize());
            let ten = Exact::from_decimal(Decimal::from(10u64.pow(k)));
            prop_assert_eq!(in_unit(&base, &ten), divided(&ten));
            let odd = Exact::from_decimal(Decimal::from(other));
            prop_assert_eq!(in_unit(&base, &odd), divided(&odd));
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn growth_factor_is_exact() {
        assert_eq!(Exact::growth_factor(d("15")).to_decimal(), Some(d("1.15")));
        assert_eq!(Exact::growth_factor(d("-10")).to_decimal(), Some(d("0.9")));
        assert_eq!(
            Exact::growth_factor(d("2.5")).to_decimal(),
            Some(d("1.025"))
        );
    }

    #[test]
    fn powers_beyond_28_digits_stay_exact() {
        // 1.15^30 has 60 decimal places; Decimal would round it.
        let f = Exact::growth_factor(d("15"));
        let p = f.pow(30).unwrap_or_else(Exact::zero);
        let q = f.pow(29).unwrap_or_else(Exact::zero).mul(&f);
        assert_eq!(p, q);
        assert!(p.to_decimal().is_none());
        assert!(p.to_decimal_rounded().is_some());
    }

    #[test]
    fn comparison_across_scales() {
        assert_eq!(Exact::from(d("150.00")), Exact::from(d("150")));
        assert!(Exact::from(d("149.99999999999999999999999999")) < Exact::from(d("150")));
    }

    #[test]
    fn division_rounds_half_away_from_zero() {
        let q = Exact::from_int(2).div_rounded(&Exact::from_int(3), 4);
        assert_eq!(q.and_then(|q| q.to_decimal()), Some(d("0.6667")));
        let q = Exact::from_int(-1).div_rounded(&Exact::from_int(8), 2);
        assert_eq!(q.and_then(|q| q.to_decimal()), Some(d("-0.13")));
        assert!(Exact::from_int(1).div_rounded(&Exact::zero(), 2).is_none());
    }
}
