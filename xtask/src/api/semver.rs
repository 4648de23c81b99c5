//! Crate versions and the bump an API difference needs.
//!
//! Cargo's rules: before 1.0 the minor number is the breaking one (a breaking
//! change bumps `0.y` to `0.(y+1).0`, anything else the patch number); from
//! 1.0 a breaking change bumps the major number, an addition or a change of
//! behaviour the minor one.

use std::fmt;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::severity::Level;

/// A crate version (`major.minor.patch`; pre-release and build suffixes are
/// refused: a release is what the check is about).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major number.
    pub major: u64,
    /// The minor number.
    pub minor: u64,
    /// The patch number.
    pub patch: u64,
}

impl Version {
    /// Parses `major.minor.patch`.
    pub fn parse(text: &str) -> Result<Self> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            bail!("`{text}` is not a `major.minor.patch` version");
        };
        let number = |part: &str| {
            part.parse::<u64>()
                .with_context(|| format!("`{text}` is not a `major.minor.patch` version"))
        };
        Ok(Version {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
        })
    }

    /// The smallest version after `self` that a change at `level` allows
    /// (`None`: nothing changed, `self`).
    pub fn bumped(self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match (bump, major) {
            (Bump::None, _) => self,
            (Bump::Breaking, 0) => Version {
                major: 0,
                minor: minor + 1,
                patch: 0,
            },
            (Bump::Breaking, _) => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            (Bump::Compatible, 0) => Version {
                major: 0,
                minor,
                patch: patch + 1,
            },
            (Bump::Compatible, _) => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The kind of release an API difference needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    /// The API did not change.
    None,
    /// Additions or changes of behaviour: code that compiled still compiles.
    Compatible,
    /// Code written against the old API may stop compiling.
    Breaking,
}

impl Bump {
    /// The bump for a difference whose most severe change is at `level`
    /// (`None`: no change).
    pub fn for_level(level: Option<Level>) -> Bump {
        match level {
            None => Bump::None,
            Some(Level::Breaking) => Bump::Breaking,
            Some(Level::PossiblyBreaking | Level::NonBreaking) => Bump::Compatible,
        }
    }

    /// The bump without a version: `none`, `compatible` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Compatible => "compatible",
            Bump::Breaking => "breaking",
        }
    }

    /// How reports name it for a crate at `version` (`minor (breaking)`).
    pub fn describe(self, version: Version) -> &'static str {
        match (self, version.major) {
            (Bump::None, _) => "none",
            (Bump::Breaking, 0) => "minor (breaking, 0.x)",
            (Bump::Breaking, _) => "major (breaking)",
            (Bump::Compatible, 0) => "patch (compatible, 0.x)",
            (Bump::Compatible, _) => "minor (compatible)",
        }
    }
}

/// A crate's version as its `Cargo.toml` declares it: its own
/// `[package] version`, or the workspace's `[workspace.package] version`
/// when it says `version.workspace = true`.
pub fn crate_version(manifest: &str, workspace_manifest: &str) -> Result<Version> {
    match table_value(manifest, "package", "version") {
        Some(Value::Text(text)) => Version::parse(&text),
        Some(Value::Workspace) => {
            match table_value(workspace_manifest, "workspace.package", "version") {
                Some(Value::Text(text)) => Version::parse(&text),
                _ => bail!("the workspace's Cargo.toml has no [workspace.package] version"),
            }
        }
        None => bail!("the crate's Cargo.toml has no [package] version"),
    }
}

enum Value {
    Text(String),
    Workspace,
}

/// The value of `key` in `[table]` of a manifest: a quoted string, or
/// `key.workspace = true` (also written `key = { workspace = true }`).
fn table_value(manifest: &str, table: &str, key: &str) -> Option<Value> {
    let mut in_table = false;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            in_table = line == format!("[{table}]");
            continue;
        }
        if !in_table {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name == format!("{key}.workspace") && value == "true" {
            return Some(Value::Workspace);
        }
        if name == key {
            if value.replace(' ', "") == "{workspace=true}" {
                return Some(Value::Workspace);
            }
            return Some(Value::Text(value.trim_matches('"').to_owned()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_x_bumps_the_minor_number_for_a_breaking_change() {
        let v = Version::parse("0.1.3").unwrap();
        assert_eq!(v.bumped(Bump::Breaking).to_string(), "0.2.0");
        assert_eq!(v.bumped(Bump::Compatible).to_string(), "0.1.4");
        assert_eq!(v.bumped(Bump::None), v);
        let one = Version::parse("1.4.2").unwrap();
        assert_eq!(one.bumped(Bump::Breaking).to_string(), "2.0.0");
        assert_eq!(one.bumped(Bump::Compatible).to_string(), "1.5.0");
        assert!(Version::parse("0.1").is_err());
        assert!(Version::parse("0.1.0-rc.1").is_err());
    }

    #[test]
    fn reads_a_crate_version_or_the_workspace_one() {
        let workspace =
            "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"0.3.1\" # here\n";
        let member = "[package]\nname = \"a\"\nversion.workspace = true\n\n[dependencies]\nversion = \"9.9.9\"\n";
        assert_eq!(
            crate_version(member, workspace).unwrap().to_string(),
            "0.3.1"
        );
        let own = "[package]\nname = \"b\"\nversion = \"1.2.3\"\n";
        assert_eq!(crate_version(own, workspace).unwrap().to_string(), "1.2.3");
        assert!(crate_version("[package]\nname = \"c\"\n", workspace).is_err());
    }
}
