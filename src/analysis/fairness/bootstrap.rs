//! Stratified bootstrap: every resample draws, inside each group, as many rows as the group has, uniformly
//! with replacement, and recomputes every statistic from the resampled groups (the overall figures are the
//! union of the resampled groups).
//!
//! How a resample is drawn, without touching rows when it is not needed:
//! 1. Drawing n rows uniformly with replacement from a group of n rows gives confusion-cell counts
//!    `(k_tp, k_fp, k_tn, k_fn) ~ Multinomial(n; n_tp/n, n_fp/n, n_tn/n, n_fn/n)`. We draw them as conditional binomials
//!    (exact BTPE/inversion sampler of `rand_distr`), which costs O(1) per group.
//! 2. Without weights and scores every statistic depends on the rows only through these counts, so the
//!    result has exactly the distribution of a row-level resample.
//! 3. With weights or a score, given kᶜ, the rows drawn from cell c are kᶜ independent uniform draws from that
//!    cell's rows; we draw exactly those and add their weights and weight × score. This is again exactly a
//!    row-level resample, at O(n) per resample. To make it cache-friendly the draws are made in two exact
//!    stages (see [`for_each_draw`]): how many fall in each block of 1024 consecutive rows (conditional
//!    binomials), then uniform rows inside the block (10 random bits each; a last, partial block uses
//!    ⌊u·len⌋ with a 64-bit u, whose bias is below len/2⁶⁴).
//!
//! Every resample b has its own generator (PCG-64 MCG) seeded from (seed, result, b), and writes into its
//! own slot, so the output does not depend on the number of threads or on scheduling.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

use rand::{Rng, SeedableRng};
use rand_distr::{Binomial, Distribution};
use rand_pcg::Pcg64Mcg;

use super::error::FairnessError;
use super::evaluate::{Cells, EvalContext, Layout, evaluate};
use super::stats::{count_to_f64, usize_to_f64};

/// Resamples handed to a worker at a time.
const CHUNK: usize = 4;

/// What the caller can do while an audit runs.
#[derive(Clone, Copy, Default)]
pub struct RunControl<'a> {
    /// Set to `true` (from any thread) to stop; the audit then returns [`FairnessError::Cancelled`].
    /// Checked before every resample.
    pub cancel: Option<&'a AtomicBool>,
    /// Called with the fraction done (0 … 1) of the whole bootstrap, about every 0.1 %, from worker threads.
    pub progress: Option<&'a (dyn Fn(f64) + Sync)>,
}

impl RunControl<'_> {
    pub(super) fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// Progress shared by all results of one audit.
pub(super) struct Progress {
    total: usize,
    done: AtomicUsize,
    reported: AtomicUsize,
}

impl Progress {
    pub fn new(total: usize) -> Self {
        Progress {
            total: total.max(1),
            done: AtomicUsize::new(0),
            reported: AtomicUsize::new(0),
        }
    }

    fn step(&self, control: &RunControl<'_>) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(cb) = control.progress {
            let permille = done.saturating_mul(1000) / self.total;
            if self.reported.fetch_max(permille, Ordering::Relaxed) < permille {
                cb(super::stats::usize_to_f64(done) / super::stats::usize_to_f64(self.total));
            }
        }
    }
}

/// Rows of one confusion cell of one group, kept only when weights or scores make them necessary.
#[derive(Clone, Debug)]
enum CellRows {
    /// Weights (weighted data without a score).
    Weights(Vec<f64>),
    /// Scores (unweighted data with a score).
    Scores(Vec<f64>),
    /// (weight, weight × score), interleaved so one draw touches one cache line.
    Both(Vec<[f64; 2]>),
}

impl CellRows {
    fn with_capacity(weighted: bool, n: usize) -> CellRows {
        if weighted {
            CellRows::Both(Vec::with_capacity(n))
        } else {
            CellRows::Scores(Vec::with_capacity(n))
        }
    }

    /// Σ weight and Σ weight × score over `draws` rows drawn uniformly with replacement.
    fn draw<R: Rng>(&self, rng: &mut R, draws: u64) -> Result<(f64, f64), FairnessError> {
        // One accumulator per lane breaks the chain of dependent additions.
        let mut w = [0.0; LANES];
        let mut ws = [0.0; LANES];
        match self {
            CellRows::Weights(v) => for_each_draw(rng, v, draws, |lane, x| w[lane] += x)?,
            CellRows::Scores(v) => {
                for_each_draw(rng, v, draws, |lane, x| ws[lane] += x)?;
                return Ok((count_to_f64(draws), ws.iter().sum()));
            }
            CellRows::Both(v) => for_each_draw(rng, v, draws, |lane, [a, b]| {
                w[lane] += a;
                ws[lane] += b;
            })?,
        }
        Ok((w.iter().sum(), ws.iter().sum()))
    }
}

/// log₂ of the rows per block of the two-stage draw.
const BLOCK_BITS: u32 = 10;
/// Rows per block (a power of two, so 10 random bits pick a row exactly uniformly).
const BLOCK: usize = 1 << BLOCK_BITS;
/// Rows picked per 64-bit random number inside a full block (also the number of accumulator lanes).
const LANES: usize = 64 / BLOCK_BITS as usize;

/// Visit `draws` rows of `v` drawn uniformly with replacement, in two exact stages: the number of draws
/// falling in each block of [`BLOCK`] consecutive rows (conditional binomials, i.e. a multinomial over the
/// blocks with probabilities ∝ block sizes), then uniform rows inside each block. Same distribution as
/// `draws` independent uniform indices, but the rows of a block stay in L1 cache and one random number
/// picks six rows.
fn for_each_draw<T: Copy, R: Rng>(
    rng: &mut R,
    v: &[T],
    draws: u64,
    mut visit: impl FnMut(usize, T),
) -> Result<(), FairnessError> {
    let mut left_draws = draws;
    let mut left_rows = v.len();
    for block in v.chunks(BLOCK) {
        if left_draws == 0 {
            break;
        }
        let len = block.len();
        let k = if len >= left_rows {
            left_draws
        } else {
            binomial(rng, left_draws, usize_to_f64(len) / usize_to_f64(left_rows))?
        };
        left_draws -= k;
        left_rows -= len;
        if len == BLOCK {
            let mut left = k;
            while left > 0 {
                let mut bits = rng.next_u64();
                let take = usize::try_from(left).map_or(LANES, |l| l.min(LANES));
                for lane in 0..take {
                    let i = usize::try_from(bits & (BLOCK as u64 - 1)).unwrap_or(0);
                    if let Some(x) = block.get(i) {
                        visit(lane, *x);
                    }
                    bits >>= BLOCK_BITS;
                }
                left -= take as u64;
            }
        } else {
            for d in 0..k {
                if let Some(x) = block.get(uniform_index(rng, len)) {
                    visit(usize::try_from(d).unwrap_or(0) % LANES, *x);
                }
            }
        }
    }
    Ok(())
}

/// One group (stratum).
#[derive(Clone, Debug)]
struct Stratum {
    cells: Cells,
    rows: Option<[CellRows; 4]>,
}

/// The strata of one result.
#[derive(Clone, Debug)]
pub(super) struct Strata {
    groups: Vec<Stratum>,
}

/// Per-row data needed to build the strata.
pub(super) struct RowData<'a> {
    /// Group of every input row.
    pub row_group: &'a [u32],
    /// Confusion cell of every input row (`None` = excluded).
    pub row_cell: &'a [Option<u8>],
    /// Weights.
    pub weight: Option<&'a [f64]>,
    /// Scores (only when the audit has a score column).
    pub score: Option<&'a [Option<f64>]>,
}

impl Strata {
    pub fn build(cells: &[Cells], rows: &RowData<'_>) -> Strata {
        let weighted = rows.weight.is_some();
        let need_rows = weighted || rows.score.is_some();
        let mut groups: Vec<Stratum> = cells
            .iter()
            .map(|c| Stratum {
                cells: *c,
                rows: need_rows.then(|| {
                    std::array::from_fn(|k| {
                        if rows.score.is_some() {
                            CellRows::with_capacity(weighted, cap(c.n[k]))
                        } else {
                            CellRows::Weights(Vec::with_capacity(cap(c.n[k])))
                        }
                    })
                }),
            })
            .collect();
        if need_rows {
            for (i, (g, cell)) in rows.row_group.iter().zip(rows.row_cell).enumerate() {
                let Some(cell) = cell else { continue };
                let Some(Some(cr)) = groups
                    .get_mut(*g as usize)
                    .map(|s| s.rows.as_mut().and_then(|r| r.get_mut(usize::from(*cell))))
                else {
                    continue;
                };
                let w = rows.weight.and_then(|w| w.get(i).copied()).unwrap_or(1.0);
                // Used rows always have a score when the audit has a score column.
                let s = rows
                    .score
                    .and_then(|s| s.get(i).copied().flatten())
                    .unwrap_or(0.0);
                match cr {
                    CellRows::Weights(v) => v.push(w),
                    CellRows::Scores(v) => v.push(s),
                    CellRows::Both(v) => v.push([w, w * s]),
                }
            }
        }
        Strata { groups }
    }
}

/// A capacity hint from a count.
fn cap(n: u64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of resample `b` of result `stream`.
fn resample_rng(seed: u64, stream: u64, b: usize) -> Pcg64Mcg {
    let b = u64::try_from(b).unwrap_or(u64::MAX);
    Pcg64Mcg::seed_from_u64(splitmix64(splitmix64(seed ^ splitmix64(stream)) ^ b))
}

/// Uniform index in 0..m (m > 0) by multiply-shift.
fn uniform_index<R: Rng>(rng: &mut R, m: usize) -> usize {
    let m = m as u64;
    #[expect(
        clippy::cast_possible_truncation,
        reason = "the high half of a 128-bit product is < m"
    )]
    let i = ((u128::from(rng.next_u64()) * u128::from(m)) >> 64) as usize;
    i
}

fn binomial<R: Rng>(rng: &mut R, n: u64, p: f64) -> Result<u64, FairnessError> {
    if n == 0 || p <= 0.0 {
        return Ok(0);
    }
    if p >= 1.0 {
        return Ok(n);
    }
    let dist = Binomial::new(n, p).map_err(|e| FairnessError::Sampling(e.to_string()))?;
    Ok(dist.sample(rng))
}

/// Cell counts of a resample of `n` rows from a group with cell counts `counts` (Σ counts = n).
fn multinomial<R: Rng>(rng: &mut R, counts: &[u64; 4]) -> Result<[u64; 4], FairnessError> {
    let mut left_rows: u64 = counts.iter().sum();
    let mut left_mass = left_rows;
    let mut k = [0u64; 4];
    for c in 0..3 {
        if left_rows == 0 || left_mass == 0 {
            break;
        }
        let p = count_to_f64(counts[c]) / count_to_f64(left_mass);
        k[c] = binomial(rng, left_rows, p)?;
        left_rows -= k[c];
        left_mass -= counts[c];
    }
    k[3] = left_rows;
    Ok(k)
}

/// Draw one resample of every group into `out`.
fn resample<R: Rng>(rng: &mut R, strata: &Strata, out: &mut [Cells]) -> Result<(), FairnessError> {
    for (st, o) in strata.groups.iter().zip(out.iter_mut()) {
        *o = Cells::default();
        if st.cells.rows() == 0 {
            continue;
        }
        let k = multinomial(rng, &st.cells.n)?;
        o.n = k;
        match &st.rows {
            None => {
                for (w, kc) in o.w.iter_mut().zip(k) {
                    *w = count_to_f64(kc);
                }
            }
            Some(rows) => {
                for (c, cr) in rows.iter().enumerate() {
                    let (w, ws) = cr.draw(rng, k[c])?;
                    o.w[c] = w;
                    o.ws[c] = ws;
                }
            }
        }
    }
    Ok(())
}

/// Settings of one bootstrap run.
pub(super) struct RunSettings<'a> {
    pub resamples: usize,
    pub seed: u64,
    pub stream: u64,
    pub threads: Option<NonZeroUsize>,
    pub control: &'a RunControl<'a>,
    pub progress: &'a Progress,
}

/// Run the bootstrap of one result: returns `resamples × layout.len()` numbers, resample-major.
pub(super) fn run(
    strata: &Strata,
    ctx: &EvalContext,
    layout: Layout,
    settings: &RunSettings<'_>,
) -> Result<Vec<f64>, FairnessError> {
    let stride = layout.len();
    let mut out = vec![f64::NAN; settings.resamples * stride];
    let threads = settings
        .threads
        .or_else(|| thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
        .min(settings.resamples.div_ceil(CHUNK))
        .max(1);
    let chunks = Mutex::new(out.chunks_mut(stride * CHUNK).enumerate());
    let failed = AtomicBool::new(false);
    let work = || -> Result<(), FairnessError> {
        let mut scratch = vec![Cells::default(); layout.groups()];
        loop {
            let next = {
                let mut guard = chunks.lock().map_err(|_| FairnessError::WorkerFailed)?;
                guard.next()
            };
            let Some((ci, chunk)) = next else {
                return Ok(());
            };
            for (j, slot) in chunk.chunks_mut(stride).enumerate() {
                if settings.control.cancelled() || failed.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let b = ci * CHUNK + j;
                let mut rng = resample_rng(settings.seed, settings.stream, b);
                if let Err(e) = resample(&mut rng, strata, &mut scratch) {
                    failed.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                evaluate(&scratch, ctx, layout, slot);
                settings.progress.step(settings.control);
            }
        }
    };
    thread::scope(|s| -> Result<(), FairnessError> {
        let mut handles = Vec::with_capacity(threads.saturating_sub(1));
        for t in 1..threads {
            let handle = thread::Builder::new()
                .name(format!("fairness-bootstrap-{t}"))
                .spawn_scoped(s, work)
                .map_err(|e| FairnessError::Thread(e.to_string()));
            match handle {
                Ok(h) => handles.push(h),
                Err(e) => {
                    failed.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        let mut result = work();
        for h in handles {
            let r = h
                .join()
                .map_err(|_| FairnessError::WorkerFailed)
                .and_then(|r| r);
            if result.is_ok() {
                result = r;
            }
        }
        result
    })?;
    if settings.control.cancelled() {
        return Err(FairnessError::Cancelled);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multinomial_keeps_total_and_respects_empty_cells() {
        let mut rng = resample_rng(1, 2, 3);
        for _ in 0..200 {
            let k = multinomial(&mut rng, &[5, 0, 7, 3]).unwrap();
            assert_eq!(k.iter().sum::<u64>(), 15);
            assert_eq!(k[1], 0);
        }
        assert_eq!(multinomial(&mut rng, &[0, 0, 9, 0]).unwrap(), [0, 0, 9, 0]);
    }

    #[test]
    fn multinomial_mean_matches() {
        let mut rng = resample_rng(7, 0, 0);
        let mut sum = [0u64; 4];
        let reps = 20_000;
        for _ in 0..reps {
            let k = multinomial(&mut rng, &[10, 20, 30, 40]).unwrap();
            for c in 0..4 {
                sum[c] += k[c];
            }
        }
        for (c, expected) in [10.0, 20.0, 30.0, 40.0].iter().enumerate() {
            let mean = count_to_f64(sum[c]) / f64::from(reps);
            assert!((mean - expected).abs() < 0.3, "cell {c}: {mean}");
        }
    }

    #[test]
    fn block_draws_are_uniform_over_rows() {
        // 3000 rows = two full blocks and a partial one.
        let rows: Vec<u32> = (0..3000).collect();
        let mut hits = vec![0u32; rows.len()];
        let mut rng = resample_rng(11, 0, 0);
        let draws = 3_000_000u64;
        let mut visited = 0u64;
        for_each_draw(&mut rng, &rows, draws, |_, r| {
            hits[r as usize] += 1;
            visited += 1;
        })
        .unwrap();
        assert_eq!(visited, draws);
        // Each row expects 1000 hits (sd ≈ 31.6); check every row and the three blocks' totals.
        assert!(
            hits.iter().all(|h| (800..1200).contains(h)),
            "{:?}",
            hits.iter().min()
        );
        let block = |r: std::ops::Range<usize>| f64::from(hits[r].iter().sum::<u32>());
        assert!((block(0..1024) / 1_024_000.0 - 1.0).abs() < 0.01);
        assert!((block(2048..3000) / 952_000.0 - 1.0).abs() < 0.01);
        let mut none = 0;
        for_each_draw(&mut rng, &rows, 0, |_, _| none += 1).unwrap();
        assert_eq!(none, 0);
    }

    #[test]
    fn uniform_index_in_range() {
        let mut rng = resample_rng(0, 0, 0);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            seen[uniform_index(&mut rng, 7)] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }
}
