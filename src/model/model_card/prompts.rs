//! Guided prompts for the model-card sections people find hardest to write (Hugging Face's study of model
//! cards found "Bias, Risks and Limitations" the least often and least well filled): questions that lead
//! the writer to concrete, checkable statements.

/// Questions for the limitations of a model.
pub const LIMITATIONS: &[&str] = &[
    "On which groups, inputs or conditions was the model not evaluated, or evaluated on few rows?",
    "Where does performance drop (which group, which range of a feature, which time period)?",
    "Which inputs lie outside the training data (new products, regions, age ranges)?",
    "What happens when an input is missing or malformed?",
];

/// Questions for the ethical considerations (bias and risks) and their mitigation.
pub const ETHICAL_CONSIDERATIONS: &[&str] = &[
    "Which groups could be harmed by an error, and how (denied a benefit, wrongly flagged)?",
    "Do the features include proxies for a protected attribute (relationship status for sex, postcode for \
     race)?",
    "Do error rates differ between groups, and which gap would be unacceptable?",
    "What mitigates each risk: human review, thresholds per group, monitoring, restricted use?",
];

/// Questions for the trade-offs.
pub const TRADEOFFS: &[&str] = &[
    "Which errors were traded against which (false positives against false negatives, accuracy against \
     parity)?",
    "At which threshold does the model run, and who chose it?",
];

/// Questions for the intended users and use cases.
pub const USES: &[&str] = &[
    "Who uses the model's output and what decision do they take with it?",
    "Which uses are out of scope, and what stops them?",
];
