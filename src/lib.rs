//! leidraad: a static-site generator for guidance knowledge bases with an interactive
//! self-assessment.
//!
//! Where to find what:
//! - the pipeline, one for `build`, `check` and `serve`: [`session`], running the
//!   named steps of [`site`]; `build` and `check` themselves: [`build`]
//! - the site's files and the one ignore rule: [`files`]
//! - the configuration: [`config`]; the content model: [`content`], [`document`]
//! - Markdown: [`markdown`], with the glossary's [`abbreviations`]; what templates see:
//!   [`view`]; rendering: [`render`]
//! - what each output read, and the fingerprints that tell when it changed: [`deps`],
//!   [`fingerprint`]
//! - the link check of the output: [`links`]; check-only findings: [`check`]; the
//!   prose checks: [`prose`] (running text), [`readability`], [`copycheck`]
//! - readiness checklists: the model [`checklist`], the scoring rules [`assess`], the
//!   `assess` report [`report`]
//! - calculators (rekenhulpen): the model [`calculator`], the business-case engine
//!   [`business_case`], the `business-case` report [`business_case_report`]
//! - the site search index: [`search`]; the whole guide as one page: [`whole_guide`]
//! - the theme: [`theme`]; its scripts and stylesheets as published: [`strip_comments`]
//! - the preview server: [`serve`]; atomic output: [`output`]; `init`: [`scaffold`]

pub mod abbreviations;
pub mod assess;
pub mod build;
pub mod business_case;
pub mod business_case_report;
pub mod calculator;
pub mod check;
pub mod checklist;
pub mod config;
pub mod content;
pub mod contrast;
pub mod copycheck;
pub mod dates;
pub mod deps;
pub mod diagnostic;
pub mod document;
pub mod dutch;
pub mod files;
pub mod fingerprint;
pub mod fsutil;
pub mod house_style;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod prose;
pub mod readability;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod snippets;
pub mod strip_comments;
pub mod theme;
pub mod theme_export;
pub mod view;
pub mod watch;
pub mod whole_guide;
pub mod yaml;

/// Hash maps for the site's own keys (ids, paths): foldhash is several times faster
/// than the default SipHash, and only the author's files decide what goes in.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// Hash sets for the site's own keys; see [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
