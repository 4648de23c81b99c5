//! Files as committed at a git revision.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// A file committed at a git revision, `None` if the revision lacks it.
pub(crate) fn git_show(root: &Path, revision: &str, file: &str) -> Result<Option<String>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{revision}:{file}"))
        .output()
        .context("cannot run git")?;
    if output.status.success() {
        return Ok(Some(
            String::from_utf8(output.stdout)
                .with_context(|| format!("{file} at {revision} is not UTF-8"))?,
        ));
    }
    let verify = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--verify", "--quiet"])
        .arg(format!("{revision}^{{commit}}"))
        .output()
        .context("cannot run git")?;
    if verify.status.success() {
        return Ok(None);
    }
    bail!(
        "git cannot show {file} at {revision}: {}",
        String::from_utf8_lossy(&output.stderr).trim()
    )
}
