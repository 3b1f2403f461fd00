//! The correlation matrix: which columns take part, each as a [`Member`], and the value of each pair. The
//! pieces are public to the profile so that a file read in blocks computes the pairs a few columns at a time
//! and assembles the same matrix.

use super::assoc::{self, Table};
use super::prepare::{Data, MISSING, Prepared};
use super::stats;
use super::{
    AssociationMethod, CORRELATION_BINS, CorrelationPair, Correlations, ProfileError,
    ProfileOptions, Variable,
};
use crate::analysis::task::TaskControl;
use crate::model::data_columns::ColumnKind;

/// Codes of a numeric column cut into `bins` equal-width bins (`pandas.cut`), over finite values.
pub(super) fn cut_codes(values: &[f64], order: &[u32], bins: usize) -> Option<Vec<u32>> {
    let finite: Vec<f64> = order
        .iter()
        .map(|r| values[*r as usize])
        .filter(|v| v.is_finite())
        .collect();
    let (min, max) = (*finite.first()?, *finite.last()?);
    let edges = stats::cut_edges(min, max, bins);
    Some(
        values
            .iter()
            .map(|v| {
                if v.is_finite() {
                    #[expect(clippy::cast_possible_truncation, reason = "bin < 10")]
                    stats::cut_bin(&edges, *v).map_or(MISSING, |b| b as u32)
                } else {
                    MISSING
                }
            })
            .collect(),
    )
}

/// A column taking part in the correlations, ready for its pairs.
pub(super) enum Member<'a> {
    Numeric {
        dense: Vec<u32>,
        distinct: usize,
        bins: Option<Vec<u32>>,
    },
    Codes {
        codes: &'a [u32],
        k: usize,
    },
}
impl Member<'_> {
    /// The codes used in a contingency table (numeric columns cut into bins).
    fn table_side(&self) -> Option<(&[u32], usize)> {
        match self {
            Member::Numeric { bins, .. } => bins.as_deref().map(|b| (b, CORRELATION_BINS)),
            Member::Codes { codes, k } => Some((codes, *k)),
        }
    }
}

/// Spearman's ρ of two numeric members, Cramér's V otherwise.
pub(super) fn association(a: &Member, b: &Member) -> (AssociationMethod, Option<f64>) {
    match (a, b) {
        (
            Member::Numeric {
                dense: da,
                distinct: ka,
                ..
            },
            Member::Numeric {
                dense: db,
                distinct: kb,
                ..
            },
        ) => (
            AssociationMethod::Spearman,
            assoc::spearman(da, *ka, db, *kb),
        ),
        _ => {
            let value = match (a.table_side(), b.table_side()) {
                (Some((ca, ka)), Some((cb, kb))) => Table::new(ca, ka, cb, kb).cramers_v(),
                _ => None,
            };
            (AssociationMethod::CramersV, value)
        }
    }
}

/// Whether a column may take part: numeric with more than one distinct value, or categorical or boolean
/// codes with 2 to `correlation_max_distinct` distinct values.
pub(super) fn eligible(p: &Prepared, v: &Variable, options: &ProfileOptions) -> bool {
    match (&p.data, p.kind) {
        (Data::Numeric(_), ColumnKind::Numeric) => v.distinct > 1,
        (Data::Codes(_), ColumnKind::Categorical | ColumnKind::Boolean) => {
            v.distinct > 1 && v.distinct <= options.thresholds.correlation_max_distinct
        }
        _ => false,
    }
}

/// The columns that take part, in file order, of the `eligible` ones (places in the file, ascending):
/// at most [`super::MAX_CORRELATION_COLUMNS`], the label and the sensitive columns first, then the others in
/// file order. `name_of` gives a column's name from its place.
pub(super) fn choose<'n>(
    eligible: Vec<usize>,
    name_of: impl Fn(usize) -> &'n str,
    options: &ProfileOptions,
) -> Vec<usize> {
    if eligible.len() <= super::MAX_CORRELATION_COLUMNS {
        return eligible;
    }
    let named = |i: &usize| {
        let name = name_of(*i);
        options.label.as_deref() == Some(name) || options.sensitive.iter().any(|s| s == name)
    };
    let (mut keep, rest): (Vec<usize>, Vec<usize>) = eligible.iter().partition(|i| named(i));
    keep.extend(rest);
    keep.truncate(super::MAX_CORRELATION_COLUMNS);
    keep.sort_unstable();
    keep
}

/// A prepared column as a member; numeric columns are also cut into bins when `any_codes` (some member is
/// categorical, so Cramér's V needs them).
pub(super) fn member(p: &Prepared, any_codes: bool) -> Member<'_> {
    match &p.data {
        Data::Numeric(n) => {
            let (dense, distinct) = assoc::dense_ranks(&n.values, &n.order);
            Member::Numeric {
                dense,
                distinct,
                bins: if any_codes {
                    cut_codes(&n.values, &n.order, CORRELATION_BINS)
                } else {
                    None
                },
            }
        }
        Data::Codes(c) => Member::Codes {
            codes: &c.codes,
            k: c.labels.len(),
        },
    }
}

/// Every pair `(i, j)`, `i < j`, of `count` members, in the order the pairs are listed.
pub(super) fn pair_index(count: usize) -> Vec<(usize, usize)> {
    (0..count)
        .flat_map(|i| (i + 1..count).map(move |j| (i, j)))
        .collect()
}

/// The correlations of the members named `names`, from the value of each pair of [`pair_index`] in that
/// order.
pub(super) fn assemble(
    names: Vec<String>,
    values: Vec<(AssociationMethod, Option<f64>)>,
) -> Correlations {
    let count = names.len();
    let index = pair_index(count);
    let mut matrix = vec![vec![None; count]; count];
    let mut pairs = Vec::with_capacity(index.len());
    for (i, row) in matrix.iter_mut().enumerate() {
        row[i] = Some(1.0);
    }
    for ((i, j), (method, value)) in index.into_iter().zip(values) {
        matrix[i][j] = value;
        matrix[j][i] = value;
        pairs.push(CorrelationPair {
            a: names[i].clone(),
            b: names[j].clone(),
            method,
            value,
        });
    }
    Correlations {
        columns: names,
        matrix,
        pairs,
    }
}

pub(super) fn correlations(
    prepared: &[Prepared],
    variables: &[Variable],
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Correlations, ProfileError> {
    let eligible: Vec<usize> = prepared
        .iter()
        .zip(variables)
        .enumerate()
        .filter(|(_, (p, v))| eligible(p, v, options))
        .map(|(i, _)| i)
        .collect();
    let selected = choose(eligible, |i| prepared[i].name.as_str(), options);
    let any_codes = selected
        .iter()
        .any(|i| matches!(prepared[*i].data, Data::Codes(_)));
    let members = super::parallel_map(selected.len(), control, (0.55, 0.6), |k| {
        Ok(member(&prepared[selected[k]], any_codes))
    })?;
    let names: Vec<String> = selected.iter().map(|i| prepared[*i].name.clone()).collect();
    let index = pair_index(members.len());
    let values = super::parallel_map(index.len(), control, (0.6, 0.85), |k| {
        let (i, j) = index[k];
        Ok(association(&members[i], &members[j]))
    })?;
    Ok(assemble(names, values))
}
