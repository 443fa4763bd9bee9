//! Drawing DOT as SVG, PNG or PDF with Graphviz's `dot` program.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::str::FromStr;

/// The Graphviz program that lays out and draws the graph.
pub const GRAPHVIZ: &str = "dot";

/// The image formats Graphviz draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Scalable Vector Graphics.
    Svg,
    /// Portable Network Graphics.
    Png,
    /// Portable Document Format.
    Pdf,
}

impl ImageFormat {
    /// Every format's name, for messages.
    pub const NAMES: &[&str] = &["svg", "png", "pdf"];

    /// The format's name, which is also Graphviz's `-T` value and the file extension.
    pub fn name(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }

    /// The format for a file extension, if any.
    pub fn from_extension(extension: &str) -> Option<Self> {
        extension.parse().ok()
    }
}

impl FromStr for ImageFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "svg" => Ok(Self::Svg),
            "png" => Ok(Self::Png),
            "pdf" => Ok(Self::Pdf),
            other => Err(format!(
                "unknown image format {other:?}: expected one of {}",
                Self::NAMES.join(", ")
            )),
        }
    }
}

/// What can go wrong while drawing.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The Graphviz program is not installed (or not on `PATH`).
    #[error(
        "cannot draw {format}: the Graphviz program `{program}` was not found; install Graphviz (Debian and Ubuntu: `apt-get install graphviz`), or export --format dot and draw it elsewhere"
    )]
    Missing {
        /// The program looked for.
        program: String,
        /// The format asked for.
        format: &'static str,
    },
    /// The program ran and failed.
    #[error("Graphviz `{program}` failed ({status}): {stderr}")]
    Failed {
        /// The program.
        program: String,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// What it said on standard error.
        stderr: String,
    },
    /// Running the program or writing its output failed.
    #[error("cannot run Graphviz `{program}`: {source}")]
    Io {
        /// The program.
        program: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Draws `dot` (DOT text) in `format` with the Graphviz `program` (normally [`GRAPHVIZ`]),
/// writing the image to `out`. Returns what Graphviz said on standard error (warnings)
/// when it succeeded.
///
/// # Errors
/// [`RenderError::Missing`] when `program` cannot be found, [`RenderError::Failed`] when it
/// exits with an error (its message included), [`RenderError::Io`] when its output cannot
/// be read or written to `out`.
pub fn render(
    dot: &str,
    format: ImageFormat,
    program: &str,
    out: &mut dyn Write,
) -> Result<String, RenderError> {
    let io = |source: std::io::Error| RenderError::Io {
        program: program.to_owned(),
        source,
    };
    let mut child = Command::new(program)
        .arg(format!("-T{}", format.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => RenderError::Missing {
                program: program.to_owned(),
                format: format.name(),
            },
            _ => io(source),
        })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (image, messages) = std::thread::scope(|scope| {
        // Write the input and read the messages while the image is read, so that no pipe
        // fills up. A write error means Graphviz stopped early; its status says why.
        scope.spawn(move || {
            let _ = stdin.write_all(dot.as_bytes());
        });
        let messages = scope.spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let mut image = Vec::new();
        let read = stdout.read_to_end(&mut image).map(|_| image);
        (read, messages.join().unwrap_or_default())
    });
    let status = child.wait().map_err(io)?;
    if !status.success() {
        return Err(RenderError::Failed {
            program: program.to_owned(),
            status,
            stderr: messages.trim().to_owned(),
        });
    }
    // Written only once Graphviz succeeded: a failure writes nothing.
    out.write_all(&image.map_err(io)?).map_err(io)?;
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        for name in ImageFormat::NAMES {
            assert_eq!(name.parse::<ImageFormat>().unwrap().name(), *name);
        }
        assert_eq!(ImageFormat::from_extension("SVG"), Some(ImageFormat::Svg));
        assert!("gif".parse::<ImageFormat>().is_err());
    }

    #[test]
    fn a_missing_program_names_the_package() {
        let error = render(
            "digraph {}",
            ImageFormat::Svg,
            "kgraph-no-such-graphviz",
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(matches!(error, RenderError::Missing { .. }), "{error:?}");
        assert!(
            error.to_string().contains("apt-get install graphviz"),
            "{error}"
        );
    }

    #[test]
    fn draws_svg_and_reports_graphviz_errors() {
        if Command::new(GRAPHVIZ).arg("-V").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "Graphviz `dot` must be installed in CI"
            );
            return;
        }
        let mut svg = Vec::new();
        render("digraph { a -> b }", ImageFormat::Svg, GRAPHVIZ, &mut svg).unwrap();
        assert!(String::from_utf8_lossy(&svg).contains("<svg"));
        let error = render(
            "digraph { a -> ",
            ImageFormat::Svg,
            GRAPHVIZ,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(
            matches!(&error, RenderError::Failed { stderr, .. } if stderr.contains("syntax error")),
            "{error:?}"
        );
    }
}
