//! `cargo xtask`: the maintainer's command line. See the crate docs of `xtask`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::diff::{self, Format, Level};
use xtask::{compat, dependent_build, generate, import, modules, paths, watch};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks for atlas-pay")]
struct Cli {
    /// Workspace root to work in (default: this workspace).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the OpenAPI documents of vendor docs pages into openapi/: each
    /// replaces the page holding the same operation(s), or becomes a new page.
    ///
    /// Several sources are imported as one change, and the pages' shared
    /// components are compared once all of them are in: when Atlas changes a
    /// component that two pages define (PaymentMethod on pay and the order
    /// query), import both new pages in one command.
    Import {
        /// Docs pages (Markdown with one ```json OpenAPI block), or whole
        /// OpenAPI documents (JSON or YAML) holding many operations, of which
        /// the ones in openapi/operations.yaml are taken.
        #[arg(required = true, value_name = "PAGE")]
        pages: Vec<PathBuf>,
    },
    /// Apply the overlay and regenerate atlas-pay-gen.
    Generate {
        /// Write nothing; fail with a diff if any generated file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Rate what a new spec version breaks for clients of atlas-pay-gen and atlas-pay.
    ///
    /// With no arguments: HEAD's upstream document, overlay and effective
    /// document against the working tree's. Changes that reach clients say
    /// whether Atlas or our overlay made them; vendor changes the overlay
    /// absorbs are listed with the action that absorbs them.
    Diff {
        /// Compare against the effective document at this git revision.
        #[arg(long, value_name = "GIT-REV", conflicts_with_all = ["old", "new"])]
        base: Option<String>,
        /// Old side: an effective OpenAPI JSON document, or docs pages (as
        /// many as changed together, in place of the working tree's pages
        /// holding their operations; overlay applied).
        #[arg(long, requires = "new", value_name = "FILE", num_args = 1..)]
        old: Vec<PathBuf>,
        /// New side: as the old side.
        #[arg(long, requires = "old", value_name = "FILE", num_args = 1..)]
        new: Vec<PathBuf>,
        /// Output format (default: text on a terminal, markdown otherwise).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Exit non-zero if any change is at least this severe.
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
        /// Exit non-zero if a crate's version in Cargo.toml is below the bump
        /// its computed API change needs (against the base revision's
        /// version; HEAD's with --old/--new).
        #[arg(long)]
        check_version: bool,
    },
    /// Print a crate's module dependency graph and its cycles; fail on a cycle.
    Modules {
        /// The crate's source directory (default: atlas-pay/src and xtask/src).
        #[arg(value_name = "SRC-DIR")]
        src: Vec<PathBuf>,
    },
    /// Hold the release contract to two judges: for each spec bump of
    /// xtask/tests/fixtures/compat-bumps.json, regenerate a copy of the
    /// workspace and compare what `xtask diff` computes, what
    /// cargo-semver-checks says, and whether the dependent crate builds, with
    /// what the bump states. Fails on any difference.
    Compat {
        /// The cargo-semver-checks binary (default: $CARGO_SEMVER_CHECKS,
        /// then cargo-semver-checks on the PATH).
        #[arg(long, value_name = "FILE")]
        tool: Option<PathBuf>,
        /// Only the bumps whose name contains this text.
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
    },
    /// Fetch Atlas's published document and, when it (or the overlay, or the
    /// generator's settings) moved since openapi/watch.json was written,
    /// import it, regenerate, review, bump the version the release contract
    /// asks, draft the CHANGELOG section and write the pull request's body
    /// and label under target/spec-watch/. Unchanged: writes nothing.
    Watch {
        /// Where Atlas publishes its document (default: the recorded URL).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// The import's date, `yyyy-mm-dd` (default: today, UTC).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Cold-build a crate that depends on atlas-pay and a bare reqwest + serde
    /// client, one after the other, and print both times and their ratio.
    DependentBuild {
        /// How many times to measure both.
        #[arg(long, default_value_t = 1)]
        runs: u32,
    },
}

/// The `--fail-on` threshold.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Breaking,
    PossiblyBreaking,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout)]
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = cli.root.unwrap_or_else(paths::workspace_root);
    match cli.command {
        Command::Import { pages } => {
            for (page, imported) in pages.iter().zip(import::run(&root, &pages)?) {
                match imported {
                    import::Imported::Page(name) => println!(
                        "imported {} -> {} and {}",
                        page.display(),
                        paths::page(&name),
                        paths::upstream(&name)
                    ),
                    import::Imported::Document {
                        file,
                        upstreams,
                        unbound,
                    } => {
                        println!("imported {} -> {file}", page.display());
                        for name in upstreams {
                            println!("  bound operations -> {}", paths::upstream(&name));
                        }
                        if !unbound.is_empty() {
                            println!(
                                "  left out ({} operations not bound in {}):",
                                unbound.len(),
                                paths::BOUND
                            );
                            for operation in unbound {
                                println!("    {operation}");
                            }
                        }
                    }
                }
            }
            println!(
                "sources recorded in {}; next: cargo xtask generate, then review the snapshot diff",
                paths::SOURCES
            );
        }
        Command::Watch { url, today } => {
            let today = today.unwrap_or_else(xtask::sources::today);
            match watch::run(&root, url.as_deref(), &today)? {
                watch::Outcome::Unchanged => println!("unchanged: nothing to regenerate"),
                watch::Outcome::SourceMoved { from, to } => println!(
                    "source moved: {from} -> {to}, same content; recorded in {}, nothing                      regenerated",
                    watch::RECORD
                ),
                watch::Outcome::Regenerated(proposal) => {
                    println!("changed: {}", proposal.title);
                    if let Some(label) = proposal.label {
                        println!("label: {label}");
                    }
                    for operation in &proposal.unbound {
                        println!("not bound: {operation}");
                    }
                    println!("pull request body: {}/pull-request.md", watch::OUT_DIR);
                }
            }
        }
        Command::Generate { check: false } => {
            let (outputs, classification) = generate::outputs_and_classification(&root)?;
            let written = generate::write(&root, &outputs)?;
            if written.is_empty() {
                println!("generated files are up to date");
            }
            for path in written {
                println!("wrote {path}");
            }
            if !classification.unclassified.is_empty() {
                eprintln!(
                    "warning: {} answer fields have no class in {}: generated as personal data \
                     (redacted); classify each as personal or plain (generate --check fails \
                     until then):",
                    classification.unclassified.len(),
                    paths::PERSONAL
                );
                for field in &classification.unclassified {
                    eprintln!("  {field}");
                }
            }
            if !classification.stale.is_empty() {
                eprintln!(
                    "warning: {} classifies fields the answers no longer have (generate --check \
                     fails until they are removed or renamed there):",
                    paths::PERSONAL
                );
                for field in &classification.stale {
                    eprintln!("  {field}");
                }
            }
        }
        Command::Diff {
            base,
            old,
            new,
            format,
            fail_on,
            check_version,
        } => {
            let base = base.unwrap_or_else(|| "HEAD".to_owned());
            let (old, new) = if old.is_empty() {
                (diff::at_revision(&root, &base)?, diff::working_tree(&root)?)
            } else {
                (diff::load_side(&root, &old)?, diff::load_side(&root, &new)?)
            };
            diff::check_version(&old, "old")?;
            diff::check_version(&new, "new")?;
            let review = diff::review(&old, &new);
            let context = match diff::EffectsContext::of_workspace(&root, &base) {
                Ok(context) => context,
                Err(error) if !check_version => {
                    eprintln!("note: crate versions not read ({error:#}); no version check");
                    diff::EffectsContext::default()
                }
                Err(error) => return Err(error.context("--check-version needs both versions")),
            };
            let format = format.unwrap_or(if std::io::stdout().is_terminal() {
                Format::Text
            } else {
                Format::Markdown
            });
            let effects = match diff::effects::compute(&old, &new, &review, &context) {
                Ok(effects) => {
                    print!("{}", diff::render_with(&review, Some(&effects), format));
                    Some(effects)
                }
                Err(error) => {
                    // The report still goes out, saying why it has no Rust effects.
                    let reason = format!("{error:#}");
                    print!("{}", diff::render_with(&review, None, format));
                    print!("{}", diff::render_unavailable(&reason, format));
                    eprintln!("warning: the Rust effects could not be computed: {reason}");
                    if check_version {
                        eprintln!("error: --check-version needs the Rust effects");
                        return Ok(ExitCode::FAILURE);
                    }
                    None
                }
            };
            if check_version && let Some(effects) = &effects {
                let failures = effects.version_failures();
                for krate in &failures {
                    if let Some(version) = &krate.version {
                        eprintln!(
                            "error: {} is {} in Cargo.toml; its API change ({}) needs at least {}",
                            krate.name, version.head, krate.bump_text, version.required
                        );
                    }
                }
                if !failures.is_empty() {
                    return Ok(ExitCode::FAILURE);
                }
            }
            let threshold = match fail_on {
                None => return Ok(ExitCode::SUCCESS),
                Some(FailOn::Breaking) => Level::Breaking,
                Some(FailOn::PossiblyBreaking) => Level::PossiblyBreaking,
            };
            if review.changes.iter().any(|c| c.change.level <= threshold) {
                eprintln!("error: the spec change has {threshold} changes (--fail-on)");
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Modules { src } => {
            let dirs = if src.is_empty() {
                vec![root.join("atlas-pay/src"), root.join("xtask/src")]
            } else {
                src
            };
            let mut found = false;
            for dir in dirs {
                let graph = modules::graph(&dir)?;
                println!("{}: {} modules", dir.display(), graph.modules.len());
                for (module, uses) in &graph.uses {
                    if !uses.is_empty() {
                        let list: Vec<&str> = uses.iter().map(String::as_str).collect();
                        println!("  {module} -> {}", list.join(", "));
                    }
                }
                for cycle in modules::cycles(&graph) {
                    found = true;
                    println!("  CYCLE: {}", cycle.join(" <-> "));
                }
            }
            if found {
                eprintln!("error: module cycles found");
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Compat { tool, only } => {
            let tool = tool
                .or_else(|| std::env::var_os("CARGO_SEMVER_CHECKS").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("cargo-semver-checks"));
            // One target directory for every bump: dependencies build once.
            let target = root.join("target/compat");
            let mut failures = Vec::new();
            for bump in compat::fixtures(&root)? {
                if only
                    .as_ref()
                    .is_some_and(|text| !bump.name.contains(text.as_str()))
                {
                    continue;
                }
                let started = std::time::Instant::now();
                let verdict = compat::judge(&root, &tool, &target, &bump)?;
                println!(
                    "{} ({}): xtask {:?}, cargo-semver-checks {:?}, dependents {} [{:.0} s]",
                    bump.name,
                    if bump.additive { "adds" } else { "breaks" },
                    verdict.xtask,
                    verdict.semver_checks,
                    if verdict.dependents_build {
                        "build"
                    } else {
                        "do not build"
                    },
                    started.elapsed().as_secs_f64()
                );
                for lint in &verdict.lints {
                    println!("  cargo-semver-checks: {lint}");
                }
                if let Some(why) = &bump.why {
                    println!("  where they differ: {why}");
                }
                failures.extend(compat::disagreements(&bump, &verdict));
            }
            for failure in &failures {
                eprintln!("error: {failure}");
            }
            if !failures.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::DependentBuild { runs } => {
            println!(
                "cold `cargo build` of a minimal crate, each with an empty target directory, one after the other"
            );
            println!(
                "(atlas-pay and atlas-pay-gen compiled as a registry or git dependency is: not incremental):"
            );
            for run in 1..=runs.max(1) {
                let report = dependent_build::run(&root, run % 2 == 0)?;
                let ratio = report.ratio();
                println!(
                    "run {run} ({} first):",
                    if run % 2 == 0 {
                        "baseline"
                    } else {
                        "atlas-pay"
                    }
                );
                for build in [&report.atlas_pay, &report.baseline] {
                    println!(
                        "  {:<22} {:6.1} s  {:3} crates  ({} MB read beforehand, untimed)",
                        build.name,
                        build.time.as_secs_f64(),
                        build.crates,
                        build.warmed / 1_000_000
                    );
                }
                println!(
                    "  ratio {ratio:.3} (target <= 1.15: {})",
                    if ratio <= 1.15 { "met" } else { "NOT met" }
                );
            }
        }
        Command::Generate { check: true } => {
            let (outputs, classification) = generate::outputs_and_classification(&root)?;
            let stale = generate::check(&root, &outputs);
            for field in &classification.unclassified {
                eprintln!("unclassified: {field}");
            }
            for field in &classification.stale {
                eprintln!("classified but gone: {field}");
            }
            let unclassified = !classification.unclassified.is_empty();
            if unclassified {
                eprintln!(
                    "error: {} answer fields have no class in {}: they are generated as \
                     personal data (redacted) until classified personal or plain there",
                    classification.unclassified.len(),
                    paths::PERSONAL
                );
            }
            if !classification.stale.is_empty() {
                eprintln!(
                    "error: {} classifies fields the answers no longer have: remove them, or \
                     rename them with their field",
                    paths::PERSONAL
                );
            }
            let unclassified = unclassified || !classification.stale.is_empty();
            if stale.is_empty() {
                if unclassified {
                    return Ok(ExitCode::FAILURE);
                }
                println!("generated files are up to date");
                return Ok(ExitCode::SUCCESS);
            }
            for file in &stale {
                print!("{}", file.diff);
            }
            eprintln!();
            for file in &stale {
                eprintln!("stale: {}", file.path);
            }
            eprintln!(
                "error: generated files are stale; run `cargo xtask generate` and commit the result"
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}
