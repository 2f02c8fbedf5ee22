//! The integration tests, one binary: each module tests one part of leidraad through its
//! library or its release-less binary (`CARGO_BIN_EXE_leidraad`). Long campaigns are
//! sampled unless `LEIDRAAD_CAMPAIGN=full` (see `common::campaign`).

mod assess;
mod assess_properties;
mod build;
mod calculator;
mod check;
mod check_init;
mod common;
mod dates;
mod diagnostics;
mod dutch_parity;
mod fuzz;
mod groups;
mod hardening;
mod incremental;
mod interrupted_build;
mod limits;
mod manual;
mod markdown_features;
mod presenters;
mod prose_checks;
mod publisher;
mod search;
mod serve;
mod theme_override;
mod whole_guide;
