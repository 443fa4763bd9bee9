//! Which graph model and provenance mode a store's graphs are written in: recorded on
//! the dataset node of the entity graph, and checked before a build writes, so one store
//! never mixes two models.

use super::{KgStore, StoreError};
use crate::rdf::{GRAPH_MODEL, Provenance};
use crate::vocab::kgo;
use oxigraph::model::Term;

/// What a store's dataset node says it was written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredModel {
    /// The graph model (`None`: written before stores recorded it, model 4 or earlier).
    pub graph_model: Option<u32>,
    /// The provenance mode (`None`: not recorded, the full model of older stores).
    pub provenance: Option<String>,
}

impl std::fmt::Display for StoredModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.graph_model, &self.provenance) {
            (Some(model), Some(provenance)) => {
                write!(f, "graph model {model}, provenance {provenance}")
            }
            _ => f.write_str("an older graph model (4 or earlier, provenance full)"),
        }
    }
}

impl KgStore {
    /// The model the store's dataset node records (in its entity graph, whatever base it
    /// was built under), or `None` for a store with no quads.
    ///
    /// # Errors
    /// On storage failure.
    pub fn stored_model(&self) -> Result<Option<StoredModel>, StoreError> {
        if self.is_empty()? {
            return Ok(None);
        }
        let value = |predicate| -> Result<Option<String>, StoreError> {
            let quad = self
                .store
                .quads_for_pattern(None, Some(predicate), None, None)
                .next()
                .transpose()
                .map_err(|e| self.error(e))?;
            Ok(quad.and_then(|quad| match quad.object {
                Term::Literal(literal) => Some(literal.value().to_owned()),
                _ => None,
            }))
        };
        Ok(Some(StoredModel {
            graph_model: value(kgo::GRAPH_MODEL)?.and_then(|v| v.parse().ok()),
            provenance: value(kgo::PROVENANCE)?,
        }))
    }

    /// Refuses a build that would write `provenance` graphs of this program's model into
    /// a store that holds graphs of another model or mode (an empty store, or one whose
    /// entity graph a stopped build left unwritten, which this build completes, takes
    /// any).
    ///
    /// # Errors
    /// [`StoreError::OtherModel`] saying how to rebuild; storage failures.
    pub fn check_model(&self, provenance: Provenance) -> Result<(), StoreError> {
        let Some(stored) = self.stored_model()? else {
            return Ok(());
        };
        if stored.graph_model.is_none()
            && (self.has_unfinished_write()? || self.documents()?.is_empty())
        {
            return Ok(());
        }
        let wanted = StoredModel {
            graph_model: Some(GRAPH_MODEL),
            provenance: Some(provenance.name().to_owned()),
        };
        if stored == wanted {
            return Ok(());
        }
        Err(StoreError::OtherModel {
            path: self.path.clone().unwrap_or_else(|| "<memory>".into()),
            found: stored.to_string(),
            wanted: wanted.to_string(),
        })
    }
}
