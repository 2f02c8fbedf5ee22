//! leidraad: a static-site generator for guidance knowledge bases with an interactive
//! self-assessment.
//!
//! The build reads `leidraad.yaml` ([`config`]), the Markdown and YAML under `content/`
//! ([`content`], [`markdown`]), renders pages with the theme ([`theme`], [`view`],
//! [`render`]) and swaps the result into the output folder ([`output`]). [`site`] runs
//! these steps in order. Readiness checklists are modelled in [`checklist`] and scored
//! by [`assess`], a pure function shared by `leidraad assess`, example pages and (as a
//! JavaScript twin in the theme) the interactive checklist page.

pub mod assess;
pub mod checklist;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod fsutil;
pub mod incremental;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
pub mod view;
