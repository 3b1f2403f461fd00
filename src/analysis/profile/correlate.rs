//! The correlation matrix.

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

enum Member<'a> {
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

fn association(a: &Member, b: &Member) -> (AssociationMethod, Option<f64>) {
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

pub(super) fn correlations(
    prepared: &[Prepared],
    variables: &[Variable],
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Correlations, ProfileError> {
    let selected: Vec<usize> = prepared
        .iter()
        .zip(variables)
        .enumerate()
        .filter(|(_, (p, v))| match (&p.data, p.kind) {
            (Data::Numeric(_), ColumnKind::Numeric) => v.distinct > 1,
            (Data::Codes(_), ColumnKind::Categorical | ColumnKind::Boolean) => {
                v.distinct > 1 && v.distinct <= options.thresholds.correlation_max_distinct
            }
            _ => false,
        })
        .map(|(i, _)| i)
        .collect();
    let any_codes = selected
        .iter()
        .any(|i| matches!(prepared[*i].data, Data::Codes(_)));
    let members = super::parallel_map(selected.len(), control, (0.55, 0.6), |k| {
        let p = &prepared[selected[k]];
        Ok(match &p.data {
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
        })
    })?;
    let names: Vec<String> = selected.iter().map(|i| prepared[*i].name.clone()).collect();
    let count = members.len();
    let index: Vec<(usize, usize)> = (0..count)
        .flat_map(|i| (i + 1..count).map(move |j| (i, j)))
        .collect();
    let values = super::parallel_map(index.len(), control, (0.6, 0.85), |k| {
        let (i, j) = index[k];
        Ok(association(&members[i], &members[j]))
    })?;
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
    Ok(Correlations {
        columns: names,
        matrix,
        pairs,
    })
}
