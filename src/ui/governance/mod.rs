//! Govern › Governance: the review board (members, charter, quorum), its decisions with votes and veto (the
//! member picked from the board) and each decision's history (votes, who vetoed and when, when and by whom
//! the veto was lifted), red-team exercises with findings, bias-bounty submissions and assurance reviews.
//! Votes and vetoes go through `model::governance::rules`, whose refusals (a veto without the right, a veto
//! without a reason) are shown here.

use egui::{RichText, Ui};

use super::screen::{Screen, ScreenContext};
use super::sections::Section;
use super::widgets::{date_field, grid_text, labelled, list_field, row_id};
use crate::model::Document;
use crate::model::governance::history::history;
use crate::model::governance::rules::{self, outcome};
use crate::model::governance::{
    AssuranceOpinion, AssuranceReview, BoardMember, BountySubmission, Decision, DecisionKind,
    RedTeamExercise, RedTeamFinding, Severity, TriageStatus, VoteChoice,
};
use crate::model::ids::next_id;

/// A vote, veto or lifting chosen this frame, applied through the rules as one undo step.
type BoardAction =
    Box<dyn FnOnce(&mut crate::model::Project) -> Result<(), rules::GovernanceError>>;

/// The governance screen: what is being typed for a vote or veto, and the last refusal.
#[derive(Default)]
pub struct GovernanceScreen {
    /// Who votes or vetoes, per decision id.
    voter: std::collections::BTreeMap<String, String>,
    /// The reason typed for a veto or its lifting, per decision id.
    reason: std::collections::BTreeMap<String, String>,
    /// The last refusal of the board's rules, shown until the next action.
    pub message: Option<String>,
}

impl Screen for GovernanceScreen {
    fn section(&self) -> Section {
        Section::Governance
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let today = cx.today;
        ui.label(
            "The AI review board decides releases and may veto them: a release decision that is not approved, \
             or vetoed, blocks the release gate (`riskbench check`) until it is approved and the veto lifted.",
        );
        if let Some(m) = &self.message {
            ui.colored_label(ui.visuals().error_fg_color, m);
        }
        // What a hand-edited or merged file may hold: votes by non-members, a quorum larger than the board,
        // links to risks that are gone.
        let project = cx.doc.project();
        for problem in rules::problems(&project.governance, |r| {
            project.risks.iter().any(|x| x.risk_id == r)
        }) {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {problem}"));
        }
        ui.add_space(6.0);
        board_ui(ui, cx.doc);
        ui.add_space(10.0);
        self.decisions_ui(ui, cx.doc, today);
        ui.add_space(10.0);
        red_team_ui(ui, cx.doc);
        ui.add_space(10.0);
        bounty_ui(ui, cx.doc);
        ui.add_space(10.0);
        assurance_ui(ui, cx.doc);
    }
}

fn heading(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).strong().size(16.0));
}

fn board_ui(ui: &mut Ui, doc: &mut Document) {
    heading(ui, "Review board");
    let board = &mut doc.project_mut().governance.board;
    let mut remove = None;
    egui::Grid::new("board").num_columns(4).show(ui, |ui| {
        let name = ui.label("Name");
        let role = ui.label("Role");
        ui.label("Veto power");
        ui.end_row();
        for (i, m) in board.members.iter_mut().enumerate() {
            grid_text(
                ui,
                row_id("board_members", i, "name"),
                &mut m.name,
                180.0,
                name.id,
            );
            grid_text(
                ui,
                row_id("board_members", i, "role"),
                &mut m.role,
                200.0,
                role.id,
            );
            ui.checkbox(&mut m.can_veto, "May veto");
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        board.members.remove(i);
    }
    if ui.button("Add member").clicked() {
        board.members.push(BoardMember::default());
    }
    ui.horizontal(|ui| {
        let label = ui.label("Quorum (0 = a majority of members)");
        ui.add(egui::DragValue::new(&mut board.quorum).range(0..=50))
            .labelled_by(label.id);
        ui.label(format!("{} votes needed", rules::required_quorum(board)));
    });
    labelled(ui, "Charter", |ui| {
        ui.add(
            egui::TextEdit::multiline(&mut board.charter)
                .desired_rows(2)
                .desired_width(640.0),
        )
    });
}

impl GovernanceScreen {
    fn decisions_ui(&mut self, ui: &mut Ui, doc: &mut Document, today: crate::model::IsoDate) {
        heading(ui, "Decisions");
        let ids: Vec<String> = doc
            .project()
            .governance
            .decisions
            .iter()
            .map(|d| d.decision_id.clone())
            .collect();
        for id in ids {
            let Some(index) = doc
                .project()
                .governance
                .decisions
                .iter()
                .position(|d| d.decision_id == id)
            else {
                continue;
            };
            egui::Frame::group(ui.style()).show(ui, |ui| {
                {
                    let p = doc.project_mut();
                    let d = &mut p.governance.decisions[index];
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(&d.decision_id).strong());
                        labelled(ui, "Title", |ui| {
                            ui.add(egui::TextEdit::singleline(&mut d.title).desired_width(280.0))
                        });
                        egui::ComboBox::from_id_salt(("kind", &id))
                            .selected_text(d.kind.label())
                            .show_ui(ui, |ui| {
                                for k in DecisionKind::ALL {
                                    ui.selectable_value(&mut d.kind, k, k.label());
                                }
                            });
                        labelled(ui, "Date", |ui| {
                            date_field(ui, egui::Id::unique(("ddate", &id)), &mut d.date)
                        });
                    });
                    ui.horizontal_wrapped(|ui| {
                        labelled(ui, "Notes", |ui| {
                            ui.add(egui::TextEdit::singleline(&mut d.notes).desired_width(420.0))
                        });
                        labelled(ui, "Linked risks (one id per line)", |ui| {
                            list_field(
                                ui,
                                egui::Id::unique(("drisks", &id)),
                                &mut d.risk_ids,
                                "R-1",
                            )
                        });
                    });
                }
                let p = doc.project();
                let d = &p.governance.decisions[index];
                let votes: Vec<String> = d
                    .votes
                    .iter()
                    .map(|v| format!("{}: {}", v.member, v.choice.label()))
                    .collect();
                ui.label(format!(
                    "Votes: {}",
                    if votes.is_empty() {
                        "none yet".to_owned()
                    } else {
                        votes.join(", ")
                    }
                ));
                ui.label(
                    RichText::new(format!("Outcome: {}", outcome(&p.governance.board, d))).strong(),
                );
                let events = history(d);
                if !events.is_empty() {
                    ui.label(RichText::new("History").strong());
                    for e in &events {
                        ui.label(format!("• {e}"));
                    }
                }
                let members: Vec<String> = p
                    .governance
                    .board
                    .members
                    .iter()
                    .map(|m| m.name.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .collect();
                let mut action: Option<BoardAction> = None;
                if members.is_empty() {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "The review board has no members yet: add members above before anyone can vote or veto",
                    );
                    return;
                }
                let member_name = self.voter.entry(id.clone()).or_default();
                if !members.contains(member_name) {
                    member_name.clone_from(&members[0]);
                }
                let reason_text = self.reason.entry(id.clone()).or_default();
                ui.horizontal(|ui| {
                    let label = ui.label("Member");
                    egui::ComboBox::from_id_salt(("voter", &id))
                        .selected_text(member_name.as_str())
                        .width(180.0)
                        .show_ui(ui, |ui| {
                            for m in &members {
                                ui.selectable_value(member_name, m.clone(), m);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    for choice in VoteChoice::ALL {
                        if ui
                            .button(format!("Vote {}", choice.label().to_lowercase()))
                            .clicked()
                        {
                            let (decision, who) = (id.clone(), member_name.clone());
                            action = Some(Box::new(move |p| {
                                rules::cast_vote_on(
                                    &mut p.governance,
                                    &decision,
                                    &who,
                                    choice,
                                    Some(today),
                                )
                            }));
                        }
                    }
                    labelled(ui, "Reason (veto or lift)", |ui| {
                        ui.add(egui::TextEdit::singleline(reason_text).desired_width(220.0))
                    });
                    if ui.button("Veto").clicked() {
                        let (decision, who, why) =
                            (id.clone(), member_name.clone(), reason_text.clone());
                        action = Some(Box::new(move |p| {
                            rules::veto(&mut p.governance, &decision, &who, &why, Some(today))
                        }));
                    }
                    if ui.button("Lift veto").clicked() {
                        let (decision, who, why) =
                            (id.clone(), member_name.clone(), reason_text.clone());
                        action = Some(Box::new(move |p| {
                            rules::lift_veto(&mut p.governance, &decision, &who, &why, Some(today))
                        }));
                    }
                });
                if let Some(action) = action {
                    self.message = doc.edit(action).err().map(|e| e.to_string());
                }
            });
        }
        if ui.button("Add decision").clicked() {
            doc.edit(|p| {
                let id = next_id(
                    "D-",
                    p.governance
                        .decisions
                        .iter()
                        .map(|d| d.decision_id.as_str()),
                );
                p.governance.decisions.push(Decision {
                    decision_id: id,
                    title: "Release".to_owned(),
                    ..Decision::default()
                });
            });
        }
    }
}

fn risk_field(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    risk: &mut Option<String>,
    risks: &[(String, String)],
) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(risk.clone().unwrap_or_else(|| "No risk".to_owned()))
        .width(90.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(risk, None, "No risk");
            for (rid, title) in risks {
                ui.selectable_value(risk, Some(rid.clone()), format!("{rid} {title}"));
            }
        });
}

fn risks(doc: &Document) -> Vec<(String, String)> {
    doc.project()
        .risks
        .iter()
        .map(|r| (r.risk_id.clone(), r.title.clone()))
        .collect()
}

fn red_team_ui(ui: &mut Ui, doc: &mut Document) {
    heading(ui, "Red-team exercises");
    let risk_list = risks(doc);
    let g = &mut doc.project_mut().governance;
    let mut next_finding = next_id(
        "RTF-",
        g.red_team
            .iter()
            .flat_map(|x| x.findings.iter().map(|f| f.finding_id.as_str())),
    );
    for (i, x) in g.red_team.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(&x.exercise_id).strong());
                labelled(ui, "Title", |ui| {
                    ui.add(egui::TextEdit::singleline(&mut x.title).desired_width(220.0))
                });
                labelled(ui, "Start", |ui| {
                    date_field(ui, egui::Id::unique(("rts", i)), &mut x.start)
                });
                labelled(ui, "End", |ui| {
                    date_field(ui, egui::Id::unique(("rte", i)), &mut x.end)
                });
            });
            labelled(ui, "Scope", |ui| {
                ui.add(egui::TextEdit::singleline(&mut x.scope).desired_width(640.0))
            });
            let mut team = x.team.join(", ");
            labelled(ui, "Team (comma-separated)", |ui| {
                let r = ui.add(egui::TextEdit::singleline(&mut team).desired_width(640.0));
                if r.changed() {
                    x.team = team
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect();
                }
                r
            });
            egui::Grid::new(("findings", i))
                .num_columns(4)
                .show(ui, |ui| {
                    let title = ui.label("Finding");
                    ui.label("Severity");
                    ui.label("Risk");
                    ui.end_row();
                    for (j, f) in x.findings.iter_mut().enumerate() {
                        ui.label(&f.finding_id);
                        grid_text(
                            ui,
                            egui::Id::unique(("red_team_finding", i, j)),
                            &mut f.title,
                            300.0,
                            title.id,
                        );
                        egui::ComboBox::from_id_salt(("sev", i, j))
                            .selected_text(f.severity.label())
                            .show_ui(ui, |ui| {
                                for s in Severity::ALL {
                                    ui.selectable_value(&mut f.severity, s, s.label());
                                }
                            });
                        risk_field(ui, ("rtrisk", i, j), &mut f.risk_id, &risk_list);
                        ui.end_row();
                    }
                });
            if ui.button("Add finding").clicked() {
                x.findings.push(RedTeamFinding {
                    finding_id: next_finding.clone(),
                    ..RedTeamFinding::default()
                });
                next_finding = String::new();
            }
        });
    }
    if ui.button("Add red-team exercise").clicked() {
        let id = next_id("RT-", g.red_team.iter().map(|x| x.exercise_id.as_str()));
        g.red_team.push(RedTeamExercise {
            exercise_id: id,
            ..RedTeamExercise::default()
        });
    }
}

fn bounty_ui(ui: &mut Ui, doc: &mut Document) {
    heading(ui, "Bias bounty");
    let risk_list = risks(doc);
    let g = &mut doc.project_mut().governance;
    egui::Grid::new("bounty").num_columns(8).show(ui, |ui| {
        ui.label("ID");
        let reporter = ui.label("Reporter");
        let finding = ui.label("Finding");
        let repro = ui.label("Reproduction");
        ui.label("Triage");
        ui.label("Reward");
        ui.label("Received");
        ui.label("Risk");
        ui.end_row();
        for (i, b) in g.bounty.iter_mut().enumerate() {
            ui.label(&b.submission_id);
            grid_text(
                ui,
                row_id("bounty", i, "reporter"),
                &mut b.reporter,
                130.0,
                reporter.id,
            );
            grid_text(
                ui,
                row_id("bounty", i, "finding"),
                &mut b.finding,
                220.0,
                finding.id,
            );
            grid_text(
                ui,
                row_id("bounty", i, "reproduction"),
                &mut b.reproduction,
                180.0,
                repro.id,
            );
            egui::ComboBox::from_id_salt(("triage", i))
                .selected_text(b.triage.label())
                .show_ui(ui, |ui| {
                    for t in TriageStatus::ALL {
                        ui.selectable_value(&mut b.triage, t, t.label());
                    }
                });
            ui.horizontal(|ui| {
                let mut reward = b.reward.unwrap_or(0.0);
                if ui
                    .add(egui::DragValue::new(&mut reward).range(0.0..=1e9))
                    .changed()
                {
                    b.reward = Some(reward);
                }
                ui.add(
                    egui::TextEdit::singleline(&mut b.currency)
                        .hint_text("USD")
                        .desired_width(44.0),
                );
            });
            date_field(ui, egui::Id::unique(("bbdate", i)), &mut b.received);
            risk_field(ui, ("bbrisk", i), &mut b.risk_id, &risk_list);
            ui.end_row();
        }
    });
    if ui.button("Add submission").clicked() {
        let id = next_id("BB-", g.bounty.iter().map(|b| b.submission_id.as_str()));
        g.bounty.push(BountySubmission {
            submission_id: id,
            ..BountySubmission::default()
        });
    }
}

fn assurance_ui(ui: &mut Ui, doc: &mut Document) {
    heading(ui, "Assurance reviews (3rd line)");
    let g = &mut doc.project_mut().governance;
    egui::Grid::new("assurance").num_columns(7).show(ui, |ui| {
        ui.label("ID");
        let title = ui.label("Review");
        let reviewer = ui.label("Reviewer");
        ui.label("Opinion");
        let findings = ui.label("Findings");
        ui.label("Date");
        ui.label("Risks");
        ui.end_row();
        for (i, a) in g.assurance.iter_mut().enumerate() {
            ui.label(&a.review_id);
            grid_text(
                ui,
                row_id("assurance", i, "title"),
                &mut a.title,
                200.0,
                title.id,
            );
            grid_text(
                ui,
                row_id("assurance", i, "reviewer"),
                &mut a.reviewer,
                140.0,
                reviewer.id,
            );
            egui::ComboBox::from_id_salt(("opinion", i))
                .selected_text(a.opinion.label())
                .show_ui(ui, |ui| {
                    for o in AssuranceOpinion::ALL {
                        ui.selectable_value(&mut a.opinion, o, o.label());
                    }
                });
            grid_text(
                ui,
                row_id("assurance", i, "findings"),
                &mut a.findings,
                260.0,
                findings.id,
            );
            date_field(ui, egui::Id::unique(("ardate", i)), &mut a.date);
            list_field(ui, egui::Id::unique(("arrisks", i)), &mut a.risk_ids, "R-1");
            ui.end_row();
        }
    });
    if ui.button("Add assurance review").clicked() {
        let id = next_id("AR-", g.assurance.iter().map(|a| a.review_id.as_str()));
        g.assurance.push(AssuranceReview {
            review_id: id,
            ..AssuranceReview::default()
        });
    }
}
