//! The business-case engine of the calculator ("rekenhulp"): a pure function from a
//! checked input to an outcome, per participant and for the group. Money is whole euro
//! cents in integers, so every sum is exact; the theme's `business-case.js` does the same
//! operations (with BigInt) and a parity test compares both on every field.
//!
//! The model (issue 24), per participant i over T years:
//! - price alone `a` and together `t` per user per year: a discount on the own price,
//!   or staffels (cautious: one staffel above the own one; favourable: the staffel the
//!   group's users reach);
//! - `S = users × a × T`, `J = users × t × T`;
//! - gross gain `G = S − J + (hours alone − hours together) × hourly rate`;
//! - the share of the external costs K, by a key, rounded to cents so the shares add up
//!   to K exactly (largest remainder, ties by participant order);
//! - cost alone `S + hours alone × rate`, cost together `J + hours together × rate +
//!   share`, saving = alone − together = `G − share`, so `G` is the break-even share.

use serde::{Serialize, Serializer};

/// How the external costs are divided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    /// Every participant pays the same.
    Gelijk,
    /// In proportion to the participant's users.
    NaarVolume,
    /// In proportion to the participant's gross gain (0 for who gains nothing).
    NaarBrutoVoordeel,
}

/// Which staffel the joint price comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// One staffel above the participant's own (the highest if it is there already).
    Voorzichtig,
    /// The staffel the group's total users reach.
    Gunstig,
}

/// A staffel: from this many users, this price per user per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    /// Lowest number of users of this staffel.
    pub from: i64,
    /// Price per user per year, in cents.
    pub price: i64,
}

/// Where the prices come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pricing {
    /// Simple mode: each participant's own price, the joint price lower by a discount.
    Discount {
        /// The discount in hundredths of a percent (0..=10,000).
        basis_points: i64,
    },
    /// Staffel mode: prices by number of users, in increasing order of `from`.
    Tiers {
        /// The staffels; the first starts at 0.
        tiers: Vec<Tier>,
        /// Which joint price to use.
        scenario: Scenario,
    },
}

/// One participant, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// Name as given.
    pub name: String,
    /// Users or clients, at least 1.
    pub users: i64,
    /// Price per user per year when buying alone, in cents (simple mode only).
    pub price_alone: i64,
    /// Cost of an hour of the own purchasing team, in cents.
    pub hourly_rate: i64,
    /// Own hours when buying alone.
    pub hours_alone: i64,
    /// Own hours when buying together.
    pub hours_together: i64,
}

/// A checked input: every number within the bounds of [`crate::calculator`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// T: years the contract runs.
    pub years: i64,
    /// K: project leader and lead buyer for the whole group, in cents.
    pub external_costs: i64,
    /// How K is divided.
    pub key: Key,
    /// Where the prices come from.
    pub pricing: Pricing,
    /// At least two participants.
    pub participants: Vec<Participant>,
}

/// An amount of money: cents inside, euros (a JSON number) outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Euros(pub i128);

impl Euros {
    /// The amount in euros, as JSON and the browser engine give it.
    pub fn euros(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Rounded to whole euros, half away from zero: what pages and reports show.
    pub fn whole(self) -> i128 {
        div_round(self.0, 100)
    }
}

impl Serialize for Euros {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Whole euros as whole numbers (`60000`, as JavaScript writes them), else decimals.
        if self.0 % 100 == 0 {
            s.serialize_i64((self.0 / 100) as i64)
        } else {
            s.serialize_f64(self.euros())
        }
    }
}

/// A warning about one participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// Buying together costs this participant more than buying alone.
    WorseOff,
    /// Its share of K takes more than half of its gross gain.
    ShareOverHalf,
}

/// The outcome for one participant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantOutcome {
    /// Name as given.
    pub name: String,
    /// Users.
    pub users: i64,
    /// Price per user per year alone (a).
    pub price_alone: Euros,
    /// Price per user per year together (t).
    pub price_together: Euros,
    /// How much lower the joint price is, in percent with one decimal; `None` when the
    /// price alone is 0.
    pub price_cut_pct: Option<f64>,
    /// S: product costs alone over T years.
    pub spend_alone: Euros,
    /// J: product costs together over T years.
    pub spend_together: Euros,
    /// Own hours alone × hourly rate.
    pub staff_alone: Euros,
    /// Own hours together × hourly rate.
    pub staff_together: Euros,
    /// Share of the external costs K.
    pub share: Euros,
    /// S + staff alone.
    pub cost_alone: Euros,
    /// J + staff together + share.
    pub cost_together: Euros,
    /// cost alone − cost together.
    pub saving: Euros,
    /// 100 × saving / cost alone, one decimal; `None` when the cost alone is 0.
    pub saving_pct: Option<f64>,
    /// G: the largest share of K at which buying together still breaks even.
    pub break_even_share: Euros,
    /// Warnings, in a fixed order.
    pub warnings: Vec<Warning>,
}

/// The outcome for the group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupOutcome {
    /// Users of all participants.
    pub users: i64,
    /// K.
    pub external_costs: Euros,
    /// Σ cost alone.
    pub cost_alone: Euros,
    /// Σ cost together.
    pub cost_together: Euros,
    /// Σ saving.
    pub saving: Euros,
    /// 100 × Σ saving / Σ cost alone, one decimal; `None` when Σ cost alone is 0.
    pub saving_pct: Option<f64>,
    /// Index of the participant that saves the most euros (the first on ties); `None`
    /// when nobody saves.
    pub most_saving: Option<usize>,
    /// Index of the participant that saves the largest percentage (the first on ties);
    /// `None` when nobody saves.
    pub most_saving_pct: Option<usize>,
    /// `equal_split`: the key was `naar_bruto_voordeel` but nobody gains, so K was
    /// divided equally.
    pub warnings: Vec<&'static str>,
}

/// The whole outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The key used.
    pub key: Key,
    /// The scenario, in staffel mode.
    pub scenario: Option<Scenario>,
    /// T.
    pub years: i64,
    /// Per participant, in input order.
    pub participants: Vec<ParticipantOutcome>,
    /// The group.
    pub group: GroupOutcome,
}

/// `n / d` rounded half away from zero; `d` > 0.
pub fn div_round(n: i128, d: i128) -> i128 {
    if n >= 0 {
        (2 * n + d) / (2 * d)
    } else {
        -((-2 * n + d) / (2 * d))
    }
}

/// 100 × part / whole with one decimal (rounded half away from zero), or `None` when
/// there is no whole.
fn percent(part: i128, whole: i128) -> Option<f64> {
    (whole > 0).then(|| div_round(1000 * part, whole) as f64 / 10.0)
}

/// The index of the staffel `users` reach: the last whose `from` is not above it.
fn tier_index(tiers: &[Tier], users: i128) -> usize {
    tiers
        .iter()
        .rposition(|t| i128::from(t.from) <= users)
        .unwrap_or(0)
}

/// Prices alone and together per user per year, in cents.
fn prices(pricing: &Pricing, p: &Participant, group_users: i128) -> (i128, i128) {
    match pricing {
        Pricing::Discount { basis_points } => {
            let a = i128::from(p.price_alone);
            (
                a,
                div_round(a * (10_000 - i128::from(*basis_points)), 10_000),
            )
        }
        Pricing::Tiers { tiers, scenario } => {
            if tiers.is_empty() {
                return (0, 0);
            }
            let own = tier_index(tiers, i128::from(p.users));
            let joint = match scenario {
                Scenario::Voorzichtig => (own + 1).min(tiers.len() - 1),
                Scenario::Gunstig => tier_index(tiers, group_users),
            };
            (i128::from(tiers[own].price), i128::from(tiers[joint].price))
        }
    }
}

/// Divides `total` cents by `weights` so the parts add up to `total` exactly: each gets
/// the whole cents of its exact part, and the cents left over go one each to the largest
/// remainders (ties: the first in order). Equal parts when all weights are 0.
pub fn allocate(total: i128, weights: &[i128]) -> Vec<i128> {
    let sum: i128 = weights.iter().sum();
    let (weights, sum): (Vec<i128>, i128) = if sum > 0 {
        (weights.to_vec(), sum)
    } else {
        (vec![1; weights.len()], weights.len() as i128)
    };
    if sum == 0 {
        return Vec::new();
    }
    let mut parts: Vec<i128> = weights.iter().map(|w| total * w / sum).collect();
    let rest: Vec<i128> = weights.iter().map(|w| total * w % sum).collect();
    let left = total - parts.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // A stable sort keeps participant order among equal remainders.
    order.sort_by(|&a, &b| rest[b].cmp(&rest[a]));
    for &i in order.iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
}

/// Computes the business case of a checked input.
pub fn compute(input: &Input) -> Outcome {
    let years = i128::from(input.years);
    let group_users: i128 = input.participants.iter().map(|p| i128::from(p.users)).sum();
    // Everything but the share, per participant.
    let rows: Vec<Row> = input
        .participants
        .iter()
        .map(|p| {
            let (a, t) = prices(&input.pricing, p, group_users);
            let users = i128::from(p.users);
            let rate = i128::from(p.hourly_rate);
            let spend_alone = users * a * years;
            let spend_together = users * t * years;
            let staff_alone = i128::from(p.hours_alone) * rate;
            let staff_together = i128::from(p.hours_together) * rate;
            Row {
                a,
                t,
                spend_alone,
                spend_together,
                staff_alone,
                staff_together,
                gain: spend_alone - spend_together + staff_alone - staff_together,
            }
        })
        .collect();
    let weights: Vec<i128> = match input.key {
        Key::Gelijk => vec![1; rows.len()],
        Key::NaarVolume => input
            .participants
            .iter()
            .map(|p| i128::from(p.users))
            .collect(),
        Key::NaarBrutoVoordeel => rows.iter().map(|r| r.gain.max(0)).collect(),
    };
    let equal_split = input.key == Key::NaarBrutoVoordeel && weights.iter().all(|&w| w == 0);
    let shares = allocate(i128::from(input.external_costs), &weights);
    let participants: Vec<ParticipantOutcome> = input
        .participants
        .iter()
        .zip(&rows)
        .zip(&shares)
        .map(|((p, r), &share)| participant_outcome(p, r, share))
        .collect();
    let group = group_outcome(input, &participants, group_users, equal_split);
    Outcome {
        key: input.key,
        scenario: match &input.pricing {
            Pricing::Tiers { scenario, .. } => Some(*scenario),
            Pricing::Discount { .. } => None,
        },
        years: input.years,
        participants,
        group,
    }
}

/// One participant's amounts before the share of K.
struct Row {
    a: i128,
    t: i128,
    spend_alone: i128,
    spend_together: i128,
    staff_alone: i128,
    staff_together: i128,
    gain: i128,
}

fn participant_outcome(p: &Participant, r: &Row, share: i128) -> ParticipantOutcome {
    let cost_alone = r.spend_alone + r.staff_alone;
    let cost_together = r.spend_together + r.staff_together + share;
    let saving = cost_alone - cost_together;
    let mut warnings = Vec::new();
    if saving < 0 {
        warnings.push(Warning::WorseOff);
    }
    if r.gain > 0 && 2 * share > r.gain {
        warnings.push(Warning::ShareOverHalf);
    }
    ParticipantOutcome {
        name: p.name.clone(),
        users: p.users,
        price_alone: Euros(r.a),
        price_together: Euros(r.t),
        price_cut_pct: percent(r.a - r.t, r.a),
        spend_alone: Euros(r.spend_alone),
        spend_together: Euros(r.spend_together),
        staff_alone: Euros(r.staff_alone),
        staff_together: Euros(r.staff_together),
        share: Euros(share),
        cost_alone: Euros(cost_alone),
        cost_together: Euros(cost_together),
        saving: Euros(saving),
        saving_pct: percent(saving, cost_alone),
        break_even_share: Euros(r.gain),
        warnings,
    }
}

fn group_outcome(
    input: &Input,
    participants: &[ParticipantOutcome],
    users: i128,
    equal_split: bool,
) -> GroupOutcome {
    let sum = |f: fn(&ParticipantOutcome) -> Euros| participants.iter().map(|p| f(p).0).sum();
    let cost_alone: i128 = sum(|p| p.cost_alone);
    let cost_together: i128 = sum(|p| p.cost_together);
    let saving: i128 = sum(|p| p.saving);
    // The first of the largest, and only when it is a real saving.
    let mut most_saving = None;
    let mut most_saving_pct = None;
    for (i, p) in participants.iter().enumerate() {
        if p.saving.0 > 0 && most_saving.is_none_or(|m: usize| p.saving > participants[m].saving) {
            most_saving = Some(i);
        }
        if let Some(pct) = p.saving_pct.filter(|&x| x > 0.0)
            && most_saving_pct
                .is_none_or(|m: usize| pct > participants[m].saving_pct.unwrap_or(0.0))
        {
            most_saving_pct = Some(i);
        }
    }
    GroupOutcome {
        users: users as i64,
        external_costs: Euros(i128::from(input.external_costs)),
        cost_alone: Euros(cost_alone),
        cost_together: Euros(cost_together),
        saving: Euros(saving),
        saving_pct: percent(saving, cost_alone),
        most_saving,
        most_saving_pct,
        warnings: if equal_split {
            vec!["equal_split"]
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(4, 10), 0);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(-4, 10), 0);
        assert_eq!(div_round(15, 10), 2);
    }

    #[test]
    fn shares_add_up_and_ties_go_to_the_first() {
        // 100.00 euro in three: 33.33 each and one cent left, for the first.
        assert_eq!(allocate(10_000, &[1, 1, 1]), vec![3334, 3333, 3333]);
        // 1 cent over weights 1 and 3: parts 0.25 and 0.75, the larger remainder wins.
        assert_eq!(allocate(1, &[1, 3]), vec![0, 1]);
        // Nobody weighs anything: equal.
        assert_eq!(allocate(3, &[0, 0]), vec![2, 1]);
    }
}
