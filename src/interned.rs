//! Values that extractions repeat over and over (rule names, relation predicates), for
//! serde: in a binary form, the extractions a build keeps between its two passes
//! (`pipeline/spill.rs`), each is written as a small number; in a human-readable form
//! (JSON), as itself.
//!
//! The first time a value is serialised in binary it is given the next number, in a table
//! shared by the whole process; reading the number back gives that same value (the same
//! `&'static str`, the same `Arc`), so reading allocates nothing. The tables hold each
//! distinct value once: rule names are the program's own literals, predicates those of
//! the verb inventory, a few hundred at most. A number is meaningful only in the process
//! that wrote it, and one it never gave is refused.
//!
//! Used as `#[serde(with = "crate::interned::rule_name")]` and
//! `#[serde(with = "crate::interned::predicate")]`.

use crate::relate::Predicate;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// A rule name, as the fields that use [`rule_name`] hold it.
///
/// The same type as `&'static str`, named so that serde's derive does not take the field
/// for text borrowed from what it reads (which it assumes of every `&str` field, and
/// would then read only from `'static` input).
pub(crate) type RuleName = &'static str;

/// Values and their numbers.
struct Table<T> {
    numbers: BTreeMap<T, u32>,
    values: Vec<T>,
}

impl<T: Ord + Clone> Table<T> {
    const fn new() -> Self {
        Table {
            numbers: BTreeMap::new(),
            values: Vec::new(),
        }
    }

    /// The number of `value`, given now if it has none.
    fn number(&mut self, value: &T) -> u32 {
        if let Some(&number) = self.numbers.get(value) {
            return number;
        }
        let number = u32::try_from(self.values.len()).expect("fewer than 2^32 values");
        self.values.push(value.clone());
        self.numbers.insert(value.clone(), number);
        number
    }

    /// The value given `number`.
    fn value<E: de::Error>(&self, number: u32) -> Result<T, E> {
        self.values
            .get(number as usize)
            .cloned()
            .ok_or_else(|| E::custom(format_args!("{number} is not a number this process gave")))
    }
}

/// Locks `table` (a panic elsewhere leaves it whole: every change is one push and one
/// insert).
fn lock<T>(table: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    table.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Rule names (`Mention::rule`, `AliasLink::rule`, `Relation::rule`).
pub(crate) mod rule_name {
    use super::*;

    static NAMES: Mutex<Table<&'static str>> = Mutex::new(Table::new());

    /// Writes `name`: its number in binary, itself in text.
    pub(crate) fn serialize<S: Serializer>(
        name: &RuleName,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let number = lock(&NAMES).number(name);
        if serializer.is_human_readable() {
            return serializer.serialize_str(name);
        }
        serializer.serialize_u32(number)
    }

    /// Reads a rule name this process wrote (in binary or text).
    ///
    /// # Errors
    /// If it is not one (a number it never gave, a name it never wrote).
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<RuleName, D::Error> {
        if deserializer.is_human_readable() {
            let name = std::borrow::Cow::<str>::deserialize(deserializer)?;
            let names = lock(&NAMES);
            return names
                .numbers
                .get_key_value(name.as_ref())
                .map(|(&known, _)| known)
                .ok_or_else(|| {
                    de::Error::custom(format_args!("{name:?} is not a rule this process wrote"))
                });
        }
        let number = u32::deserialize(deserializer)?;
        lock(&NAMES).value(number)
    }
}

/// Relation predicates (`Relation::predicate`).
pub(crate) mod predicate {
    use super::*;

    static PREDICATES: Mutex<Table<Arc<Predicate>>> = Mutex::new(Table::new());

    /// Writes `predicate`: its number in binary, itself in text.
    pub(crate) fn serialize<S: Serializer>(
        predicate: &Arc<Predicate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return predicate.serialize(serializer);
        }
        let number = lock(&PREDICATES).number(predicate);
        serializer.serialize_u32(number)
    }

    /// Reads a predicate: in binary, one this process wrote (the same `Arc`).
    ///
    /// # Errors
    /// If it is a number this process never gave, or not a predicate.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Arc<Predicate>, D::Error> {
        if deserializer.is_human_readable() {
            return Predicate::deserialize(deserializer).map(Arc::new);
        }
        let number = u32::deserialize(deserializer)?;
        lock(&PREDICATES).value(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Found {
        #[serde(with = "rule_name")]
        rule: RuleName,
        #[serde(with = "predicate")]
        predicate: Arc<Predicate>,
    }

    fn found() -> Found {
        Found {
            rule: "a-test-rule",
            predicate: Arc::new(Predicate::wikidata("P39")),
        }
    }

    #[test]
    fn in_binary_a_value_is_a_small_number_that_reads_back_as_the_same_value() {
        let written = found();
        let bytes = postcard::to_allocvec(&written).unwrap();
        assert!(bytes.len() <= 4, "two varints: {bytes:?}");
        let read: Found = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(read, written);
        assert!(std::ptr::eq(read.rule, written.rule), "the same string");
        // The first `Arc` written is the one kept, and every reading shares it.
        let again: Found = postcard::from_bytes(&bytes).unwrap();
        assert!(Arc::ptr_eq(&read.predicate, &again.predicate));
    }

    #[test]
    fn in_json_a_value_is_itself() {
        let json = serde_json::to_string(&found()).unwrap();
        assert_eq!(
            json,
            r#"{"rule":"a-test-rule","predicate":{"iri":"http://www.wikidata.org/prop/direct/P39","label":"position held"}}"#
        );
        let read: Found = serde_json::from_str(&json).unwrap();
        assert_eq!(read, found());
    }

    #[test]
    fn a_number_never_given_is_refused() {
        let bytes = postcard::to_allocvec(&(u32::MAX, u32::MAX)).unwrap();
        assert!(postcard::from_bytes::<Found>(&bytes).is_err());
    }
}
