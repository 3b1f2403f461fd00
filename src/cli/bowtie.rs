//! `riskbench bowtie PROJECT [--name NAME|ID] -o FILE.svg|FILE.png`: export a bow-tie as SVG or PNG.
//!
//! The picture is the one the GUI and the PDF report draw (layout and drawing live in
//! [`crate::model::bowtie`]); the analyst's warnings go to standard error.

use std::path::{Path, PathBuf};

use super::UsageError;
use crate::model::bowtie::{ColourBy, ViewOptions, draw, escalation_parents, svg_to_png, to_svg};
use crate::model::file;

/// Options of `riskbench bowtie`.
#[derive(Debug, clap::Args)]
pub struct BowtieArgs {
    /// The project file
    pub project: PathBuf,
    /// The bow-tie, by id (BT-1) or title (required when the project has several)
    #[arg(long, value_name = "NAME|ID")]
    pub name: Option<String>,
    /// The image to write: FILE.svg or FILE.png
    #[arg(short = 'o', long = "output", value_name = "FILE.svg|FILE.png")]
    pub output: PathBuf,
    /// Colour barriers by: effectiveness, condition, type, criticality, owner, control, evidence
    #[arg(long, value_name = "ATTRIBUTE", default_value = "effectiveness")]
    pub colour_by: String,
    /// Collapse every escalation branch
    #[arg(long)]
    pub collapse: bool,
    /// PNG pixels per point (2 gives 144 dpi)
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Svg,
    Png,
}

fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "svg" => Some(Format::Svg),
        "png" => Some(Format::Png),
        _ => None,
    }
}

fn colour_by(text: &str) -> Option<ColourBy> {
    match text.trim().to_ascii_lowercase().as_str() {
        "type" => Some(ColourBy::BarrierType),
        "control" => Some(ColourBy::LinkedControl),
        _ => ColourBy::parse(text),
    }
}

/// Writes the bow-tie image; returns the bow-tie's id.
///
/// # Errors
/// [`UsageError`] for an unknown bow-tie, output format, colouring or scale; file and render errors otherwise
/// (all exit code 2).
pub fn run_bowtie(args: &BowtieArgs) -> anyhow::Result<String> {
    let format = format_of(&args.output).ok_or_else(|| {
        UsageError(format!(
            "-o: expected a file ending in .svg or .png, found {}",
            args.output.display()
        ))
    })?;
    let colour_by = colour_by(&args.colour_by).ok_or_else(|| {
        UsageError(format!(
            "--colour-by: expected effectiveness, condition, type, criticality, owner, control or evidence, found {:?}",
            args.colour_by
        ))
    })?;
    let project = super::repair::load_project(&args.project)?.project;
    let set = &project.bowties;
    let bowtie = match &args.name {
        Some(name) => set.find_bowtie(name).ok_or_else(|| {
            UsageError(format!(
                "no bow-tie with id or title {name:?}; expected one of: {} in {}",
                list(set),
                args.project.display()
            ))
        })?,
        None => match set.diagrams.as_slice() {
            [only] => only,
            [] => {
                return Err(UsageError(format!(
                    "the project has no bow-ties: {}",
                    args.project.display()
                ))
                .into());
            }
            _ => {
                return Err(UsageError(format!(
                    "the project has {} bow-ties; choose one with --name ({})",
                    set.diagrams.len(),
                    list(set)
                ))
                .into());
            }
        },
    };
    for warning in set.warnings(bowtie, &project.risks) {
        eprintln!("riskbench: warning: {}: {warning}", bowtie.bowtie_id);
    }
    let view = ViewOptions {
        colour_by,
        collapsed: if args.collapse {
            escalation_parents(set, bowtie)
        } else {
            std::collections::BTreeSet::new()
        },
        ..ViewOptions::default()
    };
    let svg = to_svg(&draw(set, bowtie, &view));
    let bytes = match format {
        Format::Svg => svg.into_bytes(),
        Format::Png => {
            if !(args.scale.is_finite() && args.scale > 0.0) {
                return Err(UsageError(format!(
                    "--scale: expected a positive number, found {}",
                    args.scale
                ))
                .into());
            }
            svg_to_png(&svg, args.scale)?
        }
    };
    file::write_atomic(&args.output, &bytes)?;
    Ok(bowtie.bowtie_id.clone())
}

fn list(set: &crate::model::bowtie::BowTieSet) -> String {
    set.diagrams
        .iter()
        .map(|d| format!("{} {:?}", d.bowtie_id, d.title))
        .collect::<Vec<_>>()
        .join(", ")
}
