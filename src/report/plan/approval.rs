//! The "Approval" part: the signature blocks.

use super::{Block, LineOfDefence, PlanOptions, PlanSection, Project, Signature, h, or_dash, p};

pub(super) fn approval(project: &Project, options: &PlanOptions, blocks: &mut Vec<Block>) {
    blocks.push(h(1, PlanSection::Approval.title()));
    blocks.push(p(
        "By signing, the approvers accept this treatment plan, the risk criteria it applies and the actions, \
         owners and dates it lists.",
    ));
    let signatories = options
        .signatories
        .clone()
        .unwrap_or_else(|| project.metadata.approvers.clone());
    if signatories.is_empty() {
        blocks.push(p("No approvers are named in the project."));
        return;
    }
    blocks.push(Block::Signatures(
        signatories
            .iter()
            .map(|x| Signature {
                name: x.name.clone(),
                role: if x.line_of_defence == LineOfDefence::External {
                    or_dash(&x.role)
                } else {
                    format!("{} ({})", or_dash(&x.role), x.line_of_defence.label())
                },
                date: String::new(),
            })
            .collect(),
    ));
}
