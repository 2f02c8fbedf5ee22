//! Exact arithmetic of the scoring rules: weights and scores as whole hundredths, sums
//! of their products as whole numbers, and every rounding as one integer division. The
//! browser engine does the same operations, so both always agree and no comparison ever
//! depends on how a binary fraction rounds.

use crate::checklist::{AnswerOption, Band, Checklist, Question};

/// `x` in whole hundredths (0.25 -> 25), never below 0. Validation keeps weights and
/// scores whole hundredths; rounding keeps the engine total for anything else.
pub(super) fn hundredths(x: f64) -> i64 {
    (x * 100.0).round().max(0.0) as i64
}

/// A question's weight in hundredths.
pub(super) fn weight(q: &Question) -> i64 {
    hundredths(q.weight)
}

/// An option's score in hundredths.
pub(super) fn score(o: &AnswerOption) -> i64 {
    hundredths(o.score)
}

/// `num / den` rounded half up to a whole number; 0 when there is no `den`. Both are
/// whole and not negative, so this is exact (the browser's float division of such
/// numbers, floored, gives the same).
pub(super) fn ratio(num: i64, den: i64) -> i64 {
    if den > 0 {
        (2 * num + den) / (2 * den)
    } else {
        0
    }
}

/// The same ratio as a score from 0 to 100.
pub(super) fn whole(num: i64, den: i64) -> u32 {
    ratio(num, den).clamp(0, u32::MAX as i64) as u32
}

/// Tenths of a point as the number presenters show (33 -> 3.3): one division of a
/// whole number, the same in both engines.
pub(super) fn tenths(t: i64) -> f64 {
    t as f64 / 10.0
}

/// The bands from lowest to highest (stable on equal bounds), so a band is a rank and
/// "lower" is a comparison of whole numbers.
pub(super) struct Ranked<'c> {
    asc: Vec<&'c Band>,
}

impl<'c> Ranked<'c> {
    pub(super) fn new(checklist: &'c Checklist) -> Self {
        let mut asc: Vec<&Band> = checklist.bands.iter().collect();
        asc.sort_by_key(|b| hundredths(b.from));
        Ranked { asc }
    }

    /// The rank of the band a whole score falls in: the highest whose bound is not
    /// above it (the lowest band when none is).
    pub(super) fn for_score(&self, total: u32) -> usize {
        let at = 100 * i64::from(total);
        self.asc
            .iter()
            .rposition(|b| hundredths(b.from) <= at)
            .unwrap_or(0)
    }

    /// The rank an option caps the result at: a knock-out the lowest band, `plafond`
    /// its band (an unknown band caps nothing; validation reports it).
    pub(super) fn cap(&self, o: &AnswerOption) -> Option<usize> {
        if o.knockout {
            return Some(0);
        }
        self.rank_of(o.cap.as_deref()?)
    }

    /// The rank of the band with this id.
    pub(super) fn rank_of(&self, id: &str) -> Option<usize> {
        self.asc.iter().position(|b| b.id == id)
    }

    /// A band as presenters show it.
    pub(super) fn info(&self, rank: usize) -> super::BandInfo {
        self.asc
            .get(rank)
            .map_or_else(super::BandInfo::empty, |b| super::BandInfo::from(*b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_rounds_half_up_exactly() {
        // 62.5 -> 63, 62.4999 stays 62, 44.95 as tenths (449.5) -> 450.
        assert_eq!(ratio(625, 10), 63);
        assert_eq!(ratio(624_999, 10_000), 62);
        assert_eq!(ratio(8990, 20), 450);
        assert_eq!(ratio(5, 0), 0);
        assert_eq!(hundredths(0.7), 70);
        assert_eq!(hundredths(0.29), 29);
        assert_eq!(hundredths(-1.0), 0);
    }
}
