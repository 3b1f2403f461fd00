//! A realistic sample "AI Risk Treatment Plan", shared by the examples and tests.
//! `sample_doc(n)` scales with `n` risks (the register, FMEA and treatment tables
//! grow with it), so the same builder gives a short demo or a 40+ page stress test.

#![allow(dead_code, reason = "each includer uses a different subset")]
#![allow(
    clippy::too_many_lines,
    clippy::vec_init_then_push,
    reason = "a long, linear fixture that reads top to bottom like the document"
)]

use riskbench::report::{
    Align, BarSeries, Block, Callout, CalloutKind, Cell, Column, DataTable, DocMeta, Figure,
    GroupedBarChart, HBar, HBarChart, Heading, HeatMap, HeatMapEntry, KeyValue, Person,
    ReferenceLine, ReportDoc, RichText, RiskBand, Signature, palette,
};

/// Deterministic pseudo-random numbers (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = usize::try_from(self.next()).unwrap_or(0) % items.len();
        items[i]
    }
}

fn h(level: u8, text: &str) -> Block {
    Block::Heading(Heading {
        level,
        text: text.into(),
    })
}

fn p(text: &str) -> Block {
    Block::Paragraph(RichText::markup(text))
}

fn bullets(items: &[&str]) -> Block {
    Block::Bullets(items.iter().map(|s| RichText::markup(s)).collect())
}

fn kv(rows: &[(&str, &str)]) -> Block {
    Block::KeyValues(rows.iter().map(|(k, v)| KeyValue::new(*k, *v)).collect())
}

const HAZARDS: &[&str] = &[
    "Disparate false-negative rate for applicants over 60",
    "Training data drift after change in bureau scoring",
    "Proxy discrimination through postcode features",
    "Model used outside approved credit limit range",
    "Explanations inconsistent with adverse-action notices",
    "Silent failure of the feature pipeline",
    "Over-reliance by underwriters on model score",
    "Label leakage from collections outcomes",
    "Unmonitored performance decay in new segments",
    "Vendor model update without change control",
];
const OWNERS: &[&str] = &[
    "M. Okafor",
    "J. Lindqvist",
    "S. Moreau",
    "A. Tanaka",
    "R. Haddad",
    "L. Novak",
];
const CONTROLS: &[&str] = &[
    "Quarterly fairness audit with bootstrap CIs",
    "PSI drift monitor on top 20 features",
    "Feature review board; remove proxies",
    "Hard limit in decision engine",
    "Explanation regression tests",
    "Pipeline health checks and kill switch",
    "Underwriter training and override sampling",
];

fn band_of(score: u64) -> RiskBand {
    match score {
        0..=3 => RiskBand::VeryLow,
        4..=6 => RiskBand::Low,
        7..=12 => RiskBand::Medium,
        13..=19 => RiskBand::High,
        _ => RiskBand::VeryHigh,
    }
}

struct Risk {
    id: String,
    title: String,
    owner: &'static str,
    l: u8,
    i: u8,
    rl: u8,
    ri: u8,
    control: &'static str,
}

fn risks(n: usize) -> Vec<Risk> {
    let mut r = Lcg(42);
    (0..n)
        .map(|k| {
            let l = u8::try_from(r.range(1, 5)).unwrap_or(1);
            let i = u8::try_from(r.range(1, 5)).unwrap_or(1);
            let rl = l
                .saturating_sub(u8::try_from(r.range(0, 2)).unwrap_or(0))
                .max(1);
            let ri = i
                .saturating_sub(u8::try_from(r.range(0, 1)).unwrap_or(0))
                .max(1);
            Risk {
                id: format!("R{:02}", k + 1),
                title: r.pick(HAZARDS).to_string(),
                owner: r.pick(OWNERS),
                l,
                i,
                rl,
                ri,
                control: r.pick(CONTROLS),
            }
        })
        .collect()
}

/// The sample document with `n_risks` risks.
#[must_use]
pub fn sample_doc(n_risks: usize) -> ReportDoc {
    let risks = risks(n_risks);
    let mut b: Vec<Block> = Vec::new();

    // Document control.
    b.push(h(1, "Document control"));
    b.push(Block::Table(DataTable {
        caption: "Revision history".into(),
        columns: vec![
            Column::new("Version", 0.7).align(Align::Centre),
            Column::new("Date", 1.0),
            Column::new("Author", 1.3),
            Column::new("Change", 4.0),
        ],
        rows: vec![
            vec![
                "0.1".into(),
                "2025-01-14".into(),
                "M. Okafor".into(),
                "Initial draft after scoping workshop".into(),
            ],
            vec![
                "0.9".into(),
                "2025-03-03".into(),
                "J. Lindqvist".into(),
                "Fairness audit results, FMEA worksheets and treatment actions added".into(),
            ],
            vec![
                "1.0".into(),
                "2025-03-31".into(),
                "M. Okafor".into(),
                "Issued for risk committee approval".into(),
            ],
        ],
        empty_text: String::new(),
    }));
    b.push(Block::TableOfContents);

    // Executive summary.
    b.push(h(1, "Executive summary"));
    b.push(p("This plan sets out how the risks of the **Retail Credit Scoring Model v4** are treated before deployment, in line with ISO 31000, ISO/IEC 23894 and the NIST AI RMF. It records the residual risk posture after the agreed treatments, the checks that failed, and the decisions the Model Risk Committee is asked to take."));
    let mut counts = [[0u32; 2]; 5];
    for r in &risks {
        counts[band_of(u64::from(r.l) * u64::from(r.i)) as usize][0] += 1;
        counts[band_of(u64::from(r.rl) * u64::from(r.ri)) as usize][1] += 1;
    }
    b.push(Block::Table(DataTable {
        caption: "Risk posture by band, inherent and residual".into(),
        columns: vec![
            Column::new("Band", 2.0),
            Column::new("Inherent", 1.0).align(Align::Right),
            Column::new("Residual", 1.0).align(Align::Right),
            Column::new("Change", 1.0).align(Align::Right),
        ],
        rows: RiskBand::ALL
            .iter()
            .rev()
            .map(|band| {
                let [a, c] = counts[*band as usize];
                vec![
                    Cell::band(*band),
                    a.to_string().into(),
                    c.to_string().into(),
                    format!("{:+}", i64::from(c) - i64::from(a)).into(),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    b.push(Block::Callout(Callout {
        kind: CalloutKind::Critical,
        title: "Two fairness checks failed".into(),
        body: RichText::markup("The false-negative rate gap for **applicants over 60** (0.091) and for **applicants with thin credit files** (0.084) exceed the tolerance of 0.05. Treatments T-03 and T-07 address both; the residual gap must be re-measured before go-live."),
    }));
    b.push(Block::Callout(Callout {
        kind: CalloutKind::Decision,
        title: "Decisions requested from the committee".into(),
        body: RichText::markup("1. Approve the treatment plan in section 11.\n2. Accept the residual risks listed in section 12 until **2025-09-30**.\n3. Confirm the kill-switch criteria in section 13."),
    }));
    b.push(p("Top risks after treatment:"));
    b.push(bullets(&[
        "**R03** Proxy discrimination through postcode features: residual _medium_; feature removal scheduled for release 4.1.",
        "**R07** Over-reliance by underwriters on the model score: residual _medium_; override sampling in place.",
        "**R11** Unmonitored performance decay in new segments: residual _low_ after segment-level monitoring.",
    ]));

    // Scope and context.
    b.push(h(1, "Scope and context"));
    b.push(kv(&[
        ("AI system", "Retail Credit Scoring Model v4 (gradient-boosted trees, 212 features)"),
        ("Intended use", "Rank-ordering of unsecured personal loan applications between EUR 1,000 and EUR 25,000 for human underwriters"),
        ("Out-of-scope uses", "Fully automated decline; mortgage or business lending; collections prioritisation"),
        ("Deployment context", "Branch and online channels, 11 markets; decisions reviewed by underwriters"),
        ("Affected groups", "Applicants, including protected groups by age, sex and nationality; underwriters"),
        ("Lifecycle stage", "Pre-deployment validation"),
        ("EU AI Act tier", "High risk (Annex III, 5(b): creditworthiness assessment)"),
    ]));
    b.push(h(2, "Stakeholders"));
    b.push(p("The plan was prepared with the credit risk, compliance, data protection and customer experience functions. Underwriters from two pilot branches took part in the pre-mortem workshop."));

    // Risk criteria.
    b.push(h(1, "Risk criteria"));
    b.push(p("Likelihood and impact are scored on five-point scales. The product of the two places a risk in one of five bands; the matrix below is the one approved by the committee in 2024."));
    b.push(Block::Table(DataTable {
        caption: "Likelihood and impact scales".into(),
        columns: vec![
            Column::new("Level", 0.6).align(Align::Centre),
            Column::new("Likelihood", 2.0),
            Column::new("Impact", 3.0),
        ],
        rows: vec![
            vec![
                "1".into(),
                "Rare (< 1 % per year)".into(),
                "Negligible: no customer detriment".into(),
            ],
            vec![
                "2".into(),
                "Unlikely (1–10 %)".into(),
                "Minor: isolated, reversible detriment".into(),
            ],
            vec![
                "3".into(),
                "Possible (10–50 %)".into(),
                "Moderate: detriment to a group, complaint volume rises".into(),
            ],
            vec![
                "4".into(),
                "Likely (50–90 %)".into(),
                "Major: systematic unfair outcomes, regulatory finding".into(),
            ],
            vec![
                "5".into(),
                "Almost certain (> 90 %)".into(),
                "Severe: unlawful discrimination, enforcement action".into(),
            ],
        ],
        empty_text: String::new(),
    }));
    b.push(h(2, "Appetite, tolerance and fairness thresholds"));
    b.push(bullets(&[
        "Risks in the **high** and **very high** bands are outside appetite and must be treated.",
        "Risks in the **medium** band may be accepted by the committee for at most six months.",
        "Fairness: the false-negative-rate gap between any group and the reference group must stay below **0.05**; the selection-rate ratio above **0.80**.",
    ]));

    // Method.
    b.push(h(1, "Method and participants"));
    b.push(p("Risks were identified with bow-tie analysis, FMEA on the decision pipeline, a pre-mortem workshop and a data and fairness audit of the development sample."));
    b.push(Block::Table(DataTable {
        caption: "Workshops".into(),
        columns: vec![
            Column::new("Date", 1.0),
            Column::new("Method", 1.4),
            Column::new("Participants", 4.0),
        ],
        rows: vec![
            vec![
                "2025-01-21".into(),
                "Bow-tie".into(),
                "M. Okafor (facilitator), J. Lindqvist, S. Moreau, two underwriters".into(),
            ],
            vec![
                "2025-02-04".into(),
                "FMEA".into(),
                "A. Tanaka, R. Haddad, platform engineering".into(),
            ],
            vec![
                "2025-02-11".into(),
                "Pre-mortem".into(),
                "Risk committee delegates, customer experience, data protection officer".into(),
            ],
        ],
        empty_text: String::new(),
    }));

    // Evidence.
    b.push(h(1, "Evidence"));
    b.push(h(2, "Datasets"));
    b.push(Block::Table(DataTable {
        caption: "Datasets used in the assessment".into(),
        columns: vec![
            Column::new("Dataset", 1.2),
            Column::new("Path", 2.0),
            Column::new("Rows", 0.8).align(Align::Right),
            Column::new("SHA-256", 2.6),
        ],
        rows: vec![
            vec![
                "Development".into(),
                "data/credit/dev_sample_2019_2023.parquet".into(),
                "1,000,000".into(),
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            ],
            vec![
                "Out-of-time".into(),
                "data/credit/oot_2024H1.csv".into(),
                "184,220".into(),
                "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752".into(),
            ],
            vec![
                "Rejected applicants".into(),
                "data/credit/reject_inference/rejects_2023.csv".into(),
                "52,918".into(),
                "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13".into(),
            ],
        ],
        empty_text: String::new(),
    }));
    b.push(Block::Callout(Callout {
        kind: CalloutKind::Warning,
        title: "Data quality alerts".into(),
        body: RichText::markup("**employment_length** is missing for 7.4 % of rows (threshold 5 %); **income** has 212 values above the 99.9th percentile cap."),
    }));
    b.push(h(2, "Fairness audit"));
    let groups = ["18–25", "26–40", "41–60", "Over 60", "Thin file"];
    let fnr: [f32; 5] = [0.112, 0.098, 0.101, 0.189, 0.182];
    let rows: Vec<Vec<Cell>> = groups
        .iter()
        .zip(fnr)
        .map(|(g, v)| {
            let gap: f32 = v - 0.098;
            vec![
                (*g).into(),
                format!("{v:.3}").into(),
                format!("[{:.3}, {:.3}]", v - 0.012, v + 0.013).into(),
                format!("{gap:.3}").into(),
                Cell::pass_fail(gap < 0.05),
            ]
        })
        .collect();
    b.push(Block::Table(DataTable {
        caption: "False-negative rate by age group (reference: 26–40)".into(),
        columns: vec![
            Column::new("Group", 1.4),
            Column::new("FNR", 0.8).align(Align::Right),
            Column::new("95 % CI", 1.5).align(Align::Centre),
            Column::new("Gap", 0.8).align(Align::Right),
            Column::new("Result", 0.9).align(Align::Centre),
        ],
        rows,
        empty_text: String::new(),
    }));
    b.push(Block::Figure(Figure::grouped_bar_chart(
        "False-negative rate by group with 95 % confidence intervals; dashed line: tolerance (reference + 0.05)",
        &GroupedBarChart {
            title: "False-negative rate by group".into(),
            y_label: "False-negative rate".into(),
            categories: groups.iter().map(|s| (*s).to_string()).collect(),
            series: vec![
                BarSeries {
                    name: "Model v4".into(),
                    values: fnr.to_vec(),
                    ci: fnr.iter().map(|v| Some([*v - 0.012, *v + 0.013])).collect(),
                },
                BarSeries {
                    name: "Model v3 (incumbent)".into(),
                    values: vec![0.121, 0.109, 0.114, 0.171, 0.176],
                    ci: vec![Some([0.108, 0.134]), Some([0.1, 0.118]), Some([0.103, 0.125]), Some([0.152, 0.19]), Some([0.158, 0.194])],
                },
            ],
            reference: Some(ReferenceLine {
                value: 0.148,
                label: "Tolerance 0.148".into(),
            }),
            y_range: None,
            decimals: 2,
        },
    )));
    b.push(Block::Figure(Figure::horizontal_bar_chart(
        "Population stability index of the five most drifted features (out-of-time vs development)",
        &HBarChart {
            title: String::new(),
            x_label: "PSI".into(),
            bars: vec![
                HBar {
                    label: "bureau_score_v2".into(),
                    value: 0.31,
                    color: Some(palette::BAND_VERY_HIGH),
                },
                HBar {
                    label: "months_since_last_delinquency".into(),
                    value: 0.22,
                    color: Some(palette::BAND_HIGH),
                },
                HBar {
                    label: "income".into(),
                    value: 0.14,
                    color: Some(palette::BAND_MEDIUM),
                },
                HBar {
                    label: "employment_length".into(),
                    value: 0.08,
                    color: None,
                },
                HBar {
                    label: "loan_purpose".into(),
                    value: 0.03,
                    color: None,
                },
            ],
            x_max: None,
            reference: Some(ReferenceLine {
                value: 0.25,
                label: "Action threshold 0.25".into(),
            }),
            decimals: 2,
        },
    )));
    b.push(h(2, "Model card gaps"));
    b.push(Block::Table(DataTable {
        caption: "Documented limitations versus measured findings".into(),
        columns: vec![
            Column::new("Topic", 1.0),
            Column::new("Model card says", 2.0),
            Column::new("Measured", 2.0),
        ],
        rows: vec![
            vec![
                "Age".into(),
                "No material performance difference by age".into(),
                Cell::new("FNR gap 0.091 for over 60 (fails tolerance)").fill(palette::FAIL),
            ],
            vec![
                "Drift".into(),
                "Stable on 2023 data".into(),
                Cell::new("PSI 0.31 on bureau_score_v2 in 2024H1").fill(palette::WARN),
            ],
        ],
        empty_text: String::new(),
    }));

    // Register.
    b.push(h(1, "Risk register"));
    b.push(p("All identified risks with their inherent and residual scores. Bands follow the matrix in section 4."));
    b.push(Block::Table(DataTable {
        caption: "Risk register".into(),
        columns: vec![
            Column::new("ID", 0.6),
            Column::new("Risk", 3.2),
            Column::new("Owner", 1.3),
            Column::new("Inherent", 1.1).align(Align::Centre),
            Column::new("Residual", 1.1).align(Align::Centre),
        ],
        rows: risks
            .iter()
            .map(|r| {
                let ib = band_of(u64::from(r.l) * u64::from(r.i));
                let rb = band_of(u64::from(r.rl) * u64::from(r.ri));
                vec![
                    Cell::new(r.id.clone()).bold(),
                    r.title.clone().into(),
                    r.owner.into(),
                    Cell::new(format!("{} ({}×{})", ib.label(), r.l, r.i)).fill(ib.fill()),
                    Cell::new(format!("{} ({}×{})", rb.label(), r.rl, r.ri)).fill(rb.fill()),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    let label = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    let l_labels = label(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]);
    let i_labels = label(&["Negligible", "Minor", "Moderate", "Major", "Severe"]);
    b.push(Block::Figure(Figure::risk_heat_maps(
        "Inherent and residual risk heat maps",
        &[
            HeatMap {
                title: "Inherent risk".into(),
                likelihood_labels: l_labels.clone(),
                impact_labels: i_labels.clone(),
                bands: None,
                fills: None,
                legend: Vec::new(),
                entries: risks
                    .iter()
                    .take(40)
                    .map(|r| HeatMapEntry {
                        id: r.id.clone(),
                        likelihood: r.l,
                        impact: r.i,
                    })
                    .collect(),
            },
            HeatMap {
                title: "Residual risk".into(),
                likelihood_labels: l_labels,
                impact_labels: i_labels,
                bands: None,
                fills: None,
                legend: Vec::new(),
                entries: risks
                    .iter()
                    .take(40)
                    .map(|r| HeatMapEntry {
                        id: r.id.clone(),
                        likelihood: r.rl,
                        impact: r.ri,
                    })
                    .collect(),
            },
        ],
    )));

    // FMEA, landscape.
    let mut rr = Lcg(7);
    b.push(Block::Landscape(vec![
        h(1, "FMEA worksheets"),
        p("Failure modes of the decision pipeline, sorted by Action Priority (AP). S: severity, O: occurrence, D: detection, each 1–10."),
        Block::Table(DataTable {
            caption: "FMEA worksheet: scoring pipeline".into(),
            columns: vec![
                Column::new("ID", 0.5),
                Column::new("Function", 1.4),
                Column::new("Failure mode", 2.0),
                Column::new("Effect", 2.0),
                Column::new("Cause", 2.0),
                Column::new("S", 0.35).align(Align::Centre),
                Column::new("O", 0.35).align(Align::Centre),
                Column::new("D", 0.35).align(Align::Centre),
                Column::new("AP", 0.5).align(Align::Centre),
                Column::new("Current controls", 2.0),
                Column::new("Action", 2.0),
            ],
            rows: (0..(n_risks / 2).max(6))
                .map(|k| {
                    let s = rr.range(3, 10);
                    let o = rr.range(1, 8);
                    let d = rr.range(1, 8);
                    let (ap, fill) = if s >= 9 || s * o >= 40 {
                        ("H", palette::BAND_VERY_HIGH)
                    } else if s * o >= 20 {
                        ("M", palette::BAND_MEDIUM)
                    } else {
                        ("L", palette::BAND_VERY_LOW)
                    };
                    vec![
                        format!("F{:02}", k + 1).into(),
                        rr.pick(&["Feature ingestion", "Scoring service", "Decision rules", "Explanation service", "Monitoring"]).into(),
                        rr.pick(&["Stale bureau data served", "Score returned for out-of-range input", "Timeout falls back to default approve", "Reason codes missing"]).into(),
                        rr.pick(&["Wrong decisions for a segment", "Unfair outcome for protected group", "Regulatory breach"]).into(),
                        rr.pick(&["Cache TTL misconfigured", "No input validation", "Vendor API change", "Schema drift"]).into(),
                        s.to_string().into(),
                        o.to_string().into(),
                        d.to_string().into(),
                        Cell::new(ap).fill(fill).bold(),
                        rr.pick(CONTROLS).into(),
                        rr.pick(&["Add schema contract test", "Fail closed on timeout", "Alert on stale cache > 24 h", "Block release on reason-code regression"]).into(),
                    ]
                })
                .collect(),
            empty_text: String::new(),
        }),
    ]));

    // Treatment plan.
    b.push(h(1, "Treatment plan"));
    b.push(p("For each risk outside appetite the committee is asked to approve the treatment option, the actions, owners and due dates below."));
    for r in risks.iter().filter(|r| r.l * r.i >= 13).take(6) {
        b.push(h(2, &format!("{}: {}", r.id, r.title)));
        b.push(kv(&[
            ("Option", "Modify the risk (reduce likelihood)"),
            ("Rationale", "Outside appetite; cost of treatment proportionate to the expected reduction in detriment."),
            ("Owner", r.owner),
            ("Resources", "0.5 FTE data scientist for 6 weeks; fairness tooling already licensed"),
            ("KRIs", "FNR gap per group (monthly), override rate (weekly)"),
        ]));
        b.push(Block::Table(DataTable {
            caption: String::new(),
            columns: vec![
                Column::new("Action", 3.0),
                Column::new("Owner", 1.2),
                Column::new("Due", 1.0).align(Align::Centre),
                Column::new("Status", 1.0).align(Align::Centre),
            ],
            rows: vec![
                vec![
                    r.control.into(),
                    r.owner.into(),
                    "2025-05-30".into(),
                    Cell::new("Planned"),
                ],
                vec![
                    "Re-measure after treatment and report to committee".into(),
                    "M. Okafor".into(),
                    "2025-06-27".into(),
                    Cell::new("Planned"),
                ],
            ],
            empty_text: String::new(),
        }));
    }
    if n_risks > 30 {
        b.push(h(2, "Treatment actions for all risks"));
        b.push(Block::Table(DataTable {
            caption: "Treatment actions".into(),
            columns: vec![
                Column::new("Risk", 0.6),
                Column::new("Action", 3.0),
                Column::new("Owner", 1.2),
                Column::new("Due", 1.0).align(Align::Centre),
            ],
            rows: risks
                .iter()
                .map(|r| {
                    vec![
                        r.id.clone().into(),
                        r.control.into(),
                        r.owner.into(),
                        "2025-06-30".into(),
                    ]
                })
                .collect(),
            empty_text: String::new(),
        }));
    }

    // Acceptance.
    b.push(h(1, "Residual risks accepted"));
    b.push(p("The business owner accepts the following residual risks under the stated conditions. Acceptance expires on the date shown and must then be renewed or the risk treated further."));
    b.push(Block::Table(DataTable {
        caption: "Accepted residual risks".into(),
        columns: vec![
            Column::new("Risk", 0.6),
            Column::new("Residual", 1.0).align(Align::Centre),
            Column::new("Conditions", 3.0),
            Column::new("Expiry", 1.0).align(Align::Centre),
        ],
        rows: vec![
            vec![
                "R03".into(),
                Cell::band(RiskBand::Medium),
                "Postcode features removed in release 4.1; monthly proxy audit".into(),
                "2025-09-30".into(),
            ],
            vec![
                "R07".into(),
                Cell::band(RiskBand::Medium),
                "Override sampling of 2 % of decisions; refresher training for all underwriters"
                    .into(),
                "2025-09-30".into(),
            ],
        ],
        empty_text: String::new(),
    }));
    b.push(Block::Signatures(vec![
        Signature {
            name: "Dr. Helena Brandt".into(),
            role: "Chief Risk Officer".into(),
            date: String::new(),
        },
        Signature {
            name: "Tomás Ferreira".into(),
            role: "Head of Retail Lending (business owner)".into(),
            date: String::new(),
        },
        Signature {
            name: "Mei Okafor".into(),
            role: "Model Risk Manager (author)".into(),
            date: "2025-03-31".into(),
        },
    ]));

    // Monitoring.
    b.push(h(1, "Monitoring, triggers and incident response"));
    b.push(Block::Table(DataTable {
        caption: "Monitoring triggers".into(),
        columns: vec![
            Column::new("Indicator", 1.6),
            Column::new("Threshold", 1.0),
            Column::new("Response", 3.0),
        ],
        rows: vec![
            vec![
                "PSI, any top-20 feature".into(),
                "> 0.25".into(),
                "Investigate within 5 days; retrain decision by committee".into(),
            ],
            vec![
                "FNR gap, any group".into(),
                "> 0.05".into(),
                "Incident; notify compliance within 24 h".into(),
            ],
            vec![
                Cell::new("Kill switch").bold(),
                Cell::new("FNR gap > 0.10 or pipeline failure").bold(),
                Cell::new("Revert to incumbent model v3 immediately").fill(palette::FAIL),
            ],
        ],
        empty_text: String::new(),
    }));
    b.push(p("Review cadence: monthly monitoring report to the model owner; quarterly review by the Model Risk Committee; full re-assessment before any material model change."));

    // Appendices.
    b.push(h(1, "Appendices"));
    b.push(h(2, "NIST AI RMF coverage"));
    b.push(Block::Table(DataTable {
        caption: "NIST AI RMF subcategory coverage".into(),
        columns: vec![
            Column::new("Subcategory", 0.9),
            Column::new("Evidence in this plan", 3.0),
            Column::new("Status", 0.9).align(Align::Centre),
        ],
        rows: [
            (
                "GOVERN 1.1",
                "Legal and regulatory requirements identified (section 3)",
                true,
            ),
            (
                "MAP 1.1",
                "Intended purpose and context documented (section 3)",
                true,
            ),
            (
                "MAP 5.1",
                "Likelihood and magnitude of impacts characterised (section 4)",
                true,
            ),
            (
                "MEASURE 2.11",
                "Fairness and bias evaluated (section 6.2)",
                false,
            ),
            (
                "MANAGE 1.3",
                "Responses to high-priority risks planned (section 9)",
                true,
            ),
            (
                "MANAGE 4.1",
                "Post-deployment monitoring planned (section 11)",
                true,
            ),
        ]
        .iter()
        .map(|(a, bb, ok)| vec![(*a).into(), (*bb).into(), Cell::pass_fail(*ok)])
        .collect(),
        empty_text: String::new(),
    }));
    b.push(h(2, "Glossary"));
    b.push(kv(&[
        (
            "AP",
            "Action Priority, the FMEA ranking that replaces the risk priority number",
        ),
        (
            "FNR",
            "False-negative rate: share of creditworthy applicants the model would decline",
        ),
        (
            "PSI",
            "Population stability index, a measure of distribution shift",
        ),
        ("KRI", "Key risk indicator"),
    ]));
    b.push(h(2, "Audit trail"));
    b.push(Block::Table(DataTable {
        caption: "Changes to the assessment".into(),
        columns: vec![
            Column::new("When", 1.3),
            Column::new("Who", 1.0),
            Column::new("What", 3.5),
        ],
        rows: (0..12)
            .map(|k| {
                vec![
                    format!("2025-03-{:02} 10:{:02}", 1 + k * 2, 5 + k * 3).into(),
                    OWNERS[k % OWNERS.len()].into(),
                    format!(
                        "Updated risk R{:02}: residual likelihood re-scored after control test",
                        k + 1
                    )
                    .into(),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));

    ReportDoc {
        meta: DocMeta {
            title: "AI Risk Treatment Plan".into(),
            subtitle: "Pre-deployment assessment for the Model Risk Committee".into(),
            system_name: "Retail Credit Scoring Model v4".into(),
            organisation: "Northbridge Bank plc \u{00B7} Model Risk Management".into(),
            classification: "Confidential".into(),
            authors: vec![
                Person::new("Mei Okafor", "Model Risk Manager"),
                Person::new("Jonas Lindqvist", "Senior Data Scientist"),
            ],
            approvers: vec![
                Person::new("Dr. Helena Brandt", "Chief Risk Officer"),
                Person::new("Tomás Ferreira", "Head of Retail Lending"),
            ],
            subject: "AI risk treatment plan for the Retail Credit Scoring Model v4".into(),
            keywords: vec![
                "AI risk".into(),
                "ISO 31000".into(),
                "ISO/IEC 23894".into(),
                "NIST AI RMF".into(),
            ],
            date: "2025-03-31".into(),
            version: "1.0".into(),
            status: "Issued for approval".into(),
            next_review: "2025-09-30".into(),
        },
        blocks: b,
        options: riskbench::report::RenderOptions::default(),
    }
}
