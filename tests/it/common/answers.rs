//! Random answer sets for the scoring tests: a small deterministic generator (no
//! dependency needed for test data), the shipped checklist, and JSON numbers compared as
//! numbers (Rust writes `45.0` where JavaScript writes `45`).
#![allow(dead_code, unreachable_pub)]

use leidraad::assess::Answers;
use leidraad::checklist::Checklist;

/// A linear congruential generator: the same cases on every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The checklist the site ships.
pub fn shipped_checklist() -> Checklist {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (site, _) = leidraad::site::load(&root).unwrap_or_else(|d| panic!("{d}"));
    site.content
        .checklist("centrale-inkoop")
        .expect("shipped checklist")
        .checklist
        .clone()
}

/// A random answer set with 0 to 60 % unknowns; in a quarter of the sets the capping
/// answers are chosen more often.
pub fn random_with_caps(c: &Checklist, rng: &mut Lcg) -> Answers {
    let unknown = rng.below(7) * 10;
    let cap_bias = rng.below(4) == 0;
    let mut a = Answers::new();
    for q in c.questions() {
        if rng.below(100) < unknown {
            continue;
        }
        let capping: Vec<_> = q
            .options
            .iter()
            .filter(|o| o.knockout || o.cap.is_some())
            .collect();
        let o = if cap_bias && !capping.is_empty() && rng.below(4) == 0 {
            capping[rng.below(capping.len())]
        } else {
            &q.options[rng.below(q.options.len())]
        };
        a.insert(q.id.clone(), o.id.clone());
    }
    a
}

/// Numbers compared as numbers.
pub fn normalize(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}
