//! `cargo xtask`: the maintainer's command line. See the crate docs of `xtask`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{generate, import, paths};

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
    /// Extract the OpenAPI document from a vendor docs page into openapi/.
    Import {
        /// The docs page (Markdown with one ```json OpenAPI block).
        page: PathBuf,
    },
    /// Apply the overlay and regenerate atlas-pay-gen.
    Generate {
        /// Write nothing; fail with a diff if any generated file is stale.
        #[arg(long)]
        check: bool,
    },
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
        Command::Import { page } => {
            import::run(&root, &page)?;
            println!("imported {} -> {}", page.display(), paths::UPSTREAM);
            println!("next: cargo xtask generate, then review the snapshot diff");
        }
        Command::Generate { check: false } => {
            let outputs = generate::outputs(&root)?;
            let written = generate::write(&root, &outputs)?;
            if written.is_empty() {
                println!("generated files are up to date");
            }
            for path in written {
                println!("wrote {path}");
            }
        }
        Command::Generate { check: true } => {
            let outputs = generate::outputs(&root)?;
            let stale = generate::check(&root, &outputs);
            if stale.is_empty() {
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
