//! The four kinds of entity kgraph recognises.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The type of an entity or mention.
///
/// Declaration order is the order used whenever types are listed or sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityType {
    /// A person (`schema:Person`).
    Person,
    /// An organisation: company, party, agency, gang, court (`schema:Organization`).
    Organization,
    /// A place: country, region, city, facility, geographic feature (`schema:Place`).
    Place,
    /// A law: act, treaty, code, constitution, regulation, order (`schema:Legislation`).
    Law,
}

impl EntityType {
    /// All types, in order.
    pub const ALL: [EntityType; 4] = [Self::Person, Self::Organization, Self::Place, Self::Law];

    /// The label used in evaluation files and tables: `PERSON`, `ORG`, `PLACE`, `LAW`.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Person => "PERSON",
            Self::Organization => "ORG",
            Self::Place => "PLACE",
            Self::Law => "LAW",
        }
    }

    /// The IRI folder of entities of this type: `person`, `org`, `place`, `law`.
    pub const fn folder(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organization => "org",
            Self::Place => "place",
            Self::Law => "law",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Error for a string that names no entity type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity type {0:?}: expected one of PERSON, ORG, PLACE, LAW")]
pub struct UnknownEntityType(pub String);

impl FromStr for EntityType {
    type Err = UnknownEntityType;

    /// Accepts the labels and folder names in any case, plus `PER`, `LOC`, `GPE`,
    /// `ORGANIZATION` and `LEGISLATION`, the names other annotation schemes use.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "PERSON" | "PER" => Ok(Self::Person),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Ok(Self::Organization),
            "PLACE" | "LOC" | "LOCATION" | "GPE" => Ok(Self::Place),
            "LAW" | "LEGISLATION" => Ok(Self::Law),
            _ => Err(UnknownEntityType(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_and_aliases() {
        for t in EntityType::ALL {
            assert_eq!(t.label().parse::<EntityType>(), Ok(t));
            assert_eq!(t.folder().parse::<EntityType>(), Ok(t));
        }
        assert_eq!("loc".parse(), Ok(EntityType::Place));
        assert!("MISC".parse::<EntityType>().is_err());
    }
}
