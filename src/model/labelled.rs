//! Enums with a display label: one macro gives each its `ALL` list, `label()`, a forgiving `parse()` (labels
//! or variant names, ignoring case, spaces and `-`, `_`, `+`, `&`, `/`), `expected()` for error messages and
//! `Display`. Used by the register, the bow-tie attributes and anything else written to CSV and shown in the UI.

/// Lower-cases and drops whitespace and `-`, `_`, `+`, `&`, `/`, so labels and variant names both parse.
pub(crate) fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '&' | '/' | '+'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Declares a labelled enum: `labelled_enum! { #[attrs] Name, "a name in words" { Variant => "Label", … } }`.
/// The enum derives `Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize`; add more with `#[derive]`.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// Text shown in the UI and the report, and written to CSV.
            #[must_use]
            pub const fn label(self) -> &'static str {
                match self {
                    $( Self::$variant => $label, )+
                }
            }

            /// Parses a label or variant name, ignoring case, spaces, `-`, `_`, `+`, `&` and `/`.
            #[must_use]
            pub fn parse(text: &str) -> Option<Self> {
                let key = $crate::model::labelled::normalise(text);
                Self::ALL.iter().copied().find(|v| {
                    $crate::model::labelled::normalise(v.label()) == key
                        || $crate::model::labelled::normalise(&format!("{v:?}")) == key
                })
            }

            /// What [`Self::parse`] accepts, in words, for error messages.
            #[must_use]
            pub fn expected() -> String {
                let labels: Vec<&str> = Self::ALL.iter().map(|v| v.label()).collect();
                format!("{} ({})", $what, labels.join(", "))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use labelled_enum;
