//! Tests of the tagger: tags, decoding, features, the model file and training.

use super::tags::{self, Part, TAGS};
use super::*;
use crate::entity_type::EntityType;
